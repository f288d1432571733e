"""What a replay reads besides the simulator's truth: the units sold per day
before it starts (the min/max rule averages the last 30 days) and the
purchase orders open when it starts, with the day they really arrived."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.frames import read_frame
from data_access.schema import daily_sales, purchase_orders


def daily_sold_units(conn: Connection, start: date, end: date) -> pd.DataFrame:
    """product_id, warehouse_id, sale_date, units (gross units sold) per day with sales in `start`..`end`."""
    keys = (daily_sales.c.product_id, daily_sales.c.warehouse_id, daily_sales.c.sale_date)
    stmt = (
        sa.select(*keys, daily_sales.c.sold_units.label("units"))
        .where(daily_sales.c.sale_date.between(start, end), daily_sales.c.sold_units > 0)
        .order_by(*keys)
    )
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id", "units"), dates=("sale_date",))


def orders_open_at_end_of(conn: Connection, day: date) -> pd.DataFrame:
    """Purchase orders placed by `day` and not received by its end: product_id,
    warehouse_id, quantity, received_on (empty if never received)."""
    po = purchase_orders.c
    stmt = (
        sa.select(po.product_id, po.warehouse_id, po.quantity, po.received_on)
        .where(po.ordered_on <= day, sa.or_(po.received_on.is_(None), po.received_on > day))
        .order_by(po.po_id)
    )
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id", "quantity"), dates=("received_on",))
