"""The Stock health page in AppTest: status counts, stock value, capacity and
days of cover equal numbers computed from the raw rows, for every filter."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from analytics.stock_health import STATUSES
from data_access.config import ENV_VAR
from i18n.labels import status_label
from tests.support.attention import attention_counts
from tests.support.app_db import (  # noqa: F401 (fixtures)
    RawRows,
    Selection,
    assert_clean,
    default_selection,
    download_keys,
    edge_case_database,
    expected_delta,
    figure,
    fresh_caches,
    metric_deltas,
    metric_values,
    open_app,
    previous_period,
    raw,
    simulated_url,
    table,
    trace_values,
    use_simulated,
)
from ui.stock_health import SECTION_KEY, SECTIONS

PAGE = "pages/2_Stock_health.py"
VELOCITY_WINDOW_DAYS = 28  # StockPolicy's default
pytestmark = pytest.mark.usefixtures("use_simulated")


def open_section(at, section: str) -> None:
    """Opens the page's expander `section` (an id of SECTIONS), as its click does."""
    at.session_state[f"{SECTION_KEY}_{section}"] = True
    at.run()
    assert_clean(at)


def assert_stock_numbers(at, raw: RawRows, s: Selection) -> None:
    """The tiles, the positions and (opening its expander) the value grid equal the raw stock."""
    stock = raw.stock_as_of(s, s.end)
    shown = metric_values(at)
    assert shown["Out of stock"] == (stock["on_hand"] <= 0).sum()
    assert sum(shown[status_label(status)] for status in STATUSES) == len(stock)
    positions = table(at, "positions")
    assert len(positions) == len(stock)
    assert positions["stock_value"].sum() == pytest.approx(stock["stock_value"].sum(), abs=0.05)
    open_section(at, "value")
    grid = figure(at, "chart_warehouse_category")["data"][0]
    assert np.nansum(np.array(trace_values(grid["z"]), dtype="float64")) == pytest.approx(stock["stock_value"].sum(), abs=0.05)


def test_renders_statuses_value_and_capacity_of_the_default_view(raw):
    at = open_app(PAGE)

    assert_clean(at)
    s = default_selection(raw)
    assert_stock_numbers(at, raw, s)
    stock = raw.stock_as_of(s, s.end)
    capacity = raw.frames["warehouses"].set_index("code")["capacity_units"]
    expected_use = stock.groupby("code")["on_hand"].sum() / capacity * 100
    open_section(at, "capacity")
    bars = figure(at, "chart_capacity")["data"][0]
    shown_use = dict(zip(bars["x"], trace_values(bars["y"])))
    assert shown_use == pytest.approx(expected_use.to_dict())
    stacked = pd.DataFrame(
        {bar["name"]: pd.Series(trace_values(bar["y"]), index=bar["x"]) for bar in figure(at, "chart_status")["data"]}
    )
    assert stacked.sum(axis=1).to_dict() == stock.groupby("code").size().to_dict()
    per_warehouse = table(at, "status_summary").set_index("warehouse")
    assert per_warehouse[list(STATUSES)].sum(axis=1).to_dict() == stock.groupby("code").size().to_dict()
    assert per_warehouse["stock_value"].to_dict() == pytest.approx(stock.groupby("code")["stock_value"].sum().to_dict())
    assert {"download_status_summary", "download_capacity"} <= set(download_keys(at))


def test_the_value_grid_capacity_and_open_orders_are_drawn_only_when_opened(raw):
    at = open_app(PAGE)

    assert_clean(at)
    assert [expander.label for expander in at.expander][-3:] == list(SECTIONS.values())
    assert [chart.key for chart in at.get("plotly_chart")] == ["chart_status"]  # not the grid nor capacity
    assert set(download_keys(at)) == {"download_status_summary", "download_positions", "download_positions_all"}

    open_section(at, "orders")

    assert set(download_keys(at)) - {"download_status_summary", "download_positions", "download_positions_all"} == {
        "download_open_orders"
    }
    orders = table(at, "open_orders")
    as_of = pd.Timestamp(default_selection(raw).end)
    raw_orders = raw.frames["purchase_orders"]
    received = pd.to_datetime(raw_orders["received_on"])
    open_then = (pd.to_datetime(raw_orders["ordered_on"]) <= as_of) & (received.isna() | (received > as_of))
    assert sorted(orders["po_id"]) == sorted(raw_orders.loc[open_then, "po_id"])


@pytest.mark.parametrize("section", ["orders", "capacity"])
def test_a_link_naming_a_section_opens_it_on_arrival(section):
    """The Overview's late-orders and capacity links carry `?section=`: the page opens with that expander
    drawn, the others closed; an unknown section opens none and says nothing."""
    drawn = {"orders": "open_orders", "capacity": "capacity"}
    at = open_app(PAGE, query_params={"section": section})

    assert_clean(at)
    assert {f"download_{drawn[section]}"} == set(download_keys(at)) - {
        "download_status_summary", "download_positions", "download_positions_all"
    }

    at = open_app(PAGE, query_params={"section": "value'); DROP TABLE products;--"})
    assert_clean(at)
    assert set(download_keys(at)) == {"download_status_summary", "download_positions", "download_positions_all"}


