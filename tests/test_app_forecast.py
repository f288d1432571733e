"""The Forecast page in AppTest: its numbers equal independent computations
from the stored run's rows, a selection gets its own sums and band, and a
database without a run offers the refresh, which stores one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from sample_data import build
from tests.support.app_db import (  # noqa: F401 (fixtures)
    SIMULATION,
    assert_clean,
    figure,
    forecast_url,
    fresh_caches,
    open_app,
    simulated_database,
    table,
    trace_values,
    use_forecast,
)

PAGE = "pages/5_Forecast.py"


def stored(url: str, name: str) -> pd.DataFrame:
    """A table of the latest run with the product's category and warehouse's code, by plain SQL."""
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        run_id = conn.execute(sa.text("SELECT max(run_id) FROM forecast_runs")).scalar_one()
        frame = pd.read_sql_query(sa.text(f"SELECT * FROM {name} WHERE run_id = {run_id}"), conn)
        products = pd.read_sql_query(sa.text("SELECT product_id, sku, category FROM products"), conn)
        warehouses = pd.read_sql_query(sa.text("SELECT warehouse_id, code FROM warehouses"), conn)
    engine.dispose()
    if "product_id" in frame:
        frame = frame.merge(products, on="product_id")
    return frame.merge(warehouses, on="warehouse_id")


def chart_traces(at) -> dict[str, pd.Series]:
    traces = {}
    for trace in figure(at, "chart_forecast")["data"]:
        traces[trace["name"]] = pd.Series(trace_values(trace["y"]), index=pd.to_datetime(trace["x"]), dtype=float)
    return traces


def expected_band(totals: pd.DataFrame) -> tuple[float, float]:
    """P10 and P90 of actual / forecast over the selection's summed backtest cells."""
    summed = totals.groupby(["cutoff", "week_start"])[["forecast", "sales"]].sum()
    ratio = (summed["sales"] / summed["forecast"])[summed["forecast"] > 0]
    return float(np.quantile(ratio, 0.1)), float(np.quantile(ratio, 0.9))


@pytest.mark.parametrize("warehouse", [None, "BER"])
def test_the_page_shows_the_stored_run(use_forecast, warehouse):
    at = open_app(PAGE, {"warehouse": warehouse} if warehouse else None)
    assert_clean(at)
    values = stored(use_forecast, "forecast_values")
    scores = stored(use_forecast, "backtest_scores")
    series = stored(use_forecast, "forecast_series")
    totals = stored(use_forecast, "backtest_totals")
    if warehouse:
        values, scores, series, totals = (frame[frame["code"] == warehouse] for frame in (values, scores, series, totals))
    weekly = values.groupby(pd.to_datetime(values["week_start"]))["forecast_units"].sum().sort_index()

    traces = chart_traces(at)
    np.testing.assert_allclose(traces["Forecast"].to_numpy(), weekly.to_numpy(), rtol=1e-6)
    low, high = expected_band(totals)
    band = traces["80% band"].to_numpy()
    np.testing.assert_allclose(band[: len(weekly)], weekly.to_numpy() * high, rtol=1e-6)
    np.testing.assert_allclose(band[len(weekly) :], weekly.to_numpy()[::-1] * low, rtol=1e-6)

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Next 4 weeks"] == f"{weekly.head(4).sum():,.0f} units"
    overall = scores[(scores["scope"] == "all") & (scores["target"] == "sales")]
    assert metrics["Backtest error (WAPE)"] == f"{overall['abs_error'].sum() / overall['actual'].sum():.1%}"
    hidden = series["hidden_units"].sum() / (series["hidden_units"].sum() + series["recent_units"].sum())
    assert metrics["Demand hidden by stockouts"] == f"{hidden:.1%}"

    products = table(at, "forecast_products")
    assert len(products) == len(series)
    assert set(products["warehouse"]) == ({warehouse} if warehouse else set(series["code"]))


def test_the_accuracy_table_beside_seasonal_naive(use_forecast):
    at = open_app(PAGE)
    assert_clean(at)
    shown = table(at, "forecast_accuracy")
    scores = stored(use_forecast, "backtest_scores")
    for target, words in (("sales", "Against sales"), ("demand", "Against true demand")):  # a simulated shop has both
        peak = scores[(scores["scope"] == "peak") & (scores["target"] == target)]
        row = shown[(shown["scope"] == "Peak weeks") & (shown["target"] == words)].iloc[0]
        assert row["naive_wape"] == pytest.approx(peak["naive_abs_error"].sum() / peak["actual"].sum() * 100)
        assert row["relative_error"] == pytest.approx(peak["abs_error"].sum() / peak["naive_abs_error"].sum())


def test_without_a_run_the_page_offers_a_refresh_that_stores_one(tmp_path, monkeypatch):
    url = simulated_database(tmp_path)
    monkeypatch.setenv("INVENTORY_DB_URL", url)
    at = open_app(PAGE)
    assert_clean(at)
    assert any("No forecast has been run" in info.value for info in at.info)
    at.button(key="forecast_refresh").click().run()
    assert_clean(at)
    assert stored(url, "forecast_values")["forecast_units"].sum() > 0
    assert "chart_forecast" in [chart.key for chart in at.get("plotly_chart")]


def test_a_first_start_generates_the_sample_shop_with_its_forecast(tmp_path, monkeypatch):
    default_url = f"duckdb:///{tmp_path}/default.duckdb"
    monkeypatch.setattr(build, "is_default_database", lambda url: url == default_url)
    monkeypatch.setattr(build, "SimulationConfig", lambda: SIMULATION)
    monkeypatch.setenv("INVENTORY_DB_URL", default_url)
    at = open_app(PAGE)
    assert_clean(at)
    assert not at.info  # no "no forecast yet"
    assert len(stored(default_url, "forecast_series")) > 0
    assert "chart_forecast" in [chart.key for chart in at.get("plotly_chart")]


def test_accuracy_by_warehouse_sums_each_warehouses_series(use_forecast):
    at = open_app(PAGE)
    at.button_group(key="forecast_breakdown").set_value("warehouse").run()
    assert_clean(at)
    shown = table(at, "forecast_accuracy_split")
    scores = stored(use_forecast, "backtest_scores")
    scores = scores[(scores["scope"] == "all") & (scores["target"] == "sales")]
    expected = scores.groupby("code")["abs_error"].sum() / scores.groupby("code")["actual"].sum() * 100
    rows = shown[shown["target"] == "Against sales"].set_index("group")["wape"]
    pd.testing.assert_series_equal(rows.sort_index(), expected.sort_index(), check_names=False)
