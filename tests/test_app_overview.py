"""The Overview (app.py) in AppTest: tiles, alerts and trend equal numbers
computed independently from the database's raw rows, for every filter."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from analytics.alerts import ALERT_KINDS, STATUS_CHANGED
from analytics.kpis import MARGIN_PCT_FORMULA, STOCKOUT_RATE_FORMULA
from i18n.labels import alert_label
from i18n.formulas import formula_text
from data_access import config
from data_access.config import ENV_VAR
from data_access.engine import DatabaseBusyError
from sample_data import build
from tests.support.app_db import (  # noqa: F401 (fixtures)
    SIMULATION,
    RawRows,
    Selection,
    assert_clean,
    default_selection,
    download_keys,
    empty_database,
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
from tests.support.attention import attention_counts
from ui import loaders
from ui.alerts import TOP_ROWS

pytestmark = pytest.mark.usefixtures("use_simulated")


def expected_tiles(raw: RawRows, s: Selection) -> dict[str, float]:
    sales = raw.sales(s)
    stock = raw.stock_as_of(s, s.end)
    return {
        "Net revenue": sales["revenue"],
        "Units sold": sales["units"],
        "Orders": sales["orders"],
        "Average order value": sales["average_order_value"],
        "Gross margin %": sales["margin_pct"],
        "Inventory value": stock["stock_value"].sum(),
        "Stockout rate": raw.stockout_rate(s),
    }


def late_orders(raw: RawRows, s: Selection) -> pd.DataFrame:
    """Purchase orders open on the selection's last day and past their expected date, with days_late."""
    as_of = pd.Timestamp(s.end)
    orders = raw.frames["purchase_orders"].merge(raw.frames["warehouses"][["warehouse_id", "code"]], on="warehouse_id")
    orders = orders.merge(raw.frames["products"][["product_id", "sku", "category"]], on="product_id")
    received = pd.to_datetime(orders["received_on"])
    open_then = (pd.to_datetime(orders["ordered_on"]) <= as_of) & (received.isna() | (received > as_of))
    late = RawRows._keep(orders[open_then & (pd.to_datetime(orders["expected_on"]) < as_of)], s)
    return late.assign(days_late=(as_of - pd.to_datetime(late["expected_on"])).dt.days)


def assert_tiles(at, expected: dict[str, float]) -> None:
    shown = metric_values(at)
    for label, value in expected.items():
        assert shown[label] == pytest.approx(value, rel=1e-6, abs=0.01), label


def assert_alert_counts(at, raw: RawRows, s: Selection) -> None:
    """The counts on the Needs attention links that plain rows decide: nothing on hand, late orders."""
    counts = attention_counts(at)
    assert counts["Out of stock now"] == (int((raw.stock_as_of(s, s.end)["on_hand"] <= 0).sum()), None)
    assert counts["Late purchase orders"] == (len(late_orders(raw, s)), None)


def test_renders_the_tiles_alerts_and_trend_of_the_default_view(raw):
    at = open_app()

    assert_clean(at)
    s = default_selection(raw)
    assert_tiles(at, expected_tiles(raw, s))
    assert_alert_counts(at, raw, s)
    assert 0 <= metric_values(at)["SKUs needing reorder"] <= len(raw.stock_as_of(s, s.end))
    trend = figure(at, "chart_revenue_trend")["data"][0]
    assert sum(trace_values(trend["y"])) == pytest.approx(raw.sales(s)["revenue"], abs=0.05)
    assert {"download_revenue_trend", "download_attention", "download_attention_all"} <= set(download_keys(at))


