"""Cached reads and services for the pages: one wrapper per query and per
service, keyed by the database URL and the `Filters` value (frozen, so
hashable). Services read through `CachedReads`, so the pages and the services
share one cached result per query.

The engine is a cache_resource per URL, kept warm between the queries of a
page (see `data_access.engine`). Results are cache_data with a TTL, so
new rows written by another process show up within minutes, and a bounded
number of entries, so clicking through many filter combinations cannot grow
memory without end.

Every cache miss is logged at DEBUG on the `inventory.queries` logger with the
loader's name, its arguments after the URL, start and duration: that is how
slow queries are found, and how the benchmark times a page's data queries
(it replays the query loaders by name) and the services built on them.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Connection, Engine
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

import services.alerts
import services.cash
import services.classes
import services.forecast
import services.overview
import services.peak_readiness
import services.replenishment
import services.shop
import services.stock_health
import services.suppliers
import services.trends
from analytics.alerts import Alert, AlertThresholds
from analytics.events import PeakEvent
from analytics.policy import PolicySettings
from analytics.stock_health import StockPolicy
from data_access import (
    ageing,
    alert_log,
    demand_history,
    extent,
    forecast_store,
    import_audit,
    plan_store,
    policy_reads,
    positions,
    purchasing,
    sales,
    shop_settings,
    stock,
    supplier_reads,
)
from data_access.alert_log import DigestRun
from data_access.engine import DatabaseUnavailableError, check_reachable, connect, make_engine
from data_access.extent import DataExtent, Warehouse
from data_access.filters import Filters
from data_access.forecast_store import ForecastRun
from data_access.plan_store import PlanRun
from data_access.periods import Grain
from data_access.sales import Split
from services.overview import Headline
from services.stock_health import StockDay
from ui.states import stop_with_database_problem

CACHE_TTL_SECONDS = 600
# Entries kept per loader (the oldest go first), by the size of one result.
# Measured on the default shop (300 SKUs x 6 warehouses); results grow with
# the catalog, so the bigger kinds keep fewer.
CACHE_MAX_ENTRIES = 256  # totals, a row per day, category or supplier: KBs
POSITION_MAX_ENTRIES = 64  # a row per product x warehouse: 0.3-0.7 MB here
SERIES_WEEK_MAX_ENTRIES = 8  # a row per series x forecast week: 1.5-3.3 MB here
CLASSIFYING_THREADS = 2  # one per core here: each holds a classification's working frames while it runs
DIGEST_TTL_SECONDS = 60  # the digest's memory changes whenever `python -m planning digest` runs

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


def cached(load: Callable | None = None, *, entries: int = CACHE_MAX_ENTRIES) -> Callable:
    """`st.cache_data` with this module's TTL and `entries` kept at most
    (`@cached` for small results, `@cached(entries=...)` for big ones);
    misses are timed and logged."""
    def wrap(load: Callable) -> Callable:
        return st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=entries, show_spinner=False)(_logged(load))

    return wrap if load is None else wrap(load)


def cached_briefly(load: Callable) -> Callable:
    """`cached` with DIGEST_TTL_SECONDS, for rows another process writes at any time."""
    return st.cache_data(ttl=DIGEST_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)(_logged(load))


def read_each_time(load: Callable) -> Callable:
    """Not cached, but timed and logged like the misses of `cached`: for big
    inputs that only cached results consume."""
    return _logged(load)


def as_of_day(load: Callable) -> Callable:
    """For a loader of stock as of a day, `load(db_url, f, as_of, ...)`: its
    result depends on `f`'s warehouses, categories and SKUs but not on where
    the range starts, so the range is narrowed to `as_of` before the cache
    looks it up, and the date presets that end on the same day share one
    result (the replenishment policy behind it takes seconds at 160,000
    positions). Put it above `cached`."""

    @functools.wraps(load)
    def on_day(db_url: str, f: Filters, as_of: date, *args, **kwargs):
        return load(db_url, f.with_dates(as_of, as_of), as_of, *args, **kwargs)

    return on_day


_classifying = threading.local()  # `active` in classified_together's threads


@st.cache_resource(show_spinner=False)
def engine_for(db_url: str) -> Engine:
    return make_engine(db_url, keep_warm=True)


@contextmanager
def connection(db_url: str) -> Iterator[Connection]:
    """A connection, or the database error panel: setup_page has checked the
    database, but another process may lock or stop it while a page draws.
    Each read that succeeds is noted in `read_times`."""
    with ExitStack() as stack:
        try:
            conn = stack.enter_context(connect(engine_for(db_url)))
        except DatabaseUnavailableError as exc:
            if getattr(_classifying, "active", False):
                raise  # only the script's own thread can end the run: classified_together passes it there
            stop_with_database_problem(str(exc), db_url)
        yield conn
    read_times().note(db_url)


@dataclass
class ReadTimes:
    """When this process last read each database, first and last since the
    caches were cleared: what the pages' cached figures can be older than."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    spans: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)

    def note(self, db_url: str) -> None:
        now = datetime.now(UTC)
        with self.lock:
            first, _ = self.spans.get(db_url, (now, now))
            self.spans[db_url] = (first, now)

    def span(self, db_url: str) -> tuple[datetime, datetime] | None:
        """The oldest and newest read still in the cache (entries expire after CACHE_TTL_SECONDS)."""
        with self.lock:
            found = self.spans.get(db_url)
        if found is None:
            return None
        oldest_kept = datetime.now(UTC) - timedelta(seconds=CACHE_TTL_SECONDS)
        return max(found[0], min(oldest_kept, found[1])), found[1]

    def clear(self) -> None:
        with self.lock:
            self.spans.clear()


