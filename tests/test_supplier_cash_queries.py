"""Supplier reliability and stock ageing on every backend, against pandas
over the raw purchase orders and snapshots of the query tests' dataset."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.cash import BAND_UPPER_DAYS
from analytics.suppliers import monthly_trend, supplier_scorecard
from data_access import ageing, supplier_reads
from data_access.filters import Filters
from tests.support.dataset import FIRST_DAY, LAST_DAY, make_test_dataset, with_packs
from tests.support.dataset_fixtures import dataset_fixtures


def _dataset():
    dataset = with_packs(make_test_dataset())
    orders = dataset.frames["purchase_orders"].copy()
    orders.loc[3, "supplier"] = None  # the product's supplier stands in
    orders.loc[4, "expected_on"] = pd.NaT  # received without an expected date: not judged
    orders.loc[4, "received_on"] = orders.loc[4, "ordered_on"] + pd.Timedelta(days=6)
    return type(dataset)({**dataset.frames, "purchase_orders": orders})


DATASET = _dataset()
SELECTIONS = {
    "everything": Filters(FIRST_DAY, LAST_DAY),
    "one warehouse, two categories": Filters(
        date(2025, 10, 10), date(2025, 11, 30), warehouses=("MAD",), categories=("Books", "Toys")
    ),
    "two skus": Filters(date(2025, 11, 1), date(2025, 12, 14), skus=("SKU-002", "SKU-005", "SKU-007")),
    "nothing matches": Filters(date(2030, 1, 1), date(2030, 1, 31)),
}


engine, conn, selection = dataset_fixtures(DATASET, SELECTIONS)


def _orders(f: Filters) -> pd.DataFrame:
    frames = DATASET.frames
    orders = frames["purchase_orders"].merge(frames["products"], on="product_id", suffixes=("", "_product"))
    orders = orders.merge(frames["warehouses"], on="warehouse_id", suffixes=("", "_warehouse"))
    orders["supplier"] = orders["supplier"].fillna(orders["supplier_product"])
    keep = pd.Series(True, index=orders.index)
    if f.warehouses:
        keep &= orders["code"].isin(f.warehouses)
    if f.categories:
        keep &= orders["category"].isin(f.categories)
    if f.skus:
        keep &= orders["sku"].isin(f.skus)
    return orders[keep]


def _expected_scorecard(f: Filters) -> pd.DataFrame:
    orders = _orders(f)
    start, end = pd.Timestamp(f.start), pd.Timestamp(f.end)
    received = orders[orders["received_on"].between(start, end)].copy()
    received["lead"] = (received["received_on"] - received["ordered_on"]).dt.days
    received["late"] = (received["received_on"] - received["expected_on"]).dt.days
    rows = {}
    for supplier, group in received.groupby("supplier"):
        judged = group[group["late"].notna()]
        rows[supplier] = {
            "orders_received": len(group), "units_received": group["quantity"].sum(),
            "on_time_share": (judged["late"] <= 0).mean() if len(judged) else np.nan,
            "avg_delay": judged["late"].clip(lower=0).mean() if len(judged) else np.nan,
            "worst_delay": judged["late"].clip(lower=0).max() if len(judged) else np.nan,
            "lead_mean": group["lead"].mean(), "lead_sd": group["lead"].std(ddof=1) if len(group) > 1 else 0.0,
            "lead_p90": np.percentile(group["lead"], 90),
        }  # fmt: skip
    open_now = orders[(orders["ordered_on"] <= end) & (orders["received_on"].isna() | (orders["received_on"] > end))]
    for supplier, group in open_now.groupby("supplier"):
        rows.setdefault(supplier, {"orders_received": 0, "units_received": 0})
        rows[supplier].update({
            "open_orders": len(group), "open_units": group["quantity"].sum(),
            "open_value": round((group["quantity"] * group["unit_cost"].fillna(0)).sum(), 2),
            "late_open_orders": int((group["expected_on"] < end).sum()),
        })  # fmt: skip
    frame = pd.DataFrame.from_dict(rows, orient="index").rename_axis("supplier").reset_index()
    return frame


def test_the_scorecard_equals_pandas_over_the_raw_orders(conn, selection):
    actual = supplier_scorecard(
        supplier_reads.receipt_counts(conn, selection), supplier_reads.open_order_totals(conn, selection, selection.end)
    )
    expected = _expected_scorecard(selection)
    assert list(actual["supplier"]) == sorted(expected["supplier"])
    expected = expected.set_index("supplier").reindex(actual["supplier"])
    for column in expected.columns:
        assert actual[column].fillna(0).to_numpy(dtype=float) == pytest.approx(
            expected[column].fillna(0).to_numpy(dtype=float)
        ), column
    assert not actual["on_time_share"].isna().all() or actual["orders_received"].sum() == 0


def test_the_monthly_trend_equals_pandas(conn, selection):
    trend = monthly_trend(supplier_reads.receipt_counts(conn, selection))
    orders = _orders(selection)
    received = orders[orders["received_on"].between(pd.Timestamp(selection.start), pd.Timestamp(selection.end))]
    received = received.assign(month=received["received_on"].dt.to_period("M").dt.to_timestamp(),
                               late=(received["received_on"] - received["expected_on"]).dt.days)  # fmt: skip
    judged = received[received["late"].notna()]
    expected = judged.groupby(["supplier", "month"]).agg(
        on_time_share=("late", lambda late: (late <= 0).mean()),
        avg_delay=("late", lambda late: late.clip(lower=0).mean()),
    )
    counts = received.groupby(["supplier", "month"]).size()
    assert trend.set_index(["supplier", "month"])["orders_received"].to_dict() == counts.to_dict()
    actual = trend.dropna(subset=["on_time_share"]).set_index(["supplier", "month"])
    assert actual["on_time_share"].to_dict() == pytest.approx(expected["on_time_share"].to_dict())
    assert actual["avg_delay"].to_dict() == pytest.approx(expected["avg_delay"].to_dict())


def test_one_suppliers_orders(conn):
    f = SELECTIONS["everything"]
    actual = supplier_reads.supplier_orders(conn, f, "Supplier 1")
    orders = _orders(f)
    end = pd.Timestamp(f.end)
    wanted = orders[(orders["supplier"] == "Supplier 1") & (
        orders["received_on"].between(pd.Timestamp(f.start), end)
        | ((orders["ordered_on"] <= end) & (orders["received_on"].isna() | (orders["received_on"] > end)))
    )]  # fmt: skip
    assert sorted(actual["po_id"]) == sorted(wanted["po_id"])
    row = actual.set_index("po_id").loc[int(wanted["po_id"].iloc[0])]
    source = wanted.set_index("po_id").loc[int(wanted["po_id"].iloc[0])]
    cost = source["unit_cost"] if pd.notna(source["unit_cost"]) else 0
    assert row["value"] == pytest.approx(source["quantity"] * cost)


@pytest.mark.parametrize("since", [date(2000, 1, 1), date(2025, 11, 1)], ids=["all history", "a window"])
def test_receipts_by_age_and_untracked_stock_held_since_equal_pandas(conn, selection, since):
    as_of = selection.end
    orders = _orders(selection)
    received = orders[orders["received_on"] <= pd.Timestamp(as_of)]
    age = (pd.Timestamp(as_of) - received["received_on"]).dt.days
    band = np.searchsorted(np.array(BAND_UPPER_DAYS), age, side="left")
    expected = received.assign(band=band).groupby(["product_id", "warehouse_id", "band"])["quantity"].sum()
    actual = ageing.receipts_by_age(conn, selection, as_of, BAND_UPPER_DAYS)
    assert actual.set_index(["product_id", "warehouse_id", "band"])["units"].to_dict() == expected.to_dict()

    held = ageing.untracked_held_since(conn, selection, as_of, since)
    first_held = _first_held_beyond_receipts(selection, since)
    assert held.set_index(["product_id", "warehouse_id"])["held_since"].to_dict() == first_held
    if selection.end < date(2030, 1, 1):  # the dataset holds stock beyond its receipts, which this reads
        assert first_held


def test_untracked_stock_read_a_few_products_at_a_time_is_the_same(conn, monkeypatch):
    """Products beyond one statement's share are read by the next ones."""
    monkeypatch.setattr(ageing, "UNTRACKED_PRODUCTS_PER_READ", 2)
    f, since = SELECTIONS["everything"], date(2000, 1, 1)
    held = ageing.untracked_held_since(conn, f, f.end, since)
    expected = _first_held_beyond_receipts(f, since)
    assert len({product for product, _ in expected}) > 2
    assert held.set_index(["product_id", "warehouse_id"])["held_since"].to_dict() == expected


