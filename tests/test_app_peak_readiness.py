"""The Peak readiness page in AppTest: the next peak by default, its tiles
equal its table, a position's stock day by day equals a hand count from the
raw rows and the stored forecast, a peak past the forecast says so, the
choice travels in the URL, and without a plan the page says how to get one."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.support.app_db import (  # noqa: F401 (fixtures)
    END_DAY,
    assert_clean,
    figure,
    forecast_url,
    fresh_caches,
    metric_values,
    open_app,
    simulated_database,
    table,
    trace_values,
    use_forecast,
)

PAGE = "pages/7_Peak_readiness.py"
ORDER_DAY = END_DAY + timedelta(days=1)  # 1 Jan 2026: the next peak is the winter sales, 2 to 15 January


def _sql(url: str, query: str, **params) -> pd.DataFrame:
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        frame = pd.read_sql_query(sa.text(query), conn, params=params)
    engine.dispose()
    return frame


def test_the_next_peak_and_its_numbers(use_forecast):
    at = open_app(PAGE)
    assert_clean(at)
    assert at.selectbox(key="peak_choice").value.id == "winter-sales"
    assert at.query_params["peak"] == "winter-sales"
    rows = table(at, "peak_positions")
    tiles = metric_values(at)
    assert len(rows) == tiles["Positions running out"] > 0
    assert rows["runs_out_on"].notna().all()
    assert tiles["Revenue at risk"] == pytest.approx(rows["revenue_at_risk"].sum(), abs=0.01)
    assert (rows["revenue_at_risk"] >= 0).all() and (rows["lost_with_plan"] <= rows["lost_units"] + 1e-6).all()
    cost = _sql(use_forecast, "SELECT sum(cost) AS c FROM plan_purchases "
                          "WHERE plan_id = (SELECT max(plan_id) FROM plan_runs)")  # fmt: skip
    assert tiles["Money the plan commits"] == pytest.approx(cost["c"].iloc[0], abs=0.01)
    assert figure(at, "chart_peak_capacity")["data"]


def test_a_positions_stock_day_by_day_is_a_hand_count(use_forecast):
    at = open_app(PAGE)
    sku, warehouse = at.selectbox(key="peak_position").value
    ids = _sql(use_forecast, "SELECT p.product_id, w.warehouse_id FROM products p, warehouses w WHERE p.sku = :sku "
                         "AND w.code = :code", sku=sku, code=warehouse).iloc[0]  # fmt: skip
    key = {"p": int(ids["product_id"]), "w": int(ids["warehouse_id"]), "day": END_DAY}
    on_hand = _sql(use_forecast, "SELECT on_hand FROM inventory_snapshots WHERE product_id = :p AND warehouse_id = :w "
                             "AND snapshot_date <= :day ORDER BY snapshot_date DESC LIMIT 1", **key)["on_hand"][0]
    orders = _sql(use_forecast, "SELECT expected_on, quantity FROM purchase_orders WHERE product_id = :p AND "
                            "warehouse_id = :w AND ordered_on <= :day AND (received_on IS NULL OR received_on > :day)",
                  **key)  # fmt: skip
    weeks = _sql(use_forecast, "SELECT week_start, forecast_units FROM forecast_values WHERE product_id = :p AND "
                           "warehouse_id = :w AND run_id = (SELECT max(run_id) FROM forecast_runs) ORDER BY week_start",
                 p=key["p"], w=key["w"])  # fmt: skip
    first_week = pd.Timestamp(weeks["week_start"].iloc[0]).date()
    arriving: dict[date, float] = {}
    for expected, quantity in zip(pd.to_datetime(orders["expected_on"]).dt.date, orders["quantity"], strict=True):
        day = max(expected, ORDER_DAY)  # overdue orders arrive on the first day
        arriving[day] = arriving.get(day, 0) + quantity
    stock, hand = max(float(on_hand), 0.0), []
    for offset in range((date(2026, 1, 15) - ORDER_DAY).days + 1):
        day = ORDER_DAY + timedelta(days=offset)
        week = max((day - first_week).days // 7, 0)
        stock += arriving.get(day, 0)
        stock = max(stock - weeks["forecast_units"].iloc[week] / 7, 0.0)
        hand.append(stock)
    traces = {trace["name"]: trace_values(trace["y"]) for trace in figure(at, "chart_position_days")["data"]}
    assert traces["As things stand"] == pytest.approx(hand, abs=1e-6)
    runs_out = table(at, "peak_positions").set_index(["sku", "warehouse"]).loc[(sku, warehouse), "runs_out_on"]
    first_empty = next(i for i, units in enumerate(hand) if units <= 1e-9)
    assert pd.Timestamp(runs_out).date() == ORDER_DAY + timedelta(days=first_empty)


def test_a_peak_past_the_forecast_says_so(use_forecast):
    at = open_app(PAGE, {"peak": "summer-sales"})
    assert_clean(at)
    assert at.selectbox(key="peak_choice").value.id == "summer-sales"
    assert "past the end of the latest forecast" in at.warning[0].value
    assert not at.get("plotly_chart")


def test_without_a_plan_the_page_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.setenv("INVENTORY_DB_URL", simulated_database(tmp_path))
    at = open_app(PAGE)
    assert_clean(at)
    assert "no replenishment plan" in at.info[0].value.lower() or "there is none yet" in at.info[0].value
