"""Cached reads for the pages: one wrapper per query, keyed by the database URL
and the `Filters` value (frozen, so hashable).

The engine is a cache_resource per URL, kept warm between the queries of a
page (see `data_access.engine`). Results are cache_data with a TTL, so
new rows written by another process show up within minutes, and a bounded
number of entries, so clicking through many filter combinations cannot grow
memory without end.

Every cache miss is logged at DEBUG on the `inventory.queries` logger with the
loader's name, its arguments after the URL, start and duration: that is how
slow queries are found, and how the benchmark times a page's data queries.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Connection, Engine

from data_access import catalog, positions, purchasing, sales, stock
from data_access.catalog import StoreCatalog
from data_access.engine import DatabaseUnavailableError, connect, make_engine
from data_access.filters import Filters
from data_access.periods import Grain
from data_access.forecast_store import ForecastRun
from data_access.sales import Split
from services import forecast as forecasts
from ui.states import stop_with_database_problem

CACHE_TTL_SECONDS = 600
CACHE_MAX_ENTRIES = 256

query_log = logging.getLogger("inventory.queries")


def _logged(load: Callable) -> Callable:
    @functools.wraps(load)
    def timed_load(*args, **kwargs):
        started = time.perf_counter()
        try:
            return load(*args, **kwargs)
        finally:
            seconds = time.perf_counter() - started
            query_log.debug(
                "%s took %.1f ms",
                load.__name__,
                seconds * 1000,
                extra={
                    "loader": load.__name__, "loader_args": args[1:], "loader_kwargs": kwargs,
                    "started": started, "seconds": seconds,
                },
            )

    return timed_load


def cached(load: Callable) -> Callable:
    """`st.cache_data` with this module's limits; misses are timed and logged."""
    return st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)(_logged(load))


@st.cache_resource(show_spinner=False)
def engine_for(db_url: str) -> Engine:
    return make_engine(db_url, keep_warm=True)


@contextmanager
def connection(db_url: str) -> Iterator[Connection]:
    """A connection, or the database error panel: setup_page has checked the
    database, but another process may lock or stop it while a page draws."""
    with ExitStack() as stack:
        try:
            conn = stack.enter_context(connect(engine_for(db_url)))
        except DatabaseUnavailableError as exc:
            stop_with_database_problem(str(exc), db_url)
        yield conn


def clear_caches() -> None:
    """Forget every cached result, e.g. after an import wrote new rows."""
    st.cache_data.clear()


# --- catalog ------------------------------------------------------------------


@cached
def store_catalog(db_url: str) -> StoreCatalog:
    with connection(db_url) as conn:
        return catalog.store_catalog(conn)


# --- sales --------------------------------------------------------------------


@cached
def sales_totals(db_url: str, f: Filters) -> pd.Series:
    with connection(db_url) as conn:
        return sales.sales_totals(conn, f)


@cached
def sales_by_category(db_url: str, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return sales.sales_by_category(conn, f)


@cached
def sales_by_period(
    db_url: str, f: Filters, grain: Grain, split: Split = None, with_orders: bool = False
) -> pd.DataFrame:
    with connection(db_url) as conn:
        return sales.sales_by_period(conn, f, grain, split, with_orders=with_orders)


@cached
def product_sales(db_url: str, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return sales.product_sales(conn, f)


# --- stock --------------------------------------------------------------------


@cached
def stock_positions(
    db_url: str, f: Filters, as_of: date, velocity_window_days: int, lead_time_history_days: int
) -> pd.DataFrame:
    with connection(db_url) as conn:
        return positions.stock_positions(conn, f, as_of, velocity_window_days, lead_time_history_days)


@cached
def stock_history(db_url: str, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame:
    with connection(db_url) as conn:
        return stock.stock_history(conn, f, grain, split)


@cached
def stockout_totals(db_url: str, f: Filters) -> pd.Series:
    with connection(db_url) as conn:
        return stock.stockout_totals(conn, f)


@cached
def open_purchase_orders(db_url: str, f: Filters, as_of: date) -> pd.DataFrame:
    with connection(db_url) as conn:
        return purchasing.open_purchase_orders(conn, f, as_of)


# --- forecast -----------------------------------------------------------------
# Keyed by run id: a new run is a new key, so a refresh never shows stale sums.


@cached
def latest_forecast_run(db_url: str) -> ForecastRun | None:
    return forecasts.latest_run(engine_for(db_url))


@cached
def selection_forecast(db_url: str, run_id: int, f: Filters) -> forecasts.SelectionForecast:
    return forecasts.selection_forecast(engine_for(db_url), run_id, f)


@cached
def forecast_series_table(db_url: str, run_id: int, first_week: date, f: Filters) -> pd.DataFrame:
    return forecasts.series_table(engine_for(db_url), run_id, first_week, f)


@cached
def forecast_accuracy_by(db_url: str, run_id: int, f: Filters, by: str) -> pd.DataFrame:
    return forecasts.accuracy_by(engine_for(db_url), run_id, f, by)


@cached
def forecast_rows(db_url: str, run_id: int, f: Filters) -> pd.DataFrame:
    return forecasts.forecast_rows(engine_for(db_url), run_id, f)


@cached
def weekly_actuals(db_url: str, f: Filters) -> pd.DataFrame:
    return forecasts.actual_units(engine_for(db_url), f)
