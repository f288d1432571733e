"""Open purchase orders: what is on its way, and how late."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import days_between
from data_access.schema import products, purchase_orders, warehouses


def open_purchase_orders(conn: Connection, f: Filters, as_of: date) -> pd.DataFrame:
    """Purchase orders placed on or before `as_of` and not received by then.

    Columns: po_id, supplier, product_id, warehouse_id, sku, name, warehouse,
    ordered_on, expected_on, quantity, days_late (as_of - expected_on when
    past due, else 0).
    Oldest expected first.
    """
    overdue = days_between(sa.literal(as_of, sa.Date), purchase_orders.c.expected_on)
    stmt = (
        sa.select(
            purchase_orders.c.po_id,
            purchase_orders.c.supplier,
            purchase_orders.c.product_id,
            purchase_orders.c.warehouse_id,
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
    integers = ("po_id", "product_id", "warehouse_id", "quantity", "days_late")
    return read_frame(conn, stmt, integers=integers, dates=("ordered_on", "expected_on"))
