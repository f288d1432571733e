"""A way back from "replace all data": before a replace empties a file
database (the embedded DuckDB default, or any DuckDB or SQLite file), a
consistent copy of it is kept beside it as
`<name>.before-replace-<UTC timestamp><suffix>`, the newest few only.

A server database (PostgreSQL) is not copied: its backup is the operator's
step before a replace (README, "Import your own files").
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from data_access.engine import connect
from data_access.importer.errors import OptionProblem

KEEP_ENV = "INVENTORY_REPLACE_BACKUPS"
DEFAULT_KEEP = 3
MARK = ".before-replace-"


def backups_to_keep() -> int:
    raw = os.environ.get(KEEP_ENV, "")
    try:
        keep = int(raw) if raw else DEFAULT_KEEP
    except ValueError:
        keep = -1
    if keep < 1:
        raise OptionProblem(f"{KEEP_ENV}={raw!r} must be a whole number of copies, 1 or more.")
    return keep


def database_file(engine: Engine) -> Path | None:
    """The file of a DuckDB or SQLite database; None for a server or in-memory one."""
    if engine.dialect.name not in ("duckdb", "sqlite"):
        return None
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    return path if path.is_file() else None


def keep_copy_before_replace(engine: Engine) -> Path | None:
    """Copy the database file aside (checkpointed first, so the copy holds
    every committed row) and prune older copies; the copy's path, or None
    when the database is not a file."""
    source = database_file(engine)
    if source is None:
        return None
    keep = backups_to_keep()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = source.with_name(f"{source.stem}{MARK}{stamp}{source.suffix}")
    if engine.dialect.name == "duckdb":
        with connect(engine) as conn:
            conn.exec_driver_sql("CHECKPOINT")
        shutil.copy2(source, target)
    else:  # SQLite's backup API copies every committed page, whatever its journal holds
        with closing(sqlite3.connect(source)) as database, closing(sqlite3.connect(target)) as copy:
            database.backup(copy)
    for old in sorted(source.parent.glob(f"{source.stem}{MARK}*{source.suffix}"))[:-keep]:
        old.unlink(missing_ok=True)
    return target
