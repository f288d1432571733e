"""Stage: every page of the dashboard in one process, as a server would hold it.

    python -m benchmarks.stage_pages --db URL --runs N --out RESULT.json --calls CALLS.pickle

Per page, through AppTest (the page's script exactly as Streamlit runs it):
- cold: the first run with every cache empty (the first page also pays the imports);
- warm page: reruns with the result cache filled, as when a user comes back;
- warm page data: reruns after clearing the result cache, timing all the
  page's loaders (from the `inventory.queries` log), including those that
  apply the analytics rules to what was read (stock classification,
  headline numbers);
Then, once every page has been drawn (the dashboard's peak memory is read
there), per page again:
- warm queries: reruns after clearing the result cache, timing only the
  loaders that read the database, classifying one day at a time (`_one_thread`);
- floor: the same loader calls as hand-written SQL on one open connection,
  run right after each of those reruns so both see the machine in the same state.
The loader calls of each page are saved for the naive stage.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import streamlit as st
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from benchmarks import floor
from benchmarks.processes import PROJECT_ROOT, own_peak_rss_mb
from benchmarks.timing import LoaderCall, QueryLog, busy_seconds, summary, timed
from data_access.engine import connect, make_engine
from ui import loaders
from ui.navigation import PAGES, PageEntry

APP_TIMEOUT_SECONDS = 300


class PageFailed(RuntimeError):
    pass


def _open(page: PageEntry) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=APP_TIMEOUT_SECONDS)
    if page.path != "app.py":
        at.switch_page(page.path)
    return at


def _run(at: AppTest, page: PageEntry) -> None:
    at.run()
    if at.exception:
        raise PageFailed(f"{page.title} raised: {[e.value for e in at.exception]}")


def _floor_seconds(db_url: str, calls: list[LoaderCall]) -> float:
    engine = make_engine(db_url)
    try:
        with connect(engine) as conn:
            return timed(lambda: [floor.QUERIES[c.loader](conn, *c.args, **c.kwargs) for c in calls])
    finally:
        engine.dispose()


def _reads(calls: list[LoaderCall]) -> list[LoaderCall]:
    """The calls of loaders that read the database (those the floor mirrors)."""
    return [call for call in calls if call.loader in floor.QUERIES]


def _by_loader(calls: list[LoaderCall]) -> dict[str, float]:
    """Milliseconds per loader (nested loaders count in their callers too)."""
    totals: dict[str, float] = {}
    for call in calls:
        totals[call.loader] = totals.get(call.loader, 0.0) + call.seconds * 1000
    return {name: round(ms, 1) for name, ms in sorted(totals.items(), key=lambda item: -item[1])}


def _fresh(page: PageEntry) -> AppTest:
    """The page, with every cache emptied first."""
    with _bare_mode():
        st.cache_data.clear()
        st.cache_resource.clear()
        return _open(page)


def _rerun_cold_data(at: AppTest, page: PageEntry) -> None:
    """Rerun the page with the result cache cleared (the engine stays warm)."""
    with _bare_mode():
        st.cache_data.clear()
    _run(at, page)


def measure_page(page: PageEntry, runs: int, log: QueryLog) -> tuple[dict, list[LoaderCall]]:
    """Cold, warm and page-data times; and the reads of the cold run (what the floor mirrors)."""
    at = _fresh(page)
    log.take()
    page_cold = timed(lambda: _run(at, page))
    cold_calls = log.take()
    page_warm = [timed(lambda: _run(at, page)) for _ in range(runs)]
    loaders_warm, warm_calls = [], []
    for _ in range(runs):
        _rerun_cold_data(at, page)
        warm_calls = log.take()
        loaders_warm.append(busy_seconds(warm_calls))
    result = {
        "page": summary(page_cold, page_warm),
        "loaders": summary(busy_seconds(cold_calls), loaders_warm),
        "last_warm_ms_by_loader": _by_loader(warm_calls),
    }
    return result, _reads(cold_calls)


def measure_queries(page: PageEntry, db_url: str, runs: int, log: QueryLog, floor_calls: list[LoaderCall]) -> dict:
    """The page's reads against the floor's, warm, each floor run right after
    the page's: drifts in machine speed hit both alike."""
    has_floor = make_url(db_url).get_backend_name() in floor.FLOOR_BACKENDS
    at = _fresh(page)
    with _one_thread():
        _run(at, page)
    log.take()
    floor_cold = _floor_seconds(db_url, floor_calls) if has_floor else 0.0
    queries_warm, floor_warm = [], []
    for _ in range(runs):
        with _one_thread():
            _rerun_cold_data(at, page)
        queries_warm.append(busy_seconds(_reads(log.take())))
        if has_floor:
            floor_warm.append(_floor_seconds(db_url, floor_calls))
    result = {"queries": summary(busy_seconds(floor_calls), queries_warm), "query_calls": len(floor_calls)}
    if has_floor:
        result["floor"] = summary(floor_cold, floor_warm)
    return result


@contextmanager
def _one_thread() -> Iterator[None]:
    """The page's classifications one at a time (`ui.loaders.classified_together`),
    for timing its queries: in two threads, one thread's Python holds the
    interpreter while the other's query result waits to be converted, so a
    query's time would include the other's work. The floor is serial too."""
    with mock.patch.object(loaders, "CLASSIFYING_THREADS", 1):
        yield


@contextmanager
def _bare_mode() -> Iterator[None]:
    """Streamlit warns on each cache clear or AppTest set-up done from this
    (non-script) thread; nothing is wrong, so keep those warnings out."""
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--calls", type=Path, required=True)
    args = parser.parse_args()
    os.environ["INVENTORY_DB_URL"] = args.db
    results, calls = {}, {}
    with QueryLog().attached() as log:
        for page in PAGES:
            print(f"  page {page.title} ...", flush=True)
            results[page.title], calls[page.title] = measure_page(page, args.runs, log)
        peak_rss_mb = round(own_peak_rss_mb(), 1)  # before the query pass, which the dashboard never makes
        for page in PAGES:
            print(f"  queries of {page.title} ...", flush=True)
            results[page.title] |= measure_queries(page, args.db, args.runs, log, calls[page.title])
    args.out.write_text(json.dumps({"pages": results, "peak_rss_mb": peak_rss_mb}, indent=2))
    args.calls.write_bytes(
        pickle.dumps({title: [(c.loader, c.args, c.kwargs) for c in page_calls] for title, page_calls in calls.items()})
    )


if __name__ == "__main__":
    main()
