"""The demand forecast's use cases: run one, and read the latest for a selection.

A run reads the weekly history up to its as-of date (`data_access.demand_history`),
fits and backtests the model (`analytics.forecasting`) and stores both
(`data_access.forecast_store`) in one transaction: it takes an Engine, since
it writes. The readers take a `services.reads.Reads`, like every service.
Pages only read stored runs: fitting takes seconds for the default shop and
minutes for a big catalog, which no page view should wait for.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from analytics.forecasting import accuracy, aggregate_band, forecast, from_weekly_rows, run_backtest
from analytics.forecasting.backtest import ALL_WEEKS, BACKTEST_HORIZON, BACKTEST_SPAN, CUTOFF_EVERY, SALES
from analytics.forecasting.calendar import DAYS_PER_WEEK, first_forecast_week
from analytics.forecasting.history import WeeklyHistory, weekly_matrices
from analytics.forecasting.model import SeriesForecast, group_profiles
from analytics.xyz import xyz_classes
from data_access import demand_history, forecast_store, ground_truth
from data_access.engine import connect, transaction
from data_access.export import neutralise
from data_access.extent import data_span
from data_access.filters import Filters
from data_access.forecast_store import DONE, ForecastRun, RunRows
from services.reads import ConnectionReads, Reads
from services.shop import shop

DEFAULT_HORIZON_WEEKS = 26
MAX_HORIZON_WEEKS = 52
HISTORY_WEEKS = 4 * 52
"""The run reads at most this much history: enough for yearly seasonality and the backtest."""
CSV_COLUMNS = ("week_start", "sku", "warehouse", "forecast_units", "low", "high", "method")

Progress = Callable[[float, str], None]
"""Called with the fraction done and the step's id (one of STEPS)."""
STEPS = ("reading-history", "forecasting", "backtesting", "storing", "stored")


class NothingToForecast(Exception):
    """The database has no sales or stock on or before the as-of date."""


@dataclass(frozen=True)
class RunReport:
    run: ForecastRun
    accuracy: dict[str, float]
    """The backtest over all series and weeks against sales (see `analytics.forecasting.accuracy`)."""


@dataclass(frozen=True)
class History:
    """What a run learns from: the weekly matrices up to `as_of`."""

    weekly: WeeklyHistory
    as_of: date
    stock_levels: bool
    true_demand: np.ndarray | None
    """[series, week] the simulator's true demand, None for imported data."""

    @property
    def complete_weeks(self) -> int:
        """Weeks that end on or before `as_of` (its own week only if it is a Sunday)."""
        return len(self.weekly.weeks) - (0 if self.as_of.weekday() == DAYS_PER_WEEK - 1 else 1)


def load_history(engine: Engine, as_of: date | None = None) -> History:
    """The weekly history of every product x warehouse up to `as_of`
    (default: the last day with data), at most HISTORY_WEEKS long."""
    with connect(engine) as conn:
        as_of = as_of or data_span(conn).last_day
        if as_of is None:
            raise NothingToForecast("The database has no sales or stock yet: import data or generate a sample shop.")
        selection = Filters(as_of - timedelta(weeks=HISTORY_WEEKS), as_of)
        series = demand_history.demand_series(conn, selection)
        rows = demand_history.weekly_demand(conn, selection)
        stock_levels = demand_history.stock_levels_known(conn, selection)
        truth = ground_truth.true_demand(conn, selection, "week") if ground_truth.has_ground_truth(conn) else None
        calendar = shop(ConnectionReads(conn)).calendar  # the shop's retail calendar: its events, its peaks
    if series.empty:
        raise NothingToForecast(f"There are no sales or stock on or before {as_of}: choose a later --as-of date.")
    weekly = from_weekly_rows(rows, series.assign(group=series["category"]), as_of, calendar)
    if truth is not None:
        truth = weekly_matrices(truth, weekly.series, weekly.weeks, ["units"], week_column="period")["units"]
    return History(weekly, as_of, stock_levels, truth)


