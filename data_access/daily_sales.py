"""The `daily_sales` summary: order lines summed per day, product and warehouse.

Revenue, units, margin and sales velocity only ever need these daily sums, and
there are 10-100x fewer of them than order lines, so those queries read the
summary. Distinct orders cannot be summed from it and still come from
`order_lines`. Whatever writes order lines refreshes the days it touched, in
the same transaction, so the two always agree.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.schema import daily_sales, order_lines


def refresh_daily_sales(conn: Connection, first_day: date | None = None, last_day: date | None = None) -> None:
    """Recompute the summary for the days from `first_day` to `last_day`
    (every day when both are None) from the order lines."""
    if first_day is None and last_day is None:
        stale, source = sa.true(), sa.true()
    else:
        stale = daily_sales.c.sale_date.between(first_day, last_day)
        source = order_lines.c.order_date.between(first_day, last_day)
    conn.execute(daily_sales.delete().where(stale))
    keys = (order_lines.c.order_date, order_lines.c.product_id, order_lines.c.warehouse_id)
    sums = sa.select(
        *keys,
        sa.func.sum(order_lines.c.quantity),
        sa.func.sum(sa.case((order_lines.c.quantity > 0, order_lines.c.quantity), else_=0)),
        sa.func.sum(order_lines.c.net_revenue),
    ).where(source).group_by(*keys)
    columns = ["sale_date", "product_id", "warehouse_id", "units", "sold_units", "revenue"]
    conn.execute(daily_sales.insert().from_select(columns, sums))
