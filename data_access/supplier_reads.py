"""What the Suppliers page reads about purchase orders, aggregated in the database.

A purchase order's supplier is the one it names, else its product's. Every
query joins the products and warehouses the selection filters on
(`filters.dimension_conditions`), so the warehouse and category selection,
and any scope the filters carry, narrows every figure.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import days_between, period_start
from data_access.schema import products, purchase_orders, warehouses

po = purchase_orders.c
SUPPLIER = sa.func.coalesce(po.supplier, products.c.supplier)


def receipt_counts(conn: Connection, f: Filters) -> pd.DataFrame:
    """Purchase orders received in the selection's dates, counted per
    supplier, month (of receipt), lead_days (received - ordered) and
    days_late (received - expected; empty without an expected date):
    orders and units. Orders without any supplier name are left out."""
    supplier = SUPPLIER.label("supplier")
    month = period_start(po.received_on, "month").label("month")
    lead_days = days_between(po.received_on, po.ordered_on).label("lead_days")
    days_late = days_between(po.received_on, po.expected_on).label("days_late")
    keys = (supplier, month, lead_days, days_late)
    stmt = (
        sa.select(*keys, sa.func.count().label("orders"), sa.func.sum(po.quantity).label("units"))
        .select_from(with_dimensions(purchase_orders))
        .where(po.received_on.between(f.start, f.end), SUPPLIER.is_not(None), dimension_conditions(f))
        .group_by(*keys)
        .order_by(*keys)
    )
    return read_frame(conn, stmt, integers=("lead_days", "orders", "units"), dates=("month",))


def open_order_totals(conn: Connection, f: Filters, as_of: date) -> pd.DataFrame:
    """Per supplier, orders placed by `as_of` and not received by then:
    open_orders, open_units, open_value (units x the product's unit cost,
    orders without a cost count 0) and late_open_orders (expected before `as_of`)."""
    supplier = SUPPLIER.label("supplier")
    late = sa.case((po.expected_on < as_of, 1), else_=0)
    stmt = (
        sa.select(
            supplier,
            sa.func.count().label("open_orders"),
            sa.func.sum(po.quantity).label("open_units"),
            sa.func.sum(po.quantity * sa.func.coalesce(products.c.unit_cost, 0)).label("open_value"),
            sa.func.sum(late).label("late_open_orders"),
        )
        .select_from(with_dimensions(purchase_orders))
        .where(
            po.ordered_on <= as_of,
            sa.or_(po.received_on.is_(None), po.received_on > as_of),
            SUPPLIER.is_not(None),
            dimension_conditions(f),
        )
        .group_by(supplier)
        .order_by(supplier)
    )
    integers = ("open_orders", "open_units", "late_open_orders")
    return read_frame(conn, stmt, integers=integers, money=("open_value",))


def supplier_orders(conn: Connection, f: Filters, supplier: str) -> pd.DataFrame:
    """One supplier's purchase orders of the selection that were received in
    its dates or were open at its end: po_id, product_id, sku, name,
    warehouse, ordered_on, expected_on, received_on, quantity, value (at cost),
    lead_days and days_late (received - expected; for open orders the days
    past expected at the end), newest first."""
    reference = sa.case((po.received_on <= f.end, po.received_on), else_=sa.literal(f.end, sa.Date))
    stmt = (
        sa.select(
            po.po_id,
            po.product_id,
            products.c.sku,
            products.c.name,
            warehouses.c.code.label("warehouse"),
            po.ordered_on,
            po.expected_on,
            po.received_on,
            po.quantity,
            (po.quantity * sa.func.coalesce(products.c.unit_cost, 0)).label("value"),
            days_between(po.received_on, po.ordered_on).label("lead_days"),
            days_between(reference, po.expected_on).label("days_late"),
        )
        .select_from(with_dimensions(purchase_orders))
        .where(
            SUPPLIER == supplier,
            sa.or_(
                po.received_on.between(f.start, f.end),
                sa.and_(po.ordered_on <= f.end, sa.or_(po.received_on.is_(None), po.received_on > f.end)),
            ),
            dimension_conditions(f),
        )
        .order_by(po.ordered_on.desc(), po.po_id.desc())
    )
    frame = read_frame(
        conn, stmt, integers=("po_id", "product_id", "quantity"), money=("value",),
        dates=("ordered_on", "expected_on", "received_on"),
    )  # fmt: skip
    open_now = frame["received_on"].isna() | (frame["received_on"] > pd.Timestamp(f.end))
    return frame.assign(
        received_on=frame["received_on"].where(~open_now), lead_days=frame["lead_days"].where(~open_now)
    )
