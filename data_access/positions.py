"""Stock positions: everything the stock-health rules need per product x
warehouse, joined in the database into one row per position.

Trailing demand and units on order are each aggregated per (product_id,
warehouse_id) and left-joined to the position's stock (the current-stock
table, or the history for a past day: `data_access.current_stock`), so the
page gets one small frame from one query instead of several frames to merge
in pandas. Lead times are the replenishment policy's, per supplier x product
(`data_access.policy_reads`).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.current_stock import answers_as_of, stock_as_of
from data_access.filters import Filters, dimension_conditions, same_position, with_dimensions
from data_access.frames import read_frame
from data_access.schema import current_stock, daily_sales, products, purchase_orders, warehouses
from data_access.widths import squared, times_money


def stock_positions(conn: Connection, f: Filters, as_of: date, velocity_window_days: int) -> pd.DataFrame:
    """Every product x warehouse of the selection with a snapshot on or before
    `as_of` (its latest one: imported data may have gaps), by sku and warehouse.

    Columns:
    - product_id, warehouse_id, sku, name, category, warehouse, on_hand,
      unit_cost, stock_value (on_hand x unit_cost), list_price, supplier,
      lead_time_days (the product's nominal lead time), pack_size,
      min_order_qty, launched_on, snapshot_date (of the snapshot used);
    - units: net units sold in the `velocity_window_days` ending on `as_of`;
      avg_daily_units and std_daily_units over every day of that window, zero
      days included; last_sale_date: the latest day with a positive sale on or
      before `as_of`, any time back (empty if never sold);
    - on_order: units of purchase orders placed by `as_of` and not received by then.
    """
    stock = current_stock if answers_as_of(conn, f, as_of) else stock_as_of(as_of)
    window = daily_sales.c.sale_date.between(as_of - timedelta(days=velocity_window_days - 1), as_of)
    velocity = _per_position(
        daily_sales,
        f,
        sa.func.sum(daily_sales.c.units).label("units"),
        sa.func.sum(squared(daily_sales.c.units)).label("units_squared"),
        where=[window],
    )
    inbound = _per_position(
        purchase_orders,
        f,
        sa.func.sum(purchase_orders.c.quantity).label("on_order"),
        where=[
            purchase_orders.c.ordered_on <= as_of,
            sa.or_(purchase_orders.c.received_on.is_(None), purchase_orders.c.received_on > as_of),
        ],
    )
    stmt = (
        sa.select(
            stock.c.product_id,
            stock.c.warehouse_id,
            products.c.sku,
            products.c.name,
            products.c.category,
            warehouses.c.code.label("warehouse"),
            stock.c.on_hand,
            products.c.unit_cost,
            times_money(stock.c.on_hand, sa.func.coalesce(products.c.unit_cost, 0)).label("stock_value"),
            products.c.list_price,
            products.c.supplier,
            products.c.lead_time_days,
            products.c.pack_size,
            products.c.min_order_qty,
            products.c.launched_on,
            stock.c.snapshot_date,
            velocity.c.units,
            velocity.c.units_squared,
            stock.c.last_sale_date,
            inbound.c.on_order,
        )
        .select_from(
            with_dimensions(stock)
            .outerjoin(velocity, same_position(velocity, stock))
            .outerjoin(inbound, same_position(inbound, stock))
        )
        .where(dimension_conditions(f))
        .order_by(products.c.sku, warehouses.c.code)
    )
    frame = read_frame(
        conn,
        stmt,
        money=("unit_cost", "stock_value", "list_price"),
        integers=("product_id", "warehouse_id", "on_hand", "units", "on_order"),
        dates=("launched_on", "snapshot_date", "last_sale_date"),
    )
    mean = frame["units"] / velocity_window_days
    variance = (frame.pop("units_squared").astype("float64").fillna(0.0) / velocity_window_days - mean**2).clip(lower=0)
    return frame.assign(avg_daily_units=mean, std_daily_units=np.sqrt(variance)).astype(
        {"lead_time_days": "Int64", "pack_size": "Int64", "min_order_qty": "Int64"}
    )


def _per_position(table: sa.Table, f: Filters, *measures: sa.ColumnElement, where: list) -> sa.Subquery:
    """`measures` over `table`'s rows matching `where` and the selection, per
    product and warehouse id: grouping on the ids before naming them costs
    half as much as joining the dimensions to every row first."""
    pair = (table.c.product_id, table.c.warehouse_id)
    stmt = sa.select(*pair, *measures).where(*where)
    if f.names_dimensions:
        stmt = stmt.select_from(with_dimensions(table)).where(dimension_conditions(f))
    return stmt.group_by(*pair).subquery(f"{table.name}_{measures[0].name}")
