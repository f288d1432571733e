"""Pages that need several classifications of stock (the Overview: its
range's last day, the comparison's and the alerts' days; Stock health: now
and the comparison's last day) have them computed side by side in worker
threads, each once, before they draw; the figures they draw are checked
against the raw rows in each page's own tests."""

from __future__ import annotations

import threading

import pytest

import services.stock_health
from data_access.engine import DatabaseUnavailableError
from ui import loaders
from tests.support.app_db import assert_clean, fresh_caches, open_app, simulated_url, use_simulated  # noqa: F401

pytestmark = pytest.mark.usefixtures("use_simulated")

EVENT_TIMEOUT_SECONDS = 60  # a wait on the other thread's arrival, not a measure of time


@pytest.fixture
def classifications(monkeypatch):
    """Each computation of `services.stock_health.classified_stock`: the thread
    it ran on and its day. The first two wait for each other at a barrier,
    so they pass only when they run at the same time."""
    compute = services.stock_health.classified_stock
    both_started = threading.Barrier(2, timeout=EVENT_TIMEOUT_SECONDS)
    seen, lock = [], threading.Lock()

    def recorded(reads, f, as_of, policy, projected=False):
        with lock:
            seen.append((threading.current_thread().name, (f, as_of, projected)))
            first_two = len(seen) <= 2
        if first_two:
            both_started.wait()  # BrokenBarrierError, and a failed page, when computed one after the other
        return compute(reads, f, as_of, policy, projected)

    monkeypatch.setattr(services.stock_health, "classified_stock", recorded)
    return seen


@pytest.mark.parametrize("page", ["app.py", "pages/2_Stock_health.py"])
def test_a_page_classifies_its_days_side_by_side_and_each_once(page, classifications):
    at = open_app(page)
    assert_clean(at)
    threads = [thread for thread, _ in classifications]
    days = [day for _, day in classifications]
    assert len(days) >= 2
    assert all(thread.startswith("classify") for thread in threads), threads
    assert len(set(days)) == len(days), days  # none computed twice: the page's services found them in the cache


def test_a_database_lost_while_classifying_shows_the_outage_panel(monkeypatch):
    """A worker thread cannot end the page's run: the database becoming
    unavailable to the classifying threads (locked or stopped after the
    page's own check) reaches the page as one panel, not as an exception."""
    problem = "The database file shop.duckdb is missing. Put it back, or point INVENTORY_DB_URL at the database."
    connect = loaders.connect

    def lost_to_workers(engine):
        if threading.current_thread().name.startswith("classify"):
            raise DatabaseUnavailableError(problem)
        return connect(engine)

    monkeypatch.setattr(loaders, "connect", lost_to_workers)
    at = open_app()
    assert not at.exception
    (panel,) = at.error
    assert panel.value == problem
    assert not at.metric  # the run ended at the panel
