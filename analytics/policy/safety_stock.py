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
    quantile[poisson] = stats.poisson.ppf(level[poisson], mean[poisson])
    # Negative binomial with mean m and variance v: n = m² / (v - m) successes, p = m / v.
    m, v = mean[overdispersed], variance[overdispersed]
    quantile[overdispersed] = stats.nbinom.ppf(level[overdispersed], m**2 / (v - m), m / v)
    return np.maximum(quantile - mean, 0.0)
