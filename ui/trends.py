"""The Trends page's series: one metric per period, optionally split, with the
comparison period shifted onto the current axis and a rolling average."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from analytics.kpis import rolling_average, stockout_rate
from data_access.filters import Filters
from data_access.periods import Grain
from data_access.sales import Split
from ui.loaders import cached, sales_by_period, stock_history

SALES_METRICS = {"Revenue": "revenue", "Units sold": "units", "Orders": "orders"}
STOCK_METRICS = ("Stock on hand", "Stockout rate")
TREND_METRICS: tuple[str, ...] = (*SALES_METRICS, *STOCK_METRICS)
_FREQUENCIES = {"day": "D", "week": "7D", "month": "MS"}
ALL_SERIES = "All"


@cached
def trend_series(db_url: str, f: Filters, metric: str, grain: Grain, split: Split) -> pd.DataFrame:
    """Columns: period, series (a category, a warehouse or "All"), value.

    Sales periods without sales become 0 (the query leaves them out, and a
    rolling average must count them); stock periods without snapshots stay absent.
    """
    key = [split] if split else []
    if metric in SALES_METRICS:
        frame = sales_by_period(db_url, f, grain, split, with_orders=metric == "Orders")
        values = frame[["period", *key]].assign(value=frame[SALES_METRICS[metric]].astype("float64"))
        values = _fill_empty_periods(values, f, grain, key)
    elif metric == "Stock on hand":
        frame = stock_history(db_url, f, grain, split)
        values = frame[["period", *key]].assign(value=frame["avg_on_hand"])
    elif metric == "Stockout rate":
        frame = stock_history(db_url, f, grain, split)
        values = frame[["period", *key]].assign(value=stockout_rate(frame["stockout_days"], frame["pair_days"]))
    else:
        raise ValueError(f"Unknown trend metric {metric!r}; use one of {', '.join(TREND_METRICS)}.")
    series = values.pop(split).astype("str") if split else ALL_SERIES
    return values.assign(series=series)[["period", "series", "value"]].reset_index(drop=True)


def shifted_onto(comparison: pd.DataFrame, current: Filters, previous: Filters, grain: Grain) -> pd.DataFrame:
    """The comparison series moved onto the current date axis, by whole
    buckets so that its weeks land on Mondays and its months on the 1st."""
    days = (current.start - previous.start).days
    if grain == "week":
        shift = pd.DateOffset(weeks=round(days / 7))
    elif grain == "month":
        shift = pd.DateOffset(months=(current.start.year - previous.start.year) * 12 + current.start.month - previous.start.month)
    else:
        shift = pd.DateOffset(days=days)
    return comparison.assign(period=comparison["period"] + shift)


def with_rolling_average(series: pd.DataFrame, window: int) -> pd.DataFrame:
    """The same rows with `value` replaced by its trailing mean per series."""
    averaged = series.groupby("series", sort=False)["value"].transform(lambda values: rolling_average(values, window))
    return series.assign(value=averaged)


def trend_export(
    current: pd.DataFrame, comparison: pd.DataFrame | None, rolling: pd.DataFrame | None, metric: str
) -> pd.DataFrame:
    """What the Trends chart shows, one row per period and series."""
    export = current.rename(columns={"value": metric})
    if rolling is not None:
        export[f"{metric} rolling average"] = rolling["value"].to_numpy()
    if comparison is not None:
        previous = comparison.rename(columns={"value": f"{metric} comparison"})
        export = export.merge(previous, on=["period", "series"], how="outer").sort_values(["series", "period"])
    return export.reset_index(drop=True)


def _fill_empty_periods(values: pd.DataFrame, f: Filters, grain: Grain, key: list[str]) -> pd.DataFrame:
    if values.empty:
        return values
    periods = pd.date_range(_period_start(f.start, grain), pd.Timestamp(f.end), freq=_FREQUENCIES[grain], name="period")
    index = pd.MultiIndex.from_product([periods, values[key[0]].unique()], names=["period", *key]) if key else periods
    indexed = values.set_index(["period", *key])["value"]
    return indexed.reindex(index, fill_value=0.0).reset_index()


def _period_start(day: date, grain: Grain) -> pd.Timestamp:
    """The bucket a day falls in, as the database buckets it (weeks start on Monday)."""
    if grain == "week":
        return pd.Timestamp(day - timedelta(days=day.weekday()))
    if grain == "month":
        return pd.Timestamp(day.replace(day=1))
    return pd.Timestamp(day)