def test_days_of_cover_is_stock_over_recent_daily_sales(raw):
    at = open_app(PAGE)

    s = default_selection(raw)
    window = Selection(s.end - timedelta(days=VELOCITY_WINDOW_DAYS - 1), s.end)
    daily = raw.lines(window).groupby(["sku", "code"])["quantity"].sum().clip(lower=0) / VELOCITY_WINDOW_DAYS
    stock = raw.stock_as_of(s, s.end).set_index(["sku", "code"])["on_hand"]
    expected = (stock / daily[daily > 0]).dropna()
    positions = table(at, "positions").set_index(["sku", "warehouse"])["days_of_cover"].dropna()
    assert sorted(positions.index) == sorted(expected.index)
    assert positions.to_numpy() == pytest.approx(expected.loc[positions.index].to_numpy())


def test_without_a_forecast_positions_run_out_at_their_recent_sales_rate(raw):
    """No forecast run: the page says so, and a position without open orders
    runs out after on hand / average daily sales days (whole days, rounded up)."""
    at = open_app(PAGE)
    assert "No stored forecast covers" in at.info[0].value
    s = default_selection(raw)
    window = Selection(s.end - timedelta(days=VELOCITY_WINDOW_DAYS - 1), s.end)
    daily = raw.lines(window).groupby(["sku", "code"])["quantity"].sum().clip(lower=0) / VELOCITY_WINDOW_DAYS
    stock = raw.stock_as_of(s, s.end).set_index(["sku", "code"])["on_hand"]
    orders = raw.frames["purchase_orders"]
    open_now = orders[(pd.to_datetime(orders["ordered_on"]) <= pd.Timestamp(s.end))
                      & (orders["received_on"].isna() | (pd.to_datetime(orders["received_on"]) > pd.Timestamp(s.end)))]
    skus = raw.frames["products"].set_index("product_id")["sku"]
    codes = raw.frames["warehouses"].set_index("warehouse_id")["code"]
    waiting = set(zip(open_now["product_id"].map(skus), open_now["warehouse_id"].map(codes), strict=True))
    shown = table(at, "positions").set_index(["sku", "warehouse"])["runs_out_on"]
    checked = 0
    for key, units in stock.items():
        rate = daily.get(key, 0.0)
        if key in waiting or rate <= 0 or units <= 0 or units / rate > 150:
            continue
        assert pd.Timestamp(shown[key]).date() == s.end + timedelta(days=int(np.ceil(units / rate - 1e-9))), key
        checked += 1
    assert checked > 5


@pytest.mark.parametrize("widget", ["warehouse", "category", "dates"])
def test_each_filter_changes_the_numbers_to_the_independent_ones(raw, widget):
    at = open_app(PAGE)
    before = metric_values(at)
    s = default_selection(raw)

    if widget == "warehouse":
        at.sidebar.multiselect(key="filter_warehouses").set_value(["PAR"]).run()
        s = Selection(s.start, s.end, warehouses=("PAR",))
    elif widget == "category":
        category = sorted(raw.frames["products"]["category"].unique())[1]
        at.sidebar.multiselect(key="filter_categories").set_value([category]).run()
        s = Selection(s.start, s.end, categories=(category,))
    else:
        s = Selection(s.start, s.end - timedelta(days=40))
        at.sidebar.date_input(key="filter_dates").set_value((s.start, s.end)).run()

    assert_clean(at)
    assert_stock_numbers(at, raw, s)
    assert metric_values(at) != before


def test_the_comparison_choice_changes_the_deltas(raw):
    at = open_app(PAGE)
    s = default_selection(raw)
    stock_then = raw.stock_as_of(s, previous_period(s.start, s.end)[1])
    out_now = (raw.stock_as_of(s, s.end)["on_hand"] <= 0).sum()
    out_then = (stock_then["on_hand"] <= 0).sum()
    assert metric_deltas(at)["Out of stock"] == expected_delta(out_now, out_then)

    at.sidebar.selectbox(key="filter_comparison").set_value("same-period-last-year").run()

    assert_clean(at)
    assert metric_deltas(at)["Out of stock"] == expected_delta(out_now, 0)  # no stock a year earlier


def test_the_overstock_slider_moves_positions_into_overstocked(raw):
    at = open_app(PAGE)
    before = metric_values(at)["Overstocked"]

    at.slider(key="policy_overstock_cover_days").set_value(15).run()
    at.multiselect(key="stock_status_filter").set_value(["overstocked"]).run()

    assert_clean(at)
    assert metric_values(at)["Overstocked"] > before
    rows = table(at, "positions")
    assert set(rows["status"]) == {"Overstocked"}
    assert len(rows) == metric_values(at)["Overstocked"]
    assert ((rows["days_of_cover"] > 15) | rows["days_of_cover"].isna()).all()


def test_the_status_filter_narrows_the_table(raw):
    at = open_app(PAGE)

    at.multiselect(key="stock_status_filter").set_value(["out-of-stock"]).run()

    rows = table(at, "positions")
    assert len(rows) == metric_values(at)["Out of stock"]
    assert (rows["on_hand"] <= 0).all()


