"""Engines for every supported backend, and the errors users may see.

DuckDB lets one process at a time open a file for writing, so DuckDB engines
use `NullPool`: a connection (and the file lock) lives only as long as one
query or one import, never while the dashboard is idle. A second process that
finds the file locked retries briefly, then gets `DatabaseBusyError`.

Opening a DuckDB file costs tens of milliseconds and starts with a cold buffer
cache, so the dashboard's engine is made with `keep_warm=True`: while queries
keep coming, and for `KEEP_WARM_SECONDS` after the last one, one extra
connection holds the database open and every query's connection reuses it.
That lingering is shorter than `LOCK_RETRY_SECONDS`, so an import started
while the dashboard is idle waits for it instead of failing.
"""

from __future__ import annotations

import threading
import time
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from data_access.config import redact_url
from data_access.daily_sales import refresh_daily_sales
from data_access.schema import daily_sales, metadata

LOCK_RETRY_SECONDS = 5.0
KEEP_WARM_SECONDS = 2.0


class DatabaseUnavailableError(Exception):
    """The database cannot be opened; the message names the problem and the fix."""


class DatabaseBusyError(DatabaseUnavailableError):
    """Another process holds the DuckDB file for writing."""


class _KeepWarm:
    """Holds one connection to a DuckDB file open until `KEEP_WARM_SECONDS`
    pass without a new connection, so the database instance (and its cache)
    outlives each short query connection."""

    def __init__(self, engine: Engine) -> None:
        self._engine = weakref.ref(engine)  # the engine owns this, not the reverse
        self._lock = threading.Lock()
        self._held: Connection | None = None
        self._timer: threading.Timer | None = None

    def renew(self) -> None:
        with self._lock:
            engine = self._engine()
            if engine is None:
                return
            if self._held is None:
                self._held = engine.connect()
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(KEEP_WARM_SECONDS, self._release)
            self._timer.daemon = True
            self._timer.start()

    def _release(self) -> None:
        with self._lock:
            if self._held is not None:
                self._held.close()
                self._held = None


_KEPT_WARM: weakref.WeakKeyDictionary[Engine, _KeepWarm] = weakref.WeakKeyDictionary()


def make_engine(url: str, keep_warm: bool = False) -> Engine:
    """An engine for `url`; `keep_warm` (DuckDB files only) lets the database
    stay open between a burst of queries, see the module docstring."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "duckdb":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, poolclass=NullPool)
        if keep_warm and parsed.database and parsed.database != ":memory:":
            _KEPT_WARM[engine] = _KeepWarm(engine)
        return engine
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
    if engine in _KEPT_WARM:
        _KEPT_WARM[engine].renew()
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
    """Create any missing tables; existing tables and their rows are left alone.
    A database made before the sales summary existed gets it filled from its lines."""
    with transaction(engine) as conn:
        summary_is_new = not sa.inspect(conn).has_table(daily_sales.name)
        metadata.create_all(conn)
        if summary_is_new:
            refresh_daily_sales(conn)


def has_schema(engine: Engine) -> bool:
    with connect(engine) as conn:
        return sa.inspect(conn).has_table("order_lines")
