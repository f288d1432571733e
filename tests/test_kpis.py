"""KPI formulas with hand-computed expectations."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from analytics.kpis import (
    average_order_value,
    best_and_worst,
    change,
    margin_pct,
    rolling_average,
    share,
    stockout_rate,
    with_deltas,
)


def test_margin_pct():
    assert margin_pct(200.0, 150.0) == 25.0
    assert margin_pct(100.0, 130.0) == -30.0
    assert math.isnan(margin_pct(0.0, 10.0))


def test_margin_pct_on_series_has_nan_for_zero_revenue():
    result = margin_pct(pd.Series([200.0, 0.0, 50.0]), pd.Series([150.0, 0.0, 10.0]))
    assert_series_equal(result, pd.Series([25.0, math.nan, 80.0]))


def test_average_order_value():
    assert average_order_value(1000.0, 8) == 125.0
    assert math.isnan(average_order_value(0.0, 0))


def test_stockout_rate_in_percent():
    assert stockout_rate(3, 60) == 5.0
    assert math.isnan(stockout_rate(0, 0))


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (120.0, 100.0, (20.0, 20.0)),
        (80.0, 100.0, (-20.0, -20.0)),
        (5.0, 0.0, (5.0, None)),
        (0.0, 0.0, (0.0, None)),
        (-50.0, -100.0, (50.0, 50.0)),  # a loss halving is an improvement
    ],
)
def test_change(current, previous, expected):
    assert change(current, previous) == expected


def test_share_keeps_the_index():
    values = pd.Series([30.0, 10.0, 60.0], index=["Books", "Toys", "Garden"])
    assert_series_equal(share(values), pd.Series([30.0, 10.0, 60.0], index=["Books", "Toys", "Garden"]))
    assert share(pd.Series([1, 3])).tolist() == [25.0, 75.0]


def test_share_of_a_zero_total_is_nan():
    assert share(pd.Series([0.0, 0.0])).isna().all()


def test_rolling_average_waits_for_a_full_window():
    result = rolling_average(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), 3)
    assert_series_equal(result, pd.Series([math.nan, math.nan, 2.0, 3.0, 4.0]))
    with pytest.raises(ValueError):
        rolling_average(pd.Series([1.0]), 0)


def _sales(rows):
    return pd.DataFrame(rows, columns=["category", "revenue", "cost", "units"])


def test_with_deltas_keeps_categories_missing_on_either_side():
    current = _sales([("Books", 100.0, 60.0, 4), ("Toys", 50.0, 50.0, 2)])
    previous = _sales([("Books", 80.0, 40.0, 5), ("Garden", 30.0, 12.0, 1)])

    result = with_deltas(current, previous, "category", ["revenue", "cost", "units"])

    nan = math.nan
    expected = pd.DataFrame(
        {
            "category": ["Books", "Toys", "Garden"],
            "revenue": [100.0, 50.0, 0.0],
            "revenue_prev": [80.0, 0.0, 30.0],
            "revenue_change": [20.0, 50.0, -30.0],
            "revenue_change_pct": [25.0, nan, -100.0],
            "cost": [60.0, 50.0, 0.0],
            "cost_prev": [40.0, 0.0, 12.0],
            "cost_change": [20.0, 50.0, -12.0],
            "cost_change_pct": [50.0, nan, -100.0],
            "units": [4, 2, 0],
            "units_prev": [5, 0, 1],
            "units_change": [-1, 2, -1],
            "units_change_pct": [-20.0, nan, -100.0],
            "margin_pct": [40.0, 0.0, nan],
            "margin_pct_prev": [50.0, nan, 60.0],
            "margin_pct_change": [-10.0, nan, nan],
        }
    )
    assert_frame_equal(result, expected, check_dtype=False)
    assert result["units"].dtype == "int64"


def test_with_deltas_without_revenue_and_cost_has_no_margin():
    current = pd.DataFrame({"warehouse": ["BER"], "orders": [10]})
    previous = pd.DataFrame({"warehouse": ["MAD"], "orders": [4]})
    result = with_deltas(current, previous, "warehouse", ["orders"])
    assert list(result.columns) == ["warehouse", "orders", "orders_prev", "orders_change", "orders_change_pct"]
    assert result["warehouse"].tolist() == ["BER", "MAD"]
    assert result["orders_change"].tolist() == [10, -4]


def test_with_deltas_on_empty_comparison():
    current = _sales([("Books", 100.0, 60.0, 4)])
    result = with_deltas(current, _sales([]), "category", ["revenue", "cost"])
    assert result.loc[0, "revenue_prev"] == 0
    assert math.isnan(result.loc[0, "revenue_change_pct"])
    assert result.loc[0, "margin_pct"] == 40.0


def test_best_and_worst_sellers_break_ties_by_sku():
    products = pd.DataFrame({"sku": ["D", "C", "B", "A"], "revenue": [5.0, 0.0, 5.0, 0.0]})
    best, worst = best_and_worst(products, 3)
    assert best["sku"].tolist() == ["B", "D", "A"]
    assert worst["sku"].tolist() == ["A", "C", "B"]
    assert best_and_worst(products.iloc[:0], 3)[0].empty