def test_one_attention_table_lists_each_kinds_most_pressing_rows_as_the_raw_rows_have_them(raw):
    at = open_app()

    assert_clean(at)
    s = default_selection(raw)
    shown = table(at, "attention")
    counts = attention_counts(at)
    problems = [alert_label(kind) for kind in ALERT_KINDS if kind != STATUS_CHANGED]
    assert list(counts) == problems
    assert list(dict.fromkeys(shown["problem"])) == [p for p in problems if counts[p][0]]  # most urgent kind first
    assert shown["problem"].value_counts().to_dict() == {p: min(n, TOP_ROWS) for p, (n, _) in counts.items() if n}
    stock = raw.stock_as_of(s, s.end).merge(raw.frames["products"][["product_id", "name"]], on="product_id")
    late_problem, capacity_problem = alert_label("late-purchase-orders"), alert_label("over-capacity")
    positions = shown[~shown["problem"].isin([late_problem, capacity_problem])]
    raw_positions = stock.set_index(["sku", "code"])
    for row in positions.itertuples():
        expected = raw_positions.loc[(row.sku, row.warehouse)]
        assert (row.name, row.on_hand) == (expected["name"], expected["on_hand"]), row
        assert row.stock_value == pytest.approx(expected["stock_value"], abs=0.005), row
    out = shown[shown["problem"] == alert_label("out-of-stock")]
    assert (out["on_hand"] <= 0).all() and out["figure"].str.fullmatch(r"sells [\d.,]+ a day").all()
    raw_late = late_orders(raw, s).sort_values(["days_late", "po_id"], ascending=[False, True]).head(TOP_ROWS)
    late = shown[shown["problem"] == late_problem]
    assert late["figure"].tolist() == [
        f"PO {po}, {days} day{'s' if days != 1 else ''} late" for po, days in zip(raw_late["po_id"], raw_late["days_late"])
    ]  # latest first
    assert late[["sku", "warehouse"]].values.tolist() == raw_late[["sku", "code"]].values.tolist()
    assert len(positions) > TOP_ROWS and len(out) and len(late), shown  # the shop has each kind to compare


def test_deltas_compare_with_the_previous_period(raw):
    at = open_app()

    s = default_selection(raw)
    previous = raw.sales(s.shifted(*previous_period(s.start, s.end)))
    current = raw.sales(s)
    assert metric_deltas(at)["Net revenue"] == expected_delta(current["revenue"], previous["revenue"])
    assert metric_deltas(at)["Orders"] == expected_delta(current["orders"], previous["orders"])


def test_formulas_and_the_unmeasurable_fill_rate_are_explained():
    at = open_app()

    helps = {m.label: m.proto.help for m in at.metric}
    assert helps["Gross margin %"] == formula_text(MARGIN_PCT_FORMULA)
    assert helps["Stockout rate"] == formula_text(STOCKOUT_RATE_FORMULA)
    assert any("Fill rate" in caption.value and "not recorded" in caption.value for caption in at.caption)


def test_alerts_link_to_stock_health_and_the_sidebar_names_every_page():
    at = open_app()

    links = [link.proto for link in at.main.get("page_link")]
    assert len(links) == len(ALERT_KINDS) - 1  # every kind but status changes, which have a panel of their own
    assert all("Stock_health" in link.page for link in links)
    assert [link.proto.label for link in at.sidebar.get("page_link")][:4] == ["Overview", "Revenue", "Stock health", "Trends"]


@pytest.mark.parametrize("widget", ["warehouse", "category", "preset"])
def test_each_filter_changes_the_tiles_to_the_independent_numbers(raw, widget):
    at = open_app()
    before = metric_values(at)
    s = default_selection(raw)

    if widget == "warehouse":
        at.sidebar.multiselect(key="filter_warehouses").set_value(["BER"]).run()
        s = Selection(s.start, s.end, warehouses=("BER",))
    elif widget == "category":
        category = sorted(raw.frames["products"]["category"].unique())[0]
        at.sidebar.multiselect(key="filter_categories").set_value([category]).run()
        s = Selection(s.start, s.end, categories=(category,))
    else:
        at.sidebar.selectbox(key="filter_preset").set_value("last-30-days").run()
        s = Selection(s.end - timedelta(days=29), s.end)

    assert_clean(at)
    assert_tiles(at, expected_tiles(raw, s))
    assert_alert_counts(at, raw, s)
    assert metric_values(at)["Net revenue"] != before["Net revenue"]


