"""Safety stock against the forecast's errors and the supplier's spread.

For a product that sells most weeks, demand over an interval of L days
whose length has spread sd_L is about normal:
    SS = z x sqrt(L x sd_d² + d² x sd_L²)
with d the forecast's daily demand and sd_d the daily spread of its
out-of-sample errors (weekly errors / sqrt 7), and z the normal quantile of
the product's service level (`levels` applies it to the protection interval
of a periodic review). For an intermittent product (a few units now and
then) the normal would go below zero and misjudge the tail, so the demand is
a count with the same mean and variance: Poisson when the variance is at
most the mean, else a negative binomial, and safety stock is its
service-level quantile minus its mean.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

SAFETY_STOCK_FORMULA = "safety-stock"


def service_z(service_level: np.ndarray | float) -> np.ndarray:
    """The normal quantile of a cycle service level (0.95 -> 1.645)."""
    return stats.norm.ppf(np.asarray(service_level, dtype="float64"))


def lead_time_variance(lead_days, lead_sd, daily_demand, daily_sd) -> np.ndarray:
    """Variance of demand over an uncertain lead time: L x sd_d² + d² x sd_L²."""
    lead_days, lead_sd = np.asarray(lead_days, dtype="float64"), np.asarray(lead_sd, dtype="float64")
    daily_demand, daily_sd = np.asarray(daily_demand, dtype="float64"), np.asarray(daily_sd, dtype="float64")
    return lead_days * daily_sd**2 + daily_demand**2 * lead_sd**2


def normal_safety_stock(service_level, lead_days, lead_sd, daily_demand, daily_sd) -> np.ndarray:
    """z x sqrt(L x sd_d² + d² x sd_L²)."""
    return service_z(service_level) * np.sqrt(lead_time_variance(lead_days, lead_sd, daily_demand, daily_sd))


def count_safety_stock(service_level, mean, variance) -> np.ndarray:
    """The smallest whole number of units whose chance of covering a count
    demand of this mean and variance reaches the service level, minus the
    mean (never below 0): Poisson when variance <= mean, else negative binomial."""
    level = np.broadcast_to(np.asarray(service_level, dtype="float64"), np.shape(mean))
    mean = np.asarray(mean, dtype="float64")
    variance = np.maximum(np.asarray(variance, dtype="float64"), 0.0)
    quantile = np.zeros(mean.shape)
    positive = mean > 0
    overdispersed = positive & (variance > mean * (1 + 1e-9))
    poisson = positive & ~overdispersed
    walkable = mean + WALK_SPREADS * np.sqrt(variance) <= WALK_UNITS
    rate = mean[poisson]
    quantile[poisson] = count_quantile(
        level[poisson],
        np.exp(-rate),
        walkable[poisson],
        lambda k, rows: rate[rows] / (k + 1),
        lambda q, rows: stats.poisson.ppf(q, rate[rows]),
    )
    # Negative binomial with mean m and variance v: n = m² / (v - m) successes, p = m / v.
    m, v = mean[overdispersed], variance[overdispersed]
    n, p = m**2 / (v - m), m / v
    quantile[overdispersed] = count_quantile(
        level[overdispersed],
        p**n,
        walkable[overdispersed],
        lambda k, rows: (k + n[rows]) / (k + 1) * (1 - p[rows]),
        lambda q, rows: stats.nbinom.ppf(q, n[rows], p[rows]),
    )
    return np.maximum(quantile - mean, 0.0)


WALK_UNITS = 256
"""The largest quantile `count_quantile` walks to; beyond it, scipy's inverse."""
WALK_SPREADS = 4
"""Counts whose mean plus this many standard deviations passes WALK_UNITS go
to scipy's inverse straight away: most walks would end there anyway, and
the inverse gives the same quantile, only slower per row."""


def count_quantile(level: np.ndarray, first: np.ndarray, walkable: np.ndarray, ratio, inverse) -> np.ndarray:
    """[i] the smallest whole k with P(X_i <= k) >= level[i], for counts X_i
    with P(X_i = 0) = first[i] and P(X_i = k + 1) = P(X_i = k) x ratio(k, rows)
    for the rows `rows` of X; `inverse(level[rows], rows)` is scipy's `ppf` of them.

    Why not `ppf` alone: its iterative inverse took about 1 s per 100,000
    positions, a third of each policy view of a big catalog, where most
    positions sell a few units a lead time. Walking up from 0, adding one
    probability at a time to every row not yet covered, settles those in a
    few steps; rows not `walkable` (expected past WALK_UNITS), still short
    at WALK_UNITS, or with no probability at 0 to start from (far-off
    quantiles) take `inverse`. The walk takes as many rounds of array
    operations as its largest quantile: one fast mover walked along took the
    300-SKU shop's policy view through all 257 of them."""
    quantile = np.full(level.shape, np.nan)
    probability, covered = first.copy(), first.copy()
    rows = np.flatnonzero(walkable & (first > 0))
    for k in range(WALK_UNITS + 1):
        done = covered[rows] >= level[rows]
        quantile[rows[done]] = k
        rows = rows[~done]
        if not rows.size:
            break
        probability[rows] *= ratio(k, rows)
        covered[rows] += probability[rows]
    rest = np.flatnonzero(np.isnan(quantile))
    quantile[rest] = inverse(level[rest], rest)
    return quantile
