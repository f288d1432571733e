"""Stage: the demand forecast of the benchmark shop, its speed and accuracy.

    python -m benchmarks.stage_forecast --db URL --out RESULT.json

Runs `services.forecast.run_forecast` as the command does (read, fit,
backtest, store) and reports from the stored run: WAPE, bias and band
coverage at product x warehouse x week over horizons 1-13, all backtest
cutoffs pooled, beside seasonal naive's, for all weeks, week 13 and the peak
weeks, against sales and (with the simulator's truth) true demand. Then the
same backtest without stock levels, so the table shows what correcting for
stockouts is worth: the bias against true demand, and the error of category
x warehouse weekly totals, where noise averages out and bias remains.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

import pandas as pd

from analytics.forecasting import accuracy, run_backtest
from analytics.forecasting.backtest import ALL_WEEKS, DEMAND
from analytics.forecasting.history import without_stock_levels
from benchmarks.processes import own_peak_rss_mb
from data_access.engine import connect, make_engine
from data_access.filters import Filters
from services import forecast as forecasts
from services.reads import ConnectionReads

EVERYTHING = Filters(date.min, date.max)


def _rounded(values: dict) -> dict:
    return {name: None if value is None or pd.isna(value) else round(float(value), 4) for name, value in values.items()}


def _records(frame: pd.DataFrame, keys: list[str]) -> list[dict]:
    return [{**{key: row[key] for key in keys}, **_rounded(row.drop(keys).to_dict())} for _, row in frame.iterrows()]


def _total_wape(totals: pd.DataFrame, target: str) -> float | None:
    """WAPE of category x warehouse x week totals against `target`."""
    if totals[target].isna().all() or totals[target].sum() <= 0:
        return None
    return float((totals["forecast"] - totals[target]).abs().sum() / totals[target].sum())


def _variant(backtest, target: str) -> dict:
    scores = backtest.series_scores
    overall = accuracy(scores[(scores["scope"] == ALL_WEEKS) & (scores["target"] == target)])
    return _rounded({**overall, "category_warehouse_week_wape": _total_wape(backtest.cell_totals, target)})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    engine = make_engine(args.db)
    started = time.perf_counter()
    report = forecasts.run_forecast(engine)
    seconds = time.perf_counter() - started
    run = report.run
    with connect(engine) as conn:
        selection = forecasts.selection_forecast(ConnectionReads(conn), run.run_id, EVERYTHING)
        by_class = forecasts.accuracy_by(ConnectionReads(conn), run.run_id, EVERYTHING, "demand-class")

    history = forecasts.load_history(engine, run.as_of)
    target = DEMAND if history.true_demand is not None else "sales"
    started_raw = time.perf_counter()
    raw = run_backtest(without_stock_levels(history.weekly), history.complete_weeks, history.true_demand)
    raw_seconds = time.perf_counter() - started_raw
    corrected = run_backtest(history.weekly, history.complete_weeks, history.true_demand)
    engine.dispose()
    result = {
        "as_of": str(run.as_of),
        "series": run.series,
        "seconds": round(seconds, 2),
        "series_per_second": round(run.series / seconds, 1),
        "backtest_only_seconds": round(raw_seconds, 2),
        "true_demand": run.true_demand,
        "accuracy": _records(selection.accuracy, ["scope", "target"]),
        "by_class": _records(by_class, ["group", "scope", "target"]),
        "censoring": {
            "scored_against": target,
            "corrected": _variant(corrected, target),
            "raw_sales": _variant(raw, target),
        },
        "peak_rss_mb": round(own_peak_rss_mb(), 1),
    }
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
