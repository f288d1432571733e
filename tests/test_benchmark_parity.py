"""The benchmark compares like with like: its hand-written SQL floor and its
naive pandas approach compute the same numbers as the query layer.
(Timing is the benchmark's business, never a test's.)"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from analytics.cash import BAND_UPPER_DAYS
from analytics.policy import PolicySettings
from analytics.stock_health import StockPolicy
from benchmarks import floor
from benchmarks.naive import NaiveShop
from data_access import ageing, extent, forecast_store, policy_reads, positions, sales, stock, supplier_reads
from data_access.engine import connect, make_engine
from data_access.filters import Filters
from tests.support.app_db import forecast_url  # noqa: F401 (fixture: the simulated shop with a forecast run)


@pytest.fixture(scope="module")
def conn(forecast_url):  # noqa: F811
    engine = make_engine(forecast_url)
    with connect(engine) as connection:
        yield connection
    engine.dispose()


@pytest.fixture(scope="module")
def naive(conn) -> NaiveShop:
    return NaiveShop.load(conn)


@pytest.fixture(scope="module", params=["everything", "one warehouse", "one category"])
def selection(request, conn) -> Filters:
    span = extent.data_span(conn)
    f = Filters(span.last_sale - timedelta(days=89), span.last_sale)
    warehouse = extent.warehouse_list(conn)[0].code
    category = extent.category_list(conn)[0]
    return {"everything": f, "one warehouse": Filters(f.start, f.end, warehouses=(warehouse,)),
            "one category": Filters(f.start, f.end, categories=(category,))}[request.param]  # fmt: skip


@pytest.mark.parametrize("scoped", [False, True], ids=["every warehouse", "one warehouse's user"])
def test_data_extent_agrees(conn, naive, scoped):
    """The sidebar's read, called as the loader calls it (the access scope included)."""
    scope = (extent.warehouse_list(conn)[0].code,) if scoped else None
    ours = extent.data_extent(conn, scope)
    (first_sale, last_sale, first_snapshot, last_snapshot), warehouses, categories = naive.data_extent(scope)
    span = ours.span
    assert [pd.Timestamp(day).date() for day in (first_sale, last_sale, first_snapshot, last_snapshot)] == [
        span.first_sale, span.last_sale, span.first_snapshot, span.last_snapshot]  # fmt: skip
    assert list(warehouses["code"]) == [warehouse.code for warehouse in ours.warehouses]
    assert categories == list(ours.categories)
    if not scoped:
        assert len(floor.data_extent(conn, scope)) == 1 + len(ours.warehouses) + len(ours.categories)


def test_totals_agree(conn, naive, selection):
    ours = sales.sales_totals(conn, selection)
    (revenue, units, _, orders), *more = floor.sales_totals(conn, selection)
    theirs = naive.sales_totals(selection).iloc[0]
    assert not more
    assert float(revenue) == pytest.approx(ours["revenue"], abs=0.01) == pytest.approx(theirs["revenue"], abs=0.01)
    assert int(units) == ours["units"] == theirs["units"]
    assert int(orders) == ours["orders"] == theirs["orders"]


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


def test_product_sales_agree(conn, naive, selection):
    """Zero sellers included; a product without a unit cost has no cost or margin (unknown, not free)."""
    ours = sales.product_sales(conn, selection).set_index("sku")
    theirs = naive.product_sales(selection).set_index("sku")
    assert sorted(theirs.index) == sorted(ours.index) and len(ours) > 0
    for column in ("revenue", "units", "costed_revenue"):
        assert theirs[column].astype(float).to_dict() == pytest.approx(ours[column].astype(float).to_dict(), abs=0.01)
    for column in ("cost", "margin"):
        assert theirs[column].isna().to_dict() == ours[column].isna().to_dict()
        assert theirs[column].sum() == pytest.approx(ours[column].sum(), abs=0.01)


def test_stock_history_agrees(conn, naive, selection):
    ours = stock.stock_history(conn, selection, "week", "category")
    theirs = naive.stock_history(selection, "week", "category")
    assert len(theirs) == len(ours) > 0
    for column in ("avg_on_hand", "avg_stock_value", "stockout_days", "pair_days"):
        assert theirs[column].sum() == pytest.approx(ours[column].sum(), rel=1e-9), column
    totals = stock.stockout_totals(conn, selection)
    assert naive.stockout_totals(selection).to_dict() == totals.to_dict()
    assert totals["pair_days"] == ours["pair_days"].sum()


@pytest.mark.parametrize("days_back", [0, 40], ids=["from-current-stock", "a-past-day"])
def test_stock_positions_agree(conn, naive, selection, days_back):
    args = (selection, selection.end - timedelta(days=days_back), StockPolicy().velocity_window_days)
    ours = positions.stock_positions(conn, *args)
    hand_written = floor.stock_positions(conn, *args)
    theirs = naive.stock_positions(*args)
    assert len(hand_written) == len(ours) == len(theirs) > 0
    columns = {"on_hand": 6, "stock_value": 8, "units": 16, "on_order": 19}
    for column, position in columns.items():
        by_hand = sum(float(row[position] or 0) for row in hand_written)
        assert by_hand == pytest.approx(ours[column].sum(), abs=0.01), column
        assert theirs[column].fillna(0).sum() == pytest.approx(ours[column].sum(), abs=0.01), column
    last_sales = sorted(str(row[18])[:10] for row in hand_written if row[18] is not None)
    assert last_sales == sorted(ours["last_sale_date"].dropna().dt.strftime("%Y-%m-%d"))
    assert sorted(theirs["last_sale_date"].dropna().dt.strftime("%Y-%m-%d")) == last_sales