def run_forecast(
    engine: Engine,
    as_of: date | None = None,
    horizon_weeks: int = DEFAULT_HORIZON_WEEKS,
    progress: Progress | None = None,
) -> RunReport:
    """Fit, backtest and store a forecast from the history on or before
    `as_of` (default: the last day with data)."""
    if not 1 <= horizon_weeks <= MAX_HORIZON_WEEKS:
        raise ValueError(f"The horizon must be 1 to {MAX_HORIZON_WEEKS} weeks (got {horizon_weeks}).")
    report = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    report(0.0, "reading-history")
    history = load_history(engine, as_of)
    report(0.2, "forecasting")
    profiles = group_profiles(history.weekly)
    result = forecast(history.weekly, horizon_weeks, profiles)
    classes = xyz_classes(history.weekly, profiles)  # the same seasonal index: XYZ costs the run next to nothing
    report(0.35, "backtesting")
    backtest = run_backtest(history.weekly, history.complete_weeks, history.true_demand)
    report(0.9, "storing")
    rows_to_store = _run_rows(history.weekly, result, backtest, classes)
    with transaction(engine) as conn:
        run = ForecastRun(
            run_id=0,
            created_at=datetime.now(UTC).replace(tzinfo=None),
            as_of=history.as_of,
            first_week=first_forecast_week(history.as_of),
            horizon_weeks=horizon_weeks,
            status=DONE,
            series=history.weekly.size,
            stock_levels=history.stock_levels,
            true_demand=history.true_demand is not None,
            seconds=round(time.perf_counter() - started, 3),
            params=_params(),
        )
        run_id = forecast_store.save_run(conn, run, rows_to_store)
    report(1.0, "stored")
    scores = backtest.series_scores
    overall = accuracy(scores[(scores["scope"] == ALL_WEEKS) & (scores["target"] == SALES)])
    return RunReport(ForecastRun(**{**run.__dict__, "run_id": run_id}), overall)


def _params() -> dict:
    return {
        "backtest_horizon": BACKTEST_HORIZON,
        "cutoff_every": CUTOFF_EVERY,
        "backtest_span": BACKTEST_SPAN,
        "history_weeks": HISTORY_WEEKS,
    }


def _run_rows(history: WeeklyHistory, result: SeriesForecast, backtest, classes: pd.DataFrame) -> RunRows:
    keys = history.series[["product_id", "warehouse_id"]].reset_index(drop=True)
    weeks = len(result.weeks)
    series = keys.assign(
        demand_class=result.demand_class.astype(str),
        method=result.method.astype(str),
        stock_known=history.stock_known,
        recent_units=result.recent_units,
        hidden_units=result.hidden_units,
        error_sd=result.error_sd,
    )
    values = pd.DataFrame(
        {
            "product_id": np.repeat(keys["product_id"].to_numpy(), weeks),
            "warehouse_id": np.repeat(keys["warehouse_id"].to_numpy(), weeks),
            "week_start": np.tile(result.weeks, history.size).astype("datetime64[s]"),
            "forecast_units": result.mean.ravel().round(4),
            "low": result.low.ravel().round(4),
            "high": result.high.ravel().round(4),
        }
    )
    scores = backtest.series_scores
    series_keys = keys.iloc[scores["series"].to_numpy()].reset_index(drop=True)
    scores = pd.concat([series_keys, scores.drop(columns="series")], axis=1)
    totals = backtest.cell_totals.rename(columns={"group": "category"})
    for column in ("cutoff", "week_start"):
        totals[column] = pd.to_datetime(totals[column]).astype("datetime64[s]")
    return RunRows(series=series, values=values, scores=scores, totals=totals, products=classes)


# --- reading the latest run ----------------------------------------------------


def forecast_rows(reads: Reads, run_id: int, f: Filters | None = None) -> pd.DataFrame:
    """The run's rows as the command's CSV has them (CSV_COLUMNS), one per series x week."""
    return reads.forecast_values(run_id, f or Filters(date.min, date.max))[list(CSV_COLUMNS)]


