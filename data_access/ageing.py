"""What stock ageing reads: receipts per position and age band, and since
when each position has held stock without a break, aggregated in SQL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import days_between
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


def held_since(conn: Connection, f: Filters, as_of: date, since: date) -> pd.DataFrame:
    """product_id, warehouse_id, held_since: the first snapshot with stock
    after the position's last empty one, among the snapshots from `since` to
    `as_of` (so a stretch that began earlier reads as held since the first
    snapshot on or after `since`; positions without stock have no row). Ages
    only need telling apart up to the oldest band: read no further back."""
    s = snapshots.c
    scope = [s.snapshot_date.between(since, as_of), dimension_conditions(f)]
    empty = (
        sa.select(s.product_id, s.warehouse_id, sa.func.max(s.snapshot_date).label("last_empty"))
        .select_from(with_dimensions(snapshots))
        .where(s.on_hand <= 0, *scope)
        .group_by(s.product_id, s.warehouse_id)
        .subquery()
    )
    joined = with_dimensions(snapshots).outerjoin(
        empty, sa.and_(empty.c.product_id == s.product_id, empty.c.warehouse_id == s.warehouse_id)
    )
    stmt = (
        sa.select(s.product_id, s.warehouse_id, sa.func.min(s.snapshot_date).label("held_since"))
        .select_from(joined)
        .where(s.on_hand > 0, *scope, sa.or_(empty.c.last_empty.is_(None), s.snapshot_date > empty.c.last_empty))
        .group_by(s.product_id, s.warehouse_id)
        .order_by(s.product_id, s.warehouse_id)
    )
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id"), dates=("held_since",))
