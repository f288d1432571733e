"""80% intervals from a negative binomial whose spread is learnt from errors.

Weekly units of a product in a warehouse are small counts, often zero: a
normal band would go below zero and be too narrow at the top. A negative
binomial with the forecast as mean and variance mean + a x mean² fits counts
from Poisson (a = 0) to very bursty. Its dispersion `a` comes, per series
class and horizon, from the method's own recent out-of-sample errors, so the
band widens with the horizon as much as the errors did.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

LOW_QUANTILE = 0.1
HIGH_QUANTILE = 0.9
MIN_DISPERSION = 1e-6
"""Below this the negative binomial is a Poisson for all purposes (and scipy needs a > 0)."""


def dispersion(residual: np.ndarray, expected: np.ndarray) -> float:
    """Method-of-moments `a` from residuals (actual - expected) and expected
    counts: E[r²] = mean + a x mean², pooled over the cells given."""
    scale = float((expected**2).sum())
    if scale <= 0:
        return MIN_DISPERSION
    return max(float((residual**2 - expected).sum()) / scale, MIN_DISPERSION)


def quantiles(mean: np.ndarray, a: np.ndarray, q: float) -> np.ndarray:
    """The q-quantile of the negative binomial with that mean and dispersion,
    interpolated between whole units (the CDF drawn as straight lines between
    k - 1 and k), so that a band on small counts is not wider than 80% only
    because units come whole."""
    a = np.broadcast_to(np.maximum(a, MIN_DISPERSION), mean.shape)[mean > 0]
    positive_mean = mean[mean > 0]
    size = 1 / a
    chance = size / (size + positive_mean)
    whole = stats.nbinom.ppf(q, size, chance)
    below = stats.nbinom.cdf(whole - 1, size, chance)
    at = stats.nbinom.cdf(whole, size, chance)
    result = np.zeros(mean.shape)
    result[mean > 0] = np.maximum(whole - 1 + (q - below) / np.maximum(at - below, 1e-12), 0.0)
    return result