def test_the_policy_reads_agree(conn, naive, selection):
    as_of, days = selection.end, PolicySettings().lead_time_history_days
    own, pooled = policy_reads.receipt_histograms(conn, selection, as_of, days)
    hand_written = floor.receipt_histograms(conn, selection, as_of, days)
    pooled_by_hand = pooled["receipts"].sum() if selection.categories else 0  # else pooled from the same rows
    assert sum(row[-1] for row in hand_written) == own["receipts"].sum() + pooled_by_hand > 0
    assert pooled["receipts"].sum() >= own["receipts"].sum()
    naive_own, naive_pooled = naive.receipt_histograms(selection, as_of, days)
    assert (naive_own["receipts"].sum(), naive_pooled["receipts"].sum()) == (own["receipts"].sum(),
                                                                            pooled["receipts"].sum())  # fmt: skip
    revenue = policy_reads.product_revenue(conn, selection.start, as_of)
    assert sum(float(row[1]) for row in floor.product_revenue(conn, selection.start, as_of)) == pytest.approx(
        revenue["revenue"].sum(), abs=0.01
    )
    assert naive.product_revenue(selection.start, as_of)["revenue"].sum() == pytest.approx(
        revenue["revenue"].sum(), abs=0.01
    )


def _plain(value):
    """A cell as the three sides can compare it: dates as ISO days, numbers as
    floats rounded to the cent, missing values (None, NaN, NaT) as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (date, pd.Timestamp)):
        return str(value)[:10]
    if isinstance(value, str):
        return value
    return round(float(value), 2)


def _rows(rows) -> list[tuple]:
    return [tuple(_plain(value) for value in row) for row in rows]


def _frame_rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return _rows(frame[columns].itertuples(index=False))


def test_supplier_receipts_agree(conn, naive, selection):
    keys = ["supplier", "month", "lead_days", "days_late"]
    ours = _frame_rows(supplier_reads.receipt_counts(conn, selection), [*keys, "orders", "units"])
    assert ours and ours == _rows(floor.supplier_receipts(conn, selection))
    theirs = naive.supplier_receipts(selection).reset_index()
    assert sorted(ours, key=str) == sorted(_frame_rows(theirs, ["effective_supplier", *keys[1:], "orders", "units"]),
                                           key=str)  # fmt: skip


def test_supplier_open_orders_agree(conn, naive, selection):
    columns = ["open_orders", "open_units", "open_value", "late_open_orders"]
    as_of = selection.end
    ours = _frame_rows(supplier_reads.open_order_totals(conn, selection, as_of), ["supplier", *columns])
    assert ours and ours == _rows(floor.supplier_open_orders(conn, selection, as_of))
    theirs = naive.supplier_open_orders(selection, as_of).reset_index()
    assert ours == _frame_rows(theirs, ["effective_supplier", *columns])


def test_one_suppliers_orders_agree(conn, naive, selection):
    supplier = supplier_reads.open_order_totals(conn, selection, selection.end)["supplier"].iloc[0]
    columns = ["po_id", "product_id", "sku", "name", "warehouse", "ordered_on", "expected_on", "received_on",
               "quantity", "value", "lead_days", "days_late"]  # fmt: skip
    ours = _frame_rows(supplier_reads.supplier_orders(conn, selection, supplier), columns)
    assert ours and ours == _rows(floor.supplier_orders(conn, selection, supplier))
    theirs = naive.supplier_orders(selection, supplier).rename(columns={"code": "warehouse"})
    assert ours == _frame_rows(theirs, columns)


def test_ageing_reads_agree(conn, naive, selection):
    as_of = selection.end
    receipts = ageing.receipts_by_age(conn, selection, as_of, BAND_UPPER_DAYS)
    ours = _frame_rows(receipts, ["product_id", "warehouse_id", "band", "units"])
    assert ours and ours == _rows(floor.receipts_by_age(conn, selection, as_of, BAND_UPPER_DAYS))
    theirs = naive.receipts_by_age(selection, as_of, BAND_UPPER_DAYS)
    assert ours == _frame_rows(theirs, ["product_id", "warehouse_id", "band", "units"])
    since = as_of - timedelta(days=BAND_UPPER_DAYS[-1] + 1)
    columns = ["product_id", "warehouse_id", "held_since"]
    held = _frame_rows(ageing.untracked_held_since(conn, selection, as_of, since), columns)
    assert held and held == _rows(floor.untracked_held_since(conn, selection, as_of, since))
    theirs = naive.untracked_held_since(selection, as_of, since)
    assert held == _frame_rows(theirs, columns)


def test_revenue_per_product_and_xyz_classes_agree(conn, naive, selection):
    ours = _frame_rows(sales.revenue_by_product(conn, selection), ["product_id", "revenue"])
    assert ours and ours == _rows(floor.selection_revenue(conn, selection))
    assert ours == _frame_rows(naive.selection_revenue(selection), ["product_id", "revenue"])
    run_id = forecast_store.latest_run(conn).run_id
    columns = ["product_id", "weeks", "cv", "xyz_class"]
    classes = _frame_rows(forecast_store.product_classes(conn, run_id), columns)
    assert classes and classes == _rows(floor.forecast_product_classes(conn, run_id))
    assert classes == _frame_rows(naive.forecast_product_classes(run_id), columns)
