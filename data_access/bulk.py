"""Fast, transactional bulk writes of DataFrames, one path per backend.

Row-by-row INSERTs through a driver take minutes at 10M rows. DuckDB reads a
registered DataFrame directly, PostgreSQL takes COPY, and SQLite (small data
only) gets executemany. Every function works on a connection the caller has
inside a transaction, so a failure anywhere rolls the whole write back.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.current_stock import refresh_current_stock
from data_access.migrations.duckdb_support import recreate_empty
from data_access.sales_summary import refresh_daily_sales, refresh_order_counts, refresh_sales_summary
from data_access.suppliers import register_suppliers
from data_access.schema import (
    ALERT_TABLES,
    AUDIT_TABLES,
    FORECAST_TABLES,
    GROUND_TRUTH_TABLES,
    PLAN_TABLES,
    SETTINGS_TABLES,
    SUMMARY_TABLES,
    SUPPLIER_TABLES,
    TABLES_IN_LOAD_ORDER,
    metadata,
    order_lines,
)

_SQLITE_CHUNK = 50_000
_COPY_CHUNK = 200_000
SUMMARY_STEP_DAYS = 31


@dataclass
class Dataset:
    """Rows for some of the schema's tables, keyed by table name.

    Columns are named after the table's columns; ids are already assigned.
    """

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def rows(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.frames.items()}


def insert_frame(conn: Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    columns = [c.name for c in table.columns if c.name in frame.columns]
    frame = _with_integer_columns(table, frame[columns])
    backend = conn.dialect.name
    if backend == "duckdb":
        _insert_duckdb(conn, table, frame, columns)
    elif backend == "postgresql":
        _insert_postgres_copy(conn, table, frame, columns)
    else:
        _insert_executemany(conn, table, frame)


def _with_integer_columns(table: sa.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns holding NaN arrive as floats ("5000.0"), which COPY rejects."""
    casts = {
        name: "Int64"
        for name in frame.columns
        if isinstance(table.c[name].type, sa.Integer) and not pd.api.types.is_integer_dtype(frame[name])
    }
    return frame.astype(casts) if casts else frame


def _insert_duckdb(conn: Connection, table: sa.Table, frame: pd.DataFrame, columns: list[str]) -> None:
    raw = conn.connection.dbapi_connection
    view = f"_bulk_{table.name}"
    column_list = ", ".join(columns)
    raw.register(view, frame)
    # No try/finally: after a failed INSERT the transaction is aborted, so
    # unregistering would fail too and hide the real error. The view dies
    # with the connection.
    raw.execute(f"INSERT INTO {table.name} ({column_list}) SELECT {column_list} FROM {view}")
    raw.unregister(view)


def _insert_postgres_copy(conn: Connection, table: sa.Table, frame: pd.DataFrame, columns: list[str]) -> None:
    cursor = conn.connection.dbapi_connection.cursor()
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
    with cursor.copy(statement) as copy:
        for start in range(0, len(frame), _COPY_CHUNK):
            buffer = io.StringIO()
            frame.iloc[start : start + _COPY_CHUNK].to_csv(buffer, header=False, index=False, date_format="%Y-%m-%d")
            copy.write(buffer.getvalue())


