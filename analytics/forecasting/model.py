"""The weekly demand forecast for many product x warehouse series at once.

Demand of series i in week w = level of its product x its warehouse share x
its category's index for w. The category index (season, trend, calendar
events) is pooled over every series of the category (`profiles`); the level
is pooled over the product's warehouses, which sell it in stable proportions,
and follows the product's recent, deseasonalised, censoring-corrected rate by
the method that forecast its demand class best over the last weeks (a
tournament of `levels.METHODS`, squared error, pooled per class). The same
recent errors set the width of the 80% band (`intervals`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analytics.forecasting import intervals
from analytics.forecasting.calendar import DAYS_PER_WEEK
from analytics.forecasting.classify import CLASSES, NEW, NO_DEMAND, classify
from analytics.forecasting.history import WeeklyHistory
from analytics.forecasting.levels import METHODS, SES, ZERO
from analytics.forecasting.profiles import GroupProfiles, fit_profiles

TOURNAMENT_WEEKS = 26
"""Weeks of recent history on which methods compete and errors set the bands."""
ERROR_HORIZON = 13
"""Errors are measured 1..13 weeks ahead; longer horizons reuse week 13's spread."""
CENSORED_WINDOW = 52
"""The censored share of demand looks at the last year."""


@dataclass(frozen=True)
class SeriesForecast:
    """Forecasts for every series of a history, row i for its series row i."""

    weeks: np.ndarray
    """[week] the forecast Mondays, the first the week after the history."""
    mean: np.ndarray
    """[series, week] expected units."""
    low: np.ndarray
    """[series, week] P10."""
    high: np.ndarray
    """[series, week] P90."""
    demand_class: np.ndarray
    """[series] one of `classify.CLASSES`."""
    method: np.ndarray
    """[series] one of `levels.METHODS` or ZERO."""
    recent_units: np.ndarray
    """[series] units sold over the last CENSORED_WINDOW weeks."""
    hidden_units: np.ndarray
    """[series] estimated demand that stockouts hid over the same weeks."""
    error_sd: np.ndarray
    """[series] root mean square of the chosen method's out-of-sample weekly
    errors 1..ERROR_HORIZON weeks ahead over the last TOURNAMENT_WEEKS (NaN
    without any scored week): the spread a safety stock must cover."""


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(values, sort=True)
    return codes, len(uniques)


def pool_sums(values: np.ndarray, codes: np.ndarray, count: int) -> np.ndarray:
    """[pool, week] sums of [series, week] values per pool code 0..count-1
    (one sparse product: no loop over pools)."""
    membership = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(count, len(codes)))
    return np.asarray(membership @ values)


def _warehouse_share(rate_units: np.ndarray, exposure: np.ndarray, pool: np.ndarray, pools: int) -> np.ndarray:
    """[series] each series' share of its product's demand, from all its
    exposed history; series of a product with no history share equally."""
    rate = rate_units.sum(axis=1) / np.maximum(exposure.sum(axis=1), 1e-9)
    total = np.bincount(pool, rate, pools)[pool]
    members = np.bincount(pool, minlength=pools)[pool]
    return np.where(total > 0, rate / np.where(total > 0, total, 1), 1 / members)


