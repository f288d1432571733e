"""The Revenue page in AppTest: category table, charts, top and bottom products
and the category drill-down equal numbers computed from the raw rows."""

from __future__ import annotations

import codecs
import io
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access.config import ENV_VAR
from data_access.export import to_csv_bytes
from data_access.filters import Filters
from tests.support.app_db import (  # noqa: F401 (fixtures)
    RawRows,
    Selection,
    assert_clean,
    default_selection,
    download_keys,
    edge_case_database,
    figure,
    fresh_caches,
    open_app,
    previous_period,
    raw,
    same_period_last_year,
    simulated_url,
    table,
    trace_values,
    use_simulated,
)
from ui.downloads import csv_filename
from ui.navigation import REVENUE

PAGE = REVENUE.path
PAGE_TITLE = REVENUE.title
pytestmark = pytest.mark.usefixtures("use_simulated")


def by_category(raw: RawRows, s: Selection) -> pd.DataFrame:
    lines = raw.lines(s)
    grouped = lines.groupby("category").agg(revenue=("net_revenue", "sum"), units=("quantity", "sum"), cost=("cost", "sum"))
    return grouped.assign(margin=grouped["revenue"] - grouped["cost"])


def product_revenue(raw: RawRows, s: Selection) -> pd.DataFrame:
    """Every product active in the range with its revenue (0 without sales)."""
    products = raw.frames["products"].copy()
    if s.categories:
        products = products[products["category"].isin(s.categories)]
    launched = pd.to_datetime(products["launched_on"])
    discontinued = pd.to_datetime(products["discontinued_on"])
    active = (launched.isna() | (launched <= pd.Timestamp(s.end))) & (
        discontinued.isna() | (discontinued >= pd.Timestamp(s.start))
    )
    revenue = raw.lines(s).groupby("sku")["net_revenue"].sum()
    products = products[active].assign(revenue=lambda p: p["sku"].map(revenue).fillna(0.0))
    return products[["sku", "category", "revenue"]]


def assert_category_table(at, raw: RawRows, s: Selection, comparison: Selection) -> None:
    shown = table(at, "categories").set_index("category")
    expected = by_category(raw, s)
    previous = by_category(raw, comparison).reindex(expected.index, fill_value=0)
    assert sorted(shown.index) == sorted(expected.index)
    for column in ("revenue", "units", "margin"):
        assert shown[column].to_numpy() == pytest.approx(expected.loc[shown.index, column].to_numpy(), abs=0.01)
    margin_pct = expected["margin"] / expected["revenue"] * 100
    assert shown["margin_pct"].to_numpy() == pytest.approx(margin_pct.loc[shown.index].to_numpy())
    change = (expected["revenue"] - previous["revenue"]) / previous["revenue"].abs().replace(0, np.nan) * 100
    assert shown["revenue_change_pct"].to_numpy() == pytest.approx(change.loc[shown.index].to_numpy(), nan_ok=True)


def test_renders_the_category_table_and_charts_of_the_default_view(raw):
    at = open_app(PAGE)

    assert_clean(at)
    s = default_selection(raw)
    assert_category_table(at, raw, s, s.shifted(*previous_period(s.start, s.end)))
    total = raw.sales(s)["revenue"]
    share_bars = figure(at, "chart_category_share")["data"][0]
    assert sum(trace_values(share_bars["x"])) == pytest.approx(total, abs=0.05)
    heatmap = figure(at, "chart_category_heatmap")["data"][0]
    assert np.nansum(np.array(trace_values(heatmap["z"]), dtype="float64")) == pytest.approx(total, abs=0.05)
    assert {"download_category_share", "download_category_heatmap", "download_categories"} <= set(download_keys(at))


def test_top_and_bottom_products_are_the_best_and_worst_sellers(raw):
    at = open_app(PAGE)

    products = product_revenue(raw, default_selection(raw))
    best = products.sort_values(["revenue", "sku"], ascending=[False, True]).head(10)
    worst = products.sort_values(["revenue", "sku"]).head(10)
    top, bottom = table(at, "top_products"), table(at, "bottom_products")
    assert list(top["sku"]) == list(best["sku"])
    assert top["revenue"].to_numpy() == pytest.approx(best["revenue"].to_numpy(), abs=0.01)
    assert bottom["revenue"].to_numpy() == pytest.approx(worst["revenue"].to_numpy(), abs=0.01)


