"""Fixtures for the browser tests (tests/test_browser*.py); their helpers are
in tests/support/browser.py.

One small simulated DuckDB database, one `streamlit run app.py` server and one
headless Chromium serve every browser test of the session; each test gets a
new tab (a new Streamlit session). Reference numbers come from
plain SQL on a copy of the database file, so they never wait for the
server's lock and share no code with the pages' queries.

A test module registers this file as a plugin,
`pytest_plugins = ["tests.support.browser_fixtures"]`: pytest then holds one
definition of each session fixture for every module (importing the fixtures
into two modules would make two sessions' worth: two servers, two browsers).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from planning.__main__ import main as planning
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from tests.conftest import skip_or_fail
from tests.support.browser import CHROMIUM_ARGS, TIMEOUT_MS, VIEWPORT, chromium_path
from tests.support.streamlit_server import streamlit_server

SIMULATION = SimulationConfig(products=40, warehouses=3, days=120, end_date=date(2025, 12, 31), seed=5)


# --- the database -------------------------------------------------------------


@dataclass(frozen=True)
class BrowserDatabase:
    url: str  # what the server reads
    reference: Path  # an identical copy for the tests' own SQL


@pytest.fixture(scope="session")
def browser_database(tmp_path_factory) -> BrowserDatabase:
    directory = tmp_path_factory.mktemp("browser_db")
    path = directory / "app.duckdb"
    generate_into(f"duckdb:///{path}", SIMULATION, replace=True)
    assert planning(["forecast", "--db", f"duckdb:///{path}"]) == 0  # the Forecast page reads a stored run
    reference = directory / "reference.duckdb"
    shutil.copyfile(path, reference)
    return BrowserDatabase(f"duckdb:///{path}", reference)


# --- the server ---------------------------------------------------------------


@pytest.fixture(scope="session")
def new_app_server(tmp_path_factory):
    """`with new_app_server(db_url) as base_url:` a server of its own (for a
    test that writes to its database); saved mappings go to an empty folder."""

    def start(db_url: str):
        directory = tmp_path_factory.mktemp("streamlit")
        return streamlit_server(
            db_url, directory / "streamlit.log", extra_env={"INVENTORY_MAPPINGS_DIR": str(directory / "mappings")}
        )

    return start


@pytest.fixture(scope="session")
def app_server(browser, browser_database, new_app_server) -> Iterator[str]:
    """The shared server's base URL (needs `browser` first, so a missing
    Chromium skips before anything is started)."""
    with new_app_server(browser_database.url) as base_url:
        yield base_url


# --- the browser --------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        skip_or_fail(f"playwright is not installed ({exc}); pip install playwright")
    executable = chromium_path()
    if executable is None:
        skip_or_fail("no Chromium for the browser tests (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context for all pages: its HTTP cache keeps Streamlit's and Plotly's
    scripts between tests (a new context loads them again)."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A new tab: a new Streamlit session (sessions live per tab, not per context)."""
    opened = browser_context.new_page()
    yield opened
    opened.close()
