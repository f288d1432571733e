"""Peak readiness: for a peak of the shop's retail calendar, which positions run out
before or during it, by when an order must go out to be in time, what the
stockouts would cost, and how full each warehouse gets.

Stock is projected day by day from the latest plan's as-of date (on hand +
open orders at their expected dates - the forecast, `analytics.policy.project`)
twice: as things stand, for stockout dates, the last day to order and the
revenue at risk; and with the plan's purchases and transfers arriving when it
expects, for the stock value the plan would hold through the peak and the
warehouses' fill against their capacity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.events import PeakEvent, peak_events
from analytics.policy import Arrivals, project
from analytics.position_rows import position_rows
from analytics.stock_health import StockPolicy
from data_access.extent import Warehouse
from data_access.filters import Filters
from data_access.plan_store import PlanRun
from services.reads import Reads
from services.replenishment import (
    FORECAST_BASIS,
    PolicyView,
    current_settings,
    dates_from,
    open_order_arrivals,
    policy_view,
)

LOOK_AHEAD_DAYS = 366
"""Peaks offered: those not over by the order day and starting within a year."""
PEAK_READINESS_RULES = "peak-readiness"  # a formula id: i18n.formulas words it


def upcoming_peaks(order_day: date, calendar: str) -> list[PeakEvent]:
    """The retail calendar's peaks (not its lulls, such as the Spring
    Festival) not over by `order_day`, within a year, in date order."""
    events = peak_events(order_day, order_day + timedelta(days=LOOK_AHEAD_DAYS), calendar)
    return [event for event in events if event.end >= order_day and event.demand_multiplier > 1]


@dataclass(frozen=True)
class PeakReadiness:
    peak: PeakEvent
    order_day: date
    within_horizon: bool
    """False when the peak ends after the forecast's last week: nothing is projected."""
    positions: pd.DataFrame
    """One row per position of the selection: sku, name, category, warehouse, on_hand, on_order, list_price,
    unit_cost, lead_p90, runs_out_on (NaT: not by the peak's end), order_by (runs_out_on - P90 lead time),
    too_late (order_by before the order day), lost_units and revenue_at_risk (during the peak, as things
    stand), lost_with_plan, peak_stock_value
    (average at cost over the peak's days, with the plan). Most revenue at risk first."""
    capacity: pd.DataFrame
    """Per warehouse x week until the peak's end: warehouse, week_start, projected_units (the week's highest
    end-of-day units, with the plan), capacity_units."""
    plan_cost: float
    """What the plan's purchase lines in the selection cost (empty costs count 0)."""
    peak_stock_value: float
    """The selection's stock value at cost, averaged over the peak's days, with the plan."""


def peak_readiness(
    reads: Reads, plan: PlanRun, f: Filters, peak: PeakEvent, warehouses: tuple[Warehouse, ...]
) -> PeakReadiness:
    """The projection of the selection's positions for `peak` (see the module);
    `warehouses` (the data's, with their capacities) for the capacity table."""
    order_day = plan.order_day
    inputs = _inputs(reads, plan, f)
    plan_cost = float(inputs.purchases["cost"].fillna(0).sum())
    days = (peak.end - order_day).days + 1
    if not inputs.covers(days):
        return PeakReadiness(peak, order_day, False, pd.DataFrame(), pd.DataFrame(), plan_cost, float("nan"))
    window = (max((peak.start - order_day).days, 0), days)
    levels = inputs.view.levels
    warehouse_codes, warehouse = np.unique(levels["warehouse"].to_numpy(dtype=str), return_inverse=True)
    as_is = _project(inputs.view, inputs.current, days, window=window, groups=warehouse)
    planned = _project(inputs.view, inputs.current.plus(inputs.planned), days, window=window, groups=warehouse)
    unit_cost = levels["unit_cost"].astype("float64").fillna(0).to_numpy()
    runs_out = dates_from(order_day, as_is.stockout_day)
    order_by = runs_out - pd.to_timedelta(np.ceil(levels["lead_p90"].to_numpy()), unit="D")
    positions = levels[["sku", "name", "category", "warehouse", "on_hand", "on_order", "list_price", "unit_cost",
                        "lead_p90"]].assign(  # fmt: skip
        runs_out_on=runs_out.to_numpy(),
        order_by=order_by.to_numpy(),
        too_late=(order_by < pd.Timestamp(order_day)).to_numpy(),
        lost_units=as_is.lost,
        revenue_at_risk=as_is.lost * levels["list_price"].astype("float64").fillna(0).to_numpy(),
        lost_with_plan=planned.lost,
        peak_stock_value=planned.stock_days * unit_cost / (window[1] - window[0]),
    )
    positions = positions.sort_values(["revenue_at_risk", "runs_out_on", "sku", "warehouse"],
                                      ascending=[False, True, True, True]).reset_index(drop=True)  # fmt: skip
    return PeakReadiness(
        peak=peak,
        order_day=order_day,
        within_horizon=True,
        positions=positions,
        capacity=_capacity(warehouses, planned.group_stock, warehouse_codes, order_day),
        plan_cost=plan_cost,
        peak_stock_value=float(positions["peak_stock_value"].sum()),
    )


