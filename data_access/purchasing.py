"""Purchase-order lead times, delays and open orders."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, date_condition, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import days_between
from data_access.schema import products, purchase_orders, warehouses


def lead_times(conn: Connection, f: Filters) -> pd.DataFrame:
    """Observed supplier performance per product x warehouse, from the purchase
    orders received within the selection's dates.

    Columns: sku, warehouse, received_orders, avg_lead_days (ordered -> received),
    max_lead_days, avg_delay_days (received - expected, early counts as 0),
    late_orders (received after expected).
    """
    lead = days_between(purchase_orders.c.received_on, purchase_orders.c.ordered_on)
    delay = days_between(purchase_orders.c.received_on, purchase_orders.c.expected_on)
    stmt = (
        sa.select(
            products.c.sku,
            warehouses.c.code.label("warehouse"),
            sa.func.count().label("received_orders"),
            sa.func.avg(lead * 1.0).label("avg_lead_days"),
            sa.func.max(lead).label("max_lead_days"),
            sa.func.avg(sa.case((delay > 0, delay), else_=0) * 1.0).label("avg_delay_days"),
            sa.func.sum(sa.case((delay > 0, 1), else_=0)).label("late_orders"),
        )
        .select_from(with_dimensions(purchase_orders))
        .where(
            purchase_orders.c.received_on.is_not(None),
            date_condition(purchase_orders.c.received_on, f),
            dimension_conditions(f),
        )
        .group_by(products.c.sku, warehouses.c.code)
        .order_by(products.c.sku, warehouses.c.code)
    )
    frame = read_frame(conn, stmt, integers=("received_orders", "max_lead_days", "late_orders"))
    for name in ("avg_lead_days", "avg_delay_days"):
        frame[name] = frame[name].astype("float64").round(2)
    return frame


def open_purchase_orders(conn: Connection, f: Filters, as_of: date) -> pd.DataFrame:
    """Purchase orders placed on or before `as_of` and not received by then.

    Columns: po_id, supplier, sku, name, warehouse, ordered_on, expected_on,
    quantity, days_late (as_of - expected_on when past due, else 0).
    Oldest expected first.
    """
    overdue = days_between(sa.literal(as_of, sa.Date), purchase_orders.c.expected_on)
    stmt = (
        sa.select(
            purchase_orders.c.po_id,
            purchase_orders.c.supplier,
            products.c.sku,
            products.c.name,
            warehouses.c.code.label("warehouse"),
            purchase_orders.c.ordered_on,
            purchase_orders.c.expected_on,
            purchase_orders.c.quantity,
            sa.case((overdue > 0, overdue), else_=0).label("days_late"),
        )
        .select_from(with_dimensions(purchase_orders))
        .where(
            purchase_orders.c.ordered_on <= as_of,
            sa.or_(purchase_orders.c.received_on.is_(None), purchase_orders.c.received_on > as_of),
            dimension_conditions(f),
        )
        .order_by(purchase_orders.c.expected_on, purchase_orders.c.po_id)
    )
    return read_frame(conn, stmt, integers=("po_id", "quantity", "days_late"), dates=("ordered_on", "expected_on"))


def units_on_order(open_orders: pd.DataFrame) -> pd.DataFrame:
    """Units on order per product x warehouse, from a frame of `open_purchase_orders`.

    Columns: sku, warehouse, on_order.
    """
    return (
        open_orders.groupby(["sku", "warehouse"], as_index=False)["quantity"]
        .sum()
        .rename(columns={"quantity": "on_order"})
    )
