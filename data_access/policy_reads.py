"""What the replenishment policy reads besides stock positions: lead times of
received purchase orders, counted per whole number of days, and each
product's revenue for its ABC class. Both are shop-wide facts about
suppliers and products, so the warehouse selection does not narrow them."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters
from data_access.frames import read_frame
from data_access.periods import days_between
from data_access.schema import daily_sales, products, purchase_orders


def receipt_histograms(
    conn: Connection, f: Filters, as_of: date, history_days: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Purchase orders received in the `history_days` ending on `as_of`,
    counted per supplier x product x lead time in days (`receipts`): for the
    selection's products (its categories and SKUs; every warehouse), and per
    supplier x lead time over every product (the supplier's pooled figures).

    Returns (own: supplier, product_id, lead_days, receipts; pooled: supplier,
    lead_days, receipts), sorted by their keys."""
    po = purchase_orders.c
    lead_days = days_between(po.received_on, po.ordered_on).label("lead_days")
    received = [po.received_on.between(as_of - timedelta(days=history_days - 1), as_of), po.supplier.is_not(None)]
    own_keys = (po.supplier, po.product_id, lead_days)
    counted = sa.select(*own_keys, sa.func.count().label("receipts")).where(*received).group_by(*own_keys)
    narrowed = bool(f.categories or f.skus)
    if narrowed:
        chosen = sa.select(products.c.product_id)
        if f.categories:
            chosen = chosen.where(products.c.category.in_(f.categories))
        if f.skus:
            chosen = chosen.where(products.c.sku.in_(f.skus))
        counted = counted.where(po.product_id.in_(chosen))
    integers = ("lead_days", "receipts")
    own = read_frame(conn, counted.order_by(*own_keys), integers=("product_id", *integers))
    if not narrowed:  # every product's receipts are here already: pool them without a second query
        return own, own.groupby(["supplier", "lead_days"], as_index=False, sort=True)["receipts"].sum()
    pooled_keys = (po.supplier, lead_days)
    pooled = sa.select(*pooled_keys, sa.func.count().label("receipts")).where(*received).group_by(*pooled_keys)
    return own, read_frame(conn, pooled.order_by(*pooled_keys), integers=integers)


def product_revenue(conn: Connection, start: date, end: date) -> pd.DataFrame:
    """Net revenue per product over `start`..`end`, every warehouse: product_id,
    revenue (products without sales have no row)."""
    stmt = (
        sa.select(daily_sales.c.product_id, sa.func.sum(daily_sales.c.revenue).label("revenue"))
        .where(daily_sales.c.sale_date.between(start, end))
        .group_by(daily_sales.c.product_id)
        .order_by(daily_sales.c.product_id)
    )
    return read_frame(conn, stmt, money=("revenue",), integers=("product_id",))
