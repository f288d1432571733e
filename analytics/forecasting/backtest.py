"""Rolling-origin backtest: the accuracy the page shows beside the forecast.

At cutoffs every CUTOFF_EVERY weeks over the last BACKTEST_SPAN complete
weeks, the model is fitted on the weeks before the cutoff only and forecasts
BACKTEST_HORIZON weeks; every forecast week that has actuals is scored
against the units sold and, where the simulator's true demand exists,
against demand. Seasonal naive (the same week last year, else the last week
on record) is scored on the same cells, so every error has its yardstick.

Scores are kept as sums (absolute error, signed error, actuals, the naive's
absolute error, cells inside the band), per series and per scope, so that
any aggregate's error is a sum of its series' sums: WAPE = sum |error| /
sum actual, bias = sum error / sum actual, relative error = WAPE / naive WAPE.
Totals per group x warehouse x cutoff x week keep the aggregate forecasts, so
an aggregate's band can come from its own errors (`aggregate_band`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.forecasting.calendar import WEEKS_PER_YEAR, peak_weeks
from analytics.forecasting.history import WeeklyHistory
from analytics.forecasting.model import forecast, pool_sums

BACKTEST_HORIZON = 13
CUTOFF_EVERY = 4
BACKTEST_SPAN = 52
MIN_TRAINING_WEEKS = 8

ALL_WEEKS = "all"
LAST_WEEK = "week-13"
PEAK_WEEKS = "peak"
SCOPES = (ALL_WEEKS, LAST_WEEK, PEAK_WEEKS)
SALES = "sales"
DEMAND = "demand"
TARGETS = (SALES, DEMAND)
SCORE_COLUMNS = ("abs_error", "error", "actual", "naive_abs_error", "covered", "cells")


@dataclass(frozen=True)
class Backtest:
    series_scores: pd.DataFrame
    """One row per series x scope x target: `series` (row of the history),
    `scope`, `target` and SCORE_COLUMNS."""
    cell_totals: pd.DataFrame
    """One row per group x warehouse x cutoff x forecast week: `group`,
    `warehouse_id`, `cutoff`, `week_start`, `horizon`, `forecast`, `sales`,
    `demand` (NaN without true demand) and `naive`."""


def cutoffs(complete_weeks: int) -> list[int]:
    """Week indexes of the cutoffs: every CUTOFF_EVERY weeks over the last
    BACKTEST_SPAN complete weeks, each with MIN_TRAINING_WEEKS before it."""
    first = max(complete_weeks - BACKTEST_SPAN, MIN_TRAINING_WEEKS)
    return list(range(complete_weeks - CUTOFF_EVERY, first - 1, -CUTOFF_EVERY))[::-1]


def seasonal_naive(history: WeeklyHistory, cutoff: int, horizon: int) -> np.ndarray:
    """[series, horizon] units sold in the same week a year before each
    forecast week, else in the last week on record before the cutoff."""
    on_record = history.observed[:, :cutoff] > 0
    last_week = np.where(on_record.any(axis=1), cutoff - 1 - np.argmax(on_record[:, ::-1], axis=1), -1)
    last_value = np.where(last_week >= 0, history.units[np.arange(history.size), last_week], 0.0)
    naive = np.repeat(last_value[:, None], horizon, axis=1)
    for ahead in range(horizon):
        source = cutoff + ahead - WEEKS_PER_YEAR
        if 0 <= source < cutoff:
            recorded = history.observed[:, source] > 0
            naive[:, ahead] = np.where(recorded, history.units[:, source], last_value)
    return naive


def run_backtest(history: WeeklyHistory, complete_weeks: int, true_demand: np.ndarray | None = None) -> Backtest:
    """Backtest the model on `history`, whose first `complete_weeks` weeks
    are whole; `true_demand` [series, week] when known."""
    peak = peak_weeks(history.weeks, history.calendar)
    scores = np.zeros((history.size, len(SCOPES), len(TARGETS), len(SCORE_COLUMNS)))
    totals = []
    for cutoff in cutoffs(complete_weeks):
        result = forecast(history.before(cutoff), BACKTEST_HORIZON)
        weeks = min(BACKTEST_HORIZON, complete_weeks - cutoff)
        span = slice(cutoff, cutoff + weeks)
        scored = history.observed[:, span] > 0
        mean, naive = result.mean[:, :weeks], seasonal_naive(history, cutoff, weeks)
        low, high = result.low[:, :weeks], result.high[:, :weeks]
        actuals = {SALES: history.units[:, span], DEMAND: None if true_demand is None else true_demand[:, span]}
        scopes = {
            ALL_WEEKS: scored,
            LAST_WEEK: scored & (np.arange(weeks) == BACKTEST_HORIZON - 1)[None, :],
            PEAK_WEEKS: scored & peak[span][None, :],
        }
        for t, target in enumerate(TARGETS):
            actual = actuals[target]
            if actual is None:
                continue
            cells = {
                "abs_error": np.abs(mean - actual),
                "error": mean - actual,
                "actual": actual,
                "naive_abs_error": np.abs(naive - actual),
                "covered": (actual >= low) & (actual <= high),
                "cells": np.ones(actual.shape),
            }
            for s, scope in enumerate(SCOPES):
                for c, column in enumerate(SCORE_COLUMNS):
                    scores[:, s, t, c] += np.where(scopes[scope], cells[column], 0.0).sum(axis=1)
        totals.append(_cell_totals(history, cutoff, weeks, scored, mean, naive, actuals))
    series_scores = _score_frame(scores, true_demand is not None)
    return Backtest(series_scores, pd.concat(totals, ignore_index=True) if totals else _empty_totals())


def _cell_totals(history, cutoff, weeks, scored, mean, naive, actuals) -> pd.DataFrame:
    """Sums per group x warehouse of every scored cell, for each forecast week
    (one sparse product per value, not a groupby per week)."""
    grouping = history.series.groupby(["group", "warehouse_id"], sort=True)
    code, keys = grouping.ngroup().to_numpy(), grouping.size().index.to_frame(index=False)
    member = code >= 0  # a series without a group or warehouse is in no total
    values = {"forecast": mean, "naive": naive, SALES: actuals[SALES]}
    if actuals[DEMAND] is not None:
        values[DEMAND] = actuals[DEMAND]
    sums = {
        name: pool_sums(np.where(scored, value, 0.0)[member], code[member], len(keys)).T.ravel()
        for name, value in values.items()
    }
    ahead = np.repeat(np.arange(weeks), len(keys))
    frame = pd.concat([keys] * weeks, ignore_index=True).assign(
        **sums, week_start=history.weeks[cutoff + ahead], horizon=ahead + 1, cutoff=history.weeks[cutoff]
    )
    if DEMAND not in frame:
        frame[DEMAND] = np.nan
    return frame[list(_empty_totals().columns)]


def _empty_totals() -> pd.DataFrame:
    columns = ["group", "warehouse_id", "cutoff", "week_start", "horizon", "forecast", SALES, DEMAND, "naive"]
    return pd.DataFrame({name: [] for name in columns})


def _score_frame(scores: np.ndarray, has_demand: bool) -> pd.DataFrame:
    series, scopes, targets = np.indices(scores.shape[:3]).reshape(3, -1)
    frame = pd.DataFrame(scores.reshape(-1, len(SCORE_COLUMNS)), columns=list(SCORE_COLUMNS))
    frame.insert(0, "target", np.array(TARGETS)[targets])
    frame.insert(0, "scope", np.array(SCOPES)[scopes])
    frame.insert(0, "series", series)
    return frame if has_demand else frame[frame["target"] != DEMAND].reset_index(drop=True)


def accuracy(scores: pd.DataFrame) -> dict[str, float]:
    """WAPE, bias, seasonal naive's WAPE, their ratio and band coverage from
    summed scores (NaN when there is nothing to score)."""
    total = scores[list(SCORE_COLUMNS)].sum()
    actual = total["actual"]
    wape = total["abs_error"] / actual if actual > 0 else np.nan
    naive = total["naive_abs_error"] / actual if actual > 0 else np.nan
    return {
        "wape": wape,
        "bias": total["error"] / actual if actual > 0 else np.nan,
        "naive_wape": naive,
        "relative_error": wape / naive if naive and naive > 0 else np.nan,
        "coverage": total["covered"] / total["cells"] if total["cells"] > 0 else np.nan,
    }


def aggregate_band(totals: pd.DataFrame) -> tuple[float, float]:
    """P10 and P90 of actual / forecast over an aggregate's summed backtest
    cells (sum `cell_totals` over its groups and warehouses first): its band
    is its forecast times these, since P10s and P90s of series do not add up."""
    usable = totals[totals["forecast"] > 0]
    if usable.empty:
        return (np.nan, np.nan)
    ratio = usable[SALES] / usable["forecast"]
    return float(ratio.quantile(0.1)), float(ratio.quantile(0.9))
