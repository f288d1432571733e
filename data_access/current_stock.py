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
snapshot or a sale after it (`answers_as_of`). A past day (a comparison
period, yesterday's alerts) reads the history, but only its last
`RECENT_DAYS` days for most positions: the rest go further back, and they
are few (a position counted less often than monthly, or unsold that long).
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, dimension_conditions, same_position, with_dimensions
from data_access.schema import current_stock, daily_sales
from data_access.schema import inventory_snapshots as snapshots

COLUMNS = ("product_id", "warehouse_id", "snapshot_date", "on_hand", "last_sale_date", "first_snapshot_date")
RECENT_DAYS = 28
"""How far back a past day's latest snapshot and sale are looked for first."""


def refresh_current_stock(conn: Connection) -> None:
    """Rebuild the table from the snapshots and the daily sales (the sales
    summary must be up to date first). A database before revision 0009 (the
    migration tests load such) has no table yet: 0009 fills it."""
    if not sa.inspect(conn).has_table(current_stock.name):
        return
    conn.execute(current_stock.delete())
    pair = (snapshots.c.product_id, snapshots.c.warehouse_id)
    days = sa.select(
        *pair,
        sa.func.max(snapshots.c.snapshot_date).label("day"),
        sa.func.min(snapshots.c.snapshot_date).label("first_day"),
    ).group_by(*pair).subquery("days")
    sold = _latest_day(daily_sales, daily_sales.c.sale_date, daily_sales.c.sold_units > 0)
    latest = sa.and_(same_position(days, snapshots), snapshots.c.snapshot_date == days.c.day)
    rows = sa.select(*pair, snapshots.c.snapshot_date, snapshots.c.on_hand, sold.c.day, days.c.first_day).select_from(
        snapshots.join(days, latest).outerjoin(sold, same_position(sold, snapshots))
    )
    conn.execute(current_stock.insert().from_select(list(COLUMNS), rows))


def answers_as_of(conn: Connection, f: Filters, as_of: date) -> bool:
    """Whether `current_stock` holds the selection's positions as of `as_of`:
    none of them has a snapshot or a positive sale after that day."""
    later = sa.or_(current_stock.c.snapshot_date > as_of, current_stock.c.last_sale_date > as_of)
    probe = sa.select(current_stock.c.product_id).where(later)
    if f.names_dimensions:
        probe = probe.select_from(with_dimensions(current_stock)).where(dimension_conditions(f))
    return conn.execute(probe.limit(1)).first() is None


def stock_as_of(as_of: date) -> sa.Subquery:
    """The rows `current_stock` would have held on `as_of` (same columns but
    the first snapshot's day): every position's latest snapshot on or before
    that day and its latest day with a positive sale by then, from the
    history. Each is looked for in the last RECENT_DAYS first; only the
    positions not found there are looked for further back (an empty set costs
    nothing: the database skips the join)."""
    recent_start = as_of - timedelta(days=RECENT_DAYS - 1)
    recent = _latest_day(snapshots, snapshots.c.snapshot_date, snapshots.c.snapshot_date.between(recent_start, as_of))
    unseen = _unresolved(recent, current_stock.c.first_snapshot_date < recent_start)
    earlier = _latest_day(snapshots, snapshots.c.snapshot_date, snapshots.c.snapshot_date < recent_start, among=unseen)
    stock = sa.union_all(
        _snapshot_on(recent, snapshots.c.snapshot_date.between(recent_start, as_of)),
        _snapshot_on(earlier, snapshots.c.snapshot_date < recent_start),
    ).subquery("stock")

    selling = daily_sales.c.sold_units > 0
    sold_recently = _latest_day(
        daily_sales, daily_sales.c.sale_date, selling, daily_sales.c.sale_date.between(recent_start, as_of)
    )
    sold_after = _unresolved(sold_recently, current_stock.c.last_sale_date > as_of)
    sold_earlier = _latest_day(
        daily_sales, daily_sales.c.sale_date, selling, daily_sales.c.sale_date < recent_start, among=sold_after
    )
    kept = sa.case((current_stock.c.last_sale_date <= as_of, current_stock.c.last_sale_date))
    last_sale = sa.func.coalesce(sold_recently.c.day, sold_earlier.c.day, kept)
    return (
        sa.select(stock, last_sale.label("last_sale_date"))
        .select_from(
            stock.join(current_stock, same_position(stock, current_stock))
            .outerjoin(sold_recently, same_position(sold_recently, stock))
            .outerjoin(sold_earlier, same_position(sold_earlier, stock))
        )
        .subquery("stock_as_of")
    )


def _latest_day(table: sa.Table, day: sa.Column, *where, among: sa.Subquery | None = None) -> sa.Subquery:
    """The latest `day` of each position's rows of `table` matching `where` (only the positions `among`)."""
    pair = (table.c.product_id, table.c.warehouse_id)
    source = table if among is None else table.join(among, same_position(among, table))
    latest = sa.select(*pair, sa.func.max(day).label("day")).select_from(source).where(*where).group_by(*pair)
    return latest.subquery()


def _unresolved(found: sa.Subquery, *where) -> sa.Subquery:
    """The positions of `current_stock` matching `where` that `found` lacks."""
    pair = (current_stock.c.product_id, current_stock.c.warehouse_id)
    missing = sa.select(*pair).select_from(current_stock.outerjoin(found, same_position(found, current_stock)))
    return missing.where(found.c.product_id.is_(None), *where).subquery()


def _snapshot_on(latest: sa.Subquery, *where) -> sa.Select:
    """The snapshot rows of the days in `latest` (`where` narrows the scan to their dates)."""
    on_day = sa.and_(same_position(latest, snapshots), snapshots.c.snapshot_date == latest.c.day)
    return sa.select(
        snapshots.c.product_id, snapshots.c.warehouse_id, snapshots.c.snapshot_date, snapshots.c.on_hand
    ).select_from(snapshots.join(latest, on_day)).where(*where)
