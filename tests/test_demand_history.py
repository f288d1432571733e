"""The forecast's weekly demand history on every backend, checked against
pandas over the raw rows of the same small dataset."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from pandas.testing import assert_frame_equal

from data_access import demand_history
from data_access import frames as frame_reading
from data_access.filters import Filters
from tests.support.dataset import FIRST_DAY, make_test_dataset
from tests.support.dataset_fixtures import dataset_fixtures

DATASET = make_test_dataset()
SELECTIONS = {
    "everything up to an as-of date": Filters(FIRST_DAY, date(2025, 11, 20)),
    "one warehouse, two categories": Filters(
        FIRST_DAY, date(2025, 11, 30), warehouses=("MAD",), categories=("Books", "Toys")
    ),
    "two skus": Filters(date(2025, 11, 1), date(2025, 11, 30), skus=("SKU-002", "SKU-005")),
    "nothing matches": Filters(date(2030, 1, 1), date(2030, 1, 31)),
}


engine, conn, selection = dataset_fixtures(DATASET, SELECTIONS)


def _selected(frame: pd.DataFrame, date_column: str, f: Filters) -> pd.DataFrame:
    frames = DATASET.frames
    frame = frame.merge(frames["products"], on="product_id").merge(frames["warehouses"], on="warehouse_id")
    keep = frame[date_column].between(pd.Timestamp(f.start), pd.Timestamp(f.end))
    for column, values in (("code", f.warehouses), ("category", f.categories), ("sku", f.skus)):
        if values:
            keep &= frame[column].isin(values)
    return frame[keep].copy()


def _expected_weekly(f: Filters) -> pd.DataFrame:
    """Gross units per week from the order lines; stock days from the snapshots."""
    lines = _selected(DATASET.frames["order_lines"], "order_date", f)
    lines = lines[lines["quantity"] > 0]
    daily = lines.groupby(["product_id", "warehouse_id", "order_date"], as_index=False)["quantity"].sum()
    snapshots = _selected(DATASET.frames["inventory_snapshots"], "snapshot_date", f)
    snapshots = snapshots.merge(
        daily.rename(columns={"order_date": "snapshot_date", "quantity": "sold"}),
        on=["product_id", "warehouse_id", "snapshot_date"],
        how="left",
    )
    snapshots["instock_days"] = (snapshots["on_hand"] > 0).astype(int)
    snapshots["sellout_days"] = ((snapshots["on_hand"] == 0) & (snapshots["sold"].fillna(0) > 0)).astype(int)
    snapshots["observed_days"] = 1
    daily["week_start"] = _monday(daily["order_date"])
    snapshots["week_start"] = _monday(snapshots["snapshot_date"])
    keys = ["product_id", "warehouse_id", "week_start"]
    units = daily.groupby(keys)["quantity"].sum().rename("units")
    days = snapshots.groupby(keys)[["instock_days", "sellout_days", "observed_days"]].sum()
    weekly = pd.concat([units, days], axis=1).fillna(0).astype("int64").reset_index()
    return weekly.sort_values(keys).reset_index(drop=True)[[*keys, *demand_history.COUNTS]]


def _monday(days: pd.Series) -> pd.Series:
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def test_weekly_demand_matches_the_raw_rows(conn, selection):
    actual = demand_history.weekly_demand(conn, selection)
    expected = _expected_weekly(selection)
    assert_frame_equal(actual, expected, check_dtype=False, check_index_type=False)
    assert (actual["week_start"].dt.day_of_week == 0).all()


def test_weekly_demand_fetched_in_chunks_matches_the_raw_rows(conn, monkeypatch):
    """A big catalog's history is fetched a chunk of rows at a time (SQLite, PostgreSQL); a few rows per chunk here."""
    monkeypatch.setattr(frame_reading, "_CHUNK_ROWS", 7)
    selection = SELECTIONS["everything up to an as-of date"]
    actual = demand_history.weekly_demand(conn, selection)
    assert len(actual) > 7
    assert_frame_equal(actual, _expected_weekly(selection), check_dtype=False, check_index_type=False)


def test_demand_series_lists_every_pair_with_sales_or_stock(conn, selection):
    series = demand_history.demand_series(conn, selection)
    weekly = demand_history.weekly_demand(conn, selection)
    pairs = weekly[["product_id", "warehouse_id"]].drop_duplicates().reset_index(drop=True)
    assert_frame_equal(series[["product_id", "warehouse_id"]], pairs, check_dtype=False)
    products = DATASET.frames["products"].set_index("product_id")
    np.testing.assert_array_equal(series["sku"], products.loc[series["product_id"], "sku"])
    if selection.warehouses:
        assert set(series["warehouse"]) <= set(selection.warehouses)


def test_stock_levels_are_known_only_where_snapshots_exist(conn):
    assert demand_history.stock_levels_known(conn, Filters(FIRST_DAY, date(2025, 11, 1)))
    assert not demand_history.stock_levels_known(conn, Filters(FIRST_DAY, date(2025, 11, 1), warehouses=("EMPTY",)))
