"""Schema migrations (Alembic), and the one way the rest of the code gets a
schema it can use.

- File databases (DuckDB, SQLite), the embedded default among them, migrate
  themselves: `prepare_schema` brings them to head under a lock, on the
  dashboard's start and in every command that writes to them.
- A server database (PostgreSQL) is migrated once per deploy with
  `python -m data_access.migrate`: instances starting together would race,
  the dashboard's role would need DDL rights, and ALTERs lock tables while
  users work. `prepare_schema` only checks it, and refuses an older one with a
  message that names the command.

Every upgrade runs in one transaction with its lock (DuckDB: the file's write
lock, retried while another process holds it; SQLite: BEGIN IMMEDIATE;
PostgreSQL: an advisory lock), so a failing revision leaves nothing behind
and two processes never migrate at once. A database made before migrations
is adopted in the same transaction (see `adoption`).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from data_access.config import redact_url
from data_access.current_stock import refresh_current_stock
from data_access.engine import SQLITE_BEGIN_IMMEDIATE, DatabaseUnavailableError, connect
from data_access.migrations import duckdb_support  # noqa: F401  (importing it registers Alembic's DuckDB impl)
from data_access.migrations.adoption import adopt
from data_access.sales_summary import refresh_sales_summary

MIGRATE_COMMAND = "python -m data_access.migrate"
FILE_BACKENDS = ("duckdb", "sqlite")
_HERE = Path(__file__).resolve().parent
VERSION_LOCATIONS: tuple[str, ...] = (str(_HERE / "versions"),)
"""Where the revisions are; a test adds a directory with a failing one."""
_POSTGRES_LOCK_KEY = 7_406_512_318  # any constant bigint: pg_advisory_xact_lock's key for "migrating"
_in_process = threading.Lock()  # threads of one process share a DuckDB instance: one migrates at a time


class SchemaOutdatedError(DatabaseUnavailableError):
    """A server database is not at the schema this version needs; the message names the command."""


def _config(locations: tuple[str, ...], connection: Connection | None = None) -> Config:
    """Alembic's configuration, made in code: no alembic.ini and no dependence on the working directory."""
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(locations))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _script(locations: tuple[str, ...]) -> ScriptDirectory:
    return ScriptDirectory.from_config(_config(locations))


def script_directory() -> ScriptDirectory:
    """The revisions, read once per process."""
    return _script(VERSION_LOCATIONS)


def head_revision() -> str:
    return script_directory().get_current_head()


def current_revision(conn: Connection) -> str | None:
    """The database's revision; None for an empty one or one made before migrations."""
    return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that no other process migrates beside."""
    with _in_process, connect(engine) as conn:
        if conn.dialect.name == "sqlite":
            conn.execution_options(**{SQLITE_BEGIN_IMMEDIATE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_POSTGRES_LOCK_KEY)))
            yield conn


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Upgrade to `revision`, adopting a database made before migrations first;
    all or nothing. Returns the revision the database had."""
    with migration_transaction(engine) as conn:
        script = script_directory()
        current = current_revision(conn)
        _refuse_unknown(conn, script, current)
        if current == script.get_revision(revision).revision:
            return current
        adoption = adopt(conn, script) if current is None else None
        command.upgrade(_config(VERSION_LOCATIONS, conn), revision)
        if adoption and adoption.fills_summaries:
            refresh_sales_summary(conn)  # the code's tables: run at the schema they describe
            refresh_current_stock(conn)  # its last sales come from the summary just filled
        return current


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade to `revision` ("base" drops every table); all or nothing."""
    with migration_transaction(engine) as conn:
        command.downgrade(_config(VERSION_LOCATIONS, conn), revision)


def prepare_schema(engine: Engine) -> None:
    """Make the database's schema the one this version needs: migrate a file
    database; check a server database (SchemaOutdatedError when it is behind)."""
    if engine.dialect.name in FILE_BACKENDS:
        upgrade(engine)
        return
    script = script_directory()
    with connect(engine) as conn:
        current = current_revision(conn)
        _refuse_unknown(conn, script, current)
        has_tables = current is None and sa.inspect(conn).has_table("order_lines")
    head = script.get_current_head()
    if current == head:
        return
    if current:
        state = f"is at schema revision {current}"
    else:
        state = "was made before schema migrations" if has_tables else "has no tables yet"
    shown = redact_url(engine.url.render_as_string(hide_password=False))
    raise SchemaOutdatedError(
        f"The database {shown} {state}; this version needs revision {head}. Run `{MIGRATE_COMMAND}` "
        "(with --db URL, or the same INVENTORY_DB_URL) once, as a deploy step, then try again."
    )


def _refuse_unknown(conn: Connection, script: ScriptDirectory, current: str | None) -> None:
    if current is None or current in {rev.revision for rev in script.walk_revisions()}:
        return
    shown = redact_url(conn.engine.url.render_as_string(hide_password=False))
    raise DatabaseUnavailableError(
        f"The database {shown} is at schema revision {current}, which this version does not know: a newer "
        "version migrated it. Run that version, or point this one at another database."
    )
