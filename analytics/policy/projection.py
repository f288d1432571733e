"""Stock projected day by day: what is on hand, plus what is on its way when
it is expected, minus the forecast; what the shelf cannot serve is lost.

    stock(day) = max(0, stock(day - 1) + arriving(day) - forecast(day))

One loop over days with numpy operations across all positions, keeping
summaries (first stockout, lost units and stock inside a window, totals per
warehouse) rather than a positions x days matrix, so 160,000 positions over
half a year stay small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.policy.demand import DemandCurve

NEVER = -1


@dataclass(frozen=True)
class Arrivals:
    """Units arriving on given days: position row, day (from the projection's
    first day; earlier days arrive on day 0) and quantity."""

    row: np.ndarray
    day: np.ndarray
    quantity: np.ndarray

    @classmethod
    def none(cls) -> Arrivals:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))

    def plus(self, other: Arrivals) -> Arrivals:
        return Arrivals(*(np.concatenate([a, b]) for a, b in zip(
            (self.row, self.day, self.quantity), (other.row, other.day, other.quantity), strict=True
        )))  # fmt: skip


@dataclass(frozen=True)
class Projection:
    """[position] summaries of the projected days (day numbers from the first projected day)."""

    stockout_day: np.ndarray
    """The first day that ends with no stock while demand was expected, NEVER if none."""
    below_day: np.ndarray
    """The first day that ends at or below the threshold, NEVER if none."""
    lost: np.ndarray
    """Expected units not served on the window's days."""
    stock_days: np.ndarray
    """End-of-day stock summed over the window's days (divide by its length for the average)."""
    group_stock: np.ndarray
    """[group, day] end-of-day stock summed per group (e.g. per warehouse)."""
    daily: np.ndarray | None
    """[position, day] end-of-day stock, when asked for."""


def project(
    on_hand: np.ndarray,
    arrivals: Arrivals,
    curve: DemandCurve,
    start: int,
    days: int,
    *,
    threshold: np.ndarray | None = None,
    window: tuple[int, int] | None = None,
    groups: np.ndarray | None = None,
    keep_daily: bool = False,
) -> Projection:
    """Project `days` days from day `start` of `curve` (the first projected
    day), starting from `on_hand` (end of the day before)."""
    size = curve.size
    stock = np.maximum(np.asarray(on_hand, dtype="float64"), 0.0).copy()
    threshold = None if threshold is None else np.asarray(threshold, dtype="float64")
    first, last = window if window is not None else (0, days)
    group = None if groups is None else np.asarray(groups, dtype=np.int64)
    group_count = int(group.max()) + 1 if group is not None and size else 1
    arriving_day = np.clip(np.asarray(arrivals.day, dtype=np.int64), 0, None)
    order = np.argsort(arriving_day, kind="stable")
    arriving_day, arriving_row = arriving_day[order], np.asarray(arrivals.row, dtype=np.int64)[order]
    arriving_quantity = np.asarray(arrivals.quantity, dtype="float64")[order]
    bounds = np.searchsorted(arriving_day, np.arange(days + 1))

    stockout_day = np.full(size, NEVER)
    below_day = np.full(size, NEVER)
    lost = np.zeros(size)
    stock_days = np.zeros(size)
    group_stock = np.zeros((group_count, days))
    daily = np.zeros((size, days)) if keep_daily else None
    demand_week = None
    for day in range(days):
        today = slice(bounds[day], bounds[day + 1])
        np.add.at(stock, arriving_row[today], arriving_quantity[today])
        if curve.week_of(start + day) != demand_week:  # a column of 160,000 rows is slow to copy: once a week
            demand_week = curve.week_of(start + day)
            demand = curve.daily(start + day)
        served = np.minimum(stock, demand)
        stock -= served
        if first <= day < last:
            lost += demand - served
            stock_days += stock
        out = (stock <= 1e-9) & (demand > 0) & (stockout_day == NEVER)
        stockout_day[out] = day
        if threshold is not None:
            below_day[(stock <= threshold) & (below_day == NEVER)] = day
        group_stock[:, day] = stock.sum() if group is None else np.bincount(group, stock, group_count)
        if daily is not None:
            daily[:, day] = stock
    return Projection(stockout_day, below_day, lost, stock_days, group_stock, daily)
