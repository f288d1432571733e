"""The backtest's cutoffs, yardstick and metrics against hand computations."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.forecasting import accuracy, aggregate_band, backtest, run_backtest
from analytics.forecasting.calendar import week_range
from analytics.forecasting.history import WeeklyHistory
from analytics.forecasting.model import SeriesForecast


def history(units, observed=None) -> WeeklyHistory:
    units = np.asarray(units, dtype=float)
    observed = np.ones(units.shape) if observed is None else np.asarray(observed, dtype=float)
    series = pd.DataFrame(
        {"product_id": np.arange(len(units)) + 1, "warehouse_id": [1, 2][: len(units)], "group": [0] * len(units)}
    )
    weeks = week_range(date(2024, 1, 1), units.shape[1])
    return WeeklyHistory(series, weeks, units, observed, observed, np.ones(len(units), dtype=bool))


def test_cutoffs_every_four_weeks_over_the_last_year():
    assert backtest.cutoffs(157) == list(range(105, 154, 4))
    assert backtest.cutoffs(30) == [10, 14, 18, 22, 26]  # at least 8 weeks of training


def test_seasonal_naive_takes_last_year_else_the_last_week_on_record():
    units = np.arange(60, dtype=float)[None, :].repeat(2, axis=0)
    observed = np.ones((2, 60))
    observed[1, :20] = 0  # launched in week 20: no last year
    naive = backtest.seasonal_naive(history(units, observed), cutoff=55, horizon=3)
    np.testing.assert_array_equal(naive, [[3, 4, 5], [54, 54, 54]])


def test_accuracy_from_summed_scores():
    scores = pd.DataFrame(
        {"abs_error": [2.0, 4.0], "error": [2.0, -4.0], "actual": [10.0, 10.0], "naive_abs_error": [5.0, 5.0],
         "covered": [3.0, 1.0], "cells": [4.0, 1.0]}
    )
    result = accuracy(scores)
    assert result == pytest.approx(
        {"wape": 0.3, "bias": -0.1, "naive_wape": 0.5, "relative_error": 0.6, "coverage": 0.8}
    )


def test_backtest_scores_match_a_hand_count(monkeypatch):
    """With a forecast of 10 a week (band 8..12) for both series, the errors
    of every scored week can be counted by hand."""

    def constant_forecast(past: WeeklyHistory, horizon: int) -> SeriesForecast:
        weeks = past.weeks[-1] + 7 * np.arange(1, horizon + 1)
        mean = np.full((past.size, horizon), 10.0)
        names = np.full(past.size, "ses", dtype=object)
        zeros = np.zeros(past.size)
        return SeriesForecast(weeks, mean, mean - 2, mean + 2, names, names, zeros, zeros, zeros)

    monkeypatch.setattr(backtest, "forecast", constant_forecast)
    units = np.vstack([np.tile([8.0, 12.0], 35), np.full(70, 11.0)])
    demand = units + 1
    result = run_backtest(history(units), complete_weeks=70, true_demand=demand)
    # Cutoffs 18, 22, ..., 66: ten see 13 weeks of actuals, the last three 12, 8 and 4.
    assert backtest.cutoffs(70) == list(range(18, 67, 4))
    cells = 13 * 10 + 12 + 8 + 4
    sales = result.series_scores.query("scope == 'all' and target == 'sales'").set_index("series")
    # Series 0 alternates 8 and 12: |10 - y| = 2 in every cell; series 1 sells 11: error -1.
    assert sales.loc[0, "abs_error"] == 2 * cells
    assert sales.loc[1, "error"] == -1 * cells
    assert sales.loc[0, "covered"] == cells and sales.loc[1, "covered"] == cells
    # The naive repeats the week 52 weeks before (exact for a two-week cycle) or, for
    # cutoffs before week 52, the last week (an odd week, 12): 4 off in every even week.
    early_even_weeks = sum(
        (c + ahead) % 2 == 0 for c in backtest.cutoffs(70) for ahead in range(min(13, 70 - c)) if c + ahead < 52
    )
    assert sales.loc[0, "naive_abs_error"] == 4 * early_even_weeks > 0
    demand_scores = result.series_scores.query("scope == 'all' and target == 'demand'").set_index("series")
    # Against demand (sales + 1): series 0 covers 9 and 13 only on the 9s, series 1's 12 is inside the band.
    assert demand_scores.loc[1, "error"] == -2 * cells
    assert 0 < demand_scores.loc[0, "covered"] < cells
    last = result.series_scores.query("scope == 'week-13' and target == 'sales'")
    assert (last["cells"] == 10).all()
    totals = result.cell_totals
    assert len(totals) == 2 * cells  # one group x two warehouses
    assert totals["forecast"].sum() == 10 * 2 * cells
    assert totals["sales"].sum() == sum(units[:, c : c + min(13, 70 - c)].sum() for c in backtest.cutoffs(70))


def test_aggregate_band_from_the_aggregates_own_ratios():
    totals = pd.DataFrame({"forecast": [100.0] * 10 + [0.0], "sales": np.r_[np.arange(80, 130, 5), 7.0]})
    low, high = aggregate_band(totals)
    assert low == pytest.approx(np.quantile(np.arange(80, 130, 5) / 100, 0.1))
    assert high == pytest.approx(np.quantile(np.arange(80, 130, 5) / 100, 0.9))
