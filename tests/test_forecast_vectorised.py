"""The vectorised forecast parts equal the same methods written one series at a time.

The level methods, the class dispersions and the negative-binomial quantiles
run over [series, week] arrays so that 160,000 series cost seconds; here each
is checked against a plain loop over a few series, written from the method's
definition (Croston 1972 with the Syntetos-Boylan correction, Teunter-Syntetos-
Babai 2011, exponential smoothing of units per exposed week).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from analytics.forecasting import intervals
from analytics.forecasting.levels import COUNTED_EXPOSURE, croston_sba, smoothed_rate, tsb
from analytics.forecasting.model import _dispersion_by_horizon, _ErrorWindow
from tests.test_forecasting import history

ALPHA, BETA, KEEP = 0.1, 0.2, 12


def intermittent_history(seed: int = 5, series: int = 6, weeks: int = 40):
    """Sparse counts with a few censored weeks (exposure below COUNTED_EXPOSURE) and a series that never sold."""
    rng = np.random.default_rng(seed)
    units = rng.poisson(0.6, (series, weeks)) * (rng.random((series, weeks)) < 0.4)
    units[-1] = 0
    exposure = np.where(rng.random((series, weeks)) < 0.1, rng.choice([0.0, 0.3, 0.6], (series, weeks)), 1.0)
    return units.astype(float), exposure


def ses_one(units, exposure, alpha):
    numerator = denominator = 0.0
    path = []
    for u, e in zip(units, exposure, strict=True):
        numerator = (1 - alpha) * numerator + alpha * u
        denominator = (1 - alpha) * denominator + alpha * e
        path.append(numerator / denominator if denominator else math.nan)
    return path


def croston_one(units, exposure, alpha):
    size = interval = None
    since = 0
    path = []
    for u, e in zip(units, exposure, strict=True):
        counted = e >= COUNTED_EXPOSURE
        since += counted
        if counted and u > 0:
            rate = u / e
            if size is None:
                size, interval = rate, since
            else:
                size, interval = size + alpha * (rate - size), interval + alpha * (since - interval)
            since = 0
        path.append(math.nan if size is None else (1 - alpha / 2) * size / interval)
    return path


def tsb_one(units, exposure, alpha, beta):
    size = chance = None
    path = []
    for u, e in zip(units, exposure, strict=True):
        if e >= COUNTED_EXPOSURE:
            occurred = 1.0 if u > 0 else 0.0
            chance = occurred if chance is None else chance + beta * (occurred - chance)
            if u > 0:
                size = u / e if size is None else size + alpha * (u / e - size)
        path.append(math.nan if size is None or chance is None else chance * size)
    return path


@pytest.mark.parametrize(
    ("vectorised", "one_series"),
    [
        (lambda u, e: smoothed_rate(u, e, KEEP, ALPHA), lambda u, e: ses_one(u, e, ALPHA)),
        (lambda u, e: croston_sba(u, e, KEEP, ALPHA), lambda u, e: croston_one(u, e, ALPHA)),
        (lambda u, e: tsb(u, e, KEEP, ALPHA, BETA), lambda u, e: tsb_one(u, e, ALPHA, BETA)),
    ],
    ids=["ses", "croston-sba", "tsb"],
)
def test_level_methods_on_all_series_equal_one_series_at_a_time(vectorised, one_series):
    units, exposure = intermittent_history()
    together = vectorised(units, exposure)
    for row in range(len(units)):
        alone = one_series(units[row], exposure[row])[-KEEP:]
        np.testing.assert_allclose(together[row], alone, rtol=1e-12, equal_nan=True)
    assert np.isnan(together[-1]).all() or (np.nan_to_num(together[-1]) == 0).all()  # never sold


def test_class_dispersion_equals_pooling_each_class_cells():
    """`_dispersion_by_horizon` adds per-series sums per class; pooling the
    class's cells by hand and taking the method of moments gives the same `a`."""
    units, exposure = intermittent_history(seed=9, series=8, weeks=45)
    past = history(units, exposure)
    index = np.ones(units.shape)
    keep = 39
    path = np.random.default_rng(1).uniform(0.1, 1.5, (len(units), keep))
    window = _ErrorWindow.of(past, index, keep)
    classes = np.array(["smooth", "lumpy", "smooth", "intermittent", "lumpy", "smooth", "new", "lumpy"], dtype=object)
    a = _dispersion_by_horizon(path, window, classes, horizon=3)
    weeks = units.shape[1]
    for ahead in (1, 2, 3):
        targets = np.arange(max(weeks - 26, weeks - keep + ahead), weeks)
        expected = path[:, targets - ahead - (weeks - keep)] * exposure[:, targets]
        actual = units[:, targets]
        for name in set(classes):
            members = classes == name
            residual, mean = actual[members] - expected[members], expected[members]
            by_hand = max(((residual**2 - mean).sum()) / (mean**2).sum(), intervals.MIN_DISPERSION)
            assert a[members, ahead - 1] == pytest.approx(np.full(members.sum(), by_hand), rel=1e-12)


def test_quantiles_of_many_cells_equal_each_cell_alone():
    """The walk over counts drops cells as they pass q; each cell's quantile
    is still its own: the CDF of its negative binomial, interpolated between
    whole units, crosses q there."""
    rng = np.random.default_rng(3)
    mean = np.r_[rng.uniform(0.01, 3, 40), rng.uniform(3, 39, 20)]
    a = rng.uniform(0.01, 2.0, len(mean))
    together = intervals.quantiles(mean, a, 0.9)
    for m, dispersion, value in zip(mean, a, together, strict=True):
        size = 1 / dispersion
        distribution = stats.nbinom(size, size / (size + m))
        k = math.ceil(value)
        below = distribution.cdf(k - 1) if k > 0 else 0.0
        alone = max(k - 1 + (0.9 - below) / distribution.pmf(k), 0.0)
        assert value == pytest.approx(alone, rel=1e-9, abs=1e-9)
        assert distribution.cdf(k - 1) < 0.9 <= distribution.cdf(k) or value == 0
