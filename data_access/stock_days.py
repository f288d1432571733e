"""Days in and out of stock, read from the daily stock snapshots.

The one place the forecast reads `inventory_snapshots`: a big catalog may
change how snapshots are stored (a row only when stock changes), and then only
this module changes. A day that ended with stock served all its demand; a day
that ended empty (`on_hand = 0`) hid some: if it sold, the shelf emptied
during the day (a sell-out day), otherwise it was out of stock all day.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.periods import period_start
from data_access.schema import daily_sales, inventory_snapshots, products, warehouses


def weekly_stock_days(start: date, end: date, dimensions: sa.ColumnElement[bool]) -> sa.CompoundSelect:
    """Rows of product_id, warehouse_id, Monday `week_start` between `start`
    and `end` (inclusive), `instock_days`, `sellout_days` and `observed_days`
    (days with a snapshot), whose sums per product x warehouse x week are the
    week's counts; `dimensions` filters on products and warehouses.

    Only the empty days are joined to the day's sales (to tell a sell-out
    from a day out of stock): a few percent of the snapshots (joining all
    106M of a big catalog's cost a tenth of the forecast's read)."""
    snapshots = inventory_snapshots.c
    empty = snapshots.on_hand <= 0
    week = period_start(snapshots.snapshot_date, "week").label("week_start")
    keys = (snapshots.product_id, snapshots.warehouse_id, week)
    in_dates = sa.and_(snapshots.snapshot_date.between(start, end), dimensions)
    days = (
        sa.select(
            *keys,
            sa.func.sum(sa.case((empty, 0), else_=1)).label("instock_days"),
            sa.literal(0).label("sellout_days"),
            sa.func.count().label("observed_days"),
        )
        .select_from(_with_dimensions())
        .where(in_dates)
        .group_by(*keys)
    )
    sold = sa.and_(
        daily_sales.c.sale_date == snapshots.snapshot_date,
        daily_sales.c.product_id == snapshots.product_id,
        daily_sales.c.warehouse_id == snapshots.warehouse_id,
        daily_sales.c.sold_units > 0,
    )
    sellouts = (
        sa.select(*keys, sa.literal(0).label("instock_days"), sa.func.count().label("sellout_days"),
                  sa.literal(0).label("observed_days"))  # fmt: skip
        .select_from(_with_dimensions().join(daily_sales, sold))
        .where(in_dates, empty)
        .group_by(*keys)
    )
    return sa.union_all(days, sellouts)


def stocked_pairs(start: date, end: date, dimensions: sa.ColumnElement[bool]) -> sa.Select:
    """The distinct product x warehouse pairs with a snapshot between `start` and `end`."""
    return (
        sa.select(inventory_snapshots.c.product_id, inventory_snapshots.c.warehouse_id)
        .select_from(_with_dimensions())
        .where(inventory_snapshots.c.snapshot_date.between(start, end), dimensions)
        .distinct()
    )


def has_stock_levels(conn: Connection, end: date, dimensions: sa.ColumnElement[bool]) -> bool:
    """Whether any snapshot of the selection exists on or before `end`."""
    stmt = (
        sa.select(inventory_snapshots.c.product_id)
        .select_from(_with_dimensions())
        .where(inventory_snapshots.c.snapshot_date <= end, dimensions)
        .limit(1)
    )
    return conn.execute(stmt).first() is not None


def _with_dimensions() -> sa.Join:
    return inventory_snapshots.join(products, products.c.product_id == inventory_snapshots.c.product_id).join(
        warehouses, warehouses.c.warehouse_id == inventory_snapshots.c.warehouse_id
    )
