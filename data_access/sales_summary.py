"""Summaries of the order lines that the sales queries read instead of them.

- `daily_sales`: lines summed per day, product and warehouse. Revenue, units,
  margin and sales velocity only ever need these sums, and there are 10-100x
  fewer of them than lines.
- `daily_orders` and `spanning_orders`: distinct orders per day and warehouse,
  exact for any set of days and warehouses (an order that spans cells is
  counted once through its cells). Selections by category or SKU still count
  orders on the lines, since an order can hold products of several.

Whatever writes order lines calls `refresh_sales_summary` in the same
transaction, so summaries and lines always agree. Another program that writes
order lines directly runs `python -m data_access.refresh_summaries` afterwards.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.schema import daily_orders, daily_sales, order_lines, spanning_orders


def refresh_sales_summary(conn: Connection, first_day: date | None = None, last_day: date | None = None) -> None:
    """Recompute the daily sums of the days from `first_day` to `last_day`
    (every day when both are None) and the order counts of every day: whether
    an order spans cells depends on all of its lines, wherever they are."""
    refresh_daily_sales(conn, first_day, last_day)
    refresh_order_counts(conn)


def refresh_daily_sales(conn: Connection, first_day: date | None, last_day: date | None) -> None:
    if first_day is None and last_day is None:
        stale, source = sa.true(), sa.true()
    else:
        stale = daily_sales.c.sale_date.between(first_day, last_day)
        source = order_lines.c.order_date.between(first_day, last_day)
    conn.execute(daily_sales.delete().where(stale))
    keys = (order_lines.c.order_date, order_lines.c.product_id, order_lines.c.warehouse_id)
    sums = (
        sa.select(
            *keys,
            sa.func.sum(order_lines.c.quantity),
            sa.func.sum(sa.case((order_lines.c.quantity > 0, order_lines.c.quantity), else_=0)),
            sa.func.sum(order_lines.c.net_revenue),
        )
        .where(source)
        .group_by(*keys)
        .order_by(*keys)
    )  # stored in date order: date filters skip whole blocks
    conn.execute(
        daily_sales.insert().from_select(
            ["sale_date", "product_id", "warehouse_id", "units", "sold_units", "revenue"], sums
        )
    )


def refresh_order_counts(conn: Connection) -> None:
    conn.execute(daily_orders.delete())
    conn.execute(spanning_orders.delete())
    cell = (order_lines.c.order_id, order_lines.c.order_date, order_lines.c.warehouse_id)
    cells = sa.select(*cell).group_by(*cell).subquery("cells")
    counted = sa.select(
        cells.c.order_id,
        cells.c.order_date,
        cells.c.warehouse_id,
        sa.func.count().over(partition_by=cells.c.order_id).label("cells_of_order"),
    ).subquery("counted")
    single = (
        sa.select(counted.c.order_date, counted.c.warehouse_id, sa.func.count())
        .where(counted.c.cells_of_order == 1)
        .group_by(counted.c.order_date, counted.c.warehouse_id)
    )
    conn.execute(daily_orders.insert().from_select(["sale_date", "warehouse_id", "orders"], single))
    spanning = sa.select(counted.c.order_id, counted.c.order_date, counted.c.warehouse_id).where(
        counted.c.cells_of_order > 1
    )
    conn.execute(spanning_orders.insert().from_select(["order_id", "sale_date", "warehouse_id"], spanning))
