"""The current-stock table beside the snapshot history, on every backend:
what it holds (against pandas over the raw rows), when it may answer for a
day, how the upgrade to 0009 fills an existing database, and how imports
keep it in step."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa

from data_access.current_stock import RECENT_DAYS, answers_as_of, stock_as_of
from data_access.engine import make_engine, transaction
from data_access.filters import Filters
from data_access.frames import read_frame
from data_access.migrations import upgrade
from data_access.bulk import Dataset, write_dataset
from data_access.schema import current_stock
from tests.fixtures_import import SALES_AND_STOCK, import_text, summaries_agree
from tests.support.dataset import FIRST_DAY, LAST_DAY, make_test_dataset
from tests.support.dataset_fixtures import dataset_fixtures, engine_with

DATASET = make_test_dataset()
SELECTIONS = {"everything": Filters(FIRST_DAY, LAST_DAY), "one warehouse": Filters(FIRST_DAY, LAST_DAY, ("MAD",))}
engine, conn, selection = dataset_fixtures(DATASET, SELECTIONS)
PAIR = ["product_id", "warehouse_id"]


def expected_stock(dataset: Dataset, as_of: date | None = None) -> pd.DataFrame:
    """Each position's latest snapshot on or before `as_of` (any day when None), its latest day
    with a line of positive quantity by then, and its first snapshot."""
    snapshots, lines = dataset.frames["inventory_snapshots"], dataset.frames["order_lines"]
    if as_of is not None:
        snapshots = snapshots[snapshots["snapshot_date"] <= pd.Timestamp(as_of)]
        lines = lines[lines["order_date"] <= pd.Timestamp(as_of)]
    first = dataset.frames["inventory_snapshots"].groupby(PAIR)["snapshot_date"].min().rename("first_snapshot_date")
    sold = lines[lines["quantity"] > 0].groupby(PAIR)["order_date"].max().rename("last_sale_date")
    latest = snapshots.sort_values("snapshot_date").groupby(PAIR).tail(1)
    expected = latest.merge(sold.reset_index(), on=PAIR, how="left").merge(first.reset_index(), on=PAIR)
    columns = [*PAIR, "snapshot_date", "on_hand", "last_sale_date", "first_snapshot_date"]
    return expected[columns].sort_values(PAIR, ignore_index=True)


def read_stock(connection, rows: sa.FromClause = current_stock) -> pd.DataFrame:
    frame = read_frame(
        connection,
        sa.select(rows).order_by(*(rows.c[name] for name in PAIR)),
        integers=(*PAIR, "on_hand"),
        dates=[name for name in ("snapshot_date", "last_sale_date", "first_snapshot_date") if name in rows.c],
    )
    return frame.reset_index(drop=True)


def test_it_holds_each_positions_latest_snapshot_and_sale(conn):
    expected = expected_stock(DATASET)
    assert expected["last_sale_date"].isna().any() and expected["last_sale_date"].notna().any()
    pd.testing.assert_frame_equal(read_stock(conn), expected, check_dtype=False)


def test_it_answers_only_for_a_day_after_every_snapshot_and_sale(conn, selection):
    assert answers_as_of(conn, selection, LAST_DAY)
    assert answers_as_of(conn, selection, LAST_DAY + timedelta(days=30))
    assert not answers_as_of(conn, selection, LAST_DAY - timedelta(days=1))


def test_the_upgrade_to_0009_fills_it_from_the_history(backend, new_database):
    engine = make_engine(new_database(backend, empty=True))
    upgrade(engine, "0008_suppliers")
    with transaction(engine) as connection:
        write_dataset(connection, DATASET)  # no table yet: nothing to keep in step
    upgrade(engine)
    with engine.connect() as connection:
        pd.testing.assert_frame_equal(read_stock(connection), expected_stock(DATASET), check_dtype=False)
    engine.dispose()


def test_an_import_of_a_later_day_moves_it_and_a_replace_rebuilds_it(backend, new_database):
    url = new_database(backend)
    import_text(url, SALES_AND_STOCK)
    later = "Date,Order,Store,SKU,Product,Category,Qty,Price,Discount,Stock\n2025-03-09,SO-9,BER,B-2,Book,,3,5.00,,4\n"
    import_text(url, later)
    assert summaries_agree(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        book = connection.execute(sa.text(
            "SELECT c.snapshot_date, c.on_hand, c.last_sale_date FROM current_stock c "
            "JOIN products p ON p.product_id = c.product_id WHERE p.sku = 'B-2'"
        )).one()  # fmt: skip
        assert [str(value) for value in book] == ["2025-03-09", "4", "2025-03-09"]
        assert answers_as_of(connection, Filters(date(2025, 3, 1), date(2025, 3, 9)), date(2025, 3, 9))
    engine.dispose()

    import_text(url, later, mode="replace")
    assert summaries_agree(url)
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(current_stock)).scalar() == 1
    engine.dispose()


def sparse_dataset() -> Dataset:
    """The dataset with one position not counted for six weeks and another
    unsold for two months, both active again before the last day: a past
    day's latest snapshot or sale then lies further back than RECENT_DAYS."""
    snapshots, lines = DATASET.frames["inventory_snapshots"], DATASET.frames["order_lines"]
    uncounted = (snapshots["product_id"] == 1) & (snapshots["warehouse_id"] == 1)
    uncounted &= snapshots["snapshot_date"].between(pd.Timestamp(LAST_DAY - timedelta(days=45)),
                                                    pd.Timestamp(LAST_DAY - timedelta(days=3)))
    unsold = (lines["product_id"] == 2) & (lines["warehouse_id"] == 2)
    unsold &= lines["order_date"].between(pd.Timestamp(FIRST_DAY + timedelta(days=5)),
                                          pd.Timestamp(LAST_DAY - timedelta(days=3)))  # fmt: skip
    frames = {**DATASET.frames, "inventory_snapshots": snapshots[~uncounted], "order_lines": lines[~unsold]}
    return Dataset(frames)


def test_a_past_day_reads_the_history_as_far_back_as_each_position_needs(backend, new_database):
    sparse = sparse_dataset()
    days = [LAST_DAY - timedelta(days=back) for back in (1, 4, 20, 40, 60)]
    far_back = 0
    engine = engine_with(new_database(backend), sparse)
    with engine.connect() as connection:
        for as_of in days:
            expected = expected_stock(sparse, as_of)
            recent = pd.Timestamp(as_of - timedelta(days=RECENT_DAYS))
            far_back += int((expected["snapshot_date"] <= recent).sum() + (expected["last_sale_date"] <= recent).sum())
            assert not answers_as_of(connection, Filters(FIRST_DAY, as_of), as_of)
            found = read_stock(connection, stock_as_of(as_of))
            pd.testing.assert_frame_equal(found, expected.drop(columns="first_snapshot_date"), check_dtype=False)
    engine.dispose()
    assert far_back >= 2  # both positions were looked for beyond the recent days
