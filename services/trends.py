"""The Trends series: one measure per period, optionally split by category or
warehouse, the comparison period shifted onto the current dates, and a
rolling average. Measures and splits are ids (`i18n.labels` names them)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from analytics.kpis import rolling_average, stockout_rate
from data_access.filters import Filters
from data_access.periods import Grain
from data_access.sales import Split
from services.grains import bucket_start
from services.reads import Reads

REVENUE = "revenue"
UNITS = "units"
ORDERS = "orders"
STOCK_ON_HAND = "stock-on-hand"
STOCKOUT_RATE = "stockout-rate"
SALES_MEASURES: tuple[str, ...] = (REVENUE, UNITS, ORDERS)  # each a column of the sales query, of the same name
STOCK_MEASURES: tuple[str, ...] = (STOCK_ON_HAND, STOCKOUT_RATE)
MEASURES: tuple[str, ...] = (*SALES_MEASURES, *STOCK_MEASURES)

NO_SPLIT = "none"
SPLITS: tuple[str, ...] = (NO_SPLIT, "category", "warehouse")
TOTAL_SERIES = "all"  # the one series of an unsplit measure
OTHER_SERIES = "other"  # the smaller series, summed, when a split has more than MAX_LINES
MAX_LINES = 8  # the palette's colours: more lines cannot be told apart
ADDITIVE_MEASURES: tuple[str, ...] = (REVENUE, UNITS, ORDERS, STOCK_ON_HAND)  # a rate cannot be summed

_FREQUENCIES = {"day": "D", "week": "7D", "month": "MS"}


def trend_series(reads: Reads, f: Filters, measure: str, grain: Grain, split: str) -> pd.DataFrame:
    """Columns: period, series (a category, a warehouse code or TOTAL_SERIES), value.

    Sales periods without sales become 0 (the query leaves them out, and a
    rolling average must count them), from the selection's first sale on:
    before it there is no data, not zero; stock periods without snapshots
    stay absent.
    """
    by = _query_split(split)
    key = [by] if by else []
    if measure in SALES_MEASURES:
        frame = reads.sales_by_period(f, grain, by, with_orders=measure == ORDERS)
        values = frame[["period", *key]].assign(value=frame[measure].astype("float64"))
        values = _fill_empty_periods(values, f, grain, key)
    elif measure == STOCK_ON_HAND:
        frame = reads.stock_history(f, grain, by)
        values = frame[["period", *key]].assign(value=frame["avg_on_hand"])
    elif measure == STOCKOUT_RATE:
        frame = reads.stock_history(f, grain, by)
        values = frame[["period", *key]].assign(value=stockout_rate(frame["stockout_days"], frame["pair_days"]))
    else:
        raise ValueError(f"Unknown trend measure {measure!r}; use one of {', '.join(MEASURES)}.")
    series = values.pop(by).astype("str") if by else TOTAL_SERIES
    return values.assign(series=series)[["period", "series", "value"]].reset_index(drop=True)


def _query_split(split: str) -> Split:
    if split not in SPLITS:
        raise ValueError(f"Unknown trend split {split!r}; use one of {', '.join(SPLITS)}.")
    return None if split == NO_SPLIT else split


def shifted_onto(comparison: pd.DataFrame, current: Filters, previous: Filters, grain: Grain) -> pd.DataFrame:
    """The comparison series moved onto the current date axis, by whole
    buckets so that its weeks land on Mondays and its months on the 1st."""
    days = (current.start - previous.start).days
    if grain == "week":
        shift = pd.DateOffset(weeks=round(days / 7))
    elif grain == "month":
        months = (current.start.year - previous.start.year) * 12 + current.start.month - previous.start.month
        shift = pd.DateOffset(months=months)
    else:
        shift = pd.DateOffset(days=days)
    return comparison.assign(period=comparison["period"] + shift)


def with_rolling_average(series: pd.DataFrame, window: int) -> pd.DataFrame:
    """The same rows with `value` replaced by its trailing mean per series."""
    averaged = series.groupby("series", sort=False)["value"].transform(lambda values: rolling_average(values, window))
    return series.assign(value=averaged)


def _fill_empty_periods(values: pd.DataFrame, f: Filters, grain: Grain, key: list[str]) -> pd.DataFrame:
    if values.empty:
        return values
    first = max(pd.Timestamp(bucket_start(f.start, grain)), values["period"].min())
    periods = pd.date_range(first, pd.Timestamp(f.end), freq=_FREQUENCIES[grain], name="period")
    index = pd.MultiIndex.from_product([periods, values[key[0]].unique()], names=["period", *key]) if key else periods
    indexed = values.set_index(["period", *key])["value"]
    return indexed.reindex(index, fill_value=0.0).reset_index()


def kept_series(series: pd.DataFrame, measure: str, limit: int = MAX_LINES) -> tuple[str, ...]:
    """The series to draw on their own: all when at most `limit`, else the
    `limit - 1` largest (by total, or for a rate by its mean: the worst)."""
    names = series.groupby("series", sort=False)["value"].agg("sum" if measure in ADDITIVE_MEASURES else "mean")
    if len(names) <= limit:
        return tuple(names.index)
    return tuple(names.sort_values(ascending=False, kind="stable").index[: limit - 1])


def grouped_into_other(series: pd.DataFrame | None, kept: tuple[str, ...], measure: str) -> pd.DataFrame | None:
    """The series outside `kept` summed into OTHER_SERIES per period (for a
    rate, left out: a sum of rates means nothing)."""
    if series is None:
        return None
    own = series[series["series"].isin(kept)]
    rest = series[~series["series"].isin(kept)]
    if rest.empty or measure not in ADDITIVE_MEASURES:
        return own.reset_index(drop=True)
    other = rest.groupby("period", as_index=False)["value"].sum().assign(series=OTHER_SERIES)
    return pd.concat([own, other[["period", "series", "value"]]], ignore_index=True)


def partial_periods(f: Filters, grain: Grain) -> dict[pd.Timestamp, tuple[int, int]]:
    """The range's first and last bucket when it covers only part of its week
    or month: bucket start -> (days covered, days in the bucket)."""
    partial = {}
    for day in (f.start, f.end):
        first = bucket_start(day, grain)
        following = _next_bucket(first, grain)
        covered = (min(following - timedelta(days=1), f.end) - max(first, f.start)).days + 1
        whole = (following - first).days
        if covered < whole:
            partial[pd.Timestamp(first)] = (covered, whole)
    return partial


def _next_bucket(first: date, grain: Grain) -> date:
    if grain == "month":
        return (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first + timedelta(days=7 if grain == "week" else 1)
