"""The formulas of issue 14 by hand: the cost of unreliability, XYZ classes,
FIFO ageing, excess and dead stock."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.cash import AGE_BANDS, age_band, cash_positions, fifo_ages
from analytics.forecasting.history import WeeklyHistory
from analytics.forecasting.model import group_profiles
from analytics.policy import DemandCurve, PolicySettings, policy_levels
from analytics.stock_health import DEAD_STOCK, HEALTHY, OVERSTOCKED, StockPolicy
from analytics.suppliers import cost_by_supplier, unreliability_cost
from analytics.xyz import TOO_NEW, X, Y, Z, xyz_classes, xyz_from_rates

# --- the cost of unreliability ----------------------------------------------------


def test_the_cost_of_unreliability_equals_a_hand_computation():
    settings = PolicySettings()  # review 7 days, B at 95%
    positions = pd.DataFrame({
        "product_id": [1, 2, 3], "warehouse_id": [1, 1, 1], "supplier": ["Late Ltd", "Late Ltd", "Exact AG"],
        "unit_cost": [4.0, None, 10.0], "abc_class": ["b", "b", "a"], "lead_mean": [20.0, 10.0, 5.0],
        "lead_sd": [3.0, 2.0, 0.0], "weekly_error_sd": [14.0, 0.0, 7.0], "intermittent": [False, False, False],
    })  # fmt: skip
    daily = np.array([10.0, 4.0, 2.0])
    curve = DemandCurve.flat(daily)
    levels = policy_levels(positions, curve, 0, settings)
    extra = unreliability_cost(levels, curve, 0, settings)

    z_b = stats.norm.ppf(0.95)
    p1, sd1 = 27.0, max(14.0 / np.sqrt(7), np.sqrt(10.0))  # P = 7 + 20; sd_d never below Poisson noise
    expected_1 = z_b * (np.sqrt(p1 * sd1**2 + 10.0**2 * 3.0**2) - np.sqrt(p1 * sd1**2))
    p2, sd2 = 17.0, np.sqrt(4.0)
    expected_2 = z_b * (np.sqrt(p2 * sd2**2 + 4.0**2 * 2.0**2) - np.sqrt(p2 * sd2**2))
    assert extra.to_numpy() == pytest.approx([expected_1, expected_2, 0.0])  # no spread, no cost

    by_supplier = cost_by_supplier(levels, extra).set_index("supplier")
    assert by_supplier.loc["Late Ltd", "positions"] == 2
    assert by_supplier.loc["Late Ltd", "spread_units"] == pytest.approx(expected_1 + expected_2)
    assert by_supplier.loc["Late Ltd", "spread_value"] == pytest.approx(expected_1 * 4.0)  # no cost: 0
    assert by_supplier.loc["Exact AG", "spread_value"] == 0


# --- XYZ ----------------------------------------------------------------------------


def test_xyz_classes_on_a_hand_made_set():
    steady = [10, 12, 8, 10, 11, 9, 10, 10, 12, 8, 10, 11, 9, 10]  # cv 0.12
    wavy = [2, 18] * 7  # mean 10, sd 8.3: cv 0.83
    wild = [0, 0, 0, 40, 0, 0, 0, 30, 0, 0, 0, 0, 50, 0]  # cv 2.1
    young = [10] * 12  # 12 weeks: too new
    rates = np.array([steady, wavy, wild, young + [0, 0], [0] * 14], dtype=float)
    counted = np.ones_like(rates, dtype=bool)
    counted[3, 12:] = False
    cv, classes = xyz_from_rates(rates, counted)
    assert list(classes) == [X, Y, Z, TOO_NEW, Z]  # no demand at all is Z
    assert cv[0] == pytest.approx(np.std(steady, ddof=1) / np.mean(steady))
    assert cv[1] == pytest.approx(np.std(wavy, ddof=1) / 10)
    assert np.isnan(cv[3])


def test_xyz_divides_out_the_category_index_and_skips_stockout_weeks():
    weeks = np.datetime64("2025-01-06") + 7 * np.arange(30)
    steady = np.full(30, 20.0)
    erratic = np.tile([5.0, 35.0], 15)
    units = np.array([steady, erratic, steady])
    exposure = np.ones_like(units)
    exposure[2, :20] = 0.0  # on record for 10 weeks only: too new
    exposure[0, 5] = 0.5  # a stockout week is left out, not read as low demand
    units[0, 5] = 2.0
    series = pd.DataFrame({"product_id": [1, 2, 3], "warehouse_id": [1, 1, 1], "group": ["A", "A", "A"]})
    history = WeeklyHistory(series, weeks, units, exposure, np.ones_like(units), np.ones(3, dtype=bool))
    classes = xyz_classes(history, group_profiles(history)).set_index("product_id")
    assert list(classes["xyz_class"]) == [X, Y, TOO_NEW]
    assert classes.loc[1, "weeks"] == 29 and classes.loc[3, "weeks"] == 10


# --- FIFO ageing --------------------------------------------------------------------


def test_fifo_ageing_of_a_hand_made_receipt_and_sales_sequence():
    as_of = date(2026, 6, 30)
    receipts = [(date(2025, 5, 1), 50), (date(2026, 1, 10), 30), (date(2026, 3, 20), 40), (date(2026, 6, 25), 20)]
    sales = [(date(2025, 8, 1), 45), (date(2026, 2, 1), 20), (date(2026, 4, 1), 30)]  # 95 of 140 sold
    on_hand = sum(units for _, units in receipts) - sum(units for _, units in sales)
    assert on_hand == 45
    # Oldest first: the 50 of May 2025 go first (45, then 5 more), then 15 of January's 30, then 30 of March's 40:
    # left are 15 of January's (171 days), 10 of March's (102 days), 20 of June's (5 days).
    received = np.zeros((1, len(AGE_BANDS)))
    for day, units in receipts:
        received[0, age_band([(as_of - day).days])[0]] += units
    aged, untracked = fifo_ages(np.array([on_hand]), received, np.array([4]))
    assert dict(zip(AGE_BANDS, aged[0])) == {"0-30": 20, "31-90": 0, "91-180": 25, "181-365": 0, "over-365": 0}
    assert untracked[0] == 0


def test_units_beyond_the_receipts_are_untracked_and_aged_from_when_stock_was_first_held():
    received = np.array([[10, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 5, 0, 0, 0]], dtype=float)
    held_band = age_band([200, 40, 100])
    aged, untracked = fifo_ages(np.array([25, 8, -3]), received, held_band)
    assert untracked.tolist() == [15, 8, 0]
    assert aged.tolist() == [[10, 0, 0, 15, 0], [0, 8, 0, 0, 0], [0, 0, 0, 0, 0]]
    assert list(age_band([0, 30, 31, 90, 91, 180, 181, 365, 366])) == [0, 0, 1, 1, 2, 2, 3, 3, 4]


# --- excess and dead stock ----------------------------------------------------------


def test_excess_is_above_the_order_up_to_level_or_the_cover_threshold_and_dead_stock_apart():
    classified = pd.DataFrame({
        "on_hand": [100, 30, 80, 50], "order_up_to": [60.0, 40.0, 10.0, 0.0], "avg_daily_units": [0.5, 1.0, 0.0, 0.2],
        "unit_cost": [2.0, 3.0, 5.0, None], "status": [OVERSTOCKED, HEALTHY, DEAD_STOCK, OVERSTOCKED],
    })  # fmt: skip
    planned = cash_positions(classified, True, StockPolicy())
    assert planned["excess_units"].tolist() == [40, 0, 0, 50]
    assert planned["excess_value"].tolist() == [80, 0, 0, 0]  # no cost: no value
    assert planned["dead_value"].tolist() == [0, 0, 400, 0]
    unplanned = cash_positions(classified, False, StockPolicy(overstock_cover_days=60))
    assert unplanned["excess_units"].tolist() == [70, 0, 0, 38]  # above 60 days x daily sales
