"""How suppliers deliver: their actual lead times, and the days they do not
deliver on. Shared by the simulator, which made the shop's purchase orders
with them, and the replay, which draws the lead times of the orders a policy
would have placed, so both follow the same suppliers.

An order is on time with the supplier's on-time rate and then arrives
0..`max_early` days before the nominal lead time (uniformly); otherwise it
is late by a geometric number of days (1, 2, ...) of mean `mean_delay`,
capped at `max_delay`; never in under one day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from analytics.events import supplier_closures


def draw_lead_times(
    rng: np.random.Generator,
    nominal: np.ndarray,
    on_time_rate: np.ndarray,
    mean_delay: np.ndarray,
    max_early: np.ndarray | int,
    max_delay: np.ndarray | int,
) -> np.ndarray:
    """One actual lead time in days per order (arrays of the same length)."""
    count = len(nominal)
    late = rng.random(count) >= on_time_rate
    delay = np.minimum(rng.geometric(1 / np.asarray(mean_delay, dtype="float64")), max_delay)
    early = rng.integers(-np.asarray(max_early), 1, count)
    return np.maximum(1, np.asarray(nominal) + np.where(late, delay, early)).astype(np.int64)


@dataclass(frozen=True)
class DeliveryDays:
    """The days suppliers deliver on: `next_open[d]` is the first day from day
    index d on that they do (d itself, unless a closure covers it)."""

    next_open: np.ndarray

    def day(self, day_index: np.ndarray) -> np.ndarray:
        """Each day moved out of any closure; days outside the simulated period unchanged."""
        inside = (day_index >= 0) & (day_index < len(self.next_open))
        return np.where(inside, self.next_open[np.clip(day_index, 0, len(self.next_open) - 1)], day_index)


def delivery_days(calendar: str, first_day: date, days: int) -> DeliveryDays:
    """The delivery days of `days` days from `first_day` under the calendar's supplier closures
    (a delivery due inside one arrives the day after it)."""
    next_open = np.arange(days, dtype=np.int64)
    last_day = date.fromordinal(first_day.toordinal() + days - 1)
    for closure in supplier_closures(first_day, last_day, calendar):
        start, end = (closure.start - first_day).days, (closure.end - first_day).days
        next_open[max(start, 0) : end + 1] = end + 1
    return DeliveryDays(next_open)
