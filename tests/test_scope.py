"""Warehouse scope beyond the Filters: what a user scoped to some warehouses
learns of the shop as a whole. The data's span, the warehouse list and a
forecast run's series count are read within the scope on every backend (checked
against pandas over the raw rows), and a plan's transfers name no partner
warehouse outside it, nor show its stock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest

from data_access import extent, forecast_store
from data_access.bulk import Dataset, write_dataset
from data_access.engine import connect, make_engine, transaction
from data_access.filters import Filters
from data_access.forecast_store import DONE, ForecastRun, RunRows
from data_access.migrations import prepare_schema
from services.replenishment import below_reorder_point, transfers_seen_by
from tests.conftest import BACKENDS
from tests.support.dataset import make_test_dataset

SCOPES = [None, ("MAD",), ("BER", "MAD"), ("EMPTY",)]


def _uneven() -> Dataset:
    """The test shop with warehouses whose data start and end on different days:
    MAD sells from 5 Oct to 30 Nov, BER's snapshots start on 10 Oct."""
    frames = make_test_dataset().frames
    codes = frames["warehouses"].set_index("warehouse_id")["code"]
    lines, snaps = frames["order_lines"], frames["inventory_snapshots"]
    in_mad = lines["warehouse_id"].map(codes) == "MAD"
    lines = lines[~in_mad | lines["order_date"].between(pd.Timestamp("2025-10-05"), pd.Timestamp("2025-11-30"))]
    snaps = snaps[(snaps["warehouse_id"].map(codes) != "BER") | (snaps["snapshot_date"] >= pd.Timestamp("2025-10-10"))]
    return Dataset({**frames, "order_lines": lines, "inventory_snapshots": snaps})


DATASET = _uneven()


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request, new_database):
    engine = make_engine(new_database(request.param))
    prepare_schema(engine)
    with transaction(engine) as conn:
        write_dataset(conn, DATASET)
    yield engine
    engine.dispose()


def _bounds(frame: pd.DataFrame, column: str, scope) -> tuple[date | None, date | None]:
    codes = DATASET.frames["warehouses"].set_index("warehouse_id")["code"]
    rows = frame if scope is None else frame[frame["warehouse_id"].map(codes).isin(scope)]
    if rows.empty:
        return None, None
    return rows[column].min().date(), rows[column].max().date()


@pytest.mark.parametrize("scope", SCOPES, ids=str)
def test_the_span_and_the_warehouses_are_the_scopes(engine, scope):
    with connect(engine) as conn:
        found = extent.data_extent(conn, scope)
    span = found.span
    assert (span.first_sale, span.last_sale) == _bounds(DATASET.frames["order_lines"], "order_date", scope)
    snaps = DATASET.frames["inventory_snapshots"]
    assert (span.first_snapshot, span.last_snapshot) == _bounds(snaps, "snapshot_date", scope)
    every = sorted(DATASET.frames["warehouses"]["code"])
    assert [w.code for w in found.warehouses] == (every if scope is None else sorted(scope))
    assert list(found.categories) == sorted(DATASET.frames["products"]["category"].unique())  # the catalogue's


def test_a_scoped_span_differs_from_the_shops(engine):
    """The case the finding was about: MAD's sales end two weeks before the shop's."""
    with connect(engine) as conn:
        shop, mad = extent.data_span(conn), extent.data_span(conn, ("MAD",))
    assert mad.last_sale == date(2025, 11, 30) < shop.last_sale
    assert mad.first_sale == date(2025, 10, 5) > shop.first_sale


