"""Engines for every supported backend, and the errors users may see.

DuckDB lets one process at a time open a file for writing, so DuckDB engines
use `NullPool`: a connection (and the file lock) lives only as long as one
query or one import, never while the dashboard is idle. A second process that
finds the file locked retries briefly, then gets `DatabaseBusyError`.

Opening a DuckDB file costs tens of milliseconds and starts with a cold buffer
cache, so the dashboard's engine is made with `keep_warm=True`: it pools its
connections while queries keep coming and closes them all `KEEP_WARM_SECONDS`
after the last one. That lingering is shorter than `LOCK_RETRY_SECONDS`, so an
import started while the dashboard is idle waits for it instead of failing.
"""

from __future__ import annotations

import os
import re
import threading
import time
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.dialects import registry
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool, QueuePool

from data_access.allocator import limit_malloc_arenas
from data_access.config import normalise_url, redact_secrets, redact_url

limit_malloc_arenas()
import duckdb_engine  # noqa: E402  after the cap: importing it opens a DuckDB database, whose threads allocate

LOCK_RETRY_SECONDS = 5.0
KEEP_WARM_SECONDS = 2.0
SQLITE_BEGIN_IMMEDIATE = "inventory_sqlite_begin_immediate"

MEMORY_LIMIT_ENV = "INVENTORY_DUCKDB_MEMORY_LIMIT"
THREADS_ENV = "INVENTORY_DUCKDB_THREADS"
DEFAULT_MEMORY_LIMIT = "1GB"
"""DuckDB's own default is 80% of the machine's memory: on a server shared
with the dashboard's caches and the browsers of a soak, one big query could
take it all. Past the limit DuckDB spills to disk or fails that query."""
_MEMORY_SIZE = re.compile(r"\s*\d+(\.\d+)?\s*([KMGT]i?B|B|%)\s*", re.IGNORECASE)


class _CachingDuckDBDialect(duckdb_engine.Dialect):
    """duckdb-engine opts out of SQLAlchemy's compiled-statement cache (never
    tested, duckdb_engine#268), so every query was compiled anew: 1-3 ms each,
    a third of a small query's time. Its statements are compiled by
    SQLAlchemy's own PostgreSQL compiler, which is cache-safe."""

    supports_statement_cache = True


# Registered under the plain name, so every duckdb:/// URL uses it.
registry.register("duckdb", __name__, "_CachingDuckDBDialect")


class DatabaseUnavailableError(Exception):
    """The database cannot be opened; the message names the problem and the fix."""


class DatabaseBusyError(DatabaseUnavailableError):
    """Another process holds the DuckDB file for writing."""


class _KeepWarm:
    """Closes the engine's pooled connections once `KEEP_WARM_SECONDS` pass
    without a new one: until then queries reuse open connections to a warm
    database instance, after it the file is free for other processes. One
    watcher thread per idle period; a query only stamps the time. `released`
    is set once the connections are closed (until the next query), so a
    caller can wait for the file to be free instead of guessing how long."""

    def __init__(self, engine: Engine) -> None:
        self._engine = weakref.ref(engine)  # the engine owns this, not the reverse
        self._lock = threading.Lock()
        self._last_used = time.monotonic()
        self._watcher: threading.Thread | None = None
        self.released = threading.Event()

    def renew(self) -> None:
        self._last_used = time.monotonic()
        self.released.clear()
        with self._lock:
            if self._watcher is None:
                self._watcher = threading.Thread(target=self._release_when_idle, daemon=True)
                self._watcher.start()

    def _release_when_idle(self) -> None:
        while (idle := time.monotonic() - self._last_used) < KEEP_WARM_SECONDS:
            time.sleep(KEEP_WARM_SECONDS - idle)
        with self._lock:
            self._watcher = None
        engine = self._engine()
        if engine is not None:
            engine.dispose()  # closes idle connections; busy ones close when returned
        with self._lock:
            if self._watcher is None:  # no query came in meanwhile
                self.released.set()


def wait_until_released(engine: Engine, timeout: float) -> bool:
    """Block until a warm engine has closed its connections after its last query (True), or `timeout` passes."""
    return _KEPT_WARM[engine].released.wait(timeout)


_KEPT_WARM: weakref.WeakKeyDictionary[Engine, _KeepWarm] = weakref.WeakKeyDictionary()


