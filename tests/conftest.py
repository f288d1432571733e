"""Shared fixtures: databases on every backend, and the skip-or-fail rule.

The query suite runs on DuckDB and SQLite always, and on PostgreSQL when a
server can be had: `INVENTORY_TEST_PG_URL`, or a throw-away cluster started
here. Without one the PostgreSQL tests skip, unless
`INVENTORY_REQUIRE_ALL_BACKENDS=1` (set in CI) turns the skip into a failure.
"""

from __future__ import annotations

import itertools
import os

import pytest
import sqlalchemy as sa
from hypothesis import settings
from sqlalchemy.engine import make_url

from data_access.engine import make_engine
from data_access.migrations import upgrade
from tests.support.postgres import PostgresUnavailable, start_cluster

BACKENDS = ("duckdb", "sqlite", "postgresql")

# Property-based tests never depend on timing or luck: no deadline, and the same
# examples on every run (derandomize) unless HYPOTHESIS_PROFILE=explore asks for new ones.
settings.register_profile("fixed", deadline=None, derandomize=True, database=None, max_examples=20)
settings.register_profile("explore", deadline=None, max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))
_database_numbers = itertools.count(1)


def skip_or_fail(reason: str) -> None:
    if os.environ.get("INVENTORY_REQUIRE_ALL_BACKENDS") == "1":
        pytest.fail(f"{reason} (INVENTORY_REQUIRE_ALL_BACKENDS=1 turns this skip into a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_admin_url():
    url = os.environ.get("INVENTORY_TEST_PG_URL")
    if url:
        yield url
        return
    try:
        cluster = start_cluster()
    except PostgresUnavailable as exc:
        skip_or_fail(f"no PostgreSQL server: {exc}")
    yield cluster.admin_url
    cluster.stop()


@pytest.fixture(scope="session")
def new_database(tmp_path_factory, request):
    """`new_database(backend)` -> the URL of a new database as a fresh install
    has it: a file database is empty (it migrates itself on first use), a
    PostgreSQL one is migrated to head (its deploy step, `python -m
    data_access.migrate`). `empty=True` leaves PostgreSQL's empty too."""

    def create(backend: str, *, empty: bool = False) -> str:
        number = next(_database_numbers)
        if backend == "duckdb":
            return f"duckdb:///{tmp_path_factory.mktemp('duckdb')}/test_{number}.duckdb"
        if backend == "sqlite":
            return f"sqlite:///{tmp_path_factory.mktemp('sqlite')}/test_{number}.db"
        if backend == "postgresql":
            admin_url = request.getfixturevalue("postgres_admin_url")
            name = f"inventory_test_{os.getpid()}_{number}"
            admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            admin.dispose()
            url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
            if not empty:
                engine = make_engine(url)
                upgrade(engine)
                engine.dispose()
            return url
        raise ValueError(backend)

    return create


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param
