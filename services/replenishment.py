"""The replenishment policy applied to the shop's positions, and the stored plan.

`policy_view` gives every position of a selection its lead-time figures, ABC
class, reorder point and order-up-to level as of a day: from the latest
stored forecast when it covers that day, else from the average of recent
sales (the basis says which). Stock health, the Overview, the alerts and the
plan all start from it. `run_plan` computes the plan for every position from
the latest forecast and stores it in one transaction; the pages only read
stored plans.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from analytics.forecasting.history import weekly_matrices_by_day
from analytics.policy import (
    ABC_CLASSES,
    COUNTED_CLASSES,
    Arrivals,
    DemandCurve,
    PolicySettings,
    abc_classes,
    lead_time_stats,
    needs_order,
    plan_lines,
    policy_levels,
    project,
)
from analytics.policy.demand import DAYS_PER_WEEK
from analytics.position_rows import position_rows
from analytics.stock_health import StockPolicy
from data_access import plan_store
from data_access.engine import connect, transaction
from data_access.extent import data_span
from data_access.filters import Filters
from data_access.forecast_store import ForecastRun
from data_access.plan_store import PlanRun
from services.forecast import DEFAULT_HORIZON_WEEKS, RunReport, run_forecast
from services.reads import ConnectionReads, Reads

FORECAST_BASIS = "forecast"
SALES_BASIS = "sales"
BASES: tuple[str, ...] = (FORECAST_BASIS, SALES_BASIS)
"""Where a view's demand comes from: the latest forecast run, or recent sales when no run covers the day."""
SALES_HORIZON_DAYS = 182
"""How far a view on the sales basis projects stock (the forecast's default horizon)."""
EVERYTHING = Filters(date.min, date.max)


class NothingToPlan(Exception):
    """No forecast run to plan from, or none that covers the as-of date."""


@dataclass(frozen=True)
class PolicyView:
    """The policy's figures for a selection's positions as of a day."""

    levels: pd.DataFrame
    """One row per position: the stock positions' columns, lead_mean, lead_sd,
    lead_p90, receipts, lead_source, abc_class, weekly_error_sd, intermittent,
    the policy's LEVEL_COLUMNS and needs_order."""
    curve: DemandCurve
    """Expected demand of row i of `levels`, day 0 the day after `run_as_of`."""
    start: int
    """The curve's day of the day after the view's as-of date (when orders are placed)."""
    horizon_days: int
    """Days from `start` that the curve forecasts (beyond it, the last week's rate goes on)."""
    basis: str
    """One of BASES."""


def policy_view(reads: Reads, f: Filters, as_of: date, settings: PolicySettings, velocity_days: int) -> PolicyView:
    """The policy as of the end of `as_of` for the selection's positions (see PolicyView)."""
    positions = reads.stock_positions(f, as_of, velocity_days)
    run = reads.latest_forecast_run()
    if run is not None and _covers(run, as_of):
        curve, errors, intermittent = _forecast_inputs(reads, run, f, positions)
        start, horizon, basis = (as_of - run.as_of).days, _horizon_days(run, as_of), FORECAST_BASIS
    else:
        curve, errors, intermittent = _sales_inputs(positions)
        start, horizon, basis = 0, SALES_HORIZON_DAYS, SALES_BASIS
    lead_times = _lead_times(reads, f, as_of, settings, positions)
    per_product = pd.Index(lead_times["product_id"]).get_indexer(positions["product_id"])
    abc = product_abc(reads, as_of, settings)
    abc_class = np.append(abc.to_numpy(dtype=object), ABC_CLASSES[-1])[abc.index.get_indexer(positions["product_id"])]
    frame = positions.assign(
        **{column: lead_times[column].to_numpy()[per_product] for column in LEAD_TIME_COLUMNS},
        abc_class=pd.array(abc_class, dtype="str"),
        weekly_error_sd=errors,
        intermittent=intermittent,
    )  # every position's product is in `lead_times`: it is made from them
    levels = policy_levels(frame, curve, start, settings)
    return PolicyView(levels.assign(needs_order=needs_order(levels)), curve, start, horizon, basis)


def demand_basis(reads: Reads, as_of: date) -> str:
    """FORECAST_BASIS when the latest forecast run covers `as_of`, else SALES_BASIS."""
    run = reads.latest_forecast_run()
    return FORECAST_BASIS if run is not None and _covers(run, as_of) else SALES_BASIS


def _covers(run: ForecastRun, as_of: date) -> bool:
    """Whether the run's forecast starts by the day after `as_of` and reaches past it."""
    return run.as_of <= as_of and _horizon_days(run, as_of) > 0


def _horizon_days(run: ForecastRun, as_of: date) -> int:
    last_day = run.first_week + timedelta(weeks=run.horizon_weeks)
    return (last_day - (as_of + timedelta(days=1))).days


