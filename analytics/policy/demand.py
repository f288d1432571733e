"""Expected demand day by day from a weekly forecast.

A plan sums the forecast over its lead time week by week, so that stock
builds before a peak instead of following last month's rate: the weekly
forecast of each series is spread evenly over its seven days, and the units
expected between any two days (fractions of a day included) are read off
the cumulative curve. Days before the first forecast week use that week's
rate; days after the last use the last week's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class DemandCurve:
    """Expected daily demand of many series. Day 0 is the first day after the
    forecast's as-of date; offsets are days from it (fractions allowed)."""

    weekly: np.ndarray
    """[series, week] expected units of each forecast week (at least one week)."""
    lead_in_days: int = 0
    """Days from day 0 to the first forecast week's Monday (0..6)."""

    def __post_init__(self) -> None:
        weekly = np.asarray(self.weekly, dtype="float64")
        if weekly.ndim != 2 or weekly.shape[1] < 1:
            raise ValueError("A demand curve needs [series, week] forecasts with at least one week.")
        object.__setattr__(self, "weekly", np.maximum(np.nan_to_num(weekly), 0.0))

    @classmethod
    def flat(cls, daily: np.ndarray) -> DemandCurve:
        """The same daily rate every day (a sales average when no forecast exists)."""
        return cls(np.asarray(daily, dtype="float64")[:, None] * DAYS_PER_WEEK)

    @property
    def size(self) -> int:
        return self.weekly.shape[0]

    @cached_property
    def _weeks_before(self) -> np.ndarray:
        """[series, week + 1] units of the forecast weeks before each week (0 first, the total last)."""
        return np.concatenate([np.zeros((self.size, 1)), np.cumsum(self.weekly, axis=1)], axis=1)

    def cumulative(self, day: np.ndarray | float) -> np.ndarray:
        """[series] units expected from day 0 to `day` (one offset per series, or one for all)."""
        day = np.broadcast_to(np.maximum(np.asarray(day, dtype="float64"), 0.0), (self.size,))
        weeks = self.weekly.shape[1]
        lead_in = np.minimum(day, self.lead_in_days)
        after = day - lead_in
        week = np.minimum(np.floor(after / DAYS_PER_WEEK).astype(np.int64), weeks)
        rows = np.arange(self.size)
        partial_rate = self.weekly[rows, np.minimum(week, weeks - 1)] / DAYS_PER_WEEK
        before = self._weeks_before[rows, week]
        return self.weekly[:, 0] / DAYS_PER_WEEK * lead_in + before + partial_rate * (after - week * DAYS_PER_WEEK)

    def between(self, start: np.ndarray | float, end: np.ndarray | float) -> np.ndarray:
        """[series] units expected from day `start` to day `end`."""
        return self.cumulative(end) - self.cumulative(start)

    def daily(self, day: int) -> np.ndarray:
        """[series] the expected units of whole day `day`."""
        return self.weekly[:, self.week_of(day)] / DAYS_PER_WEEK

    def week_of(self, day: int) -> int:
        """The forecast week (column of `weekly`) whose rate whole day `day` has."""
        return min(max((day - self.lead_in_days) // DAYS_PER_WEEK, 0), self.weekly.shape[1] - 1)

    def select(self, rows: np.ndarray) -> DemandCurve:
        return DemandCurve(self.weekly[rows], self.lead_in_days)