def _first_held_beyond_receipts(f: Filters, since: date) -> dict:
    """Per position holding more on f.end than it received by then: the
    first snapshot with stock after its last empty one, from `since`."""
    as_of = pd.Timestamp(f.end)
    orders = _orders(f)
    received = orders[orders["received_on"] <= as_of].groupby(["product_id", "warehouse_id"])["quantity"].sum()
    frames = DATASET.frames
    snaps = frames["inventory_snapshots"].merge(frames["products"], on="product_id").merge(
        frames["warehouses"], on="warehouse_id")  # fmt: skip
    for name, column in (("warehouses", "code"), ("categories", "category"), ("skus", "sku")):
        if getattr(f, name):
            snaps = snaps[snaps[column].isin(getattr(f, name))]
    snaps = snaps[snaps["snapshot_date"] <= as_of].sort_values("snapshot_date")
    on_hand = snaps.groupby(["product_id", "warehouse_id"])["on_hand"].last()
    untracked = on_hand[on_hand > received.reindex(on_hand.index).fillna(0)].index
    first_held = {}
    for key, group in snaps[snaps["snapshot_date"] >= pd.Timestamp(since)].groupby(["product_id", "warehouse_id"]):
        if key not in untracked:
            continue
        empty = group.loc[group["on_hand"] <= 0, "snapshot_date"]
        last_empty = empty.max() if len(empty) else pd.Timestamp.min
        after = group[(group["on_hand"] > 0) & (group["snapshot_date"] > last_empty)]
        if len(after):
            first_held[key] = after["snapshot_date"].min()
    return first_held