def test_the_policy_survives_a_page_switch_and_drives_the_overview_alerts():
    at = open_app(PAGE)
    at.slider(key="policy_overstock_cover_days").set_value(15).run()
    overstocked = metric_values(at)["Overstocked"]
    positions = table(at, "positions")
    value = positions.loc[positions["status"] == status_label("overstocked"), "stock_value"].sum()

    at.switch_page("app.py").run()

    assert attention_counts(at)["Overstocked"] == (overstocked, pytest.approx(value, abs=1))
    at.switch_page(PAGE).run()
    assert at.slider(key="policy_overstock_cover_days").value == 15


def test_a_warehouse_without_snapshots_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, edge_case_database(tmp_path))
    at = open_app(PAGE)

    at.sidebar.multiselect(key="filter_warehouses").set_value(["EMPTY"]).run()

    assert_clean(at)
    assert not at.get("plotly_chart")
    assert "No stock snapshots for warehouses EMPTY" in at.info[0].value

    at.sidebar.multiselect(key="filter_warehouses").set_value(["BER", "EMPTY"]).run()
    open_section(at, "capacity")

    assert any(caption.value == "No stock snapshots for: EMPTY." for caption in at.caption)
    assert any(caption.value == "No capacity recorded for: EMPTY." for caption in at.caption)


def test_as_of_a_day_before_any_snapshot_says_what_to_do(raw):
    at = open_app(PAGE)
    first = raw.frames["inventory_snapshots"]["snapshot_date"].min().date()

    at.sidebar.date_input(key="filter_dates").set_value((date(first.year - 1, 1, 1), first - timedelta(days=1))).run()

    assert_clean(at)
    assert "No stock snapshots" in at.info[0].value


def test_a_status_in_the_link_filters_the_positions_and_stays_in_the_url(raw):
    at = open_app(PAGE, query_params={"status": "understocked"})

    assert_clean(at)
    assert at.multiselect(key="stock_status_filter").value == ["understocked"]
    positions = table(at, "positions")
    assert set(positions["status"]) == {status_label("understocked")}
    cover = positions["days_of_cover"].to_numpy()
    assert (cover[:-1] <= cover[1:]).all()  # least cover first within a status

    at.multiselect(key="stock_status_filter").set_value(["out-of-stock", "understocked"]).run()
    assert at.query_params["status"] == ["out-of-stock", "understocked"]
    statuses = table(at, "positions")["status"].astype(str).tolist()
    assert statuses == sorted(statuses, key=[status_label("out-of-stock"), status_label("understocked")].index)


def test_the_overview_explains_an_alert_on_stock_health_filtered_to_its_status_or_with_its_section_open():
    at = open_app()

    assert_clean(at)
    links = {link.proto.label.split(":")[0]: link.proto.query_string
             for link in at.container("attention_links").get("page_link")}  # fmt: skip
    assert links == {
        "Out of stock now": "status=out-of-stock",
        "Below reorder point": "status=understocked",
        "Runs out before the next peak": "",
        "Overstocked": "status=overstocked",
        "Dead stock": "status=dead-stock",
        "Late purchase orders": "section=orders",
        "Warehouses near capacity": "section=capacity",
    }, links


def test_with_a_category_the_capacity_shows_the_selection_beside_the_whole_warehouse(raw):
    category = sorted(raw.frames["products"]["category"].unique())[0]
    at = open_app(PAGE, query_params={"category": category})
    open_section(at, "capacity")

    s = default_selection(raw)
    capacity = raw.frames["warehouses"].set_index("code")["capacity_units"]
    whole = raw.stock_as_of(s, s.end).groupby("code")["on_hand"].sum() / capacity * 100
    mine = raw.stock_as_of(Selection(s.start, s.end, categories=(category,)), s.end)
    selection = mine.groupby("code")["on_hand"].sum() / capacity * 100
    shown = {bar["name"]: dict(zip(bar["x"], trace_values(bar["y"]))) for bar in figure(at, "chart_capacity")["data"]}
    assert shown["Whole warehouse"] == pytest.approx(whole.to_dict())
    assert shown["Selection"] == pytest.approx(selection.to_dict())


def test_the_warehouse_table_has_overstocked_and_dead_stock_value(raw):
    at = open_app(PAGE)

    assert_clean(at)
    s = default_selection(raw)
    stock = raw.stock_as_of(s, s.end).merge(
        table(at, "positions")[["sku", "warehouse", "status"]], left_on=["sku", "code"], right_on=["sku", "warehouse"]
    )
    per_warehouse = table(at, "status_summary").set_index("warehouse")
    for status, column in (("overstocked", "overstocked_value"), ("dead-stock", "dead_stock_value")):
        expected = stock[stock["status"] == status_label(status)].groupby("code")["stock_value"].sum()
        expected = expected.reindex(per_warehouse.index, fill_value=0)
        assert per_warehouse[column].to_dict() == pytest.approx(expected.to_dict())
