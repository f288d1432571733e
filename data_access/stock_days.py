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


def weekly_stock_days(start: date, end: date, dimensions: sa.ColumnElement[bool]) -> sa.Select:
    """Per product x warehouse x Monday week between `start` and `end`
    (inclusive): `instock_days`, `sellout_days` and `observed_days` (days with a
    snapshot); `dimensions` filters on products and warehouses."""
    sold = sa.and_(
        daily_sales.c.sale_date == inventory_snapshots.c.snapshot_date,
        daily_sales.c.product_id == inventory_snapshots.c.product_id,
        daily_sales.c.warehouse_id == inventory_snapshots.c.warehouse_id,
    )
    empty = inventory_snapshots.c.on_hand <= 0
    week = period_start(inventory_snapshots.c.snapshot_date, "week").label("week_start")
    return (
        sa.select(
            inventory_snapshots.c.product_id,
            inventory_snapshots.c.warehouse_id,
            week,
            sa.func.sum(sa.case((empty, 0), else_=1)).label("instock_days"),
            sa.func.sum(sa.case((sa.and_(empty, daily_sales.c.sold_units > 0), 1), else_=0)).label("sellout_days"),
            sa.func.count().label("observed_days"),
        )
        .select_from(_with_dimensions().outerjoin(daily_sales, sold))
        .where(inventory_snapshots.c.snapshot_date.between(start, end), dimensions)
        .group_by(inventory_snapshots.c.product_id, inventory_snapshots.c.warehouse_id, week)
    )


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
