"""The benchmark's plan and replay verdicts and table from a stage result."""

from __future__ import annotations

from benchmarks import report


def _policy(fill: float, peak: float, value: float) -> dict:
    return {"fill_rate": fill, "peak_fill_rate": peak, "stockout_days": 1200, "avg_inventory_value": value,
            "orders": 900, "transfers": 30}  # fmt: skip


def _result(seconds=0.6, fill=0.973, peak=0.96, value=88.0, their_fill=0.925, their_value=100.0) -> dict:
    return {
        "plan": {"positions": 1800, "positions_to_order": 300, "purchase_lines": 636, "transfer_lines": 76,
                 "purchase_cost": 1.0, "seconds_median": seconds, "seconds_max": seconds},  # fmt: skip
        "replay": {
            "weeks": 26, "first_day": "2026-06-08", "last_day": "2026-12-06", "positions": 1758, "seconds": 20,
            "balanced": True,
            "policies": {"min_max": _policy(their_fill, 0.88, their_value), "plan": _policy(fill, peak, value)},
        },  # fmt: skip
    }


def test_targets_met():
    assert report.plan_misses(_result()) == []


def test_each_target_can_be_missed():
    assert report.plan_misses(_result(seconds=2.1)) == ["plan_seconds"]
    assert report.plan_misses(_result(fill=0.969)) == ["replay_fill_rate"]
    assert report.plan_misses(_result(fill=0.975, their_fill=0.98)) == ["replay_fill_rate"]  # below min/max's
    assert report.plan_misses(_result(peak=0.949)) == ["replay_peak_fill_rate"]
    assert report.plan_misses(_result(value=89.01)) == ["replay_inventory_below_min_max"]  # 11% below 100 is 89


def test_the_table_shows_both_policies():
    table = report.plan_table(_result())
    assert "| min/max | 92.5% | 88.0% | 1,200 | 100 | 900 | 30 |" in table
    assert "| plan | 97.3% | 96.0% | 1,200 | 88 | 900 | 30 |" in table
    assert "Plan of 1,800 positions from the stored forecast: 0.60 s median" in table
