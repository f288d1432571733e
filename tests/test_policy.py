"""The replenishment policy's formulas against hand computations: packs and
minimum orders, lead-time statistics and their fallbacks, ABC thresholds,
safety stock (normal and counted), levels from a forecast with a peak inside
the lead time, transfers before purchases, and the day-by-day projection."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.policy import (
    Arrivals,
    DemandCurve,
    PolicySettings,
    abc_classes,
    count_safety_stock,
    daily_error_sd,
    histogram_stats,
    lead_time_stats,
    normal_safety_stock,
    order_quantity,
    plan_lines,
    policy_levels,
    project,
    reorder_levels,
)
from analytics.policy.ordering import rounding
from analytics.policy.projection import NEVER
from analytics.policy.transfers import transfers

SETTINGS = PolicySettings()


# --- packs and minimum orders -------------------------------------------------------


@pytest.mark.parametrize(
    ("needed", "pack", "minimum", "expected", "why"),
    [
        (0, 10, 1, 0, "none"),  # nothing needed, nothing bought, whatever the minimum
        (-3, 10, 50, 0, "none"),
        (115, 10, 1, 120, "pack"),  # 11.5 packs -> 12
        (120, 10, 1, 120, "none"),
        (0.2, 1, 1, 1, "pack"),  # a fraction of a unit is a whole one
        (7, 6, 24, 24, "minimum-order"),  # at least the minimum, 4 packs of 6
        (7, 10, 25, 30, "minimum-order"),  # a minimum of 25 in packs of 10 is 3 packs
        (40, 10, 25, 40, "none"),
        (13, None, None, 13, "none"),  # unknown pack and minimum: 1
        (13, 0, -5, 13, "none"),  # nonsense counts as unknown
    ],
)
def test_order_quantities_come_in_whole_packs_and_at_least_the_minimum(needed, pack, minimum, expected, why):
    quantity = order_quantity([needed], [pack], [minimum])
    assert quantity.tolist() == [expected]
    assert rounding([needed], quantity, [pack], [minimum]).tolist() == [why]


# --- lead times -------------------------------------------------------------------------


def _histogram(rows: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["supplier", "product_id", "lead_days", "receipts"])


def test_lead_time_statistics_equal_numpy_on_the_orders_they_count():
    histogram = _histogram([("S", 1, 10, 3), ("S", 1, 12, 2), ("S", 1, 30, 1), ("S", 2, 5, 4)])
    stats_ = histogram_stats(histogram, ["supplier", "product_id"]).set_index("product_id")
    one = np.array([10, 10, 10, 12, 12, 30])
    assert stats_.loc[1, "receipts"] == 6
    assert stats_.loc[1, "lead_mean"] == pytest.approx(one.mean())
    assert stats_.loc[1, "lead_sd"] == pytest.approx(one.std(ddof=1))
    assert stats_.loc[1, "lead_p90"] == pytest.approx(np.quantile(one, 0.9))  # 21, between 12 and 30
    assert stats_.loc[2, "lead_p90"] == 5 and stats_.loc[2, "lead_sd"] == 0


def test_lead_times_fall_back_from_own_receipts_to_the_supplier_to_the_product_to_the_default():
    own = _histogram([
        ("Fast", 1, 4, 5),  # 5 receipts: its own figures
        ("Fast", 2, 10, 2), ("Fast", 2, 12, 2),  # 4 receipts: the supplier's, 9 over both products
        ("Slow", 3, 20, 4),  # 4 receipts and the supplier has no more: the nominal lead time
    ])  # fmt: skip
    pooled = own.groupby(["supplier", "lead_days"], as_index=False)["receipts"].sum()
    products = pd.DataFrame({
        "product_id": [1, 2, 3, 4, 5],
        "supplier": ["Fast", "Fast", "Slow", "Slow", None],
        "lead_time_days": pd.array([9, 9, 25, None, 7], dtype="Int64"),
    })  # fmt: skip
    result = lead_time_stats(own, pooled, products, SETTINGS).set_index("product_id")
    assert result["lead_source"].tolist() == [
        "purchase-orders", "supplier-pooled", "product-setting", "default", "product-setting",
    ]  # fmt: skip
    assert result.loc[1, ["receipts", "lead_mean", "lead_sd", "lead_p90"]].tolist() == [5, 4, 0, 4]
    pooled_days = np.array([4] * 5 + [10] * 2 + [12] * 2)
    assert result.loc[2, "receipts"] == 9
    assert result.loc[2, "lead_mean"] == pytest.approx(pooled_days.mean())
    assert result.loc[2, "lead_sd"] == pytest.approx(pooled_days.std(ddof=1))
    assert result.loc[3, ["lead_mean", "lead_sd", "lead_p90"]].tolist() == [25, 0, 25]
    assert result.loc[4, ["lead_mean", "lead_p90"]].tolist() == [14, 14]  # the default
    assert result.loc[5, "lead_mean"] == 7  # no supplier: nothing pools with it


def test_fewer_receipts_needed_with_a_lower_setting():
    own = _histogram([("Slow", 3, 20, 4)])
    pooled = own.drop(columns="product_id")
    products = pd.DataFrame({"product_id": [3], "supplier": ["Slow"], "lead_time_days": [25]})
    result = lead_time_stats(own, pooled, products, PolicySettings(min_receipts=4))
    assert result["lead_source"].tolist() == ["purchase-orders"] and result["lead_mean"].tolist() == [20]


# --- ABC ---------------------------------------------------------------------------------


def test_abc_classes_by_cumulative_revenue():
    # Total 1,000: 500 (0% before it), 300 (50%), 100 (80%: B starts here), 60 (90%), 30 (96%), 10 (99%), 0.
    revenue = pd.Series([100, 500, 30, 300, 60, 0, 10], index=[3, 1, 6, 2, 4, 7, 5])
    assert abc_classes(revenue, (0.8, 0.95)).to_dict() == {3: "b", 1: "a", 6: "c", 2: "a", 4: "b", 7: "c", 5: "c"}
    assert abc_classes(revenue, (0.5, 0.9)).to_dict() == {3: "b", 1: "a", 6: "c", 2: "b", 4: "c", 7: "c", 5: "c"}


def test_abc_ties_rank_by_product_id_and_no_revenue_is_c():
    assert abc_classes(pd.Series([50, 50], index=[2, 1]), (0.5, 0.9)).to_dict() == {2: "b", 1: "a"}
    assert abc_classes(pd.Series([0.0, -5.0], index=[1, 2]), (0.8, 0.95)).tolist() == ["c", "c"]


# --- safety stock -------------------------------------------------------------------------


def test_normal_safety_stock_by_hand():
    # z(95%) = 1.6449; P = 27 d, sd_d = 2, d = 4, sd_L = 3: sqrt(27 x 4 + 16 x 9) = sqrt(252).
    assert normal_safety_stock(0.95, 27, 3, 4, 2) == pytest.approx(1.644854 * math.sqrt(252), rel=1e-6)
    # No lead-time spread: only demand's.
    assert normal_safety_stock(0.98, 27, 0, 4, 2) == pytest.approx(2.053749 * math.sqrt(108), rel=1e-6)


def test_what_a_suppliers_spread_costs_is_one_subtraction():
    measured = normal_safety_stock(0.95, np.array([27.0]), np.array([3.0]), np.array([4.0]), np.array([2.0]))
    none = normal_safety_stock(0.95, np.array([27.0]), np.array([0.0]), np.array([4.0]), np.array([2.0]))
    assert (measured - none)[0] == pytest.approx(1.644854 * (math.sqrt(252) - math.sqrt(108)), rel=1e-6)


def _smallest_covering(distribution, level: float) -> int:
    """The smallest k whose CDF reaches `level`, by summing the probabilities."""
    total, k = 0.0, 0
    while True:
        total += distribution.pmf(k)
        if total >= level:
            return k
        k += 1


def test_counted_safety_stock_poisson_and_negative_binomial():
    # Mean 2.4, variance 2.4 (Poisson): P(X <= 5) = 0.964 >= 0.95 > P(X <= 4) = 0.904.
    assert _smallest_covering(stats.poisson(2.4), 0.95) == 5
    assert count_safety_stock(0.95, [2.4], [2.4]).tolist() == pytest.approx([5 - 2.4])
    # Mean 2.4, variance 9.6: n = 2.4² / 7.2 = 0.8, p = 0.25.
    expected = _smallest_covering(stats.nbinom(0.8, 0.25), 0.95)
    assert count_safety_stock(0.95, [2.4], [9.6]).tolist() == pytest.approx([expected - 2.4])
    assert count_safety_stock(0.9, [0.0, 3.0], [0.0, 1.0]).tolist() == [0.0, pytest.approx(2.0)]  # P(X<=5)=0.916


def test_counted_safety_stock_equals_scipys_quantiles_over_many_shapes():
    # Long-tail lead-time demands (most a few units), fast movers past the walk (scipy's inverse),
    # Poisson and overdispersed alike, at every service level the settings allow.
    rng = np.random.default_rng(7)
    # ... and means just short of the walk's reach, whose spread sends some to scipy although they end inside it.
    mean = np.concatenate([rng.gamma(0.5, 4, 4000) + 0.001, rng.uniform(250, 2000, 200), rng.uniform(120, 256, 300),
                           [0.0]])
    variance = mean * (1 + rng.gamma(0.5, rng.choice([0.1, 2.0, 20.0], mean.size)))
    variance[::3] = mean[::3]
    level = rng.choice([0.5, 0.9, 0.95, 0.98, 0.999], mean.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        n, p = mean**2 / (variance - mean), mean / variance
        scipy_quantile = np.where(variance > mean, stats.nbinom.ppf(level, n, p), stats.poisson.ppf(level, mean))
    expected = np.maximum(np.nan_to_num(scipy_quantile) - mean, 0.0)
    assert np.array_equal(count_safety_stock(level, mean, variance), expected)


def test_error_spread_is_weekly_over_root_seven_but_never_below_poisson():
    assert daily_error_sd([7.0, 1.0, np.nan], [1.0, 4.0, 9.0]).tolist() == pytest.approx(
        [7 / math.sqrt(7), 2.0, 3.0]
    )


# --- forecast over the lead time -----------------------------------------------------------


def test_the_demand_curve_sums_the_forecast_day_by_day():
    # Day 0 is a Friday: 3 days at week 0's rate before its Monday; then 7, 70, 7 per week (1, 10, 1 a day).
    curve = DemandCurve(np.array([[7.0, 70.0, 7.0]]), lead_in_days=3)
    assert curve.cumulative(3).tolist() == [3.0]
    assert curve.between(0, 10).tolist() == [3 + 7]  # lead-in, then week 0
    assert curve.between(10, 17).tolist() == [70.0]
    assert curve.between(9.5, 10.5).tolist() == [0.5 + 5.0]
    assert curve.between(24, 30).tolist() == [6.0]  # past the last week at its rate
    assert curve.daily(12).tolist() == [10.0]


def test_levels_build_stock_before_a_peak_inside_the_lead_time():
    # Flat 2 a day, then a peak week of 70 a day starting on day 14.
    curve = DemandCurve(np.array([[14.0, 14.0, 490.0, 14.0]]))
    levels = reorder_levels(curve, 0, [10.0], [0.0], 7, [0.95], [0.0], [False])
    assert levels.lead_demand.tolist() == [20.0]  # days 0-9
    assert levels.protection_demand.tolist() == [14 + 14 + 3 * 70.0]  # days 0-16, three peak days
    d = (28 + 210) / 17
    assert levels.daily_demand.tolist() == pytest.approx([d])
    sd = max(0.0, math.sqrt(d))  # no error given: Poisson noise
    assert levels.safety_stock.tolist() == pytest.approx([1.644854 * math.sqrt(17 * sd**2)], rel=1e-6)
    assert levels.reorder_point.tolist() == pytest.approx([20 + levels.safety_stock[0]])
    assert levels.order_up_to.tolist() == pytest.approx([238 + levels.safety_stock[0]])
    # Ten days later the peak is inside the lead time itself.
    later = reorder_levels(curve, 10, [10.0], [0.0], 7, [0.95], [0.0], [False])
    assert later.lead_demand.tolist() == [8 + 6 * 70.0]


def test_intermittent_positions_use_a_count_demand():
    curve = DemandCurve(np.array([[0.7]]))  # 0.1 a day
    levels = reorder_levels(curve, 0, [13.0], [0.0], 7, [0.9], [0.0], [True])
    mean = 2.0  # 20 days x 0.1
    expected = _smallest_covering(stats.poisson(mean), 0.9) - mean
    assert levels.safety_stock.tolist() == pytest.approx([expected])


def _levels(rows: list[dict], weekly: list[float], settings: PolicySettings = SETTINGS) -> pd.DataFrame:
    positions = pd.DataFrame(rows)
    defaults = {"lead_sd": 0.0, "abc_class": "b", "weekly_error_sd": 0.0, "intermittent": False, "on_order": 0,
                "supplier": "S", "unit_cost": 2.0, "pack_size": 1, "min_order_qty": 1}  # fmt: skip
    positions = positions.assign(**{k: v for k, v in defaults.items() if k not in positions})
    curve = DemandCurve(np.array([[w] * 8 for w in weekly], dtype=float))
    return policy_levels(positions, curve, 0, settings)


def test_service_levels_follow_the_abc_class():
    levels = _levels(
        [{"product_id": i, "warehouse_id": 1, "on_hand": 0, "lead_mean": 7.0, "abc_class": c}
         for i, c in enumerate(["a", "b", "c"], 1)],
        [70.0, 70.0, 70.0],
        PolicySettings(service_levels=(0.99, 0.9, 0.8)),
    )  # fmt: skip
    assert levels["service_level"].tolist() == [0.99, 0.9, 0.8]
    sd = math.sqrt(10)  # Poisson noise of 10 a day
    z = stats.norm.ppf([0.99, 0.9, 0.8])
    assert levels["safety_stock"].tolist() == pytest.approx((z * sd * math.sqrt(14)).tolist())


# --- the plan -------------------------------------------------------------------------------


def test_transfers_move_surplus_to_the_most_short_first():
    # Product 1: BER short by 30, MAD by 50 (more urgent); PAR holds 60 surplus, AMS 10. Product 2: no source.
    product = np.array([1, 1, 1, 1, 2])
    need = np.array([30, 50, 0, 0, 20])
    surplus = np.array([0, 0, 60, 10, 0])
    urgency = np.array([1.0, 5.0, 0, 0, 9.0])
    moved = transfers(product, need, surplus, urgency)
    assert moved.to_dict("records") == [
        {"to": 0, "from": 2, "quantity": 10},  # BER gets what PAR has left after MAD...
        {"to": 0, "from": 3, "quantity": 10},  # ...and AMS's 10: 20 of its 30
        {"to": 1, "from": 2, "quantity": 50},
    ]


def test_the_plan_transfers_first_then_buys_the_rest_in_packs():
    # Flat 10 a day; lead 7 d, review 7 d: reorder point = 70 + SS, S = 140 + SS.
    rows = [
        {"product_id": 1, "warehouse_id": 1, "on_hand": 20, "lead_mean": 7.0, "pack_size": 12},  # short
        {"product_id": 1, "warehouse_id": 2, "on_hand": 200, "lead_mean": 7.0},  # some surplus
        {"product_id": 2, "warehouse_id": 1, "on_hand": 130, "lead_mean": 7.0, "min_order_qty": 50},  # top-up
        {"product_id": 3, "warehouse_id": 1, "on_hand": 500, "lead_mean": 7.0},  # enough
    ]
    levels = _levels(rows, [70.0] * 4)
    safety = levels["safety_stock"].to_numpy()
    lines = plan_lines(levels, np.full(4, NEVER), date(2026, 12, 7), SETTINGS)
    transfer = lines.transfers.iloc[0]
    surplus = math.floor(200 - (140 + safety[1]))
    need = math.ceil(140 + safety[0] - 20)
    assert len(lines.transfers) == 1 and transfer["quantity"] == surplus < need
    assert (transfer["from_warehouse_id"], transfer["to_warehouse_id"]) == (2, 1)
    assert str(transfer["arrives_on"])[:10] == "2026-12-09"
    purchases = lines.purchases.set_index("product_id")
    assert list(purchases.index) == [1, 2]
    short = purchases.loc[1]
    assert short["reason"] == "below-reorder-point"
    assert short["needed"] == pytest.approx(140 + safety[0] - 20 - transfer["quantity"])
    assert short["quantity"] == math.ceil(short["needed"] / 12) * 12
    top_up = purchases.loc[2]
    assert top_up["reason"] == "top-up" and 130 > 70 + safety[2]
    assert top_up["quantity"] == 50 and top_up["rounding"] == "minimum-order"
    assert top_up["cost"] == 100.0
    assert str(top_up["expected_on"])[:10] == "2026-12-14"  # ordered now, 7 days


def test_order_by_leaves_the_lead_time_before_stock_falls_to_safety():
    rows = [{"product_id": 1, "warehouse_id": 1, "on_hand": 0, "lead_mean": 5.0}]
    levels = _levels(rows, [70.0])
    lines = plan_lines(levels, np.array([12]), date(2026, 12, 7), SETTINGS)
    assert str(lines.purchases["order_by"].iloc[0])[:10] == "2026-12-14"  # day 12 - 5 days
    assert str(lines.purchases["expected_on"].iloc[0])[:10] == "2026-12-19"
    soon = plan_lines(levels, np.array([3]), date(2026, 12, 7), SETTINGS)
    assert str(soon.purchases["order_by"].iloc[0])[:10] == "2026-12-07"  # never before the order day


# --- projection ---------------------------------------------------------------------------------


def test_the_projection_equals_a_day_by_day_hand_count():
    curve = DemandCurve(np.array([[21.0, 70.0], [0.0, 0.0]]))  # 3 a day, then 10 a day; the second sells nothing
    arrivals = Arrivals(np.array([0, 0, 1]), np.array([2, -4, 1]), np.array([5.0, 1.0, 7.0]))
    result = project(np.array([4.0, 2.0]), arrivals, curve, 0, 10, threshold=np.array([2.0, 0.0]),
                     window=(5, 9), groups=np.array([0, 1]), keep_daily=True)  # fmt: skip
    stock, daily, lost, expected = 4.0, [], [], []
    for day in range(10):
        stock += {0: 1.0, 2: 5.0}.get(day, 0.0)  # the overdue order arrives on day 0
        demand = 3.0 if day < 7 else 10.0
        served = min(stock, demand)
        stock -= served
        daily.append(stock)
        lost.append(demand - served)
    assert result.daily[0].tolist() == pytest.approx(daily)  # 2, 0, 4, 1, 0, 0, 0, 0, 0, 0
    assert result.stockout_day.tolist() == [1, NEVER]
    assert result.below_day.tolist() == [0, NEVER]  # 2 units at the end of day 0 <= 2
    assert result.lost[0] == pytest.approx(sum(lost[5:9]))
    assert result.stock_days[0] == pytest.approx(sum(daily[5:9]))
    assert result.daily[1].tolist() == [2.0, 9.0] + [9.0] * 8
    assert result.group_stock[:, 3].tolist() == pytest.approx([daily[3], 9.0])


# --- settings -----------------------------------------------------------------------------------


def test_settings_refuse_nonsense_and_round_trip_as_params():
    with pytest.raises(ValueError, match="service_levels"):
        PolicySettings(service_levels=(0.98, 1.0, 0.9))
    with pytest.raises(ValueError, match="abc_thresholds"):
        PolicySettings(abc_thresholds=(0.95, 0.8))
    with pytest.raises(ValueError, match="review_weekday"):
        PolicySettings(review_weekday="someday")
    chosen = PolicySettings(service_levels=(0.99, 0.97, 0.9), review_weekday="thursday", transfer_lead_days=0)
    assert PolicySettings.from_params(chosen.to_params()) == chosen
    assert PolicySettings.from_params({**chosen.to_params(), "from_a_newer_version": 1}) == chosen
    assert chosen.review_weekday_number == 3