def write_csv(rows: pd.DataFrame, path: Path) -> None:
    """`forecast_rows` as plain UTF-8 CSV (no byte-order mark: scripts read
    it), ISO dates, text cells neutralised against spreadsheet formulas."""
    frame = rows.assign(week_start=pd.to_datetime(rows["week_start"]).dt.strftime("%Y-%m-%d"))
    for column in ("sku", "warehouse", "method"):
        frame[column] = frame[column].map(neutralise)
    for column in ("forecast_units", "low", "high"):
        frame[column] = frame[column].round(3)
    frame.to_csv(path, index=False, lineterminator="\n")


@dataclass(frozen=True)
class SelectionForecast:
    """What the Forecast page shows for one selection."""

    weekly: pd.DataFrame
    """week_start, forecast_units (the sum of the selection's series), low and high: the sum
    times the P10 and P90 of actual / forecast in the selection's own backtest."""
    accuracy: pd.DataFrame
    """One row per scope x target with scored weeks: wape, bias, naive_wape, relative_error, coverage."""
    censored_share: float
    """Share of the last year's estimated demand that stockouts hid (NaN without units)."""


def series_in_scope(reads: Reads, run: ForecastRun, scope: tuple[str, ...] | None) -> int:
    """The run's series in the warehouses `scope` (None: every one, the run's own count)."""
    if scope is None:
        return run.series
    return reads.forecast_series_count(run.run_id, Filters(date.min, date.max, warehouses=scope))


def selection_forecast(reads: Reads, run_id: int, f: Filters) -> SelectionForecast:
    """The run summed over a selection, with the selection's own band and
    backtest accuracy."""
    weekly = reads.weekly_forecast(run_id, f)
    low, high = aggregate_band(reads.backtest_totals(run_id, f))
    weekly = weekly.assign(low=weekly["forecast_units"] * low, high=weekly["forecast_units"] * high)
    recent, hidden = reads.forecast_hidden_units(run_id, f)
    share = hidden / (recent + hidden) if recent + hidden > 0 else float("nan")
    return SelectionForecast(weekly, _accuracy_table(reads.backtest_score_sums(run_id, f), []), share)


BREAKDOWNS: tuple[str, ...] = tuple(forecast_store.BREAKDOWNS)


def accuracy_by(reads: Reads, run_id: int, f: Filters, by: str) -> pd.DataFrame:
    """Backtest accuracy of the selection per `group` (a category, warehouse
    code or demand class, as `by` of BREAKDOWNS says) x scope x target."""
    if by not in BREAKDOWNS:
        raise ValueError(f"Unknown accuracy breakdown {by!r}; use one of {', '.join(BREAKDOWNS)}.")
    return _accuracy_table(reads.backtest_score_sums(run_id, f, by), ["group"])


def _accuracy_table(sums: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """wape, bias, naive_wape, relative_error and coverage per keys x scope x target."""
    columns = [*keys, "scope", "target", "wape", "bias", "naive_wape", "relative_error", "coverage"]
    rows = [
        {**dict(zip([*keys, "scope", "target"], key, strict=True)), **accuracy(group)}
        for key, group in sums.groupby([*keys, "scope", "target"], sort=True)
        if group["cells"].sum() > 0
    ]
    return pd.DataFrame(rows, columns=columns)


PAGE_WEEKS = (4, 13)


def series_table(reads: Reads, run_id: int, first_week: date, f: Filters) -> pd.DataFrame:
    """One row per series of the selection: sku, name, category, warehouse,
    next_4, next_13, demand_class, method, backtest_wape, relative_error and
    censored_share (of the last year's estimated demand)."""
    frame = reads.forecast_summary(run_id, f, first_week, PAGE_WEEKS)
    actual = frame.pop("actual")
    abs_error = frame.pop("abs_error")
    naive = frame.pop("naive_abs_error")
    recent, hidden = frame.pop("recent_units"), frame.pop("hidden_units")
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["backtest_wape"] = np.where(actual > 0, abs_error / actual, np.nan)
        frame["relative_error"] = np.where(naive > 0, abs_error / naive, np.nan)
        frame["censored_share"] = np.where(recent + hidden > 0, hidden / (recent + hidden), np.nan)
    return frame
