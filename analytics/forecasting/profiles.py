"""Seasonal and event profiles shared by the series of a group (a category).

A product selling three units a week cannot tell its own yearly season from
noise, but its category, summed over all its products and warehouses, can.
Each group gets one multiplicative weekly index from a Poisson regression
(statsmodels GLM, log link) of the group's weekly units sold on in-stock days
on a trend, a few Fourier pairs of the year and the share of each week's days
inside each calendar event, with the exposure of its series times their level
as offset. Products then only need a level: the group's shape, scaled.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from analytics.forecasting.calendar import WEEKS_PER_YEAR, event_exposure, year_fraction
from analytics.forecasting.history import WeeklyHistory

FOURIER_PAIRS = 6
MIN_GROUP_UNITS_PER_WEEK = 20.0
"""A group selling less than this on average borrows the shop-wide shape."""
MIN_WEEKS_FOR_SEASON = 78
"""Fewer weeks cannot tell a yearly season from a level change: the index keeps only events."""
MIN_WEEKS_FOR_TREND = 104
"""A trend is only told apart from the season with two years of history."""
TREND_EXTRAPOLATION_WEEKS = 26
"""Beyond this many weeks after the history the trend is held flat: growth is not extrapolated for ever."""
LEVEL_PASSES = 2
NOISE_WEEKS = 52


def design(weeks: np.ndarray, origin: np.datetime64, seasonal: bool, trend: bool, calendar: str) -> np.ndarray:
    """[week, feature] regressors: intercept, trend in years from `origin`
    (when `trend`, held flat TREND_EXTRAPOLATION_WEEKS after it), Fourier pairs
    of the year (when `seasonal`), the shop's calendar's event shares."""
    years = np.minimum((weeks - origin).astype(np.int64) / 7, TREND_EXTRAPOLATION_WEEKS) / WEEKS_PER_YEAR
    columns = [np.ones(len(weeks)), years if trend else np.zeros(len(weeks))]
    if seasonal:
        angle = 2 * np.pi * year_fraction(weeks)
        for k in range(1, FOURIER_PAIRS + 1):
            columns += [np.sin(k * angle), np.cos(k * angle)]
    columns += list(event_exposure(weeks, calendar)[1])
    return np.column_stack(columns)


@dataclass(frozen=True)
class GroupProfiles:
    """Fitted coefficients per group; `index` evaluates them for any weeks."""

    coefficients: np.ndarray
    """[group, feature] with the intercept zeroed: the index is relative."""
    origin: np.datetime64
    seasonal: bool
    trend: bool
    calendar: str
    noise: np.ndarray
    """[group] relative variance of the group's weekly totals around the fit,
    beyond Poisson: the error every series of the group shares (an index a
    few percent off moves them all), which a band must add to each series' own."""

    def index(self, weeks: np.ndarray) -> np.ndarray:
        """[group, week] the expected demand of each group's typical series
        relative to its level."""
        return np.exp(self.coefficients @ design(weeks, self.origin, self.seasonal, self.trend, self.calendar).T)


def _fit_one(units: np.ndarray, mass: np.ndarray, features: np.ndarray) -> np.ndarray | None:
    """Coefficients for every feature; a feature constant over the usable
    weeks (an event the history never saw) gets 0 and stays out of the fit."""
    usable = mass > 0
    varying = np.r_[True, np.ptp(features[usable], axis=0)[1:] > 0] if usable.any() else np.ones(0, dtype=bool)
    if usable.sum() <= varying.sum() or units[usable].sum() <= 0:
        return None
    # statsmodels takes about a second to import; only a forecast run fits, not the pages that import this package
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    design = features[usable][:, varying]
    model = sm.GLM(units[usable], design, family=sm.families.Poisson(), offset=np.log(mass[usable]))
    try:
        with warnings.catch_warnings():
            # A noiseless group (a test, a constant series) fits perfectly; that is no error.
            warnings.simplefilter("ignore", PerfectSeparationWarning)
            result = model.fit(maxiter=50)
    except (ValueError, np.linalg.LinAlgError):
        return None
    coefficients = np.zeros(features.shape[1])
    coefficients[varying] = np.asarray(result.params)
    return coefficients if np.all(np.isfinite(coefficients)) else None


def fit_profiles(history: WeeklyHistory, group: np.ndarray, groups: int) -> GroupProfiles:
    """One index per group code 0..groups-1 from the history's exposed weeks.

    Series levels and group shapes are estimated in turn (LEVEL_PASSES):
    first levels from raw rates, then levels against the fitted shape.
    """
    weeks = history.weeks
    seasonal, trend = len(weeks) >= MIN_WEEKS_FOR_SEASON, len(weeks) >= MIN_WEEKS_FOR_TREND
    origin = weeks[-1] if len(weeks) else np.datetime64("1970-01-05")
    features = design(weeks, origin, seasonal, trend, history.calendar)
    index = np.ones((groups, len(weeks)))
    coefficients = np.zeros((groups, features.shape[1]))
    counts = np.bincount(group, minlength=groups)
    for _ in range(LEVEL_PASSES):
        scaled_exposure = history.exposure * index[group]
        level = history.units.sum(axis=1) / np.maximum(scaled_exposure.sum(axis=1), 1e-9)
        mass = group_sums(history.exposure * level[:, None], group, groups)
        units = group_sums(history.units, group, groups)
        shop = _fit_one(units.sum(axis=0), mass.sum(axis=0), features)
        shop = np.zeros(features.shape[1]) if shop is None else shop
        for g in range(groups):
            fitted = None
            if counts[g] and units[g].sum() >= MIN_GROUP_UNITS_PER_WEEK * len(weeks):
                fitted = _fit_one(units[g], mass[g], features)
            coefficients[g] = shop if fitted is None else fitted
        expected = mass * np.exp(coefficients @ features.T)
        coefficients[:, 0] = 0.0
        index = np.exp(coefficients @ features.T)
    return GroupProfiles(coefficients, origin, seasonal, trend, history.calendar, _relative_noise(units, expected))


def _relative_noise(units: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """[group] sum ((y - m)² - m) / sum m² over the last year's weeks, at least 0."""
    recent = slice(max(0, units.shape[1] - NOISE_WEEKS), None)
    y, m = units[:, recent], expected[:, recent]
    with np.errstate(invalid="ignore", divide="ignore"):
        noise = (((y - m) ** 2 - m).sum(axis=1)) / (m**2).sum(axis=1)
    return np.clip(np.nan_to_num(noise), 0.0, None)


def group_sums(values: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """[group, week] sums of [series, week] values per group code 0..groups-1
    (one sparse product: no loop over groups)."""
    membership = sparse.csr_matrix((np.ones(len(group)), (group, np.arange(len(group)))), shape=(groups, len(group)))
    return np.asarray(membership @ values)