@st.cache_resource(show_spinner=False)
def read_times() -> ReadTimes:
    return ReadTimes()


def unreachable(db_url: str) -> str | None:
    """Why the database cannot answer now, or None when it can."""
    try:
        check_reachable(engine_for(db_url))
    except DatabaseUnavailableError as exc:
        return str(exc)
    return None


def clear_caches() -> None:
    """Forget every cached result, e.g. after an import wrote new rows."""
    st.cache_data.clear()
    read_times().clear()


# --- extent -------------------------------------------------------------------


@cached
def data_extent(db_url: str, scope: tuple[str, ...] | None = None) -> DataExtent:
    """The data's reach within the warehouses `scope` (None: every one): see `data_access.extent`."""
    with connection(db_url) as conn:
        return extent.data_extent(conn, scope)


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


@cached(entries=POSITION_MAX_ENTRIES)
def product_sales(db_url: str, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return sales.product_sales(conn, f)


# --- stock --------------------------------------------------------------------


@cached(entries=POSITION_MAX_ENTRIES)
def stock_positions(db_url: str, f: Filters, as_of: date, velocity_window_days: int) -> pd.DataFrame:
    with connection(db_url) as conn:
        return positions.stock_positions(conn, f, as_of, velocity_window_days)


@cached(entries=POSITION_MAX_ENTRIES)
def receipt_histograms(db_url: str, f: Filters, as_of: date, history_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    with connection(db_url) as conn:
        return policy_reads.receipt_histograms(conn, f, as_of, history_days)


@cached(entries=POSITION_MAX_ENTRIES)
def product_revenue(db_url: str, start: date, end: date) -> pd.DataFrame:
    with connection(db_url) as conn:
        return policy_reads.product_revenue(conn, start, end)


@cached
def stock_history(db_url: str, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame:
    with connection(db_url) as conn:
        return stock.stock_history(conn, f, grain, split)


@cached
def stockout_totals(db_url: str, f: Filters) -> pd.Series:
    with connection(db_url) as conn:
        return stock.stockout_totals(conn, f)


@cached(entries=POSITION_MAX_ENTRIES)
def open_purchase_orders(db_url: str, f: Filters, as_of: date) -> pd.DataFrame:
    with connection(db_url) as conn:
        return purchasing.open_purchase_orders(conn, f, as_of)


# --- forecast runs --------------------------------------------------------------
# Keyed by run id: a new run is a new key, so a refresh never shows an old run's sums.


@cached
def latest_forecast_run(db_url: str) -> ForecastRun | None:
    with connection(db_url) as conn:
        return forecast_store.latest_run(conn)


@cached
def weekly_units(db_url: str, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return demand_history.weekly_units(conn, f)


@cached
def weekly_forecast(db_url: str, run_id: int, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return forecast_store.weekly_forecast(conn, run_id, f)


@cached(entries=SERIES_WEEK_MAX_ENTRIES)
def forecast_values(db_url: str, run_id: int, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return forecast_store.series_values(conn, run_id, f)


@cached(entries=POSITION_MAX_ENTRIES)
def forecast_summary(
    db_url: str, run_id: int, f: Filters, first_week: date, weeks: tuple[int, ...], limit: int | None = None
) -> pd.DataFrame:
    with connection(db_url) as conn:
        return forecast_store.series_summary(conn, run_id, f, first_week, weeks, limit)


@cached
def forecast_hidden_units(db_url: str, run_id: int, f: Filters) -> tuple[float, float]:
    with connection(db_url) as conn:
        return forecast_store.hidden_units(conn, run_id, f)


@cached
def backtest_score_sums(db_url: str, run_id: int, f: Filters, by: str | None = None) -> pd.DataFrame:
    with connection(db_url) as conn:
        return forecast_store.score_sums(conn, run_id, f, by)


@cached
def backtest_totals(db_url: str, run_id: int, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return forecast_store.totals(conn, run_id, f)


@cached
def forecast_series_count(db_url: str, run_id: int, f: Filters) -> int:
    with connection(db_url) as conn:
        return forecast_store.series_count(conn, run_id, f)


@cached(entries=POSITION_MAX_ENTRIES)
def forecast_policy_series(db_url: str, run_id: int, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return forecast_store.policy_series(conn, run_id, f)


@read_each_time
def forecast_series_weeks(db_url: str, run_id: int, f: Filters) -> pd.DataFrame:
    """Only the replenishment policy's cached results read it (classified stock,
    peak readiness, suppliers): at 160,000 series it is 4M rows, 133 MB pickled,
    which would push them out of the cache's budget."""
    with connection(db_url) as conn:
        return forecast_store.series_weeks(conn, run_id, f)


# --- plans ----------------------------------------------------------------------
# Keyed by plan id, as forecasts by run id.


@cached
def latest_plan(db_url: str) -> PlanRun | None:
    with connection(db_url) as conn:
        return plan_store.latest_plan(conn)


@cached(entries=POSITION_MAX_ENTRIES)
def plan_purchases(db_url: str, plan_id: int, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return plan_store.purchases(conn, plan_id, f)


@cached
def plan_transfers(db_url: str, plan_id: int, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return plan_store.transfers(conn, plan_id, f)


# --- suppliers and cash -----------------------------------------------------------


@cached
def supplier_receipts(db_url: str, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return supplier_reads.receipt_counts(conn, f)


@cached
def supplier_open_orders(db_url: str, f: Filters, as_of: date) -> pd.DataFrame:
    with connection(db_url) as conn:
        return supplier_reads.open_order_totals(conn, f, as_of)


@cached(entries=POSITION_MAX_ENTRIES)
def supplier_orders(db_url: str, f: Filters, supplier: str) -> pd.DataFrame:
    with connection(db_url) as conn:
        return supplier_reads.supplier_orders(conn, f, supplier)


@cached
def receipts_by_age(db_url: str, f: Filters, as_of: date, band_upper_days: tuple[int, ...]) -> pd.DataFrame:
    with connection(db_url) as conn:
        return ageing.receipts_by_age(conn, f, as_of, band_upper_days)


@cached(entries=POSITION_MAX_ENTRIES)
def untracked_held_since(db_url: str, f: Filters, as_of: date, since: date) -> pd.DataFrame:
    with connection(db_url) as conn:
        return ageing.untracked_held_since(conn, f, as_of, since)


@cached(entries=POSITION_MAX_ENTRIES)
def selection_revenue(db_url: str, f: Filters) -> pd.DataFrame:
    with connection(db_url) as conn:
        return sales.revenue_by_product(conn, f)


@cached(entries=POSITION_MAX_ENTRIES)
def forecast_product_classes(db_url: str, run_id: int) -> pd.DataFrame:
    with connection(db_url) as conn:
        return forecast_store.product_classes(conn, run_id)


# --- the shop's settings ---------------------------------------------------------


@cached
def stored_shop_settings(db_url: str) -> dict[str, str]:
    with connection(db_url) as conn:
        return shop_settings.read_settings(conn)


# --- services -----------------------------------------------------------------


@dataclass(frozen=True)
class CachedReads:
    """`services.reads.Reads` through the cached loaders above."""

    db_url: str

    def sales_totals(self, f: Filters) -> pd.Series:
        return sales_totals(self.db_url, f)

    def sales_by_period(
        self, f: Filters, grain: Grain, split: Split = None, with_orders: bool = False
    ) -> pd.DataFrame:
        return sales_by_period(self.db_url, f, grain, split, with_orders=with_orders)

    def stock_positions(self, f: Filters, as_of: date, velocity_window_days: int) -> pd.DataFrame:
        return stock_positions(self.db_url, f, as_of, velocity_window_days)

    def classified_stock(
        self, f: Filters, as_of: date, policy: StockPolicy, projected: bool = False
    ) -> pd.DataFrame:
        return classified_stock(self.db_url, f, as_of, policy, projected)

    def receipt_histograms(self, f: Filters, as_of: date, history_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        return receipt_histograms(self.db_url, f, as_of, history_days)

    def product_revenue(self, start: date, end: date) -> pd.DataFrame:
        return product_revenue(self.db_url, start, end)

    def stock_history(self, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame:
        return stock_history(self.db_url, f, grain, split)

    def stockout_totals(self, f: Filters) -> pd.Series:
        return stockout_totals(self.db_url, f)

    def open_purchase_orders(self, f: Filters, as_of: date) -> pd.DataFrame:
        return open_purchase_orders(self.db_url, f, as_of)

    def latest_forecast_run(self) -> ForecastRun | None:
        return latest_forecast_run(self.db_url)

    def weekly_units(self, f: Filters) -> pd.DataFrame:
        return weekly_units(self.db_url, f)

    def weekly_forecast(self, run_id: int, f: Filters) -> pd.DataFrame:
        return weekly_forecast(self.db_url, run_id, f)

    def forecast_values(self, run_id: int, f: Filters) -> pd.DataFrame:
        return forecast_values(self.db_url, run_id, f)

    def forecast_summary(
        self, run_id: int, f: Filters, first_week: date, weeks: tuple[int, ...], limit: int | None = None
    ) -> pd.DataFrame:
        return forecast_summary(self.db_url, run_id, f, first_week, weeks, limit)

    def forecast_hidden_units(self, run_id: int, f: Filters) -> tuple[float, float]:
        return forecast_hidden_units(self.db_url, run_id, f)

    def backtest_score_sums(self, run_id: int, f: Filters, by: str | None = None) -> pd.DataFrame:
        return backtest_score_sums(self.db_url, run_id, f, by)

    def backtest_totals(self, run_id: int, f: Filters) -> pd.DataFrame:
        return backtest_totals(self.db_url, run_id, f)

    def forecast_series_count(self, run_id: int, f: Filters) -> int:
        return forecast_series_count(self.db_url, run_id, f)

    def forecast_policy_series(self, run_id: int, f: Filters) -> pd.DataFrame:
        return forecast_policy_series(self.db_url, run_id, f)

    def forecast_series_weeks(self, run_id: int, f: Filters) -> pd.DataFrame:
        return forecast_series_weeks(self.db_url, run_id, f)

    def latest_plan(self) -> PlanRun | None:
        return latest_plan(self.db_url)

    def plan_purchases(self, plan_id: int, f: Filters) -> pd.DataFrame:
        return plan_purchases(self.db_url, plan_id, f)

    def plan_transfers(self, plan_id: int, f: Filters) -> pd.DataFrame:
        return plan_transfers(self.db_url, plan_id, f)

    def warehouse_list(self) -> tuple[Warehouse, ...]:
        return data_extent(self.db_url).warehouses

    def selection_revenue(self, f: Filters) -> pd.DataFrame:
        return selection_revenue(self.db_url, f)

    def forecast_product_classes(self, run_id: int) -> pd.DataFrame:
        return forecast_product_classes(self.db_url, run_id)

    def product_classes(self, as_of: date, policy: StockPolicy) -> pd.DataFrame:
        return product_classes(self.db_url, as_of, policy)

    def supplier_receipts(self, f: Filters) -> pd.DataFrame:
        return supplier_receipts(self.db_url, f)

    def supplier_open_orders(self, f: Filters, as_of: date) -> pd.DataFrame:
        return supplier_open_orders(self.db_url, f, as_of)

    def supplier_orders(self, f: Filters, supplier: str) -> pd.DataFrame:
        return supplier_orders(self.db_url, f, supplier)

    def receipts_by_age(self, f: Filters, as_of: date, band_upper_days: tuple[int, ...]) -> pd.DataFrame:
        return receipts_by_age(self.db_url, f, as_of, band_upper_days)

    def untracked_held_since(self, f: Filters, as_of: date, since: date) -> pd.DataFrame:
        return untracked_held_since(self.db_url, f, as_of, since)

    def shop_settings(self) -> dict[str, str]:
        return stored_shop_settings(self.db_url)


@as_of_day
@cached(entries=POSITION_MAX_ENTRIES)
def classified_stock(
    db_url: str, f: Filters, as_of: date, policy: StockPolicy, projected: bool = False
) -> pd.DataFrame:
    return services.stock_health.classified_stock(CachedReads(db_url), f, as_of, policy, projected)


def classified_together(db_url: str, policy: StockPolicy, days: Iterable[StockDay]) -> tuple[pd.DataFrame, ...]:
    """`classified_stock` for each of `days`, in that order, computed side by
    side in threads. A page that needs several (the Overview: its range's last
    day, the comparison's, the alerts' reference day) would otherwise wait for
    each in turn: seconds apiece at 160,000 positions, with one of the two
    cores idle while Python works and while DuckDB waits on the disk.
    The threads see the page's ScriptRunContext (Streamlit's documented way
    to use its API, here the cache, from a thread) and end before this
    returns; the results land in the cache, where the page's services then
    find them."""
    days = tuple(days)
    distinct = tuple(dict.fromkeys(days))  # two use cases often read the same day
    context = get_script_run_ctx()

    def classify(day: StockDay) -> pd.DataFrame:
        add_script_run_ctx(threading.current_thread(), context)
        _classifying.active = True
        return day.read(CachedReads(db_url), policy)

    try:
        with ThreadPoolExecutor(max_workers=CLASSIFYING_THREADS, thread_name_prefix="classify") as pool:
            classified = dict(zip(distinct, pool.map(classify, distinct)))
    except DatabaseUnavailableError as exc:  # locked or stopped since setup_page checked it
        stop_with_database_problem(str(exc), db_url)
    return tuple(classified[day] for day in days)


@cached
def headline(db_url: str, f: Filters, policy: StockPolicy, comparison: bool = False) -> Headline:
    return services.overview.headline(CachedReads(db_url), f, policy, comparison)


@as_of_day
@cached(entries=POSITION_MAX_ENTRIES)
def stock_alerts(
    db_url: str, f: Filters, as_of: date, policy: StockPolicy, thresholds: AlertThresholds, since: date | None = None
) -> tuple[Alert, ...]:
    return services.alerts.stock_alerts(CachedReads(db_url), f, as_of, policy, thresholds, since)


# --- the digest's memory ------------------------------------------------------


@cached_briefly
def last_digest(db_url: str) -> DigestRun | None:
    with connection(db_url) as conn:
        return alert_log.last_run(conn)


@cached_briefly
def alert_history(db_url: str, limit: int) -> pd.DataFrame:
    with connection(db_url) as conn:
        return alert_log.history(conn, limit)


@cached_briefly
def recent_imports(db_url: str, limit: int) -> pd.DataFrame:
    with connection(db_url) as conn:
        return import_audit.recent_imports(conn, limit)


def shop(db_url: str) -> services.shop.Shop:
    """Not cached itself: the stored settings are, and INVENTORY_CURRENCY is read on each run."""
    return services.shop.shop(CachedReads(db_url))


@cached
def trend_series(db_url: str, f: Filters, measure: str, grain: Grain, split: str) -> pd.DataFrame:
    return services.trends.trend_series(CachedReads(db_url), f, measure, grain, split)


@cached
def selection_forecast(db_url: str, run_id: int, f: Filters) -> services.forecast.SelectionForecast:
    return services.forecast.selection_forecast(CachedReads(db_url), run_id, f)


@cached(entries=POSITION_MAX_ENTRIES)
def forecast_series_table(
    db_url: str, run_id: int, first_week: date, f: Filters, limit: int | None = None
) -> pd.DataFrame:
    return services.forecast.series_table(CachedReads(db_url), run_id, first_week, f, limit)


@cached(entries=SERIES_WEEK_MAX_ENTRIES)
def forecast_rows(db_url: str, run_id: int, f: Filters) -> pd.DataFrame:
    return services.forecast.forecast_rows(CachedReads(db_url), run_id, f)


@cached
def forecast_accuracy_by(db_url: str, run_id: int, f: Filters, by: str) -> pd.DataFrame:
    return services.forecast.accuracy_by(CachedReads(db_url), run_id, f, by)


@cached
def policy_settings(db_url: str) -> PolicySettings:
    return services.replenishment.current_settings(CachedReads(db_url))


@cached
def demand_basis(db_url: str, as_of: date) -> str:
    return services.replenishment.demand_basis(CachedReads(db_url), as_of)


@cached(entries=POSITION_MAX_ENTRIES)
def peak_readiness(db_url: str, plan: PlanRun, f: Filters, peak: PeakEvent) -> services.peak_readiness.PeakReadiness:
    return services.peak_readiness.peak_readiness(CachedReads(db_url), plan, f, peak, data_extent(db_url).warehouses)


@cached
def projected_position(db_url: str, plan: PlanRun, sku: str, warehouse: str, until: date) -> pd.DataFrame:
    return services.peak_readiness.position_days(CachedReads(db_url), plan, sku, warehouse, until)


@cached(entries=POSITION_MAX_ENTRIES)
def supplier_report(db_url: str, f: Filters, policy: StockPolicy) -> services.suppliers.SupplierReport:
    return services.suppliers.supplier_report(CachedReads(db_url), f, policy)


@cached(entries=POSITION_MAX_ENTRIES)
def cash_report(db_url: str, f: Filters, policy: StockPolicy) -> services.cash.CashReport:
    return services.cash.cash_report(CachedReads(db_url), f, policy)


@cached(entries=POSITION_MAX_ENTRIES)
def product_classes(db_url: str, as_of: date, policy: StockPolicy) -> pd.DataFrame:
    return services.classes.product_classes(CachedReads(db_url), as_of, policy)


@cached
def abc_xyz_matrix(db_url: str, f: Filters, policy: StockPolicy) -> pd.DataFrame:
    return services.classes.abc_xyz_matrix(CachedReads(db_url), f, policy)
