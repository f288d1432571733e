"""The query layer on every backend, checked to the cent against pandas
computations over the raw rows of the same small dataset."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from pandas.testing import assert_frame_equal

from data_access import extent, policy_reads, positions, purchasing, sales, stock
from data_access.engine import connect, make_engine
from data_access.filters import Filters
from data_access.migrations import prepare_schema
from data_access.schema import daily_sales
from tests.support.dataset import FIRST_DAY, LAST_DAY, make_test_dataset, with_packs
from tests.support.dataset_fixtures import dataset_fixtures

DATASET = with_packs(make_test_dataset())
AS_OF = date(2025, 11, 20)
SELECTIONS = {
    "everything": Filters(FIRST_DAY, LAST_DAY),
    "one warehouse, two categories": Filters(
        date(2025, 10, 10), date(2025, 11, 30), warehouses=("MAD",), categories=("Books", "Toys")
    ),
    "two skus": Filters(date(2025, 11, 1), date(2025, 11, 30), skus=("SKU-002", "SKU-005")),
    "nothing matches": Filters(date(2030, 1, 1), date(2030, 1, 31)),
}


engine, conn, selection = dataset_fixtures(DATASET, SELECTIONS)


# --- independent computations over the raw frames ---------------------------

def _lines(f: Filters) -> pd.DataFrame:
    frames = DATASET.frames
    lines = frames["order_lines"].merge(frames["products"], on="product_id").merge(frames["warehouses"], on="warehouse_id", suffixes=("", "_warehouse"))
    keep = lines["order_date"].between(pd.Timestamp(f.start), pd.Timestamp(f.end))
    if f.warehouses:
        keep &= lines["code"].isin(f.warehouses)
    if f.categories:
        keep &= lines["category"].isin(f.categories)
    if f.skus:
        keep &= lines["sku"].isin(f.skus)
    lines = lines[keep].copy()
    lines["cost"] = lines["quantity"] * lines["unit_cost"].fillna(0)
    lines["costed_revenue"] = lines["net_revenue"].where(lines["unit_cost"].notna(), 0)
    return lines


def _measures(lines: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = lines.groupby(keys).agg(
        revenue=("net_revenue", "sum"), units=("quantity", "sum"), orders=("order_id", "nunique"),
        cost=("cost", "sum"), costed_revenue=("costed_revenue", "sum"),
    )  # fmt: skip
    grouped["margin"] = grouped["costed_revenue"] - grouped["cost"]  # a product without a cost: unknown margin
    return grouped.reset_index()


def _same(actual: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    actual = actual.sort_values(keys).reset_index(drop=True)
    expected = expected[list(actual.columns)].sort_values(keys).reset_index(drop=True)
    assert_frame_equal(actual, expected, check_dtype=False, atol=0.005, rtol=0)


# --- sales -------------------------------------------------------------------

def test_totals(conn, selection):
    lines = _lines(selection)
    totals = sales.sales_totals(conn, selection)
    assert totals["revenue"] == pytest.approx(lines["net_revenue"].sum(), abs=0.005)
    assert totals["units"] == lines["quantity"].sum()
    assert totals["orders"] == lines["order_id"].nunique()
    assert totals["cost"] == pytest.approx(lines["cost"].sum(), abs=0.005)
    costed = lines[lines["unit_cost"].notna()]
    assert totals["costed_revenue"] == pytest.approx(costed["net_revenue"].sum(), abs=0.005)
    assert totals["margin"] == pytest.approx(costed["net_revenue"].sum() - costed["cost"].sum(), abs=0.005)


def test_a_product_without_a_unit_cost_has_no_margin(conn):
    f = SELECTIONS["everything"]
    uncosted = set(DATASET.frames["products"].loc[DATASET.frames["products"]["unit_cost"].isna(), "sku"])
    assert uncosted, "the dataset needs a product without a unit cost"
    shown = sales.product_sales(conn, f).set_index("sku")
    assert shown.loc[list(uncosted), ["cost", "margin"]].isna().all().all()
    assert (shown.loc[list(uncosted), "revenue"] > 0).all()
    assert shown.drop(index=list(uncosted))[["cost", "margin"]].notna().all().all()


def test_by_category(conn, selection):
    _same(sales.sales_by_category(conn, selection), _measures(_lines(selection), ["category"]), ["category"])


@pytest.mark.parametrize("grain, freq", [("day", "D"), ("week", "W-MON"), ("month", "MS")])
@pytest.mark.parametrize("split", [None, "category", "warehouse"])
def test_by_period(conn, selection, grain, freq, split):
    lines = _lines(selection)
    lines["period"] = lines["order_date"].dt.to_period({"D": "D", "W-MON": "W-SUN", "MS": "M"}[freq]).dt.start_time
    lines["warehouse"] = lines["code"]
    keys = ["period"] + ([split] if split else [])
    actual = sales.sales_by_period(conn, selection, grain, split)
    _same(actual, _measures(lines, keys), keys)
    assert (actual["period"].dt.normalize() == actual["period"]).all()


@pytest.mark.parametrize("split", [None, "category", "warehouse"])
def test_by_period_counts_orders_when_asked(conn, selection, split):
    lines = _lines(selection)
    lines["period"] = lines["order_date"].dt.to_period("M").dt.start_time
    lines["warehouse"] = lines["code"]
    keys = ["period"] + ([split] if split else [])
    actual = sales.sales_by_period(conn, selection, "month", split, with_orders=True)
    _same(actual, _measures(lines, keys), keys)
    assert "orders" not in sales.sales_by_period(conn, selection, "month", split).columns


def test_period_weeks_start_on_monday(conn):
    frame = sales.sales_by_period(conn, SELECTIONS["everything"], "week")
    assert set(frame["period"].dt.day_of_week) == {0}


def test_product_sales_include_zero_sellers_and_order(conn):
    f = SELECTIONS["everything"]
    actual = sales.product_sales(conn, f)
    products = DATASET.frames["products"]
    active = products[
        (products["launched_on"].isna() | (products["launched_on"] <= pd.Timestamp(f.end)))
        & (products["discontinued_on"].isna() | (products["discontinued_on"] >= pd.Timestamp(f.start)))
    ]
    measures = _measures(_lines(f), ["sku"])
    expected = active[["sku", "name", "category", "unit_cost"]].merge(measures, on="sku", how="left")
    expected = expected.fillna({name: 0 for name in measures.columns if name != "sku"})
    expected[["cost", "margin"]] = expected[["cost", "margin"]].mask(expected["unit_cost"].isna(), axis=0)
    _same(actual, expected, ["sku"])
    assert actual["revenue"].is_monotonic_decreasing
    assert "SKU-012" in set(actual["sku"])  # the product that never sold


# --- stock -------------------------------------------------------------------

def _snapshots(f: Filters) -> pd.DataFrame:
    frames = DATASET.frames
    snaps = frames["inventory_snapshots"].merge(frames["products"], on="product_id").merge(frames["warehouses"], on="warehouse_id", suffixes=("", "_warehouse"))
    keep = pd.Series(True, index=snaps.index)
    if f.warehouses:
        keep &= snaps["code"].isin(f.warehouses)
    if f.categories:
        keep &= snaps["category"].isin(f.categories)
    if f.skus:
        keep &= snaps["sku"].isin(f.skus)
    return snaps[keep]


@pytest.mark.parametrize("split", [None, "warehouse"])
def test_stock_history(conn, selection, split):
    snaps = _snapshots(selection)
    snaps = snaps[snaps["snapshot_date"].between(pd.Timestamp(selection.start), pd.Timestamp(selection.end))].copy()
    snaps["period"] = snaps["snapshot_date"].dt.to_period("M").dt.start_time
    snaps["warehouse"] = snaps["code"]
    snaps["value"] = snaps["on_hand"] * snaps["unit_cost"].fillna(0)
    keys = ["period"] + ([split] if split else [])
    grouped = snaps.groupby(keys)
    expected = pd.DataFrame(
        {
            "avg_on_hand": grouped["on_hand"].sum() / grouped["snapshot_date"].nunique(),
            "avg_stock_value": grouped["value"].sum() / grouped["snapshot_date"].nunique(),
            "stockout_days": grouped["on_hand"].apply(lambda s: int((s <= 0).sum())),
            "pair_days": grouped.size(),
        }
    ).reset_index()
    _same(stock.stock_history(conn, selection, "month", split), expected, keys)


def test_stockout_totals(conn, selection):
    snaps = _snapshots(selection)
    snaps = snaps[snaps["snapshot_date"].between(pd.Timestamp(selection.start), pd.Timestamp(selection.end))]
    totals = stock.stockout_totals(conn, selection)
    assert totals["stockout_days"] == int((snaps["on_hand"] <= 0).sum())
    assert totals["pair_days"] == len(snaps)


# --- purchasing ----------------------------------------------------------------

def _purchase_orders(f: Filters) -> pd.DataFrame:
    frames = DATASET.frames
    pos = frames["purchase_orders"].merge(frames["products"], on="product_id", suffixes=("", "_product"))
    pos = pos.merge(frames["warehouses"], on="warehouse_id", suffixes=("", "_warehouse"))
    keep = pd.Series(True, index=pos.index)
    if f.warehouses:
        keep &= pos["code"].isin(f.warehouses)
    if f.categories:
        keep &= pos["category"].isin(f.categories)
    if f.skus:
        keep &= pos["sku"].isin(f.skus)
    return pos[keep].rename(columns={"code": "warehouse"})


def test_open_purchase_orders(conn, selection):
    pos = _purchase_orders(selection)
    as_of = pd.Timestamp(AS_OF)
    open_now = pos[(pos["ordered_on"] <= as_of) & (pos["received_on"].isna() | (pos["received_on"] > as_of))].copy()
    open_now["days_late"] = (as_of - open_now["expected_on"]).dt.days.clip(lower=0)
    actual = purchasing.open_purchase_orders(conn, selection, AS_OF)
    _same(actual, open_now, ["po_id"])


# --- stock positions -------------------------------------------------------------

VELOCITY_DAYS, LEAD_TIME_DAYS = 28, 365


def _expected_positions(f: Filters, as_of: date) -> pd.DataFrame:
    """Latest snapshot per position, then its velocity and units on order,
    each computed from the raw rows."""
    snaps = _snapshots(f)
    snaps = snaps[snaps["snapshot_date"] <= pd.Timestamp(as_of)]
    positions = snaps.sort_values("snapshot_date").groupby(["sku", "code"]).tail(1).set_index(["sku", "code"])
    positions["stock_value"] = positions["on_hand"] * positions["unit_cost"].fillna(0)

    lines = _lines(Filters(FIRST_DAY, as_of, f.warehouses, f.categories, f.skus))
    in_window = lines[lines["order_date"] > pd.Timestamp(as_of - timedelta(days=VELOCITY_DAYS))]
    daily = in_window.groupby(["sku", "code", "order_date"])["quantity"].sum()
    positions["units"] = in_window.groupby(["sku", "code"])["quantity"].sum()
    positions["units"] = positions["units"].fillna(0)
    positions["last_sale_date"] = lines[lines["quantity"] > 0].groupby(["sku", "code"])["order_date"].max()
    squares = (daily**2).groupby(level=[0, 1]).sum().reindex(positions.index).fillna(0)
    positions["avg_daily_units"] = positions["units"] / VELOCITY_DAYS
    variance = (squares / VELOCITY_DAYS - positions["avg_daily_units"] ** 2).clip(lower=0)
    positions["std_daily_units"] = np.sqrt(variance)

    pos = _purchase_orders(f).rename(columns={"warehouse": "code"})
    day = pd.Timestamp(as_of)
    open_now = pos[(pos["ordered_on"] <= day) & (pos["received_on"].isna() | (pos["received_on"] > day))]
    positions["on_order"] = open_now.groupby(["sku", "code"])["quantity"].sum()
    positions["on_order"] = positions["on_order"].fillna(0)
    return positions.reset_index().rename(columns={"code": "warehouse"})


@pytest.mark.parametrize("as_of", [AS_OF, LAST_DAY], ids=["from-history", "from-current-stock"])
def test_stock_positions(conn, selection, as_of):
    actual = positions.stock_positions(conn, selection, as_of, VELOCITY_DAYS)
    expected = _expected_positions(selection, as_of)
    _same(actual, expected, ["sku", "warehouse"])
    assert "EMPTY" not in set(actual["warehouse"])  # the warehouse without snapshots
    if not actual.empty:  # the rules need each kind of position: with and without sales, open orders
        assert actual["last_sale_date"].notna().any() and actual["on_order"].gt(0).any()


# --- what the replenishment policy reads ------------------------------------------


def test_receipt_histograms(conn, selection):
    """Received orders of the year before AS_OF counted per supplier x product
    x whole days (the selection's categories and SKUs, every warehouse) and per
    supplier x days (every product)."""
    orders = _purchase_orders(Filters(FIRST_DAY, LAST_DAY))
    received = orders[orders["received_on"].between(pd.Timestamp(AS_OF - timedelta(days=LEAD_TIME_DAYS - 1)),
                                                    pd.Timestamp(AS_OF)) & orders["supplier"].notna()]  # fmt: skip
    received = received.assign(lead_days=(received["received_on"] - received["ordered_on"]).dt.days)
    chosen = received
    if selection.categories:
        chosen = chosen[chosen["category"].isin(selection.categories)]
    if selection.skus:
        chosen = chosen[chosen["sku"].isin(selection.skus)]
    own, pooled = policy_reads.receipt_histograms(conn, selection, AS_OF, LEAD_TIME_DAYS)
    expected_own = chosen.groupby(["supplier", "product_id", "lead_days"]).size().rename("receipts").reset_index()
    expected_pooled = received.groupby(["supplier", "lead_days"]).size().rename("receipts").reset_index()
    _same(own, expected_own, ["supplier", "product_id", "lead_days"])
    _same(pooled, expected_pooled, ["supplier", "lead_days"])
    assert len(pooled) > 0 and (selection.categories or len(own) > 0)


def test_product_revenue_is_shop_wide(conn):
    """Per product over every warehouse: ABC classes never depend on a selection."""
    start = date(2025, 9, 1)
    lines = _lines(Filters(start, AS_OF))
    expected = lines.groupby("product_id")["net_revenue"].sum().rename("revenue").reset_index()
    _same(policy_reads.product_revenue(conn, start, AS_OF), expected, ["product_id"])


# --- extent --------------------------------------------------------------------

def test_span_and_lists(conn):
    found = extent.data_extent(conn)
    span = found.span
    lines, snaps = DATASET.frames["order_lines"], DATASET.frames["inventory_snapshots"]
    assert (span.first_sale, span.last_sale) == (lines["order_date"].min().date(), lines["order_date"].max().date())
    assert (span.first_snapshot, span.last_snapshot) == (
        snaps["snapshot_date"].min().date(),
        snaps["snapshot_date"].max().date(),
    )
    assert [warehouse.code for warehouse in found.warehouses] == sorted(DATASET.frames["warehouses"]["code"])
    assert list(found.categories) == sorted(DATASET.frames["products"]["category"].unique())


def test_empty_database_gives_empty_frames(new_database, backend):
    engine = make_engine(new_database(backend))
    prepare_schema(engine)
    f = SELECTIONS["everything"]
    with connect(engine) as conn:
        assert extent.data_extent(conn).span.is_empty
        assert sales.sales_by_category(conn, f).empty
        assert sales.sales_totals(conn, f)["revenue"] == 0
        assert positions.stock_positions(conn, f, AS_OF, VELOCITY_DAYS).empty
        assert purchasing.open_purchase_orders(conn, f, AS_OF).empty
    engine.dispose()


def test_filter_values_are_bound_parameters(conn):
    hostile = "x' OR '1'='1"
    f = Filters(FIRST_DAY, LAST_DAY, warehouses=(hostile,), categories=("Books'; DROP TABLE products; --",))
    assert sales.sales_by_category(conn, f).empty
    assert not sales.sales_by_category(conn, SELECTIONS["everything"]).empty


def test_the_daily_summary_holds_the_sums_of_the_order_lines(conn):
    lines = DATASET.frames["order_lines"]
    expected = lines.groupby(["order_date", "product_id", "warehouse_id"]).agg(
        units=("quantity", "sum"),
        sold_units=("quantity", lambda q: q[q > 0].sum()),
        revenue=("net_revenue", "sum"),
    )
    actual = pd.read_sql_query(sa.select(daily_sales), conn)
    actual["sale_date"] = pd.to_datetime(actual["sale_date"]).astype(lines["order_date"].dtype)
    actual = actual.set_index(["sale_date", "product_id", "warehouse_id"]).sort_index()
    expected.index.names = actual.index.names
    assert_frame_equal(actual, expected.sort_index(), check_dtype=False, atol=0.005, rtol=0)
