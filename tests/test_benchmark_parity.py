"""The benchmark compares like with like: its hand-written SQL floor and its
naive pandas approach compute the same numbers as the query layer.
(Timing is the benchmark's business, never a test's.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from analytics.stock_health import StockPolicy
from benchmarks import floor
from benchmarks.naive import NaiveShop
from data_access import catalog, sales, stock
from data_access.engine import connect, make_engine
from data_access.filters import Filters
from tests.support.app_db import simulated_url  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def conn(simulated_url):  # noqa: F811
    engine = make_engine(simulated_url)
    with connect(engine) as connection:
        yield connection
    engine.dispose()


@pytest.fixture(scope="module")
def naive(conn) -> NaiveShop:
    return NaiveShop.load(conn)


@pytest.fixture(scope="module", params=["everything", "one warehouse", "one category"])
def selection(request, conn) -> Filters:
    span = catalog.data_span(conn)
    f = Filters(span.last_sale - timedelta(days=89), span.last_sale)
    warehouse = catalog.warehouse_list(conn)["code"].iloc[0]
    category = catalog.category_list(conn)[0]
    return {"everything": f, "one warehouse": Filters(f.start, f.end, warehouses=(warehouse,)),
            "one category": Filters(f.start, f.end, categories=(category,))}[request.param]  # fmt: skip


def test_totals_agree(conn, naive, selection):
    ours = sales.sales_totals(conn, selection)
    sums, *order_counts = floor.sales_totals(conn, selection)
    theirs = naive.sales_totals(selection).iloc[0]
    assert float(sums[0]) == pytest.approx(ours["revenue"], abs=0.01) == pytest.approx(theirs["revenue"], abs=0.01)
    assert int(sums[1]) == ours["units"] == theirs["units"]
    assert sum(int(row[0] or 0) for row in order_counts) == ours["orders"] == theirs["orders"]


def test_revenue_by_category_agrees(conn, naive, selection):
    ours = sales.sales_by_category(conn, selection).set_index("category")["revenue"]
    hand_written = {row[0]: float(row[1]) for row in floor.sales_by_category(conn, selection)}
    theirs = naive.sales_by_category(selection)["revenue"]
    assert hand_written == pytest.approx(ours.to_dict(), abs=0.01)
    assert theirs.round(2).to_dict() == pytest.approx(ours.to_dict(), abs=0.01)


def test_orders_per_week_and_warehouse_agree(conn, naive, selection):
    ours = sales.sales_by_period(conn, selection, "week", "warehouse", with_orders=True)
    theirs = naive.sales_by_period(selection, "week", "warehouse", with_orders=True)
    hand_written: dict[tuple, int] = {}
    for week, warehouse, orders in floor.sales_by_period(conn, selection, "week", "warehouse", with_orders=True)[
        len(ours) :
    ]:
        key = (str(week)[:10], warehouse)
        hand_written[key] = hand_written.get(key, 0) + int(orders)
    expected = {(str(row.period)[:10], row.warehouse): row.orders for row in ours.itertuples()}
    assert hand_written == expected
    assert {(str(period)[:10], code): int(n) for (period, code), n in theirs["orders"].items()} == expected


def test_stock_reads_agree(conn, naive, selection):
    ours = stock.stock_on_hand(conn, selection, selection.end)
    hand_written = floor.stock_on_hand(conn, selection, selection.end)
    theirs = naive.stock_on_hand(selection, selection.end)
    assert len(hand_written) == len(ours) == len(theirs)
    assert sum(float(row[6]) for row in hand_written) == pytest.approx(ours["stock_value"].sum(), abs=0.01)
    assert theirs["stock_value"].sum() == pytest.approx(ours["stock_value"].sum(), abs=0.01)

    policy = StockPolicy()
    ours_velocity = stock.sales_velocity(conn, selection, selection.end, policy.velocity_window_days)
    floor_velocity = floor.sales_velocity(conn, selection, selection.end, policy.velocity_window_days)
    naive_velocity = naive.sales_velocity(selection, selection.end, policy.velocity_window_days)
    assert sum(int(row[2]) for row in floor_velocity) == ours_velocity["units"].sum() == naive_velocity["units"].sum()