def _forecast_inputs(reads: Reads, run: ForecastRun, f: Filters, positions: pd.DataFrame):
    """The run's weekly forecasts as a curve, its error spreads and count
    classes, row by row of `positions`; a position the run does not know
    (new since) falls back to its sales average."""
    series = reads.forecast_policy_series(run.run_id, f)
    rows = reads.forecast_series_weeks(run.run_id, f)
    keys = positions[["product_id", "warehouse_id"]]
    matrices = weekly_matrices_by_day(rows, keys, rows["week_day"], run.horizon_weeks, ["forecast_units"])
    weekly = matrices["forecast_units"]
    row = position_rows(series, keys["product_id"], keys["warehouse_id"])
    forecast_known = row >= 0
    sales_curve, sales_errors, _ = _sales_inputs(positions)
    weekly = np.where(forecast_known[:, None], weekly, sales_curve.weekly)
    run_errors = np.append(series["error_sd"].to_numpy(dtype="float64"), np.nan)[row]
    errors = np.where(forecast_known, run_errors, sales_errors)
    intermittent = forecast_known & np.isin(np.append(series["demand_class"].to_numpy(dtype=object), "")[row],
                                            COUNTED_CLASSES)  # fmt: skip
    lead_in = (run.first_week - (run.as_of + timedelta(days=1))).days
    return DemandCurve(weekly, lead_in), errors, intermittent


def _sales_inputs(positions: pd.DataFrame):
    """A flat curve at each position's average daily sales, the spread of its
    daily sales as weekly errors, and no count classes."""
    daily = positions["avg_daily_units"].astype("float64").fillna(0).clip(lower=0).to_numpy()
    errors = positions["std_daily_units"].astype("float64").fillna(0).to_numpy() * np.sqrt(DAYS_PER_WEEK)
    return DemandCurve.flat(daily), errors, np.zeros(len(positions), dtype=bool)


LEAD_TIME_COLUMNS = ("receipts", "lead_mean", "lead_sd", "lead_p90", "lead_source")


def _lead_times(reads: Reads, f: Filters, as_of: date, settings: PolicySettings, positions: pd.DataFrame):
    """`lead_time_stats` of each product of `positions`, once per product."""
    own, pooled = reads.receipt_histograms(f, as_of, settings.lead_time_history_days)
    products = positions[["product_id", "supplier", "lead_time_days"]].drop_duplicates("product_id")
    return lead_time_stats(own, pooled, products, settings)


def product_abc(reads: Reads, as_of: date, settings: PolicySettings) -> pd.Series:
    """Each product's ABC class (id) by product_id, from its shop-wide revenue in the window ending on `as_of`."""
    revenue = reads.product_revenue(as_of - timedelta(days=settings.abc_window_days - 1), as_of)
    return abc_classes(revenue.set_index("product_id")["revenue"], settings.abc_thresholds)


# --- projection -------------------------------------------------------------------


def open_order_arrivals(levels: pd.DataFrame, open_orders: pd.DataFrame, as_of: date) -> Arrivals:
    """Open purchase orders of `levels`' positions as arrivals, day 0 the day
    after `as_of`: at their expected date (overdue ones on day 0; without
    one, the mean lead time after ordering)."""
    rows = position_rows(levels, open_orders["product_id"], open_orders["warehouse_id"])
    known = rows >= 0
    orders = open_orders[known]
    lead = levels["lead_mean"].to_numpy()[rows[known]]
    ordered = pd.to_datetime(orders["ordered_on"]) + pd.to_timedelta(np.round(lead), unit="D")
    expected = pd.to_datetime(orders["expected_on"]).fillna(ordered)
    day = (expected - pd.Timestamp(as_of + timedelta(days=1))).dt.days.to_numpy()
    return Arrivals(rows[known], np.maximum(day, 0), orders["quantity"].to_numpy(dtype="float64"))


def runs_out_on(view: PolicyView, open_orders: pd.DataFrame, as_of: date) -> pd.Series:
    """The day each position is projected to run out (on hand + open orders
    - the view's demand, day by day), NaT when not within the view's horizon."""
    arrivals = open_order_arrivals(view.levels, open_orders, as_of)
    projection = project(view.levels["on_hand"].to_numpy(), arrivals, view.curve, view.start, view.horizon_days)
    return dates_from(as_of + timedelta(days=1), projection.stockout_day)


def dates_from(first_day: date, day: np.ndarray) -> pd.Series:
    dates = pd.Timestamp(first_day) + pd.to_timedelta(np.where(day >= 0, day, 0), unit="D")
    return pd.Series(dates, dtype="datetime64[ns]").where(day >= 0)


# --- the stored plan ---------------------------------------------------------------


@dataclass(frozen=True)
class PlanReport:
    plan: PlanRun
    purchase_lines: int
    transfer_lines: int
    purchase_cost: float
    units: int


