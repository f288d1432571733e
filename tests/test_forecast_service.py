"""The forecast use case on a simulated shop: the history it learns from is
the raw rows', its truth is the simulator's, and a run stores every part."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from data_access.engine import make_engine
from services import forecast as forecasts
from tests.support.app_db import simulated_database


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    return simulated_database(tmp_path_factory.mktemp("forecast_service"))


def _table(url: str, sql: str) -> pd.DataFrame:
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        frame = pd.read_sql_query(sa.text(sql), conn)
    engine.dispose()
    return frame


def test_the_history_and_its_truth_equal_the_raw_rows(url):
    engine = make_engine(url)
    history = forecasts.load_history(engine)
    engine.dispose()
    weekly = history.weekly
    keys = weekly.series[["product_id", "warehouse_id"]]
    lines = _table(url, "SELECT product_id, warehouse_id, quantity FROM order_lines WHERE quantity > 0")
    sold = lines.groupby(["product_id", "warehouse_id"])["quantity"].sum()
    np.testing.assert_array_equal(weekly.units.sum(axis=1), sold.reindex(pd.MultiIndex.from_frame(keys), fill_value=0))
    truth = _table(url, "SELECT product_id, warehouse_id, units FROM sim_true_demand")
    asked = truth.groupby(["product_id", "warehouse_id"])["units"].sum()
    np.testing.assert_array_equal(
        history.true_demand.sum(axis=1), asked.reindex(pd.MultiIndex.from_frame(keys), fill_value=0)
    )
    # True demand is never below the units sold, week by week.
    assert (history.true_demand >= weekly.units).all()


def test_a_run_is_scored_against_true_demand_too(url):
    engine = make_engine(url)
    report = forecasts.run_forecast(engine, horizon_weeks=4)
    engine.dispose()
    assert report.run.true_demand and report.run.stock_levels
    scores = _table(url, f"SELECT * FROM backtest_scores WHERE run_id = {report.run.run_id}")
    assert set(scores["target"]) == {"sales", "demand"}
    both = scores[scores["scope"] == "all"].groupby("target")["actual"].sum()
    assert both["demand"] >= both["sales"] > 0  # stockouts cut sales below demand
    # The category x warehouse totals hold the same scored cells as the series' sums.
    totals = _table(url, f"SELECT * FROM backtest_totals WHERE run_id = {report.run.run_id}")
    assert totals["demand"].notna().all()
    assert totals["demand"].sum() == pytest.approx(both["demand"])
    assert totals["sales"].sum() == pytest.approx(both["sales"])