def test_the_comparison_choice_changes_the_deltas(raw):
    at = open_app()
    at.sidebar.selectbox(key="filter_preset").set_value("last-30-days").run()
    previous_delta = metric_deltas(at)["Net revenue"]

    at.sidebar.selectbox(key="filter_comparison").set_value("same-period-last-year").run()

    revenue = raw.sales(Selection(raw.last_sale - timedelta(days=29), raw.last_sale))["revenue"]
    assert_clean(at)
    assert metric_deltas(at)["Net revenue"] == expected_delta(revenue, 0, unit="€")  # an amount, not a %
    assert metric_deltas(at)["Net revenue"] != previous_delta
    assert "nothing to compare with" in at.sidebar.warning[0].value


def test_a_range_without_data_says_what_to_do():
    at = open_app()
    at.sidebar.selectbox(key="filter_preset").set_value("last-year").run()

    assert_clean(at)
    assert not at.metric
    assert "Widen the date range" in at.info[0].value


def test_the_first_start_fills_the_default_database_with_sample_data(tmp_path, monkeypatch):
    default_url = f"duckdb:///{tmp_path / 'inventory.duckdb'}"
    monkeypatch.setattr(config, "DEFAULT_DB_URL", default_url)
    monkeypatch.setattr(build, "SimulationConfig", lambda: SIMULATION)
    monkeypatch.setenv(ENV_VAR, default_url)

    at = open_app()

    assert_clean(at)
    assert [toast.value for toast in at.toast] == ["Sample data is ready."]
    filled = RawRows(default_url)
    assert filled.last_sale == SIMULATION.end_date
    assert metric_values(at)["Net revenue"] == pytest.approx(filled.sales(default_selection(filled))["revenue"], abs=0.01)
    engine = sa.create_engine(default_url, poolclass=NullPool)
    with engine.connect() as conn:  # the first forecast, and the plan after it, whose count the tile shows
        plans = conn.execute(sa.text("SELECT forecast_run_id, positions_to_order FROM plan_runs")).all()
    engine.dispose()
    assert len(plans) == 1 and plans[0].forecast_run_id == 1
    assert metric_values(at)["SKUs needing reorder"] == plans[0].positions_to_order


def test_an_empty_database_shows_the_empty_state(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, empty_database(tmp_path))

    at = open_app()

    assert not at.exception
    assert "no sales or stock yet" in at.info[0].value
    assert not at.metric


def test_an_unreachable_database_shows_one_error_panel_without_the_password(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://manager:Sup3rSecret@127.0.0.1:9/inventory")

    at = open_app()

    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "Sup3rSecret" not in message
    assert "manager:***@127.0.0.1:9/inventory" in message
    assert "INVENTORY_DB_URL" in message


def test_a_database_locked_while_the_page_draws_shows_the_error_panel(monkeypatch):
    at = open_app()

    def locked(engine):
        raise DatabaseBusyError("The database is being written by another process. Wait for it to finish.")

    monkeypatch.setattr(loaders, "connect", locked)
    at.sidebar.multiselect(key="filter_warehouses").set_value(["MAD"]).run()

    assert not at.exception
    assert [error.value for error in at.error] == [
        "The database is being written by another process. Wait for it to finish."
    ]


def test_a_malformed_url_shows_the_fix(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "inventory database on the shared drive")

    at = open_app()

    assert not at.exception
    assert "is not a database URL" in at.error[0].value


def test_a_short_range_has_date_ticks_on_the_revenue_trend(raw):
    end = raw.last_sale
    at = open_app(query_params={"preset": "custom", "start": str(end - timedelta(days=3)), "end": str(end)})

    assert_clean(at)
    axis = figure(at, "chart_revenue_trend")["layout"]["xaxis"]
    assert axis["tickformat"] == "%d %b" and axis["dtick"] == 86_400_000  # one tick a day, never hours
