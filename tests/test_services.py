"""The service layer without Streamlit, as a command would use it: data_access's
queries on one connection (`ConnectionReads`), checked against numbers computed
from the raw rows; and the dashboard's cached reads offer the same methods."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from analytics.alerts import LATE_PURCHASE_ORDERS, OUT_OF_STOCK
from analytics.stock_health import StockPolicy
from data_access.engine import connect, make_engine
from data_access.filters import Filters
from services.alerts import stock_alerts
from services.overview import headline
from services.reads import ConnectionReads, Reads
from services.trends import STOCKOUT_RATE, trend_series
from tests.support.app_db import RawRows, Selection, default_selection, raw, simulated_url  # noqa: F401 (fixtures)
from ui.loaders import CachedReads


@pytest.fixture(scope="module")
def reads(simulated_url):  # noqa: F811
    engine = make_engine(simulated_url)
    with connect(engine) as conn:
        yield ConnectionReads(conn)
    engine.dispose()


@pytest.fixture(scope="module", params=["everything", "one warehouse"])
def selection(request, raw) -> Selection:  # noqa: F811
    s = default_selection(raw)
    return s if request.param == "everything" else Selection(s.start, s.end, warehouses=("MAD",))


def filters(s: Selection) -> Filters:
    return Filters(s.start, s.end, warehouses=s.warehouses, categories=s.categories)


def test_the_headline_equals_the_raw_rows(reads, raw, selection):  # noqa: F811
    figures = headline(reads, filters(selection), StockPolicy())

    sales = raw.sales(selection)
    assert figures.revenue == pytest.approx(sales["revenue"], abs=0.01)
    assert (figures.units, figures.orders) == (sales["units"], sales["orders"])
    assert figures.margin_pct == pytest.approx(sales["margin_pct"])
    assert figures.inventory_value == pytest.approx(raw.stock_as_of(selection, selection.end)["stock_value"].sum())
    assert figures.stockout_rate == pytest.approx(raw.stockout_rate(selection))
    assert figures.stock_days_observed == len(raw.snapshots(selection))


def test_alerts_name_their_rows_by_stable_keys(reads, raw, selection):  # noqa: F811
    as_of = selection.end
    alerts = {alert.kind: alert for alert in stock_alerts(reads, filters(selection), as_of, StockPolicy())}

    stock = raw.stock_as_of(selection, as_of)
    out = alerts[OUT_OF_STOCK]
    assert set(zip(out.rows["sku"], out.rows["warehouse"])) == set(
        zip(stock.loc[stock["on_hand"] <= 0, "sku"], stock.loc[stock["on_hand"] <= 0, "code"])
    )
    assert out.rows["avg_daily_units"].is_monotonic_decreasing
    late = alerts[LATE_PURCHASE_ORDERS]
    assert set(late.rows["po_id"]) == late_order_ids(raw, selection)
    for alert in alerts.values():
        assert not alert.rows.duplicated(list(alert.key)).any(), alert.kind


def late_order_ids(raw: RawRows, s: Selection) -> set[int]:  # noqa: F811
    orders = raw.frames["purchase_orders"].merge(raw.frames["warehouses"][["warehouse_id", "code"]], on="warehouse_id")
    day = pd.Timestamp(s.end)
    received = pd.to_datetime(orders["received_on"])
    open_then = (pd.to_datetime(orders["ordered_on"]) <= day) & (received.isna() | (received > day))
    late = orders[open_then & (pd.to_datetime(orders["expected_on"]) < day)]
    return set(late.loc[late["code"].isin(s.warehouses) if s.warehouses else late.index, "po_id"])


def test_the_stockout_rate_per_month_and_warehouse_equals_the_raw_rows(reads, raw, selection):  # noqa: F811
    series = trend_series(reads, filters(selection), STOCKOUT_RATE, "month", "warehouse")

    snapshots = raw.snapshots(selection)
    month = snapshots["snapshot_date"].dt.to_period("M").dt.start_time
    expected = (snapshots["on_hand"] <= 0).groupby([month, snapshots["code"]]).mean() * 100
    shown = series.set_index(["period", "series"])["value"]
    assert shown.sort_index().to_numpy() == pytest.approx(expected.sort_index().to_numpy())


def test_the_dashboard_reads_offer_every_read_with_the_same_signature():
    wanted = {name: inspect.signature(method) for name, method in vars(Reads).items() if not name.startswith("_")}

    offered = {name: inspect.signature(getattr(CachedReads, name)) for name in wanted if hasattr(CachedReads, name)}

    assert wanted and offered == wanted
