"""Forecast runs: written whole, read by selection, the newest few kept.

A run is one row in `forecast_runs` plus its series facts, weekly forecasts,
backtest score sums and backtest totals, written in one transaction (a
failed run writes nothing). The newest KEEP_RUNS runs are kept: older ones
are deleted in the same transaction that adds a new one, so the page always
has the latest run and the one before to compare with, and the tables stay
bounded (at 160,000 series a run is about 4 million forecast rows).

Readers take the run id and the sidebar's `Filters` (warehouses, categories,
SKUs; its dates do not apply to forecasts) and aggregate in the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.bulk import as_date, insert_frame, keep_newest, next_id
from data_access.filters import Filters, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import days_between
from data_access.schema import (
    FORECAST_TABLES,
    backtest_scores,
    backtest_totals,
    forecast_products,
    forecast_runs,
    forecast_series,
    forecast_values,
    products,
    warehouses,
)

KEEP_RUNS = 3
BREAKDOWNS = {
    "category": products.c.category,
    "warehouse": warehouses.c.code,
    "demand-class": forecast_series.c.demand_class,
}
"""What backtest accuracy can be split by (ids) and the column each reads."""
DONE = "done"
SCORE_SUMS = ("abs_error", "error", "actual", "naive_abs_error", "covered", "cells")


@dataclass(frozen=True)
class ForecastRun:
    run_id: int
    created_at: datetime
    as_of: date
    first_week: date
    horizon_weeks: int
    status: str
    series: int
    stock_levels: bool
    true_demand: bool
    seconds: float
    params: dict


@dataclass(frozen=True)
class RunRows:
    """A run's rows, keyed by product_id and warehouse_id (totals by category and warehouse_id)."""

    series: pd.DataFrame
    values: pd.DataFrame
    scores: pd.DataFrame
    totals: pd.DataFrame
    products: pd.DataFrame
    """Per product: weeks, cv, xyz_class (analytics.xyz)."""


def save_run(conn: Connection, run: ForecastRun, rows: RunRows) -> int:
    """Insert the run with a new id (its `run_id` is ignored), then delete
    all but the newest KEEP_RUNS runs; inside the caller's transaction."""
    run_id = next_id(conn, forecast_runs)
    record = {**run.__dict__, "run_id": run_id, "params": json.dumps(run.params, sort_keys=True)}
    conn.execute(forecast_runs.insert(), [record])
    for table, frame in (
        (forecast_series, rows.series),
        (forecast_values, rows.values),
        (backtest_scores, rows.scores),
        (backtest_totals, rows.totals),
        (forecast_products, rows.products),
    ):
        insert_frame(conn, table, frame.assign(run_id=run_id))
    keep_newest(conn, forecast_runs, FORECAST_TABLES, KEEP_RUNS)
    return run_id


def latest_run(conn: Connection) -> ForecastRun | None:
    """The newest finished run, or None before the first."""
    newest = sa.select(forecast_runs).where(forecast_runs.c.status == DONE).order_by(forecast_runs.c.run_id.desc())
    row = conn.execute(newest.limit(1)).first()
    if row is None:
        return None
    values = row._asdict()
    values["params"] = json.loads(values["params"])
    values["as_of"], values["first_week"] = as_date(values["as_of"]), as_date(values["first_week"])
    values["stock_levels"], values["true_demand"] = bool(values["stock_levels"]), bool(values["true_demand"])
    return ForecastRun(**values)


def product_classes(conn: Connection, run_id: int) -> pd.DataFrame:
    """The run's XYZ class of every product it forecast: product_id, weeks, cv, xyz_class."""
    c = forecast_products.c
    stmt = sa.select(c.product_id, c.weeks, c.cv, c.xyz_class).where(c.run_id == run_id).order_by(c.product_id)
    return read_frame(conn, stmt, integers=("product_id", "weeks")).astype({"cv": "float64"})


def run_ids(conn: Connection) -> list[int]:
    return [row.run_id for row in conn.execute(sa.select(forecast_runs.c.run_id).order_by(forecast_runs.c.run_id))]


def weekly_forecast(conn: Connection, run_id: int, f: Filters) -> pd.DataFrame:
    """week_start, forecast_units (summed over the selection's series), by week."""
    stmt = (
        sa.select(forecast_values.c.week_start, sa.func.sum(forecast_values.c.forecast_units).label("forecast_units"))
        .select_from(with_dimensions(forecast_values))
        .where(forecast_values.c.run_id == run_id, dimension_conditions(f))
        .group_by(forecast_values.c.week_start)
        .order_by(forecast_values.c.week_start)
    )
    return read_frame(conn, stmt, dates=("week_start",))


