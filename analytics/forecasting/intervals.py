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
from scipy import special

LOW_QUANTILE = 0.1
HIGH_QUANTILE = 0.9
MIN_DISPERSION = 1e-6
"""Below this the negative binomial is a Poisson for all purposes (and scipy needs a > 0)."""


def dispersion(excess: float, scale: float) -> float:
    """Method-of-moments `a` from residuals r = actual - expected, pooled over
    cells: E[r²] = mean + a x mean², given as excess = sum (r² - expected) and
    scale = sum expected² (sums, so that a class's `a` adds up its series' sums)."""
    return max(excess / scale, MIN_DISPERSION) if scale > 0 else MIN_DISPERSION


SMALL_MEAN = 40.0
"""Up to this mean the quantile is found on the exact counts; above it, a
gamma of the same mean and variance is as good and much faster."""


def quantiles(mean: np.ndarray, a: np.ndarray, q: float) -> np.ndarray:
    """The q-quantile of the negative binomial with that mean and dispersion,
    interpolated between whole units (the CDF drawn as straight lines between
    k - 1 and k), so that a band on small counts is not wider than 80% only
    because units come whole."""
    mean = np.asarray(mean, dtype=float)
    a = np.broadcast_to(np.maximum(a, MIN_DISPERSION), mean.shape)
    result = np.zeros(mean.shape)
    small = (mean > 0) & (mean <= SMALL_MEAN)
    result[small] = _counted_quantile(mean[small], a[small], q)
    large = mean > SMALL_MEAN
    shape = 1 / (1 / mean[large] + a[large])  # gamma with the same mean and variance mean + a mean²
    result[large] = special.gammaincinv(shape, q) * mean[large] / shape
    return result


def _counted_quantile(mean: np.ndarray, a: np.ndarray, q: float) -> np.ndarray:
    """Walk the counts k = 0, 1, ... summing the probabilities (each from the
    one before: P(k+1) = P(k) (k + r) / (k + 1) (1 - p)) until the CDF passes q,
    for all cells at once; a cell leaves the walk once it has passed, so the
    many small means do not walk as far as the largest."""
    size = 1 / a
    chance = size / (size + mean)
    probability = np.exp(size * np.log(chance))  # P(0)
    below = np.zeros(mean.shape)
    result = np.full(mean.shape, np.nan)
    walking = np.arange(mean.size)
    k = 0
    while walking.size:
        at = below + probability
        crossing = at >= q
        result[walking[crossing]] = k - 1 + (q - below[crossing]) / np.maximum(probability[crossing], 1e-300)
        going = ~crossing
        walking, below, size, chance = walking[going], at[going], size[going], chance[going]
        probability = probability[going] * (k + size) / (k + 1) * (1 - chance)
        k += 1
    return np.maximum(result, 0.0)
