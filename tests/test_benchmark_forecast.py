"""The benchmark's forecast verdicts and table from a stage result."""

from __future__ import annotations

from benchmarks import report


def _result(relative=0.7, peak=0.85, bias=-0.02, seconds=6.0, series=1800) -> dict:
    row = {"wape": 0.4, "naive_wape": 0.57, "coverage": 0.8}
    return {
        "as_of": "2026-12-06",
        "series": series,
        "seconds": seconds,
        "series_per_second": series / seconds,
        "accuracy": [
            {**row, "scope": "all", "target": "sales", "relative_error": relative, "bias": 0.01},
            {**row, "scope": "peak", "target": "sales", "relative_error": peak, "bias": 0.02},
            {**row, "scope": "all", "target": "demand", "relative_error": relative, "bias": bias},
        ],
        "censoring": {
            "scored_against": "demand",
            "corrected": {"bias": bias, "relative_error": relative, "category_warehouse_week_wape": 0.05},
            "raw_sales": {"bias": -0.06, "relative_error": relative, "category_warehouse_week_wape": 0.07},
        },
    }


def test_targets_met():
    assert report.forecast_misses(_result()) == []


def test_each_target_can_be_missed():
    assert report.forecast_misses(_result(relative=0.81)) == ["forecast_relative_error"]
    assert report.forecast_misses(_result(peak=0.91)) == ["forecast_peak_relative_error"]
    assert report.forecast_misses(_result(bias=0.051)) == ["forecast_abs_bias_vs_demand"]
    # 160,000 series in 3,000 s is 34 s per 1,800 series: the target is per 1,800.
    assert report.forecast_misses(_result(seconds=3000, series=160_000)) == []
    assert report.forecast_misses(_result(seconds=61)) == ["forecast_1800_series_seconds"]


def test_the_table_shows_both_censoring_variants():
    table = report.forecast_table(_result())
    assert "| all | sales | 40.0% | 57.0% | 0.70 | +1.0% | 80.0% |" in table
    assert "| demand estimated from in-stock days | -2.0% | 0.70 | 5.0% |" in table
    assert "| fitted on raw sales | -6.0% | 0.70 | 7.0% |" in table
