"""Engines for every supported backend, and the errors users may see.

DuckDB lets one process at a time open a file for writing, so DuckDB engines
use `NullPool`: a connection (and the file lock) lives only as long as one
query or one import, never while the dashboard is idle. A second process that
finds the file locked retries briefly, then gets `DatabaseBusyError`.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from data_access.config import redact_url
from data_access.schema import metadata

LOCK_RETRY_SECONDS = 5.0


class DatabaseUnavailableError(Exception):
    """The database cannot be opened; the message names the problem and the fix."""


class DatabaseBusyError(DatabaseUnavailableError):
    """Another process holds the DuckDB file for writing."""


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "duckdb":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return sa.create_engine(url, poolclass=NullPool)
    if parsed.get_backend_name() == "sqlite":
        return sa.create_engine(url, connect_args={"timeout": LOCK_RETRY_SECONDS})
    return sa.create_engine(url, pool_pre_ping=True)


def _is_lock_conflict(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


@contextmanager
def _opened(engine: Engine, begin: bool) -> Iterator[Connection]:
    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    while True:
        try:
            conn = engine.connect()
            break
        except sa.exc.DBAPIError as exc:
            if _is_lock_conflict(exc) and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            raise describe_connection_error(engine, exc) from exc
    with conn:
        if begin:
            with conn.begin():
                yield conn
        else:
            yield conn


def connect(engine: Engine):
    """A connection for reading; errors become `DatabaseUnavailableError`."""
    return _opened(engine, begin=False)


def transaction(engine: Engine):
    """A connection inside one transaction: all of it is written, or none."""
    return _opened(engine, begin=True)


def describe_connection_error(engine: Engine, exc: Exception) -> DatabaseUnavailableError:
    shown = redact_url(engine.url.render_as_string(hide_password=False))
    if _is_lock_conflict(exc):
        return DatabaseBusyError(
            f"The database {shown} is being written by another process (an import or a "
            "sample-data run). Wait for it to finish, or stop it, then try again."
        )
    first_line = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DatabaseUnavailableError(
        f"Cannot open the database {shown}: {first_line}. Check that the server is running and "
        "the URL in INVENTORY_DB_URL (or .streamlit/secrets.toml) is right."
    )


def create_schema(engine: Engine) -> None:
    """Create any missing tables; existing tables and their rows are left alone."""
    with transaction(engine) as conn:
        metadata.create_all(conn)


def has_schema(engine: Engine) -> bool:
    with connect(engine) as conn:
        return sa.inspect(conn).has_table("order_lines")
