"""Weekly demand forecasts per product x warehouse, with their measured accuracy.

`history` holds the weekly matrices (with censoring by stockouts), `model`
forecasts them (`calendar`, `classify`, `profiles`, `levels`, `intervals`
are its parts) and `backtest` measures it the way the page reports it.
"""

from analytics.forecasting.backtest import Backtest, accuracy, aggregate_band, run_backtest
from analytics.forecasting.history import WeeklyHistory, from_weekly_rows
from analytics.forecasting.model import SeriesForecast, forecast

__all__ = [
    "Backtest",
    "SeriesForecast",
    "WeeklyHistory",
    "accuracy",
    "aggregate_band",
    "forecast",
    "from_weekly_rows",
    "run_backtest",
]
