"""A database outage while the pages are cached: the figures still show, with
a notice that says the database cannot be reached and when the figures were
read. Real outages: a PostgreSQL server stopped, a DuckDB file moved away."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from data_access.bulk import write_dataset
from data_access.config import ENV_VAR
from data_access.engine import make_engine, transaction
from data_access.migrations import upgrade
from tests.conftest import skip_or_fail
from tests.support.app_db import assert_clean, fresh_caches, metric_values, open_app, simulated_database  # noqa: F401
from tests.support.dataset import make_test_dataset
from tests.support.postgres import PostgresUnavailable, start_cluster

OUTAGE = "The database cannot be reached now"


def _notices(at) -> list[str]:
    return [warning.value for warning in at.warning if OUTAGE in warning.value]


def _read_between(notice: str) -> tuple[datetime, datetime]:
    """The two times the notice names ("between 03 Dec 2026 07:40:01 and ... UTC")."""
    text = notice.split("read from the database between ", 1)[1].split(" UTC", 1)[0]
    first, last = text.split(" and ")
    parse = lambda value: datetime.strptime(value, "%d %b %Y %H:%M:%S").replace(tzinfo=UTC)  # noqa: E731
    return parse(first), parse(last)


def _assert_served_from_cache(monkeypatch, url: str, stop_database, problem: str) -> None:
    monkeypatch.setenv(ENV_VAR, url)
    before_reads = datetime.now(UTC).replace(microsecond=0)
    at = open_app()
    assert_clean(at)
    assert not _notices(at)
    shown = metric_values(at)
    after_reads = datetime.now(UTC)
    stop_database()
    at = open_app()  # a new visitor, served from the cache
    assert not at.exception
    (notice,) = _notices(at)
    assert problem in notice
    first, last = _read_between(notice)
    assert before_reads <= first <= last <= after_reads
    assert metric_values(at) == shown


def test_a_stopped_postgresql_server_leaves_cached_figures_with_a_notice(monkeypatch):
    try:
        cluster = start_cluster()
    except PostgresUnavailable as exc:
        skip_or_fail(f"no PostgreSQL server: {exc}")
    try:
        engine = make_engine(cluster.admin_url)
        upgrade(engine)
        with transaction(engine) as conn:
            write_dataset(conn, make_test_dataset())
        engine.dispose()
        _assert_served_from_cache(monkeypatch, cluster.admin_url, cluster.stop, "Cannot open the database")
    finally:
        cluster.stop()


def test_a_moved_duckdb_file_leaves_cached_figures_with_a_notice(monkeypatch, tmp_path):
    url = simulated_database(tmp_path)
    path = tmp_path / url.rsplit("/", 1)[1]
    assert path.is_file()
    _assert_served_from_cache(monkeypatch, url, lambda: path.rename(tmp_path / "moved.duckdb"), "is missing")