def _stored_run(engine) -> tuple[int, pd.DataFrame]:
    """A run with a series for some product x warehouse pairs, written as a forecast would."""
    frames = DATASET.frames
    pairs = frames["products"][["product_id"]].merge(frames["warehouses"][["warehouse_id"]], how="cross")
    series = pairs.iloc[np.arange(len(pairs)) % 3 != 0].reset_index(drop=True)
    rows = RunRows(
        series=series.assign(demand_class="smooth", method="ses", stock_known=True, recent_units=1.0,
                             hidden_units=0.0),
        values=pd.DataFrame(), scores=pd.DataFrame(), totals=pd.DataFrame(), products=pd.DataFrame(),
    )  # fmt: skip
    run = ForecastRun(0, datetime.now(UTC).replace(tzinfo=None), date(2025, 12, 14), date(2025, 12, 15), 8, DONE,
                      len(series), True, False, 1.0, {})  # fmt: skip
    with transaction(engine) as conn:
        return forecast_store.save_run(conn, run, rows), series


@pytest.mark.parametrize("scope", SCOPES, ids=str)
def test_a_runs_series_count_is_the_scopes(engine, scope):
    run_id, series = _stored_run(engine)
    codes = DATASET.frames["warehouses"].set_index("warehouse_id")["code"]
    expected = len(series) if scope is None else int(series["warehouse_id"].map(codes).isin(scope).sum())
    with connect(engine) as conn:
        found = forecast_store.series_count(conn, run_id, Filters(date.min, date.max, warehouses=scope or ()))
    assert found == expected


def _transfers() -> pd.DataFrame:
    """Three transfers as `plan_store.transfers` returns them: BER->MAD, MAD->PAR, PAR->BER."""
    return pd.DataFrame({
        "product_id": [1, 2, 3], "from_warehouse_id": [1, 2, 3], "to_warehouse_id": [2, 3, 1],
        "from_warehouse": ["BER", "MAD", "PAR"], "to_warehouse": ["MAD", "PAR", "BER"],
        "quantity": [5, 6, 7], "value": [50.0, 60.0, 70.0],
        "from_on_hand": [100, 200, 300], "from_order_up_to": [40.0, 50.0, 60.0],
        "to_position": [1.0, 2.0, 3.0], "to_reorder_point": [10.0, 20.0, 30.0], "to_order_up_to": [30.0, 40.0, 50.0],
    })  # fmt: skip


def test_transfers_name_no_partner_outside_the_scope_nor_show_its_stock():
    shown = transfers_seen_by(_transfers(), ("MAD",))
    assert list(shown["product_id"]) == [1, 2]  # PAR->BER does not touch MAD
    incoming, outgoing = shown.iloc[0], shown.iloc[1]
    assert incoming["to_warehouse"] == "MAD" and incoming["to_position"] == 1.0
    assert pd.isna(incoming["from_warehouse"]) and pd.isna(incoming["from_warehouse_id"])
    assert pd.isna(incoming["from_on_hand"]) and pd.isna(incoming["from_order_up_to"])
    assert outgoing["from_warehouse"] == "MAD" and outgoing["from_on_hand"] == 200
    for column in ("to_warehouse", "to_warehouse_id", "to_position", "to_reorder_point", "to_order_up_to"):
        assert pd.isna(outgoing[column]), column
    assert list(shown["quantity"]) == [5, 6]  # what moves in or out of MAD is MAD's own business
    text = shown.astype(str).to_string()
    assert "PAR" not in text and "BER" not in text and "300" not in text


def test_an_unscoped_user_sees_every_transfer_whole():
    assert transfers_seen_by(_transfers(), None).equals(_transfers())
    pd.testing.assert_frame_equal(transfers_seen_by(_transfers(), ("BER", "MAD", "PAR")), _transfers(),
                                  check_dtype=False)  # fmt: skip


def test_only_visible_receivers_count_below_reorder_point():
    lines = pd.DataFrame({"product_id": [9], "warehouse_id": [2], "reason": ["below-reorder-point"]})
    assert below_reorder_point(lines, _transfers(), "below-reorder-point") == 4
    assert below_reorder_point(lines, transfers_seen_by(_transfers(), ("MAD",)), "below-reorder-point") == 2
