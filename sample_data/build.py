"""Write simulated data into a database, all or nothing.

The data is written as it is simulated, with the shop's settings (its
currency and retail calendar). A server or SQLite database gets it in one
transaction. A DuckDB file is built next to the target under a temporary name
and moved over it at the end, so a killed run leaves the old file intact and
the dashboard can keep reading the old data while the new data is built.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url

from data_access.bulk import delete_all_rows, write_pieces
from data_access.config import is_default_database, redact_url
from data_access.engine import connect, make_engine, transaction
from data_access.migrations import prepare_schema
from data_access.schema import TABLES_IN_LOAD_ORDER, warehouses
from data_access.shop_settings import CALENDAR, CURRENCY, write_settings
from sample_data.simulator import Progress, Simulation, SimulationConfig

DUCKDB_MEMORY_LIMIT = "1GB"
"""DuckDB's share of the generator's memory while building a file (the
simulation's arrays come on top, about 1.5 GB at 160,000 pairs)."""


class DatabaseNotEmptyError(Exception):
    """The target already holds data and the caller did not ask to replace it."""


@dataclass(frozen=True)
class Summary:
    """What a generation run wrote, for printing."""

    database: str
    """The URL, password redacted."""
    rows: dict[str, int]
    first_day: date
    last_day: date
    stockout_rate: float
    """Share of product x warehouse days that ended with zero stock."""
    seconds: float
    currency: str
    calendar: str

    def format(self) -> str:
        width = max(len(name) for name in self.rows)
        lines = [
            f"Sample data written to {self.database} in {self.seconds:.1f} s",
            f"  {self.first_day} to {self.last_day} ({_plural((self.last_day - self.first_day).days + 1, 'day')})",
            *(f"  {name:<{width}}  {count:>12,}" for name, count in self.rows.items()),
            f"  stockouts: {self.stockout_rate:.1%} of product x warehouse days",
            f"  amounts in {self.currency}; retail calendar: {self.calendar}",
        ]
        return "\n".join(lines)


def generate_into(url: str, config: SimulationConfig, replace: bool, progress: Progress | None = None) -> Summary:
    """Simulate `config` and write it to `url`, preparing its schema first
    (see data_access.migrations.prepare_schema).

    Raises DatabaseNotEmptyError if the database has rows and `replace` is
    False, DatabaseBusyError if another process is writing a DuckDB file, and
    DatabaseUnavailableError if the database cannot be opened.
    """
    started = time.monotonic()
    report = progress or (lambda fraction, message: None)
    duckdb_file = _duckdb_file(url)
    simulation = Simulation(config, report)
    if duckdb_file is None:
        _generate_in_place(url, simulation, replace)
    else:
        _generate_duckdb_file(url, duckdb_file, simulation, replace)
    report(1.0, "done")
    return _summarize(simulation, url, time.monotonic() - started)


def ensure_database(url: str, progress: Progress | None = None) -> Summary | None:
    """Make `url` usable by the dashboard.

    The default DuckDB file is filled with the default sample data when it is
    missing or empty (a first start shows a working demo); any other database
    only gets its schema prepared, since it is the user's own: a file database
    is migrated, a server database must be at the newest revision already
    (SchemaOutdatedError). Returns the summary when data was generated.
    """
    if is_default_database(url) and not _has_data(url):
        return generate_into(url, SimulationConfig(), replace=False, progress=progress)
    engine = make_engine(url)
    try:
        prepare_schema(engine)
    finally:
        engine.dispose()
    return None


def _duckdb_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "duckdb" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _has_rows(conn: Connection) -> bool:
    inspector = sa.inspect(conn)
    return any(
        inspector.has_table(table.name) and conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first()
        for table in TABLES_IN_LOAD_ORDER
    )


def _has_data(url: str) -> bool:
    """Whether the database holds rows; a missing DuckDB file has none (and is not created)."""
    duckdb_file = _duckdb_file(url)
    if duckdb_file is not None and not duckdb_file.exists():
        return False
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            return _has_rows(conn)
    finally:
        engine.dispose()


def _refuse_to_overwrite(url: str) -> DatabaseNotEmptyError:
    return DatabaseNotEmptyError(
        f"The database {redact_url(url)} already holds data. Run again with --replace to "
        "replace it with new sample data, or choose another database with --db."
    )


def _write(conn: Connection, simulation: Simulation, after_each: Callable[[], None] | None = None) -> None:
    """Write the simulation piece by piece as it is simulated, then the
    warehouses' capacity, which only the whole stock history tells."""
    write_pieces(conn, simulation.pieces(), after_each)
    for warehouse_id, capacity in enumerate(simulation.capacity.tolist(), start=1):
        conn.execute(
            warehouses.update().where(warehouses.c.warehouse_id == warehouse_id).values(capacity_units=capacity)
        )
    shop = simulation.config.shop
    write_settings(conn, {CURRENCY: shop.currency, CALENDAR: shop.calendar})


def _generate_in_place(url: str, simulation: Simulation, replace: bool) -> None:
    """Any database but a DuckDB file: the old rows are deleted and the new ones
    written in one transaction, so a failure rolls back to the old data."""
    engine = make_engine(url)
    try:
        prepare_schema(engine)
        with connect(engine) as conn:
            if not replace and _has_rows(conn):
                raise _refuse_to_overwrite(url)
        with transaction(engine) as conn:
            if _has_rows(conn):
                if not replace:
                    raise _refuse_to_overwrite(url)
                delete_all_rows(conn)
            _write(conn, simulation)
    finally:
        engine.dispose()


def _checkpoint(conn: Connection) -> Callable[[], None]:
    """Commit and checkpoint the file being built after each piece: DuckDB
    keeps the primary-key indexes of a transaction's new rows in memory (past
    any memory limit), which a big catalog's hundred million snapshots would
    not fit. The file is new and only moved over the target once complete, so
    the build stays all or nothing without one transaction."""
    conn.exec_driver_sql("SET enable_progress_bar = false")  # we report progress ourselves
    conn.exec_driver_sql(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")  # its default is 80% of the machine

    def commit() -> None:
        conn.commit()
        conn.exec_driver_sql("CHECKPOINT")

    return commit


def _check_target(url: str, path: Path, replace: bool) -> None:
    """Fail unless the target file is free and may be overwritten.

    Opening it raises DatabaseBusyError while another process writes it, and
    folds any leftover write-ahead log into it, so no stale log is left to be
    replayed onto the new file.
    """
    if path.exists() and _has_data(url) and not replace:
        raise _refuse_to_overwrite(url)


def _building_file(path: Path) -> Path:
    """A new temporary file beside `path`, named after this process (threads
    of one dashboard process each get their own)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.building")


def _process_is_gone(pid: int) -> bool:
    if os.name != "posix":
        return False  # no safe way to ask; keep the file
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # it exists, run by another user
    return False


def _remove_abandoned_builds(path: Path) -> None:
    """Delete the temporary files of runs that were killed (their process is gone)."""
    prefix = f".{path.name}."
    for leftover in path.parent.glob(f"{prefix}*.building*"):
        pid = leftover.name.removeprefix(prefix).split(".")[0]
        if pid.isdigit() and _process_is_gone(int(pid)):
            leftover.unlink(missing_ok=True)


def _remove_building_files(building: Path) -> None:
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _generate_duckdb_file(url: str, path: Path, simulation: Simulation, replace: bool) -> None:
    _check_target(url, path, replace)
    _remove_abandoned_builds(path)
    building = _building_file(path)
    building_url = make_url(url).set(database=str(building)).render_as_string(hide_password=False)
    try:
        engine = make_engine(building_url)
        try:
            prepare_schema(engine)
            with connect(engine) as conn:
                _write(conn, simulation, _checkpoint(conn))
                conn.commit()
        finally:
            engine.dispose()
        _check_target(url, path, replace)  # again: another process may have opened it meanwhile
        os.replace(building, path)
    finally:
        _remove_building_files(building)


def _summarize(simulation: Simulation, url: str, seconds: float) -> Summary:
    config = simulation.config
    return Summary(
        database=redact_url(url),
        rows=simulation.rows,
        first_day=config.first_day,
        last_day=config.end_date,
        stockout_rate=simulation.stockout_rate,
        seconds=seconds,
        currency=config.shop.currency,
        calendar=config.shop.calendar,
    )


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
