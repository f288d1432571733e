"""analytics.position_rows: the row of each product x warehouse among a frame's positions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.position_rows import position_rows

POSITIONS = pd.DataFrame({"product_id": [7, 7, 2, 30], "warehouse_id": [1, 3, 3, 1], "on_hand": [5, 0, 9, 1]})


def test_each_pair_finds_its_row_and_an_absent_pair_none():
    products = [2, 7, 30, 7, 2, 99]
    warehouses = [3, 1, 1, 3, 1, 1]
    assert position_rows(POSITIONS, products, warehouses).tolist() == [2, 0, 3, 1, -1, -1]


def test_pairs_that_would_share_a_key_under_a_narrower_span_stay_apart():
    # A looked-up warehouse (40) beyond every known one widens the span: (2, 3) must not meet (1, 40) or others.
    products = pd.Series([1, 2, 7], dtype="int64")
    warehouses = pd.Series([40, 3, 1], dtype="int64")
    assert position_rows(POSITIONS, products, warehouses).tolist() == [-1, 2, 0]


def test_a_missing_id_finds_nothing():
    products = pd.Series([7, None, 2], dtype="Int64")
    warehouses = pd.Series([None, 1, 3], dtype="Int64")
    assert position_rows(POSITIONS, products, warehouses).tolist() == [-1, -1, 2]


def test_empty_lookups_and_empty_positions():
    assert position_rows(POSITIONS, [], []).tolist() == []
    assert position_rows(POSITIONS.iloc[:0], np.array([7]), np.array([1])).tolist() == [-1]


def test_it_agrees_with_a_merge_on_many_random_pairs():
    rng = np.random.default_rng(3)
    known = pd.DataFrame({"product_id": rng.permutation(5_000)[:2_000] + 1, "warehouse_id": rng.integers(1, 9, 2_000)})
    known = known.drop_duplicates(["product_id", "warehouse_id"]).reset_index(drop=True)
    lookups = pd.DataFrame({"product_id": rng.integers(1, 5_001, 20_000), "warehouse_id": rng.integers(0, 10, 20_000)})
    merged = lookups.merge(known.reset_index(names="row"), on=["product_id", "warehouse_id"], how="left")
    expected = merged["row"].fillna(-1).astype("int64").tolist()
    assert position_rows(known, lookups["product_id"], lookups["warehouse_id"]).tolist() == expected