def test_drilling_into_a_category_lists_its_products(raw):
    at = open_app(PAGE)
    category = sorted(raw.frames["products"]["category"].unique())[-1]

    at.selectbox(key="revenue_drill_category").set_value(category).run()

    s = default_selection(raw)
    shown = table(at, "category_products")
    expected = product_revenue(raw, Selection(s.start, s.end, categories=(category,)))
    assert set(shown["category"]) == {category}
    assert sorted(shown["sku"]) == sorted(expected["sku"])
    assert shown["revenue"].sum() == pytest.approx(expected["revenue"].sum(), abs=0.05)


@pytest.mark.parametrize("widget", ["warehouse", "category", "preset", "comparison"])
def test_each_filter_changes_the_table_to_the_independent_numbers(raw, widget):
    at = open_app(PAGE)
    before = table(at, "categories")
    s = default_selection(raw)
    comparison = s.shifted(*previous_period(s.start, s.end))

    if widget == "warehouse":
        at.sidebar.multiselect(key="filter_warehouses").set_value(["MAD", "PAR"]).run()
        s = Selection(s.start, s.end, warehouses=("MAD", "PAR"))
        comparison = s.shifted(comparison.start, comparison.end)
    elif widget == "category":
        categories = tuple(sorted(raw.frames["products"]["category"].unique())[:2])
        at.sidebar.multiselect(key="filter_categories").set_value(list(categories)).run()
        s = Selection(s.start, s.end, categories=categories)
        comparison = s.shifted(comparison.start, comparison.end)
    elif widget == "preset":
        at.sidebar.selectbox(key="filter_preset").set_value("month-to-date").run()
        s = Selection(s.end.replace(day=1), s.end)
        comparison = s.shifted(*previous_period(s.start, s.end))
    else:
        at.sidebar.selectbox(key="filter_comparison").set_value("same-period-last-year").run()
        comparison = s.shifted(*same_period_last_year(s.start, s.end))

    assert_clean(at)
    assert_category_table(at, raw, s, comparison)
    assert not table(at, "categories").equals(before)


def test_downloads_are_named_after_the_page_table_filters_and_dates(raw):
    at = open_app(PAGE)
    at.sidebar.multiselect(key="filter_warehouses").set_value(["MAD", "BER"]).run()

    s = default_selection(raw)
    f = Filters(s.start, s.end, warehouses=("BER", "MAD"))
    assert csv_filename(PAGE_TITLE, "Categories", f) == f"Revenue_Categories_BER-MAD_all_{s.start}_{s.end}.csv"
    shown = table(at, "categories")
    button = next(b for b in at.get("download_button") if b.key == "download_categories")
    assert button.proto.help.endswith(f"({len(shown)} rows)")
    assert button.proto.ignore_rerun
    csv = to_csv_bytes(shown)
    assert csv.startswith(codecs.BOM_UTF8)
    assert pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")["revenue"].to_numpy() == pytest.approx(shown["revenue"])


def test_a_deep_link_opens_the_page_with_its_filters(raw):
    at = open_app(PAGE, query_params={"warehouse": "BER", "preset": "last-30-days"})

    assert_clean(at)
    s = Selection(raw.last_sale - timedelta(days=29), raw.last_sale, warehouses=("BER",))
    assert_category_table(at, raw, s, s.shifted(*previous_period(s.start, s.end)))


def test_a_category_without_sales_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, edge_case_database(tmp_path))
    at = open_app(PAGE)

    at.sidebar.multiselect(key="filter_categories").set_value(["Unsold"]).run()

    assert_clean(at)
    assert not at.get("plotly_chart")
    assert "No sales for categories Unsold" in at.info[0].value


def test_a_click_on_a_category_bar_picks_it_for_the_product_list(raw):
    at = open_app(PAGE)

    assert_clean(at)
    chart = next(c for c in at.get("plotly_chart") if c.key == "chart_category_share")
    assert list(chart.proto.selection_mode) == [0]  # points: a click selects the bar under it
    assert at.selectbox(key="revenue_drill_category")  # the keyboard's way stays


def test_the_clicked_bar_is_read_from_the_chart_selection():
    def script():
        import streamlit as st

        from ui.charts import clicked

        st.session_state["chart"] = {"selection": {"points": [{"x": 1200.5, "y": "Garden"}]}}  # as a click sends it
        st.text(f"{clicked('chart')} {clicked('nothing clicked')}")

    at = AppTest.from_function(script).run()
    assert at.text[0].value == "Garden None"
