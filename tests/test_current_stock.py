"""The current-stock table beside the snapshot history, on every backend:
what it holds (against pandas over the raw rows), when it may answer for a
day, how the upgrade to 0009 fills an existing database, and how imports
keep it in step."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa

from data_access.current_stock import answers_as_of
from data_access.engine import make_engine, transaction
from data_access.filters import Filters
from data_access.frames import read_frame
from data_access.migrations import upgrade
from data_access.bulk import write_dataset
from data_access.schema import current_stock
from tests.fixtures_import import SALES_AND_STOCK, import_text, summaries_agree
from tests.support.dataset import FIRST_DAY, LAST_DAY, make_test_dataset
from tests.support.dataset_fixtures import dataset_fixtures

DATASET = make_test_dataset()
SELECTIONS = {"everything": Filters(FIRST_DAY, LAST_DAY), "one warehouse": Filters(FIRST_DAY, LAST_DAY, ("MAD",))}
engine, conn, selection = dataset_fixtures(DATASET, SELECTIONS)
PAIR = ["product_id", "warehouse_id"]


def expected_current_stock() -> pd.DataFrame:
    """Each position's latest snapshot, and its latest day with a line of positive quantity."""
    snapshots = DATASET.frames["inventory_snapshots"].sort_values("snapshot_date").groupby(PAIR).tail(1)
    lines = DATASET.frames["order_lines"]
    sold = lines[lines["quantity"] > 0].groupby(PAIR)["order_date"].max().rename("last_sale_date")
    expected = snapshots.merge(sold.reset_index(), on=PAIR, how="left")
    return expected[[*PAIR, "snapshot_date", "on_hand", "last_sale_date"]].sort_values(PAIR, ignore_index=True)


def read_current_stock(connection) -> pd.DataFrame:
    frame = read_frame(
        connection,
        sa.select(current_stock).order_by(*PAIR),
        integers=(*PAIR, "on_hand"),
        dates=("snapshot_date", "last_sale_date"),
    )
    return frame.reset_index(drop=True)


def test_it_holds_each_positions_latest_snapshot_and_sale(conn):
    expected = expected_current_stock()
    assert expected["last_sale_date"].isna().any() and expected["last_sale_date"].notna().any()
    pd.testing.assert_frame_equal(read_current_stock(conn), expected, check_dtype=False)


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
        pd.testing.assert_frame_equal(read_current_stock(connection), expected_current_stock(), check_dtype=False)
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
