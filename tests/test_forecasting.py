"""The forecast model on synthetic series whose right answer is known."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.events import BLACK_FRIDAY, black_friday
from analytics.forecasting import WeeklyHistory, forecast, from_weekly_rows
from analytics.forecasting.calendar import event_exposure, first_forecast_week, peak_weeks, week_range
from analytics.forecasting.classify import INTERMITTENT, LUMPY, NEW, NO_DEMAND, SMOOTH, classify
from analytics.forecasting.intervals import quantiles

FIRST_MONDAY = date(2023, 1, 2)


def history(units, exposure=None, products=None, group=None) -> WeeklyHistory:
    """A history of the given [series, week] units, starting FIRST_MONDAY."""
    units = np.asarray(units, dtype=float)
    series = len(units)
    exposure = np.ones(units.shape) if exposure is None else np.asarray(exposure, dtype=float)
    frame = pd.DataFrame(
        {
            "product_id": np.arange(series) + 1 if products is None else products,
            "warehouse_id": np.ones(series, dtype=int),
            "group": np.zeros(series, dtype=int) if group is None else group,
        }
    )
    weeks = week_range(FIRST_MONDAY, units.shape[1])
    return WeeklyHistory(frame, weeks, units, exposure, np.ones(units.shape), np.ones(series, dtype=bool))


def with_background(units, level=20.0, series=8):
    """`units` plus `series` steady series of the same group, as a category
    of other products would be: the pooled shape is then the category's."""
    units = np.asarray(units, dtype=float)
    return np.vstack([units, np.full((series, units.shape[1]), level)])


def yearly_shape(weeks: np.ndarray) -> np.ndarray:
    """A smooth season: 1.5 in spring, 0.5 in autumn."""
    day_of_year = (weeks + 3 - weeks.astype("datetime64[Y]")).astype(np.int64)
    return 1 + 0.5 * np.sin(2 * np.pi * day_of_year / 365.25)


def test_first_forecast_week_is_the_monday_after_the_as_of_date():
    assert first_forecast_week(date(2026, 11, 29)) == date(2026, 11, 30)  # a Sunday
    assert first_forecast_week(date(2026, 11, 30)) == date(2026, 12, 7)  # a Monday
    assert first_forecast_week(date(2026, 12, 2)) == date(2026, 12, 7)


def test_event_exposure_counts_the_days_of_black_friday_in_each_week():
    friday = black_friday(2025)  # 28 November 2025; Cyber Monday is 1 December
    weeks = week_range(date(2025, 11, 17), 3)
    keys, exposure = event_exposure(weeks)
    row = exposure[keys.index(BLACK_FRIDAY)]
    assert friday == date(2025, 11, 28)
    np.testing.assert_allclose(row, [0, 3 / 7, 1 / 7])
    assert peak_weeks(weeks).tolist() == [False, True, True]


def test_pure_seasonal_series_continue_their_season():
    weeks = week_range(FIRST_MONDAY, 156 + 26)
    shape = yearly_shape(weeks)
    levels = np.array([40.0, 100.0, 250.0])
    units = levels[:, None] * shape[None, :156]
    result = forecast(history(units), 26)
    expected = levels[:, None] * shape[None, 156:]
    np.testing.assert_allclose(result.mean, expected, rtol=0.03)
    assert (result.method == "ses").all() or set(result.method) <= {"ses", "ses-slow", "croston-sba", "tsb"}


def test_a_level_shift_is_followed():
    shifted = np.r_[np.full(100, 10.0), np.full(30, 30.0)]
    result = forecast(history(with_background([shifted])), 4)
    np.testing.assert_allclose(result.mean[0], 30.0, rtol=0.05)
    np.testing.assert_allclose(result.mean[1:], 20.0, rtol=0.02)
    assert (result.demand_class == SMOOTH).all()


def test_intermittent_series_forecast_their_average_rate():
    units = np.zeros((8, 120))
    for row in range(8):
        units[row, row % 4 :: 4] = 8.0  # 8 units every fourth week: 2 a week
    result = forecast(history(with_background(units)), 8)
    assert (result.demand_class[:8] == INTERMITTENT).all()
    np.testing.assert_allclose(result.mean[:8], 2.0, rtol=0.2)
    assert (result.low <= result.mean).all() and (result.high >= result.mean).all()


