"""How a supplier's actual lead times are drawn: shared by the simulator,
which made the shop's purchase orders with it, and the replay, which draws
the lead times of the orders a policy would have placed, so both follow
the same suppliers.

An order is on time with the supplier's on-time rate and then arrives
0..`max_early` days before the nominal lead time (uniformly); otherwise it
is late by a geometric number of days (1, 2, ...) of mean `mean_delay`,
capped at `max_delay`; never in under one day.
"""

from __future__ import annotations

import numpy as np


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
