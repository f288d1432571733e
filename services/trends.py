"""The Trends series: one measure per period, optionally split by category or
warehouse, the comparison period shifted onto the current dates, and a
rolling average. Measures and splits are ids (`i18n.labels` names them)."""

from __future__ import annotations

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

_FREQUENCIES = {"day": "D", "week": "7D", "month": "MS"}


def trend_series(reads: Reads, f: Filters, measure: str, grain: Grain, split: str) -> pd.DataFrame:
    """Columns: period, series (a category, a warehouse code or TOTAL_SERIES), value.

    Sales periods without sales become 0 (the query leaves them out, and a
    rolling average must count them); stock periods without snapshots stay absent.
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
    first = pd.Timestamp(bucket_start(f.start, grain))
    periods = pd.date_range(first, pd.Timestamp(f.end), freq=_FREQUENCIES[grain], name="period")
    index = pd.MultiIndex.from_product([periods, values[key[0]].unique()], names=["period", *key]) if key else periods
    indexed = values.set_index(["period", *key])["value"]
    return indexed.reindex(index, fill_value=0.0).reset_index()