def test_censored_weeks_are_not_read_as_low_demand():
    """Every series sells 20 a week when in stock; in every third week the
    shelf was empty for five days, so only 2/7 of the demand was sold."""
    exposure = np.ones((4, 120))
    exposure[:, ::3] = 2 / 7
    units = 20.0 * exposure
    exposure = np.vstack([exposure, np.ones((8, 120))])
    units = with_background(units)
    censored = forecast(history(units, exposure), 4)
    raw = forecast(history(units), 4)  # as if stock levels were unknown
    np.testing.assert_allclose(censored.mean, 20.0, rtol=0.03)
    assert (raw.mean[:4] < 18.0).all()
    # A third of the weeks lost 5 of 7 days: 5/21 of the demand was hidden.
    hidden_share = censored.hidden_units / (censored.hidden_units + censored.recent_units)
    np.testing.assert_allclose(hidden_share[:4], 5 / 21, rtol=0.05)
    np.testing.assert_allclose(hidden_share[4:], 0.0)


def test_a_moving_black_friday_lands_in_its_week():
    """A category whose demand doubles on the four days of Black Friday to
    Cyber Monday: next year's peak is in the week holding those days."""
    weeks = week_range(FIRST_MONDAY, 4 * 52)
    keys, exposure = event_exposure(weeks)
    lift = 1 + exposure[keys.index(BLACK_FRIDAY)] * 7 / 4 * 1.0
    units = np.array([50.0, 80.0, 120.0])[:, None] * lift[None, : 3 * 52]
    result = forecast(history(units), 52)
    peak = int(np.argmax(result.mean[0]))
    friday = np.datetime64(black_friday(2026), "D")
    assert result.weeks[peak] <= friday < result.weeks[peak] + 7
    np.testing.assert_allclose(result.mean[:, peak], units[:, 0] * (1 + 3 / 4), rtol=0.05)


def test_classes_follow_adi_and_cv2():
    smooth = np.full(60, 5.0)
    lumpy = np.zeros(60)
    lumpy[::3] = [1, 20] * 10
    new = np.r_[np.zeros(55), np.full(5, 3.0)]
    never = np.zeros(60)
    exposure = np.ones((4, 60))
    exposure[2, :55] = 0.0
    classes = classify(history([smooth, lumpy, new, never], exposure))
    assert classes.tolist() == [SMOOTH, LUMPY, NEW, NO_DEMAND]


def test_series_that_never_sold_forecast_zero():
    result = forecast(history([np.zeros(60), np.full(60, 4.0)]), 3)
    assert result.method[0] == "zero"
    assert (result.mean[0] == 0).all() and (result.high[0] == 0).all()


def test_negative_binomial_quantiles_interpolate_between_units():
    mean = np.array([2.0])
    low = quantiles(mean, np.array([1e-9]), 0.1)
    # Poisson(2): P(0) = 0.135 > 0.1, so the 10% point lies between -1 and 0, clipped at 0.
    assert low[0] == 0.0
    high = quantiles(mean, np.array([1e-9]), 0.9)
    # P(X <= 3) = 0.857, P(X <= 4) = 0.947: the 90% point is 3 + (0.9 - 0.857) / 0.090.
    assert high[0] == pytest.approx(3 + (0.9 - 0.857123) / (0.947347 - 0.857123), abs=1e-3)


def test_weekly_rows_become_matrices():
    rows = pd.DataFrame(
        {
            "product_id": [1, 1, 2],
            "warehouse_id": [1, 1, 1],
            "week_start": pd.to_datetime(["2026-11-16", "2026-11-23", "2026-11-23"]),
            "units": [5, 7, 2],
            "instock_days": [7, 3, 0],
            "sellout_days": [0, 2, 1],
            "observed_days": [7, 7, 7],
        }
    )
    series = pd.DataFrame({"product_id": [1, 2, 3], "warehouse_id": [1, 1, 1], "group": ["a", "a", "b"]})
    result = from_weekly_rows(rows, series, date(2026, 12, 1))
    assert result.weeks.tolist() == [date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]
    np.testing.assert_array_equal(result.units, [[5, 7, 0], [0, 2, 0], [0, 0, 0]])
    np.testing.assert_allclose(result.exposure, [[1, 4 / 7, 0], [0, 0.5 / 7, 0], [0, 0, 0]])
    assert result.stock_known.tolist() == [True, True, False]


def test_series_without_stock_levels_are_on_record_from_their_first_sale():
    rows = pd.DataFrame(
        {
            "product_id": [1, 1],
            "warehouse_id": [1, 1],
            "week_start": pd.to_datetime(["2026-11-09", "2026-11-23"]),
            "units": [0, 4],
            "instock_days": [0, 0],
            "sellout_days": [0, 0],
            "observed_days": [0, 0],
        }
    )
    series = pd.DataFrame({"product_id": [1], "warehouse_id": [1], "group": ["a"]})
    result = from_weekly_rows(rows, series, date(2026, 12, 1))  # a Tuesday: two days of the last week
    assert result.stock_known.tolist() == [False]
    np.testing.assert_allclose(result.observed, [[0, 0, 1, 2 / 7]])
    np.testing.assert_allclose(result.exposure, result.observed)