def duckdb_settings() -> dict[str, str]:
    """The SET statements' values every DuckDB connection gets: `memory_limit`
    from INVENTORY_DUCKDB_MEMORY_LIMIT (default 1GB), `threads` from
    INVENTORY_DUCKDB_THREADS when set (DuckDB's default: every core)."""
    memory = os.environ.get(MEMORY_LIMIT_ENV, "").strip() or DEFAULT_MEMORY_LIMIT
    if not _MEMORY_SIZE.fullmatch(memory):
        raise DatabaseUnavailableError(
            f"{MEMORY_LIMIT_ENV}={memory!r} is not a memory size. Use a size such as 1GB, 512MB or 2GiB, "
            "or a share of the machine's memory such as 50%."
        )
    settings = {"memory_limit": memory}
    if threads := os.environ.get(THREADS_ENV, "").strip():
        if not threads.isdigit() or int(threads) < 1:
            raise DatabaseUnavailableError(f"{THREADS_ENV}={threads!r} is not a number of threads. Use 1 or more.")
        settings["threads"] = threads
    return settings


def _with_duckdb_settings(engine: Engine) -> Engine:
    """SET on each new connection, not the driver's `config`: DuckDB refuses a
    second connection to a file open in this process with a different config
    (a plain `sa.create_engine` of a script or test beside the dashboard's),
    while SET changes the instance every connection to that file shares."""
    statements = [f"SET {name} = '{value}'" for name, value in duckdb_settings().items()]

    @sa.event.listens_for(engine, "connect")
    def _set(dbapi_connection, connection_record) -> None:
        for statement in statements:
            dbapi_connection.execute(statement)

    return engine


def make_engine(url: str, keep_warm: bool = False) -> Engine:
    """An engine for `url`; `keep_warm` (DuckDB files only) lets the database
    stay open between a burst of queries, see the module docstring. DuckDB's
    memory limit and threads are set on its connections (`duckdb_settings`)."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "duckdb":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        if not keep_warm or not parsed.database or parsed.database == ":memory:":
            return _with_duckdb_settings(sa.create_engine(url, poolclass=NullPool))
        engine = _with_duckdb_settings(sa.create_engine(url, poolclass=QueuePool, pool_size=4, max_overflow=8))
        _KEPT_WARM[engine] = _KeepWarm(engine)
        return engine
    if parsed.get_backend_name() == "sqlite":
        return _with_sqlite_transactions(sa.create_engine(url, connect_args={"timeout": LOCK_RETRY_SECONDS}))
    return sa.create_engine(url, pool_pre_ping=True)


def _with_sqlite_transactions(engine: Engine) -> Engine:
    """pysqlite begins transactions only before DML and lets DDL commit on its
    own, so a failed migration would leave tables behind. SQLAlchemy takes over
    instead: the driver never begins or commits by itself, and every transaction
    starts with a BEGIN of ours, DDL included. A connection with the execution
    option `SQLITE_BEGIN_IMMEDIATE` takes the write lock at once (two processes
    migrating a new file then wait for each other instead of failing)."""

    @sa.event.listens_for(engine, "connect")
    def _driver_does_not_begin(dbapi_connection, connection_record) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(SQLITE_BEGIN_IMMEDIATE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


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


def check_reachable(engine: Engine) -> None:
    """Raise DatabaseUnavailableError when the database cannot answer now. A
    file database answers when its file is there: a gone file is its outage
    (opening it would create an empty one), and it is not opened to check, as
    the dashboard asks on every rerun and opening a DuckDB file takes 30-300 ms
    (a file another process is writing is there too, and passes). A server
    database is asked `SELECT 1`."""
    name = engine.url.database
    if engine.dialect.name in ("duckdb", "sqlite") and name and name != ":memory:":
        if not Path(name).is_file():
            raise DatabaseUnavailableError(
                f"The database file {name} is missing. Put it back, or point INVENTORY_DB_URL at the database."
            )
        return
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.DBAPIError as exc:
        if not _is_lock_conflict(exc):
            raise describe_connection_error(engine, exc) from exc


def describe_connection_error(engine: Engine, exc: Exception) -> DatabaseUnavailableError:
    url = engine.url.render_as_string(hide_password=False)
    shown = redact_url(url)
    if _is_lock_conflict(exc):
        return DatabaseBusyError(
            f"The database {shown} is being written by another process (an import or a "
            "sample-data run). Wait for it to finish, or stop it, then try again."
        )
    first_line = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    first_line = redact_secrets(first_line, url)
    return DatabaseUnavailableError(
        f"Cannot open the database {shown}: {first_line}. Check that the server is running and "
        "the URL in INVENTORY_DB_URL (or .streamlit/secrets.toml) is right."
    )