def _insert_executemany(conn: Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    for start in range(0, len(frame), _SQLITE_CHUNK):
        chunk = frame.iloc[start : start + _SQLITE_CHUNK]
        records = _python_records(chunk)
        conn.execute(table.insert(), records)


def _python_records(frame: pd.DataFrame) -> list[dict]:
    """Plain Python values (date, int, float, str, None) for DBAPI drivers,
    converted a column at a time (per value, a big catalog's 4 million
    forecast rows took minutes before SQLite saw them)."""
    converted = {name: _python_values(column) for name, column in frame.items()}
    return [dict(zip(converted, row)) for row in zip(*converted.values())]


def _python_values(column: pd.Series) -> list:
    missing = column.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(column):
        values = column.dt.date.to_numpy(dtype=object, copy=True)
    elif column.dtype == object:  # anything: numpy scalars become Python ones value by value
        values = np.array([v.item() if hasattr(v, "item") else v for v in column], dtype=object)
    else:  # numbers, booleans, strings: NumPy hands out Python objects
        values = column.to_numpy(dtype=object, copy=True)
    values[missing] = None
    return values.tolist()


def write_dataset(conn: Connection, dataset: Dataset) -> None:
    """Insert every frame of `dataset`, parents first (the simulator's ground
    truth after the tables it refers to); see `write_pieces`."""
    order = (*TABLES_IN_LOAD_ORDER, *GROUND_TRUTH_TABLES)
    write_pieces(conn, ((table.name, dataset.frames[table.name]) for table in order if table.name in dataset.frames))


def write_pieces(
    conn: Connection, pieces: Iterable[tuple[str, pd.DataFrame]], after_each: Callable[[], None] | None = None
) -> None:
    """Insert (table name, rows) pieces as they come, in an order that respects
    foreign keys (a big dataset is written without ever being whole in memory),
    calling `after_each` after each, then bring the sales summary and the
    current stock up to date (into an empty database: rebuilt whole) and
    register new supplier names."""
    written = set()
    for name, frame in pieces:
        insert_frame(conn, metadata.tables[name], frame)
        written.add(name)
        if after_each is not None:
            after_each()
    if {"products", "purchase_orders"} & written:
        register_suppliers(conn)
    if "order_lines" in written:
        if after_each is None:
            refresh_sales_summary(conn)
        else:
            _refresh_sales_summary_in_steps(conn, after_each)
    if {"order_lines", "inventory_snapshots"} & written:
        refresh_current_stock(conn)


def _refresh_sales_summary_in_steps(conn: Connection, after_each: Callable[[], None]) -> None:
    """What `refresh_sales_summary` does for every day, the daily sums a month
    at a time with `after_each` between: DuckDB holds a transaction's new
    primary-key entries in memory, which a big catalog's tens of millions of
    daily sums would not fit."""
    dates = order_lines.c.order_date
    first, last = conn.execute(sa.select(sa.func.min(dates), sa.func.max(dates))).one()
    day = None if first is None else as_date(first)
    while day is not None and day <= as_date(last):
        step_end = min(day + timedelta(days=SUMMARY_STEP_DAYS - 1), as_date(last))
        refresh_daily_sales(conn, day, step_end)
        after_each()
        day = step_end + timedelta(days=1)
    refresh_order_counts(conn)


def delete_all_rows(conn: Connection) -> None:
    """Empty every table of the shop's data, keeping the schema, the shop's
    settings, the alert digest's memory and the import audit (SETTINGS_TABLES,
    ALERT_TABLES, AUDIT_TABLES),
    inside the caller's transaction.

    DuckDB cannot delete parent rows whose children were deleted earlier in the
    same transaction (its foreign-key limitation), so there the tables are
    dropped and created again as they are, which its transactions undo on
    failure too.
    """
    if conn.dialect.name == "duckdb":
        kept = (*SETTINGS_TABLES, *ALERT_TABLES, *AUDIT_TABLES)
        recreate_empty(conn, [table.name for table in metadata.sorted_tables if table not in kept])
        return
    delete_ground_truth(conn)
    for table in (*SUPPLIER_TABLES, *PLAN_TABLES, *FORECAST_TABLES, *SUMMARY_TABLES, *reversed(TABLES_IN_LOAD_ORDER)):
        conn.execute(table.delete())


def delete_ground_truth(conn: Connection) -> None:
    """Empty the simulator's ground-truth tables (nothing refers to them)."""
    for table in GROUND_TRUTH_TABLES:
        conn.execute(table.delete())


def next_id(conn: Connection, table: sa.Table) -> int:
    """The first free value of the table's single integer primary key."""
    (key,) = table.primary_key.columns
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(key), 0))).scalar_one()) + 1


def keep_newest(conn: Connection, runs: sa.Table, tables: tuple[sa.Table, ...], keep: int) -> None:
    """Delete every run but the newest `keep` (by the runs table's integer key)
    from `tables`, each keyed by a column of the same name."""
    (key,) = runs.primary_key.columns
    kept = sa.select(key).order_by(key.desc()).limit(keep)
    old = conn.execute(sa.select(key).where(key.not_in(kept))).scalars().all()
    if old:
        for table in tables:
            conn.execute(table.delete().where(table.c[key.name].in_(old)))


def as_date(value) -> date:
    """A date column's value as a date, whatever the backend returned (date, datetime or ISO text)."""
    return value if isinstance(value, date) and not isinstance(value, datetime) else date.fromisoformat(str(value)[:10])