def series_count(conn: Connection, run_id: int, f: Filters) -> int:
    """How many product x warehouse series of the run the selection holds (its dates do not apply)."""
    stmt = (
        sa.select(sa.func.count())
        .select_from(with_dimensions(forecast_series))
        .where(forecast_series.c.run_id == run_id, dimension_conditions(f))
    )
    return int(conn.execute(stmt).scalar_one())


def series_values(conn: Connection, run_id: int, f: Filters) -> pd.DataFrame:
    """One row per series x week: week_start, sku, warehouse (code), forecast_units, low, high, method."""
    stmt = (
        sa.select(
            forecast_values.c.week_start,
            products.c.sku,
            warehouses.c.code.label("warehouse"),
            forecast_values.c.forecast_units,
            forecast_values.c.low,
            forecast_values.c.high,
            forecast_series.c.method,
        )
        .select_from(with_dimensions(forecast_values).join(forecast_series, _same_series(forecast_values)))
        .where(forecast_values.c.run_id == run_id, dimension_conditions(f))
        .order_by(forecast_values.c.week_start, products.c.sku, warehouses.c.code)
    )
    return read_frame(conn, stmt, dates=("week_start",))


def series_summary(
    conn: Connection, run_id: int, f: Filters, first_week: date, weeks: tuple[int, ...], limit: int | None = None
) -> pd.DataFrame:
    """One row per series of the selection: sku, name, category, warehouse,
    next_<n> (units forecast over the first n weeks, for each n of `weeks`),
    demand_class, method, recent_units, hidden_units and the backtest's
    abs_error, actual, naive_abs_error (all weeks, against sales); most units
    over the longest span first (then sku and warehouse), only the first
    `limit` rows when given: a page shows a few of 160,000 series."""
    next_sums = [
        sa.func.sum(
            sa.case((forecast_values.c.week_start < first_week + timedelta(weeks=n), forecast_values.c.forecast_units))
        ).label(f"next_{n}")
        for n in weeks
    ]
    ahead = (
        sa.select(forecast_values.c.product_id, forecast_values.c.warehouse_id, *next_sums)
        .where(forecast_values.c.run_id == run_id)
        .group_by(forecast_values.c.product_id, forecast_values.c.warehouse_id)
        .subquery()
    )
    scores = backtest_scores.alias("scores")
    stmt = (
        sa.select(
            products.c.sku,
            products.c.name,
            products.c.category,
            warehouses.c.code.label("warehouse"),
            *(ahead.c[f"next_{n}"] for n in weeks),
            forecast_series.c.demand_class,
            forecast_series.c.method,
            forecast_series.c.recent_units,
            forecast_series.c.hidden_units,
            scores.c.abs_error,
            scores.c.actual,
            scores.c.naive_abs_error,
        )
        .select_from(
            with_dimensions(forecast_series)
            .join(ahead, _same_series(ahead, forecast_series))
            .outerjoin(
                scores,
                sa.and_(
                    _same_series(scores, forecast_series),
                    scores.c.run_id == run_id,
                    scores.c.scope == "all",
                    scores.c.target == "sales",
                ),
            )
        )
        .where(forecast_series.c.run_id == run_id, dimension_conditions(f))
        .order_by(ahead.c[f"next_{max(weeks)}"].desc().nulls_last(), products.c.sku, warehouses.c.code)
        .limit(limit)
    )
    return read_frame(conn, stmt)


def _same_series(table, other=forecast_series) -> sa.ColumnElement[bool]:
    """Join condition: same product, warehouse and (where both have one) run."""
    terms = [table.c.product_id == other.c.product_id, table.c.warehouse_id == other.c.warehouse_id]
    if "run_id" in table.c and "run_id" in other.c:
        terms.append(table.c.run_id == other.c.run_id)
    return sa.and_(*terms)