def product_demand(
    history: WeeklyHistory, past_index: np.ndarray, pool: np.ndarray, pools: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The deseasonalised demand the levels follow: ([series] each series'
    share of its product, [product, week] units / the group's index summed
    over the product's series, [product, week] their exposure weighted by
    share). `past_index` is [series, week] the group index of each series."""
    deseasonalised = history.units / past_index
    share = _warehouse_share(deseasonalised, history.exposure, pool, pools)
    return share, pool_sums(deseasonalised, pool, pools), pool_sums(history.exposure * share[:, None], pool, pools)


def deseasonalised_products(
    history: WeeklyHistory, profiles: GroupProfiles
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`product_demand` per product of the history, as the forecast sees it:
    ([product] product ids sorted, [product, week] units, [product, week] exposure)."""
    group, _ = _codes(history.series["group"])
    pool, uniques = pd.factorize(history.series["product_id"], sort=True)
    _, units, exposure = product_demand(history, profiles.index(history.weeks)[group], pool, len(uniques))
    return np.asarray(uniques), units, exposure


def group_profiles(history: WeeklyHistory) -> GroupProfiles:
    """The seasonal and event index of each group (`profiles`): the slow part
    of a fit, which a later forecast of the same series can reuse."""
    group, groups = _codes(history.series["group"])
    return fit_profiles(history, group, groups)


def forecast(history: WeeklyHistory, horizon: int, profiles: GroupProfiles | None = None) -> SeriesForecast:
    """Forecast `horizon` weeks after the history for every series.

    `history.series` needs `product_id` (the level is pooled per product) and
    `group` (the seasonal index is pooled per group). `profiles` fitted on an
    earlier history of the same series (`group_profiles`) skip the profile
    fit: the fast path of a weekly refit, where only levels, classes and
    errors move (their trend runs on from the history they were fitted on, flat after 26 weeks).
    """
    group, groups = _codes(history.series["group"])
    pool, pools = _codes(history.series["product_id"])
    weeks = len(history.weeks)
    future = history.weeks[-1] + DAYS_PER_WEEK * np.arange(1, horizon + 1)
    demand_class = classify(history)

    profiles = profiles or fit_profiles(history, group, groups)
    past_index = profiles.index(history.weeks)[group]
    future_index = profiles.index(future)[group]
    share, pooled_units, pooled_exposure = product_demand(history, past_index, pool, pools)

    keep = min(weeks, TOURNAMENT_WEEKS + ERROR_HORIZON)
    paths = {
        name: np.nan_to_num(method(pooled_units, pooled_exposure, keep)[pool] * share[:, None])
        for name, method in METHODS.items()
    }
    window = _ErrorWindow.of(history, past_index, keep)
    squared = {name: window.squared_errors(path) for name, path in paths.items()}
    method = _tournament(squared, demand_class)
    chosen_path = np.zeros((history.size, keep))  # stays 0 for ZERO
    chosen_squared = np.zeros((ERROR_HORIZON, history.size))
    for name, path in paths.items():
        chosen_path[method == name] = path[method == name]
        chosen_squared[:, method == name] = squared[name][:, method == name]
    chosen_squared[:, method == ZERO] = window.squared_errors(chosen_path[method == ZERO], method == ZERO)
    level = chosen_path[:, -1]
    mean = level[:, None] * future_index
    a = _dispersion_by_horizon(chosen_path, window, demand_class, horizon) + profiles.noise[group][:, None]
    recent = slice(max(0, weeks - CENSORED_WINDOW), None)
    full_week_demand = level[:, None] * past_index[:, recent]
    hidden = ((history.observed - history.exposure)[:, recent].clip(min=0) * full_week_demand).sum(axis=1)
    return SeriesForecast(
        weeks=future,
        mean=mean,
        # Very bursty series can have a mean above their P90: the band is kept around the forecast anyway.
        low=np.minimum(intervals.quantiles(mean, a, intervals.LOW_QUANTILE), mean),
        high=np.maximum(intervals.quantiles(mean, a, intervals.HIGH_QUANTILE), mean),
        demand_class=demand_class,
        method=method,
        recent_units=history.units[:, recent].sum(axis=1),
        hidden_units=hidden,
        error_sd=_error_sd(chosen_squared, window),
    )


@dataclass(frozen=True)
class _ErrorWindow:
    """The recent weeks on which h-week-ahead forecasts are scored."""

    history: WeeklyHistory
    scale: np.ndarray
    """[series, keep] the group index x exposure of the last `keep` weeks:
    what turns a level into expected units, the same for every method."""
    keep: int

    @classmethod
    def of(cls, history: WeeklyHistory, past_index: np.ndarray, keep: int) -> _ErrorWindow:
        """The window of the last `keep` weeks of `history`, whose group index is `past_index` [series, week]."""
        recent = slice(len(history.weeks) - keep, None)
        return cls(history, past_index[:, recent] * history.exposure[:, recent], keep)

    def targets(self, ahead: int) -> slice:
        """The weeks scored `ahead` weeks after a forecast inside the window:
        a slice, so that the matrices are read as views, not copied (at
        160,000 series the copies were half of the forecast's time)."""
        weeks = len(self.history.weeks)
        return slice(max(weeks - TOURNAMENT_WEEKS, weeks - self.keep + ahead), weeks)

    def cells(self, path: np.ndarray, ahead: int, rows=slice(None)) -> tuple[np.ndarray, np.ndarray]:
        """Actual units and exposure-scaled forecasts [series, target week] of
        the forecasts made `ahead` weeks before each target week (of the
        series `rows`, whose forecasts `path` holds)."""
        weeks = len(self.history.weeks)
        targets = self.targets(ahead)
        first_origin = targets.start - ahead - (weeks - self.keep)
        origins = slice(first_origin, first_origin + max(targets.stop - targets.start, 0))
        scaled = slice(origins.start + ahead, origins.stop + ahead)  # the targets among the last `keep` weeks
        expected = path[:, origins] * self.scale[rows, scaled]
        return self.history.units[rows, targets], expected

    def squared_errors(self, path: np.ndarray, rows=slice(None)) -> np.ndarray:
        """[ahead - 1, series] the squared errors of `path`'s forecasts made
        1..ERROR_HORIZON weeks ahead, summed over the window's weeks."""
        squared = np.zeros((ERROR_HORIZON, len(path)))
        for ahead in range(1, ERROR_HORIZON + 1):
            actual, expected = self.cells(path, ahead, rows)
            squared[ahead - 1] = ((actual - expected) ** 2).sum(axis=1)
        return squared


def _tournament(squared: dict[str, np.ndarray], demand_class: np.ndarray) -> np.ndarray:
    """[series] the method with the least squared error 1..ERROR_HORIZON
    weeks ahead (`squared` per method), summed over the series of each class."""
    method = np.full(len(demand_class), SES, dtype=object)
    scores = {name: errors.sum(axis=0) for name, errors in squared.items()}
    for demand_class_id in CLASSES:
        members = demand_class == demand_class_id
        if members.any() and demand_class_id not in (NEW, NO_DEMAND):
            method[members] = min(scores, key=lambda name: scores[name][members].sum())
    method[demand_class == NO_DEMAND] = ZERO
    return method


def _error_sd(squared: np.ndarray, window: _ErrorWindow) -> np.ndarray:
    """[series] sqrt(squared errors / exposed weeks) over the scored weeks
    1..ERROR_HORIZON weeks ahead (a censored week adds neither), from the
    chosen method's `squared_errors`."""
    exposed = np.zeros(squared.shape[1])
    for ahead in range(1, ERROR_HORIZON + 1):
        exposed += window.history.exposure[:, window.targets(ahead)].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(exposed > 0, np.sqrt(squared.sum(axis=0) / exposed), np.nan)


def _dispersion_by_horizon(
    path: np.ndarray, window: _ErrorWindow, demand_class: np.ndarray, horizon: int
) -> np.ndarray:
    """[series, horizon] negative-binomial dispersion per class and weeks
    ahead, from each series' sums (one bincount per class, no copy per class)."""
    class_code = pd.Categorical(demand_class, categories=CLASSES).codes
    a = np.full((len(demand_class), horizon), intervals.MIN_DISPERSION)
    for ahead in range(1, min(horizon, ERROR_HORIZON) + 1):
        actual, expected = window.cells(path, ahead)
        excess = np.bincount(class_code, ((actual - expected) ** 2 - expected).sum(axis=1), len(CLASSES))
        scale = np.bincount(class_code, (expected**2).sum(axis=1), len(CLASSES))
        a[:, ahead - 1] = np.array([intervals.dispersion(e, s) for e, s in zip(excess, scale, strict=True)])[class_code]
    if horizon > ERROR_HORIZON:
        a[:, ERROR_HORIZON:] = a[:, ERROR_HORIZON - 1 : ERROR_HORIZON]
    return a
