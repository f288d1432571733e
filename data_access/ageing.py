"""What stock ageing reads: receipts per position and age band, and since
when the positions holding more than they received have held stock without a
break, aggregated in SQL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.current_stock import answers_as_of, materialized, stock_as_of
from data_access.filters import Filters, dimension_conditions, same_position, with_dimensions
from data_access.frames import read_frame
from data_access.periods import days_between
from data_access.schema import current_stock
from data_access.schema import inventory_snapshots as snapshots
from data_access.schema import purchase_orders

po = purchase_orders.c


def receipts_by_age(conn: Connection, f: Filters, as_of: date, band_upper_days: tuple[int, ...]) -> pd.DataFrame:
    """Units of purchase orders received on or before `as_of` per
    product_id, warehouse_id and band: the index of the first of
    `band_upper_days` at or above as_of - received_on in days, else
    len(band_upper_days)."""
    age = days_between(sa.literal(as_of, sa.Date), po.received_on)
    band = sa.case(*((age <= upper, number) for number, upper in enumerate(band_upper_days)),
                   else_=len(band_upper_days)).label("band")  # fmt: skip
    keys = (po.product_id, po.warehouse_id, band)
    stmt = (
        sa.select(*keys, sa.func.sum(po.quantity).label("units"))
        .select_from(with_dimensions(purchase_orders))
        .where(po.received_on <= as_of, dimension_conditions(f))
        .group_by(*keys)
        .order_by(*keys)
    )
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id", "band", "units"))


UNTRACKED_PRODUCTS_PER_READ = 2_000
"""Products whose snapshots one statement reads: their ids are bound
parameters, far below every backend's limit."""


def untracked_held_since(conn: Connection, f: Filters, as_of: date, since: date) -> pd.DataFrame:
    """product_id, warehouse_id, held_since for the positions of the selection
    holding more units on `as_of` than they have received by then (FIFO ages
    the units of the others from their receipts alone): the first snapshot
    with stock after the position's last empty one, among the snapshots from
    `since` to `as_of` (so a stretch that began earlier reads as held since
    the first snapshot on or after `since`). Ages only need telling apart up
    to the oldest band: read no further back.

    Those positions are few (1,252 of 160,000 in the big catalog), so they
    are found first and only their products' snapshots are read, a share of
    the products per statement: in one statement the databases plan the
    search for them badly (seconds for a past day's stock)."""
    untracked = read_frame(conn, _untracked_positions(conn, f, as_of), integers=("product_id", "warehouse_id"))
    product_ids = untracked["product_id"].drop_duplicates().sort_values().tolist()
    reads = [
        _held_since(conn, product_ids[start : start + UNTRACKED_PRODUCTS_PER_READ], as_of, since)
        for start in range(0, len(product_ids), UNTRACKED_PRODUCTS_PER_READ)
    ]
    if not reads:
        return untracked.assign(held_since=pd.Series([], dtype="datetime64[ns]"))
    return pd.concat(reads, ignore_index=True).merge(untracked, on=["product_id", "warehouse_id"])


def _untracked_positions(conn: Connection, f: Filters, as_of: date) -> sa.Select:
    """The positions of the selection whose stock on `as_of` exceeds the units they received by then."""
    stock = current_stock if answers_as_of(conn, f, as_of) else stock_as_of(as_of)
    received = (
        sa.select(po.product_id, po.warehouse_id, sa.func.sum(po.quantity).label("units"))
        .where(po.received_on <= as_of)
        .group_by(po.product_id, po.warehouse_id)
        .subquery()
    )
    return (
        sa.select(stock.c.product_id, stock.c.warehouse_id)
        .select_from(with_dimensions(stock).outerjoin(received, same_position(received, stock)))
        .where(stock.c.on_hand > sa.func.coalesce(received.c.units, 0), dimension_conditions(f))
    )


def _held_since(conn: Connection, product_ids: list[int], as_of: date, since: date) -> pd.DataFrame:
    """`untracked_held_since` for every position of `product_ids`, from one
    read of their snapshots (materialized: both steps use it)."""
    s = snapshots.c
    days = materialized(
        sa.select(s.product_id, s.warehouse_id, s.snapshot_date, s.on_hand).where(
            s.product_id.in_(product_ids), s.snapshot_date.between(since, as_of)
        ),
        "days",
    )
    pair = (days.c.product_id, days.c.warehouse_id)
    empty = (
        sa.select(*pair, sa.func.max(days.c.snapshot_date).label("last_empty"))
        .where(days.c.on_hand <= 0)
        .group_by(*pair)
        .subquery()
    )
    stmt = (
        sa.select(*pair, sa.func.min(days.c.snapshot_date).label("held_since"))
        .select_from(days.outerjoin(empty, same_position(empty, days)))
        .where(days.c.on_hand > 0, sa.or_(empty.c.last_empty.is_(None), days.c.snapshot_date > empty.c.last_empty))
        .group_by(*pair)
        .order_by(*pair)
    )
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id"), dates=("held_since",))
