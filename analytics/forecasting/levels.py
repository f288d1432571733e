"""Vectorised level methods on deseasonalised weekly rates, all series at once.

Every method runs one loop over weeks with numpy operations across series, so
its cost grows with weeks x series and 160,000 series cost no more per series
than 1,800. Censoring enters through exposure: a week contributes its units
and the share of a week it was exposed, so a fully censored week moves
nothing, and a level is always units per fully exposed week. Each method
returns its forecast after each of the last `keep` weeks, so that the same
pass gives the forecast and its recent out-of-sample errors.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

COUNTED_EXPOSURE = 0.5
"""A week in stock less than half of its days is censored: Croston and TSB
skip it (it is not a week without demand); smoothing weighs it by exposure."""

LevelMethod = Callable[[np.ndarray, np.ndarray, int], np.ndarray]


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return numerator / denominator


def smoothed_rate(units: np.ndarray, exposure: np.ndarray, keep: int, alpha: float) -> np.ndarray:
    """Simple exponential smoothing of units per exposed week: the ratio of two
    smoothed sums, which is plain SES when every week is fully exposed and
    starts from the average of the first weeks instead of a guess."""
    weeks = units.shape[1]
    numerator = np.zeros(units.shape[0])
    denominator = np.zeros(units.shape[0])
    path = np.full((units.shape[0], keep), np.nan)
    for week in range(weeks):
        numerator = (1 - alpha) * numerator + alpha * units[:, week]
        denominator = (1 - alpha) * denominator + alpha * exposure[:, week]
        if week >= weeks - keep:
            path[:, week - weeks + keep] = _ratio(numerator, denominator)
    return path


def croston_sba(units: np.ndarray, exposure: np.ndarray, keep: int, alpha: float) -> np.ndarray:
    """Croston's method with the Syntetos-Boylan correction: smoothed non-zero
    rates over smoothed intervals between them, times (1 - alpha / 2)."""
    weeks, series = units.shape[1], units.shape[0]
    size = np.full(series, np.nan)
    interval = np.full(series, np.nan)
    since = np.zeros(series)
    path = np.full((series, keep), np.nan)
    for week in range(weeks):
        counted = exposure[:, week] >= COUNTED_EXPOSURE
        since += counted
        rate = _ratio(units[:, week], exposure[:, week])
        demand = counted & (units[:, week] > 0)
        first = demand & np.isnan(size)
        size = np.where(first, rate, np.where(demand, size + alpha * (rate - size), size))
        interval = np.where(first, since, np.where(demand, interval + alpha * (since - interval), interval))
        since = np.where(demand, 0, since)
        if week >= weeks - keep:
            path[:, week - weeks + keep] = (1 - alpha / 2) * size / interval
    return path


def tsb(units: np.ndarray, exposure: np.ndarray, keep: int, alpha: float, beta: float) -> np.ndarray:
    """Teunter-Syntetos-Babai: the chance of a week with demand is smoothed
    every counted week, so an item that stops selling fades out (Croston's
    forecast would stay up); forecast = chance x smoothed non-zero rate."""
    weeks, series = units.shape[1], units.shape[0]
    size = np.full(series, np.nan)
    chance = np.full(series, np.nan)
    path = np.full((series, keep), np.nan)
    for week in range(weeks):
        counted = exposure[:, week] >= COUNTED_EXPOSURE
        rate = _ratio(units[:, week], exposure[:, week])
        demand = counted & (units[:, week] > 0)
        occurred = demand.astype(float)
        chance = np.where(counted & np.isnan(chance), occurred, chance)
        chance = np.where(counted, chance + beta * (occurred - chance), chance)
        size = np.where(demand & np.isnan(size), rate, np.where(demand, size + alpha * (rate - size), size))
        if week >= weeks - keep:
            path[:, week - weeks + keep] = chance * size
    return path


SES = "ses"
SES_SLOW = "ses-slow"
CROSTON_SBA = "croston-sba"
TSB = "tsb"
ZERO = "zero"
METHODS: dict[str, LevelMethod] = {
    SES: lambda units, exposure, keep: smoothed_rate(units, exposure, keep, alpha=0.2),
    SES_SLOW: lambda units, exposure, keep: smoothed_rate(units, exposure, keep, alpha=0.05),
    CROSTON_SBA: lambda units, exposure, keep: croston_sba(units, exposure, keep, alpha=0.1),
    TSB: lambda units, exposure, keep: tsb(units, exposure, keep, alpha=0.1, beta=0.1),
}
"""The candidates of the per-class tournament; ZERO is for series that never sold."""