def policy_series(conn: Connection, run_id: int, f: Filters) -> pd.DataFrame:
    """What the replenishment policy takes from a run per series of the
    selection: product_id, warehouse_id, demand_class, error_sd (empty for a
    run stored before it was kept)."""
    stmt = (
        sa.select(
            forecast_series.c.product_id,
            forecast_series.c.warehouse_id,
            forecast_series.c.demand_class,
            forecast_series.c.error_sd,
        )
        .select_from(with_dimensions(forecast_series))
        .where(forecast_series.c.run_id == run_id, dimension_conditions(f))
        .order_by(forecast_series.c.product_id, forecast_series.c.warehouse_id)
    )
    frame = read_frame(conn, stmt, integers=("product_id", "warehouse_id"))
    return frame.astype({"error_sd": "float64"})


def series_weeks(conn: Connection, run_id: int, f: Filters) -> pd.DataFrame:
    """The run's weekly forecasts of the selection's series: product_id,
    warehouse_id, week_day (the week's Monday as days after the run's first
    week: 0, 7, 14...), forecast_units, in no particular order (they are
    placed by their keys; sorting a big catalog's 4M rows took longer than
    reading them). A number, not a date: turning 4.2M dates into pandas'
    took a quarter of the read, and PostgreSQL's driver builds a Python date
    per row."""
    first_week = sa.select(forecast_runs.c.first_week).where(forecast_runs.c.run_id == run_id).scalar_subquery()
    week_day = days_between(forecast_values.c.week_start, first_week)
    stmt = (
        sa.select(forecast_values.c.product_id, forecast_values.c.warehouse_id, week_day.label("week_day"),
                  forecast_values.c.forecast_units)
        .select_from(with_dimensions(forecast_values))
        .where(forecast_values.c.run_id == run_id, dimension_conditions(f))
    )  # fmt: skip
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id", "week_day"))


def score_sums(conn: Connection, run_id: int, f: Filters, by: str | None = None) -> pd.DataFrame:
    """Backtest score sums of the selection per scope x target, and per `by`
    (BREAKDOWNS: category, warehouse code or demand class, in a column `group`) when given."""
    key = [] if by is None else [BREAKDOWNS[by].label("group")]
    keys = [*key, backtest_scores.c.scope, backtest_scores.c.target]
    stmt = (
        sa.select(*keys, *(sa.func.sum(backtest_scores.c[name]).label(name) for name in SCORE_SUMS))
        .select_from(with_dimensions(backtest_scores).join(forecast_series, _same_series(backtest_scores)))
        .where(backtest_scores.c.run_id == run_id, dimension_conditions(f))
        .group_by(*keys)
        .order_by(*keys)
    )
    return read_frame(conn, stmt)


def totals(conn: Connection, run_id: int, f: Filters) -> pd.DataFrame:
    """The selection's backtest totals per cutoff x week: cutoff, week_start,
    horizon, forecast, sales, demand, naive. Totals are kept per category x
    warehouse, so a selection by SKU gets its categories' totals."""
    measures = ("forecast", "sales", "demand", "naive")
    keys = (backtest_totals.c.cutoff, backtest_totals.c.week_start, backtest_totals.c.horizon)
    terms = [backtest_totals.c.run_id == run_id]
    if f.warehouses:
        terms.append(warehouses.c.code.in_(f.warehouses))
    if f.categories:
        terms.append(backtest_totals.c.category.in_(f.categories))
    if f.skus:
        terms.append(backtest_totals.c.category.in_(sa.select(products.c.category).where(products.c.sku.in_(f.skus))))
    stmt = (
        sa.select(*keys, *(sa.func.sum(backtest_totals.c[name]).label(name) for name in measures))
        .select_from(backtest_totals.join(warehouses, warehouses.c.warehouse_id == backtest_totals.c.warehouse_id))
        .where(*terms)
        .group_by(*keys)
        .order_by(*keys)
    )
    return read_frame(conn, stmt, dates=("cutoff", "week_start"))


def hidden_units(conn: Connection, run_id: int, f: Filters) -> tuple[float, float]:
    """The selection's units sold in the run's last 52 weeks and the demand stockouts hid in them."""
    stmt = (
        sa.select(
            sa.func.coalesce(sa.func.sum(forecast_series.c.recent_units), 0.0),
            sa.func.coalesce(sa.func.sum(forecast_series.c.hidden_units), 0.0),
        )
        .select_from(with_dimensions(forecast_series))
        .where(forecast_series.c.run_id == run_id, dimension_conditions(f))
    )
    recent, hidden = conn.execute(stmt).one()
    return float(recent), float(hidden)
