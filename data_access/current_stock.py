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
period, yesterday's alerts) reads the history: the day's own snapshots for
most positions, its last `RECENT_DAYS` days for the rest; only a few go
further back (a position counted less often than monthly, or unsold that long).
"""

from __future__ import annotations

import functools
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
    sold = _latest_day(daily_sales, daily_sales.c.sale_date, daily_sales.c.sold_units > 0).subquery()
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


@functools.lru_cache(maxsize=32)
def stock_as_of(as_of: date) -> sa.CTE:
    """The rows `current_stock` would have held on `as_of` (same columns but
    the first snapshot's day): every position's latest snapshot on or before
    that day and its latest day with a positive sale by then, from the
    history. Stock is read from the day's own snapshots first (a shop that
    counts daily has one per position); only the positions not counted that
    day are looked for in the RECENT_DAYS before it, and only those not found
    there further back. Sales are looked for in the recent days; a position
    that sold after `as_of` but not in them (a few thousand of 160,000) is
    looked for further back on its own, which PostgreSQL answers from the
    position's index instead of scanning every day's sales. An empty set of
    positions costs nothing: the database skips the join.

    The steps used twice and the result are materialized: PostgreSQL
    otherwise repeats a step for each use and, guessing the result at a few
    hundred rows instead of one per position, joins the products and
    warehouses to it by nested loops (70 s instead of 6 s for a past day of
    160,000 positions). Built once per day (`lru_cache`: statements are
    immutable): building it took a quarter of a 1,800-position read."""
    recent_start, day_before = as_of - timedelta(days=RECENT_DAYS), as_of - timedelta(days=1)
    day = snapshots.c.snapshot_date
    counted = materialized(
        sa.select(snapshots.c.product_id, snapshots.c.warehouse_id, day, snapshots.c.on_hand).where(day == as_of),
        "counted_on_day",
    )
    uncounted = _unresolved(counted, current_stock.c.first_snapshot_date < as_of)
    recent = materialized(
        _latest_day(snapshots, day, day.between(recent_start, day_before), among=uncounted), "recent_snapshot_days"
    )
    found = sa.union_all(*(sa.select(step.c.product_id, step.c.warehouse_id) for step in (counted, recent)))
    unseen = _unresolved(found.subquery(), current_stock.c.first_snapshot_date < recent_start)
    earlier = _latest_day(snapshots, day, day < recent_start, among=unseen).subquery()
    stock = sa.union_all(
        sa.select(counted),
        _snapshot_on(recent, day.between(recent_start, day_before)),
        _snapshot_on(earlier, day < recent_start),
    ).subquery("stock")

    selling = daily_sales.c.sold_units > 0
    sold_recently = _latest_day(
        daily_sales, daily_sales.c.sale_date, selling, daily_sales.c.sale_date.between(recent_start, as_of)
    ).subquery()
    sold_after = _unresolved(sold_recently, current_stock.c.last_sale_date > as_of)
    before = (
        sa.select(sa.func.max(daily_sales.c.sale_date))
        .where(same_position(sold_after, daily_sales), selling, daily_sales.c.sale_date < recent_start)
        .scalar_subquery()
    )
    sold_earlier = sa.select(sold_after.c.product_id, sold_after.c.warehouse_id, before.label("day")).subquery()
    kept = sa.case((current_stock.c.last_sale_date <= as_of, current_stock.c.last_sale_date))
    last_sale = sa.func.coalesce(sold_recently.c.day, sold_earlier.c.day, kept)
    return materialized(
        sa.select(stock, last_sale.label("last_sale_date")).select_from(
            stock.join(current_stock, same_position(stock, current_stock))
            .outerjoin(sold_recently, same_position(sold_recently, stock))
            .outerjoin(sold_earlier, same_position(sold_earlier, stock))
        ),
        "stock_as_of",
    )


def materialized(step: sa.Select, name: str) -> sa.CTE:
    """`step` as a common table expression the database computes once (also
    for a step used once: PostgreSQL plans what follows on its real size)."""
    return step.cte(name).prefix_with("MATERIALIZED")


def _latest_day(table: sa.Table, day: sa.Column, *where, among: sa.FromClause | None = None) -> sa.Select:
    """The latest `day` of each position's rows of `table` matching `where` (only the positions `among`)."""
    pair = (table.c.product_id, table.c.warehouse_id)
    source = table if among is None else table.join(among, same_position(among, table))
    return sa.select(*pair, sa.func.max(day).label("day")).select_from(source).where(*where).group_by(*pair)


def _unresolved(found: sa.FromClause, *where) -> sa.Subquery:
    """The positions of `current_stock` matching `where` that `found` lacks."""
    pair = (current_stock.c.product_id, current_stock.c.warehouse_id)
    missing = sa.select(*pair).select_from(current_stock.outerjoin(found, same_position(found, current_stock)))
    return missing.where(found.c.product_id.is_(None), *where).subquery()


def _snapshot_on(latest: sa.FromClause, *where) -> sa.Select:
    """The snapshot rows of the days in `latest` (`where` narrows the scan to their dates)."""
    on_day = sa.and_(same_position(latest, snapshots), snapshots.c.snapshot_date == latest.c.day)
    return sa.select(
        snapshots.c.product_id, snapshots.c.warehouse_id, snapshots.c.snapshot_date, snapshots.c.on_hand
    ).select_from(snapshots.join(latest, on_day)).where(*where)
