"""Write rows so that they replace the rows with the same natural key, while
touching only what changed.

The file's rows and the keys it names are staged in temporary tables (bulk,
no constraints). A key is "changed" when its rows in the table and in the
file differ as multisets (compared in SQL with GROUP BY ... EXCEPT, so
duplicate lines count). Only changed keys are deleted and inserted again, so
re-importing a file, or an export that overlaps the previous one, rewrites
nothing it need not: the result is the same as "delete every key the file
names, insert the file's rows", but unchanged rows keep their ids and
DuckDB does not rewrite a million rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import bulk

_STAGING = sa.MetaData()


def replace_by_key(
    conn: Connection, table: sa.Table, frame: pd.DataFrame, key: tuple[str, ...], named_keys: pd.DataFrame | None = None
) -> int:
    """Make the table's rows of every key in `named_keys` (default: the
    frame's keys) equal to the frame's rows of that key. Returns the number of
    rows inserted."""
    named = frame if named_keys is None else named_keys
    if named.empty:
        return 0
    surrogate = _surrogate_id(table)
    if not _has_rows(conn, table):
        _insert_with_ids(conn, table, frame, surrogate)
        return len(frame)
    staged = _temporary(f"import_rows_{table.name}", table, [c.name for c in table.columns if c is not surrogate])
    keys = _temporary(f"import_keys_{table.name}", table, list(key))
    changed = _temporary(f"import_changed_{table.name}", table, list(key))
    for temporary in (staged, keys, changed):
        temporary.create(conn)
    bulk.insert_frame(conn, staged, frame)
    bulk.insert_frame(conn, keys, named[list(key)].drop_duplicates())
    for newer, older in ((staged, table), (table, staged)):
        difference = sa.except_(_grouped(newer, staged, keys, key), _grouped(older, staged, keys, key)).subquery()
        conn.execute(changed.insert().from_select(list(key), sa.select(*(difference.c[k] for k in key))))
    conn.execute(table.delete().where(_key_in(changed, table, key)))
    inserted = _insert_changed(conn, table, staged, changed, key, surrogate)
    for temporary in (staged, keys, changed):
        temporary.drop(conn)
    return inserted


def _surrogate_id(table: sa.Table) -> sa.Column | None:
    """The single-column primary key that is not part of the natural key."""
    primary_key = list(table.primary_key.columns)
    return primary_key[0] if len(primary_key) == 1 else None


def _has_rows(conn: Connection, table: sa.Table) -> bool:
    return conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None


def _insert_with_ids(conn: Connection, table: sa.Table, frame: pd.DataFrame, surrogate: sa.Column | None) -> None:
    """The plain bulk insert of an empty table's first rows."""
    if surrogate is not None:
        first = bulk.next_id(conn, table)
        frame = frame.assign(**{surrogate.name: np.arange(first, first + len(frame))})
    bulk.insert_frame(conn, table, frame)


def _temporary(name: str, like: sa.Table, columns: list[str]) -> sa.Table:
    """A temporary table with `like`'s column types; gone on rollback too."""
    if name in _STAGING.tables:
        return _STAGING.tables[name]
    return sa.Table(name, _STAGING, *(sa.Column(c, like.c[c].type) for c in columns), prefixes=["TEMPORARY"])


def _key_in(keys: sa.Table, table: sa.Table, key: tuple[str, ...]) -> sa.Exists:
    return sa.exists(sa.select(sa.literal(1)).where(*(keys.c[k].is_not_distinct_from(table.c[k]) for k in key)))


def _grouped(source: sa.Table, staged: sa.Table, keys: sa.Table, key: tuple[str, ...]) -> sa.Select:
    """Each distinct row of `source` with its count; the table's only for the named keys."""
    columns = [source.c[c.name] for c in staged.columns]
    query = sa.select(*columns, sa.func.count().label("copies")).group_by(*columns)
    return query if source is staged else query.where(_key_in(keys, source, key))


def _insert_changed(
    conn: Connection,
    table: sa.Table,
    staged: sa.Table,
    changed: sa.Table,
    key: tuple[str, ...],
    surrogate: sa.Column | None,
) -> int:
    """INSERT ... SELECT the staged rows of changed keys; returns how many
    (counted first: drivers do not all report rowcount for INSERT ... SELECT)."""
    of_changed_keys = _key_in(changed, staged, key)
    count = conn.execute(sa.select(sa.func.count()).select_from(staged).where(of_changed_keys)).scalar_one()
    columns = [c.name for c in staged.columns]
    rows = sa.select(*staged.c).where(of_changed_keys)
    if surrogate is not None:
        first = bulk.next_id(conn, table)
        rows = rows.add_columns((sa.func.row_number().over() + (first - 1)).label(surrogate.name))
        columns.append(surrogate.name)
    conn.execute(table.insert().from_select(columns, rows))
    return int(count)
