"""The forecast learns the shop's own retail calendar (issue 16): a Chinese
shop's forecast lifts the week of Double 11 and the pre-sale weeks before
it, which the European calendar knows nothing of; the backtest's peak weeks
are the calendar's peak seasons."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from analytics.events import CHINA, EUROPE
from analytics.forecasting import forecast
from analytics.forecasting.calendar import event_exposure, peak_weeks, week_range
from data_access.engine import make_engine
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from services.forecast import load_history, run_forecast

AS_OF = date(2025, 10, 5)  # a Sunday: the history holds last year's Double 11, the forecast this year's
DOUBLE_11_WEEK = pd.Timestamp("2025-11-10")  # Monday of the week holding 11 November 2025
PRESALE_WEEKS = [pd.Timestamp("2025-10-27"), pd.Timestamp("2025-11-03")]  # wholly inside the pre-sale
ORDINARY_WEEKS = [pd.Timestamp("2025-10-06"), pd.Timestamp("2025-11-17")]
CHINESE_SHOP = SimulationConfig(products=30, warehouses=3, days=420, end_date=date(2025, 12, 31), seed=4, locale="zh")


@pytest.fixture(scope="module")
def chinese_shop(tmp_path_factory) -> str:
    url = f"duckdb:///{tmp_path_factory.mktemp('zh_forecast') / 'shop.duckdb'}"
    generate_into(url, CHINESE_SHOP, replace=True)
    return url


def _stored_weekly_totals(url: str) -> pd.Series:
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        values = pd.read_sql_query(sa.text("SELECT week_start, forecast_units FROM forecast_values"), conn)
    engine.dispose()
    return values.groupby(pd.to_datetime(values["week_start"]))["forecast_units"].sum()


def test_a_chinese_shops_forecast_peaks_in_the_week_of_double_11(chinese_shop):
    engine = make_engine(chinese_shop)
    run_forecast(engine, AS_OF, horizon_weeks=10)
    engine.dispose()

    weekly = _stored_weekly_totals(chinese_shop)

    assert weekly.idxmax() == DOUBLE_11_WEEK
    ordinary = weekly[ORDINARY_WEEKS].mean()
    assert weekly[DOUBLE_11_WEEK] > 1.5 * ordinary
    assert (weekly[PRESALE_WEEKS] > 1.2 * ordinary).all()


def test_the_history_carries_the_shops_calendar_and_a_european_one_misses_the_presale(chinese_shop):
    engine = make_engine(chinese_shop)
    history = load_history(engine, AS_OF).weekly
    engine.dispose()
    assert history.calendar == CHINA

    def totals(calendar: str) -> pd.Series:
        result = forecast(dataclasses.replace(history, calendar=calendar), 10)
        return pd.Series(result.mean.sum(axis=0), index=pd.to_datetime(result.weeks))

    chinese, european = totals(CHINA), totals(EUROPE)
    # The week of 27 October: the pre-sale's only, before Europe's 11.11 build-up (9 November on).
    presale_lift = {name: w[PRESALE_WEEKS[0]] / w[ORDINARY_WEEKS].mean() for name, w in
                    (("china", chinese), ("europe", european))}  # fmt: skip
    assert presale_lift["china"] > 1.2 > 1.05 > presale_lift["europe"]


def test_event_weeks_and_peak_seasons_follow_the_calendar():
    weeks = week_range(date(2025, 10, 20), 10)

    keys, exposure = event_exposure(weeks, CHINA)
    double_11 = exposure[keys.index("double-11")]
    assert double_11[list(weeks).index(np.datetime64("2025-11-10"))] == pytest.approx(1 / 7)
    assert double_11.sum() == pytest.approx(1 / 7)
    assert "black-friday" not in keys and "after_shipping_cutoff" not in keys

    chinese_peaks = weeks[peak_weeks(weeks, CHINA)]
    assert chinese_peaks.min() == np.datetime64("2025-10-20") and chinese_peaks.max() == np.datetime64("2025-11-10")
    european_peaks = weeks[peak_weeks(weeks, EUROPE)]
    assert european_peaks.min() == np.datetime64("2025-11-24")  # Black Friday, 28 November 2025