def position_days(reads: Reads, plan: PlanRun, sku: str, warehouse: str, until: date) -> pd.DataFrame:
    """One position's end-of-day stock from the plan's order day to `until`:
    day, as_is, with_plan (empty when the forecast does not reach `until` or
    the position is unknown)."""
    inputs = _inputs(reads, plan, Filters(date.min, date.max, (warehouse,), (), (sku,)))
    days = (until - plan.order_day).days + 1
    if len(inputs.view.levels) != 1 or not inputs.covers(days):
        return pd.DataFrame({"day": [], "as_is": [], "with_plan": []})
    as_is = _project(inputs.view, inputs.current, days, keep_daily=True)
    planned = _project(inputs.view, inputs.current.plus(inputs.planned), days, keep_daily=True)
    return pd.DataFrame({
        "day": pd.Timestamp(plan.order_day) + pd.to_timedelta(np.arange(days), unit="D"),
        "as_is": as_is.daily[0],
        "with_plan": planned.daily[0],
    })  # fmt: skip


@dataclass(frozen=True)
class _Inputs:
    view: PolicyView
    purchases: pd.DataFrame
    current: Arrivals
    """Open purchase orders."""
    planned: Arrivals
    """The plan's purchases and transfers."""

    def covers(self, days: int) -> bool:
        """Whether the forecast reaches `days` days from the order day."""
        return self.view.basis == FORECAST_BASIS and days <= self.view.horizon_days


def _inputs(reads: Reads, plan: PlanRun, f: Filters) -> _Inputs:
    view = policy_view(reads, f, plan.as_of, current_settings(reads), StockPolicy().velocity_window_days)
    purchases = reads.plan_purchases(plan.plan_id, f)
    current = open_order_arrivals(view.levels, reads.open_purchase_orders(f, plan.as_of), plan.as_of)
    planned = _plan_arrivals(view.levels, purchases, reads.plan_transfers(plan.plan_id, f), plan.order_day)
    return _Inputs(view, purchases, current, planned)


def _project(view: PolicyView, arrivals: Arrivals, days: int, **options):
    return project(view.levels["on_hand"].to_numpy(), arrivals, view.curve, view.start, days, **options)


def _plan_arrivals(levels: pd.DataFrame, purchases: pd.DataFrame, transfers: pd.DataFrame, order_day: date):
    """The plan's purchases at their expected dates, and its transfers leaving
    their source when shipped and arriving when expected (day 0 = `order_day`)."""

    def day(column: pd.Series) -> np.ndarray:
        return (pd.to_datetime(column) - pd.Timestamp(order_day)).dt.days.to_numpy()

    parts = []
    bought = position_rows(levels, purchases["product_id"], purchases["warehouse_id"])
    parts.append((bought, day(purchases["expected_on"]), purchases["quantity"].to_numpy(dtype="float64")))
    source = position_rows(levels, transfers["product_id"], transfers["from_warehouse_id"])
    target = position_rows(levels, transfers["product_id"], transfers["to_warehouse_id"])
    quantity = transfers["quantity"].to_numpy(dtype="float64")
    parts.append((source, day(transfers["ship_on"]), -quantity))
    parts.append((target, day(transfers["arrives_on"]), quantity))
    rows, days, units = (np.concatenate(column) for column in zip(*parts))
    known = rows >= 0
    return Arrivals(rows[known], np.maximum(days[known], 0), units[known])


def _capacity(
    warehouses: tuple[Warehouse, ...], group_stock: np.ndarray, codes: np.ndarray, order_day: date
) -> pd.DataFrame:
    days = group_stock.shape[1]
    dates = pd.Timestamp(order_day) + pd.to_timedelta(np.arange(days), unit="D")
    mondays = dates - pd.to_timedelta(dates.day_of_week, "D")
    frame = pd.DataFrame(group_stock.T, columns=codes).assign(week_start=mondays)
    weekly = frame.groupby("week_start").max().reset_index().melt("week_start", var_name="warehouse",
                                                                  value_name="projected_units")  # fmt: skip
    capacity = {warehouse.code: warehouse.capacity_units for warehouse in warehouses}
    weekly["capacity_units"] = weekly["warehouse"].map(capacity).astype("float64")
    return weekly[["warehouse", "week_start", "projected_units", "capacity_units"]]

