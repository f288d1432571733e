"""The fixtures every query suite repeats: a dataset written once per backend
(module scope), a connection per test, and one test per named selection.

    engine, conn, selection = dataset_fixtures(DATASET, SELECTIONS)

at a test module's top level gives it the three fixtures."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from sqlalchemy.engine import Engine

from data_access.engine import connect, make_engine, transaction
from data_access.filters import Filters
from data_access.migrations import prepare_schema
from data_access.bulk import Dataset, write_dataset
from tests.conftest import BACKENDS


def engine_with(url: str, dataset: Dataset) -> Engine:
    """An engine on `url` migrated to head, with `dataset` written in one transaction."""
    engine = make_engine(url)
    prepare_schema(engine)
    with transaction(engine) as conn:
        write_dataset(conn, dataset)
    return engine


def dataset_fixtures(dataset: Dataset, selections: Mapping[str, Filters]):
    """(engine, conn, selection) fixtures over `dataset` on every backend."""

    @pytest.fixture(scope="module", params=BACKENDS)
    def engine(request, new_database):
        engine = engine_with(new_database(request.param), dataset)
        yield engine
        engine.dispose()

    @pytest.fixture
    def conn(engine):
        with connect(engine) as connection:
            yield connection

    @pytest.fixture(params=list(selections), ids=list(selections))
    def selection(request) -> Filters:
        return selections[request.param]

    return engine, conn, selection
