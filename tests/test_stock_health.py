"""Stock statuses, one hand-built product x warehouse per rule.

Default thresholds: velocity window 28 days, overstock above 90 days of
cover, dead stock after 90 days without a sale. Reorder points are given as
the replenishment policy computes them (its formulas: tests/test_policy.py).
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from analytics.stock_health import (
    RULES,
    STATUSES,
    StockPolicy,
    classify_stock,
    count_needing_reorder,
    status_summary,
)
from i18n.formulas import status_rules_text
from i18n.labels import status_label
from i18n.reasons import Thresholds, stock_reasons

AS_OF = date(2025, 11, 20)


def _position(
    sku: str,
    on_hand: int,
    *,
    warehouse: str = "BER",
    avg: float | None = None,
    std: float = 0.0,
    last_sale: str | None = "2025-11-19",
    reorder_point: float = 0.0,
    lead_demand: float = 0.0,
    lead_mean: float = 4.0,
    safety_stock: float = 0.0,
    forecast: float | None = None,
    on_order: int = 0,
    unit_cost: float = 10.0,
    launched_on: str | None = None,
) -> dict:
    return dict(
        sku=sku, warehouse=warehouse, on_hand=on_hand, avg=avg, std=std, last_sale=last_sale,
        reorder_point=reorder_point, lead_demand=lead_demand, lead_mean=lead_mean, safety_stock=safety_stock,
        forecast=avg if forecast is None else forecast, on_order=on_order, unit_cost=unit_cost,
        launched_on=launched_on,
    )  # fmt: skip


def _frame(*positions: dict) -> pd.DataFrame:
    """The positions as `services.replenishment.policy_view` returns them:
    avg=None never sold, on_order=0 has no open orders, forecast the policy's
    daily demand (the sales average unless given)."""
    def if_sold(key: str, otherwise) -> list:
        return [p[key] if p["avg"] is not None else otherwise for p in positions]

    frame = pd.DataFrame(
        {
            "sku": pd.array([p["sku"] for p in positions], dtype="str"),
            "name": [f"Product {p['sku']}" for p in positions],
            "category": "Books",
            "warehouse": pd.array([p["warehouse"] for p in positions], dtype="str"),
            "on_hand": [p["on_hand"] for p in positions],
            "unit_cost": [p["unit_cost"] for p in positions],
            "stock_value": [p["on_hand"] * p["unit_cost"] for p in positions],
            "snapshot_date": pd.Timestamp(AS_OF),
            "units": [round(avg * 28) for avg in if_sold("avg", 0)],
            "last_sale_date": pd.to_datetime(if_sold("last_sale", None)),
            "on_order": [p["on_order"] for p in positions],
            "avg_daily_units": [float(avg) for avg in if_sold("avg", 0)],
            "std_daily_units": [float(std) for std in if_sold("std", 0)],
            "lead_mean": [p["lead_mean"] for p in positions],
            "daily_demand": [max(float(p["forecast"] or 0), 0.0) for p in positions],
            "lead_demand": [p["lead_demand"] for p in positions],
            "safety_stock": [p["safety_stock"] for p in positions],
            "reorder_point": [p["reorder_point"] for p in positions],
        }
    )
    if any(p["launched_on"] for p in positions):
        frame["launched_on"] = pd.to_datetime([p["launched_on"] for p in positions])
    return frame


def _classify(*positions: dict, policy: StockPolicy = StockPolicy()) -> pd.DataFrame:
    """Classified, with the reason in words as the Stock health table shows it."""
    classified = classify_stock(_frame(*positions), AS_OF, policy)
    thresholds = Thresholds(policy.velocity_window_days, policy.overstock_cover_days)
    return classified.assign(reason=stock_reasons(classified, thresholds))


def _one(position: dict) -> pd.Series:
    return _classify(position).iloc[0]


def test_statuses_and_rules_agree():
    assert STATUSES == ("out-of-stock", "understocked", "healthy", "overstocked", "dead-stock")
    assert {status for _, status in RULES} == set(STATUSES)
    for status in STATUSES:
        assert f"**{status_label(status)}**" in status_rules_text()


def test_policy_refuses_nonsense():
    with pytest.raises(ValueError, match="dead_stock_days"):
        StockPolicy(dead_stock_days=0)
    with pytest.raises(ValueError, match="velocity_window_days"):
        StockPolicy(velocity_window_days=0)


def test_out_of_stock():
    row = _one(_position("A", 0, avg=3.2))
    assert row["status"] == "out-of-stock"
    assert row["reason"] == "0 units on hand; selling 3.2/day"
    assert row["days_of_cover"] == 0


def test_out_of_stock_mentions_what_is_on_order_and_negative_stock():
    row = _one(_position("A", -3, avg=3.2, on_order=50))
    assert row["status"] == "out-of-stock"
    assert row["reason"] == "-3 units on hand; selling 3.2/day; 50 on order"


def test_out_of_stock_wins_over_dead_stock():
    row = _one(_position("A", 0, avg=None))
    assert row["status"] == "out-of-stock"
    assert row["reason"] == "0 units on hand; no recent sales"


def test_understocked_reason_shows_the_reorder_point_arithmetic():
    row = _one(_position("A", 12, avg=3.0, std=1.0, reorder_point=15.3, lead_demand=12.0, safety_stock=3.3))
    assert row["days_of_cover"] == pytest.approx(4.0)
    assert row["status"] == "understocked"
    assert row["reason"] == "12 units <= reorder point 15.3 (12 expected over 4 d lead time + 3.3 safety)"


def test_understocked_at_exactly_the_reorder_point():
    row = _one(_position("A", 18, avg=0.9, reorder_point=18.0, lead_demand=8.1, lead_mean=9, safety_stock=9.9,
                         on_order=40))  # fmt: skip
    assert row["status"] == "understocked"
    assert row["reason"] == "18 units <= reorder point 18 (8.1 expected over 9 d lead time + 9.9 safety); 40 on order"


def test_healthy():
    row = _one(_position("A", 120, avg=3.0, reorder_point=15.3))  # cover = 120 / 3 = 40 days
    assert row["status"] == "healthy"
    assert row["days_of_cover"] == pytest.approx(40.0)
    assert row["reason"] == "40 days of cover"


def test_exactly_the_overstock_threshold_is_healthy():
    row = _one(_position("A", 270, avg=3.0))  # 270 / 3 = 90 days, not more than 90
    assert row["status"] == "healthy"
    assert row["reason"] == "90 days of cover"


def test_overstocked():
    row = _one(_position("A", 300, avg=1.25))  # 300 / 1.25 = 240 days
    assert row["status"] == "overstocked"
    assert row["days_of_cover"] == pytest.approx(240.0)
    assert row["reason"] == "240 days of cover > 90"


def test_no_sales_in_the_velocity_window_is_overstocked_not_infinite_cover():
    # Last sale 89 days before 20 Nov = 23 Aug: not dead yet, but nothing sold in 28 days.
    row = _one(_position("A", 38, avg=0.0, last_sale="2025-08-23"))
    assert math.isnan(row["days_of_cover"])
    assert row["days_since_last_sale"] == 89
    assert row["status"] == "overstocked"
    assert row["reason"] == "38 units, no sales in the last 28 days (last sale 89 days ago)"


def test_dead_stock_after_the_dead_stock_days():
    # 20 Nov 2025 - 120 days = 23 Jul 2025.
    row = _one(_position("A", 38, avg=0.0, last_sale="2025-07-23"))
    assert row["days_since_last_sale"] == 120
    assert row["status"] == "dead-stock"
    assert row["reason"] == "38 units, no sale in 120 days"


def test_dead_stock_boundary_is_inclusive():
    # 20 Nov - 90 days = 22 Aug: the 90-day window 23 Aug..20 Nov holds no sale.
    row = _one(_position("A", 38, avg=0.0, last_sale="2025-08-22"))
    assert row["status"] == "dead-stock"
    assert row["reason"] == "38 units, no sale in 90 days"


def test_never_sold_is_dead_stock():
    row = _one(_position("A", 38, avg=None))
    assert row["status"] == "dead-stock"
    assert row["reason"] == "38 units, never sold"
    assert pd.isna(row["days_since_last_sale"])
    assert pd.isna(row["last_sale_date"])
    assert row["avg_daily_units"] == 0


def test_a_new_product_without_sales_is_not_dead_stock():
    new = _position("NEW", 38, avg=None, launched_on="2025-11-01")  # 19 days old
    old = _position("OLD", 38, avg=None, launched_on="2025-08-01")  # 111 days old
    unknown = _position("UNK", 38, avg=None)  # no launch date: judged like any other
    result = _classify(new, old, unknown).set_index("sku")
    assert result.loc["NEW", "status"] == "healthy"
    assert result.loc["NEW", "reason"] == "38 units, new product with no sales yet"
    assert result.loc["OLD", "status"] == "dead-stock"
    assert result.loc["UNK", "status"] == "dead-stock"


def test_net_returns_count_as_no_demand():
    row = _one(_position("A", 38, avg=-0.5, last_sale="2025-10-01"))
    assert row["avg_daily_units"] == 0
    assert row["status"] == "overstocked"


def test_thresholds_change_the_statuses():
    row = _classify(_position("A", 100, avg=2.0), policy=StockPolicy(overstock_cover_days=30)).iloc[0]
    assert row["reason"] == "50 days of cover > 30"


def test_rows_and_columns_follow_the_positions():
    positions = _frame(_position("B", 5, avg=1.0, warehouse="MAD"), _position("A", 0, avg=1.0, on_order=7))
    result = classify_stock(positions, AS_OF)
    passed_through = ["sku", "name", "category", "warehouse", "on_hand", "unit_cost", "stock_value", "snapshot_date",
                      "units", "avg_daily_units", "std_daily_units", "lead_mean", "daily_demand", "lead_demand",
                      "safety_stock", "reorder_point"]  # fmt: skip
    assert list(result.columns[: len(passed_through)]) == passed_through
    assert list(result.columns[len(passed_through) :]) == [
        "days_of_cover", "on_order", "last_sale_date", "days_since_last_sale", "status", "rule",
    ]  # fmt: skip
    assert result["sku"].tolist() == ["B", "A"]
    assert result["on_order"].tolist() == [0, 7]
    assert result.sort_values("status")["sku"].tolist() == ["A", "B"]  # ordered by severity


def test_no_positions():
    nothing = classify_stock(_frame(_position("A", 5, avg=1.0)).iloc[:0], AS_OF)
    assert nothing.empty and "rule" in nothing.columns
    assert stock_reasons(nothing, Thresholds(28, 90)) == []
    assert status_summary(nothing, "warehouse").empty


def test_every_rule_is_reached_and_gives_its_status():
    result = _classify(
        _position("NOTHING", 0, avg=3.2),
        _position("UNSOLD", 4, avg=None),
        _position("LOW", 12, avg=3.0, std=1.0, reorder_point=15.3),
        _position("NEW", 38, avg=None, launched_on="2025-11-01"),
        _position("STALE", 38, avg=0.0, last_sale="2025-08-23"),
        _position("HIGH", 240, avg=1.0),
        _position("FINE", 40, avg=1.0),
    ).set_index("sku")
    assert result["rule"].tolist() == [rule for rule, _ in RULES]
    assert result["status"].tolist() == [status for _, status in RULES]
    assert result["reason"].str.len().gt(0).all()


def test_reorder_needs_count_uncovered_positions_with_demand_expected():
    classified = _classify(
        _position("UNDER", 12, avg=3.0, reorder_point=15.3),
        # Already covered: 12 + 10 on order = 22 > 15.3.
        _position("COVERED", 12, avg=3.0, reorder_point=15.3, on_order=10),
        # 0 + 10 on order <= 16.
        _position("OUT", 0, avg=3.2, reorder_point=16.0, on_order=10),
        # Below its reorder point but nobody is expected to buy it.
        _position("NO-DEMAND", 0, avg=None, reorder_point=2.0),
        _position("HEALTHY", 120, avg=3.0, reorder_point=15.3),
        # Sold lately, but the forecast expects nothing more: not reordered.
        _position("FADED", 1, avg=1.0, forecast=0.0, reorder_point=4.0),
    )
    assert count_needing_reorder(classified) == 2
    assert count_needing_reorder(classified.iloc[1:]) == 1  # without UNDER


def test_status_summary_has_every_status_per_warehouse():
    classified = _classify(
        _position("A", 10, warehouse="BER", avg=0.5),  # 20 days of cover: healthy, value 100
        _position("B", 5, warehouse="BER", avg=0.5),  # 10 days: healthy, value 50
        _position("C", 3, warehouse="BER", avg=None),  # dead, value 30
        _position("D", 0, warehouse="MAD", avg=1.0),  # out of stock
    )
    summary = status_summary(classified, "warehouse")
    assert list(summary.columns) == ["warehouse", "status", "positions", "on_hand", "stock_value"]
    assert len(summary) == 2 * len(STATUSES)
    ber = summary[summary["warehouse"] == "BER"].set_index("status")
    assert ber["positions"].tolist() == [0, 0, 2, 0, 1]
    assert ber.loc["healthy", "on_hand"] == 15
    assert ber.loc["healthy", "stock_value"] == 150.0
    assert ber.loc["dead-stock", "stock_value"] == 30.0
    mad = summary[summary["warehouse"] == "MAD"].set_index("status")
    assert mad.loc["out-of-stock", "positions"] == 1
    assert mad["positions"].sum() == 1
