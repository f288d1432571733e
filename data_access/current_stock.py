"""Each position's stock now, kept beside the snapshot history.

Picking every position's latest snapshot means grouping the whole history (a
daily row per position: 100 million rows for a 20,000-SKU catalog over two
years) and finding its last sale means scanning every daily sum. The
`current_stock` table holds both answers, one row per position, so reading
"stock now" reads the positions and no history.

Whatever writes snapshots or order lines calls `refresh_current_stock` in the
same transaction (the importer, the sample-data generator, the migrations, and
`python -m data_access.refresh_summaries` after another program's writes).
The table answers for a day only when no position of the selection has a
snapshot or a sale after it (`answers_as_of`); a past day reads the history.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, dimension_conditions, with_dimensions
from data_access.schema import current_stock, daily_sales
from data_access.schema import inventory_snapshots as snapshots

COLUMNS = ("product_id", "warehouse_id", "snapshot_date", "on_hand", "last_sale_date")


def refresh_current_stock(conn: Connection) -> None:
    """Rebuild the table from the snapshots and the daily sales (the sales
    summary must be up to date first). A database before revision 0009 (the
    migration tests load such) has no table yet: 0009 fills it."""
    if not sa.inspect(conn).has_table(current_stock.name):
        return
    conn.execute(current_stock.delete())
    conn.execute(current_stock.insert().from_select(list(COLUMNS), stock_as_of(None)))


def stock_as_of(as_of: date | None) -> sa.Select:
    """Every position's latest snapshot on or before `as_of` (any day when
    None) and its latest day with a positive sale by then, from the history:
    the rows of `current_stock` for that day."""
    pair = (snapshots.c.product_id, snapshots.c.warehouse_id)
    by_day = snapshots.c.snapshot_date <= as_of if as_of else sa.true()
    latest = sa.select(*pair, sa.func.max(snapshots.c.snapshot_date).label("day")).where(by_day).group_by(*pair)
    latest = latest.subquery("latest")
    sold = daily_sales.c.sold_units > 0
    if as_of:
        sold = sa.and_(sold, daily_sales.c.sale_date <= as_of)
    sale_pair = (daily_sales.c.product_id, daily_sales.c.warehouse_id)
    last_sale = sa.select(*sale_pair, sa.func.max(daily_sales.c.sale_date).label("day")).where(sold)
    last_sale = last_sale.group_by(*sale_pair).subquery("last_sale")
    return sa.select(
        *pair, snapshots.c.snapshot_date, snapshots.c.on_hand, last_sale.c.day.label("last_sale_date")
    ).select_from(
        snapshots.join(
            latest,
            sa.and_(_same_position(latest), snapshots.c.snapshot_date == latest.c.day),
        ).outerjoin(last_sale, _same_position(last_sale))
    )


def answers_as_of(conn: Connection, f: Filters, as_of: date) -> bool:
    """Whether `current_stock` holds the selection's positions as of `as_of`:
    none of them has a snapshot or a positive sale after that day."""
    later = sa.or_(current_stock.c.snapshot_date > as_of, current_stock.c.last_sale_date > as_of)
    probe = sa.select(current_stock.c.product_id).where(later)
    if f.names_dimensions:
        probe = probe.select_from(with_dimensions(current_stock)).where(dimension_conditions(f))
    return conn.execute(probe.limit(1)).first() is None


def _same_position(other: sa.Subquery) -> sa.ColumnElement[bool]:
    return sa.and_(other.c.product_id == snapshots.c.product_id, other.c.warehouse_id == snapshots.c.warehouse_id)