def run_plan(engine: Engine, as_of: date | None = None, settings: PolicySettings | None = None) -> PlanReport:
    """Plan every position as of `as_of` (default: the last day with data)
    from the latest forecast run, with `settings` (default: the latest plan's,
    else the defaults), and store it."""
    started = time.perf_counter()
    with connect(engine) as conn:
        reads = ConnectionReads(conn)
        run = reads.latest_forecast_run()
        as_of = as_of or data_span(conn).last_day
        settings = settings or current_settings(reads)
        _check_plannable(run, as_of)
        view = policy_view(reads, EVERYTHING, as_of, settings, StockPolicy().velocity_window_days)
        open_orders = reads.open_purchase_orders(EVERYTHING, as_of)
    order_day = as_of + timedelta(days=1)
    levels = view.levels
    arrivals = open_order_arrivals(levels, open_orders, as_of)
    below = project(
        levels["on_hand"].to_numpy(), arrivals, view.curve, view.start, view.horizon_days,
        threshold=levels["safety_stock"].to_numpy(),
    ).below_day  # fmt: skip
    lines = plan_lines(levels, below, order_day, settings)
    purchases = lines.purchases.merge(
        levels[["product_id", "warehouse_id", "abc_class", "lead_source"]], on=["product_id", "warehouse_id"]
    )
    with transaction(engine) as conn:
        plan = PlanRun(
            plan_id=0,
            created_at=datetime.now(UTC).replace(tzinfo=None),
            forecast_run_id=run.run_id,
            as_of=as_of,
            order_day=order_day,
            positions=len(levels),
            positions_to_order=int(levels["needs_order"].sum()),
            seconds=round(time.perf_counter() - started, 3),
            params=settings.to_params(),
        )
        plan_id = plan_store.save_plan(conn, plan, purchases, lines.transfers)
    return PlanReport(
        plan=PlanRun(**{**plan.__dict__, "plan_id": plan_id}),
        purchase_lines=len(purchases),
        transfer_lines=len(lines.transfers),
        purchase_cost=float(purchases["cost"].sum()),
        units=int(purchases["quantity"].sum()),
    )


def forecast_then_plan(
    engine: Engine, as_of: date | None = None, horizon_weeks: int = DEFAULT_HORIZON_WEEKS, progress=None
) -> tuple[RunReport, PlanReport]:
    """A forecast run (`services.forecast.run_forecast`), then the plan from
    it with the latest plan's settings: what every refresh does, so the plan
    never lags the forecast."""
    report = run_forecast(engine, as_of, horizon_weeks, progress)
    return report, run_plan(engine, report.run.as_of)


def _check_plannable(run: ForecastRun | None, as_of: date | None) -> None:
    if run is None:
        raise NothingToPlan("There is no forecast to plan from yet: run `python -m planning forecast` first.")
    if as_of is None:
        raise NothingToPlan("The database has no sales or stock yet: import data or generate a sample shop.")
    if not _covers(run, as_of):
        raise NothingToPlan(
            f"The latest forecast (as of {run.as_of}, {run.horizon_weeks} weeks) does not cover {as_of}: run "
            f"`python -m planning forecast --as-of {as_of}` first, or plan as of a day it covers."
        )


def current_settings(reads: Reads) -> PolicySettings:
    """The settings of the latest plan (what every screen judges by), else the defaults."""
    plan = reads.latest_plan()
    return PolicySettings.from_params(plan.params) if plan is not None else PolicySettings()


SOURCE_COLUMNS = ("from_warehouse", "from_warehouse_id", "from_on_hand", "from_order_up_to")
TARGET_COLUMNS = ("to_warehouse", "to_warehouse_id", "to_position", "to_reorder_point", "to_order_up_to")


def transfers_seen_by(transfers: pd.DataFrame, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """The plan's transfers (`plan_store.transfers`) as a user who may see only
    the warehouses `scope` (None: every one) sees them: a partner warehouse
    outside it loses its code, id and figures (blank), so a transfer says what
    moves in or out of the user's warehouse but nothing of the other one."""
    if scope is None:
        return transfers
    hidden_source = ~transfers["from_warehouse"].isin(scope)
    hidden_target = ~transfers["to_warehouse"].isin(scope)
    keep = ~(hidden_source & hidden_target)
    shown, hidden_source, hidden_target = transfers[keep].copy(), hidden_source[keep], hidden_target[keep]
    for columns, hidden in ((SOURCE_COLUMNS, hidden_source), (TARGET_COLUMNS, hidden_target)):
        for column in columns:
            values = shown[column]
            kind = object if column.endswith("warehouse") else "Int64" if values.dtype.kind in "iu" else "float64"
            shown[column] = values.astype(kind).mask(hidden)
    return shown.reset_index(drop=True)


def below_reorder_point(lines: pd.DataFrame, transfers: pd.DataFrame, reason: str) -> int:
    """Positions at or below their reorder point: purchase lines with that
    `reason` and the receivers of transfers (an unnamed receiver not counted)."""
    bought = lines.loc[lines["reason"] == reason, ["product_id", "warehouse_id"]]
    received = transfers.dropna(subset=["to_warehouse_id"])[["product_id", "to_warehouse_id"]]
    short = set(zip(bought["product_id"], bought["warehouse_id"]))
    return len(short | set(zip(received["product_id"], received["to_warehouse_id"].astype("int64"))))
