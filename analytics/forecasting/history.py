"""Weekly demand history as matrices [series x weeks], with what stockouts hid.

A day that ended out of stock shows sales, not demand: customers who found
nothing are not in the data. Each week therefore carries its exposure, the
share of its seven days that ended with stock (or, without stock levels, that
the series was on record inside the history). A day that sold out counts as
half a day (it served demand until the shelf was empty). Models estimate
demand as units per exposed week, so a week with four stockout days counts as
three days of evidence and a week with seven counts as none: censored, not
low.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.events import DEFAULT_CALENDAR
from analytics.forecasting.calendar import DAYS_PER_WEEK, monday_of, week_range
from analytics.position_rows import position_rows


SELLOUT_DAY_EXPOSURE = 0.5
LONG_COLUMNS = ("product_id", "warehouse_id", "week_start", "units", "instock_days", "sellout_days", "observed_days")


@dataclass(frozen=True)
class WeeklyHistory:
    """Weekly history of many series, oldest week first.

    `series` has one row per series (at least product_id, warehouse_id and
    `group`, the pooling group such as the category); row i of every matrix
    belongs to its row i.
    """

    series: pd.DataFrame
    weeks: np.ndarray
    """[week] Mondays as datetime64[D], consecutive."""
    units: np.ndarray
    """[series, week] gross units sold (returns are not negative demand)."""
    exposure: np.ndarray
    """[series, week] share of the week's days that ended with stock (sell-out days half), 0..1."""
    observed: np.ndarray
    """[series, week] share of the week's days the series was on record, 0..1."""
    stock_known: np.ndarray
    """[series] whether stock levels exist; without them every observed day counts as in stock."""
    calendar: str = DEFAULT_CALENDAR
    """The shop's retail calendar (`analytics.events`), whose events the models learn."""

    @property
    def size(self) -> int:
        return len(self.series)

    def before(self, week_index: int) -> WeeklyHistory:
        """The history of the weeks before `weeks[week_index]` only."""
        return WeeklyHistory(
            self.series,
            self.weeks[:week_index],
            self.units[:, :week_index],
            self.exposure[:, :week_index],
            self.observed[:, :week_index],
            self.stock_known,
            self.calendar,
        )


def from_weekly_rows(
    rows: pd.DataFrame, series: pd.DataFrame, as_of: date, calendar: str = DEFAULT_CALENDAR
) -> WeeklyHistory:
    """Matrices from one row per series x week with data (`LONG_COLUMNS`).

    `series` lists every series to forecast (product_id, warehouse_id, group
    and whatever else the caller keeps); weeks run from the earliest row to
    the week of `as_of`, and a series x week without a row has no exposure.
    `instock_days` counts days that ended with stock, `sellout_days` those
    that ended empty after selling. A series without any snapshot is on
    record from its first sale to `as_of`, every such day counted in stock.
    """
    last_week = monday_of(as_of)
    first = rows["week_start"].min() if len(rows) else pd.Timestamp(last_week)
    first_week = monday_of(pd.Timestamp(first).date())
    weeks = week_range(first_week, (last_week - first_week).days // DAYS_PER_WEEK + 1)
    series = series.reset_index(drop=True)
    matrices = weekly_matrices(rows, series, weeks, ["units", "observed_days", "instock_days", "sellout_days"])
    units = matrices["units"]
    observed = matrices["observed_days"] / DAYS_PER_WEEK
    exposure = (matrices["instock_days"] + SELLOUT_DAY_EXPOSURE * matrices["sellout_days"]) / DAYS_PER_WEEK
    stock_known = observed.sum(axis=1) > 0
    since_first_sale = np.cumsum(units, axis=1) > 0
    on_record = np.where(since_first_sale, 1.0, 0.0)
    if len(weeks):
        on_record[:, -1] *= (as_of.weekday() + 1) / DAYS_PER_WEEK
    observed = np.where(stock_known[:, None], observed, on_record)
    exposure = np.where(stock_known[:, None], exposure, on_record)
    return WeeklyHistory(series, weeks, units, exposure, observed, stock_known, calendar)


def weekly_matrices(
    rows: pd.DataFrame, series: pd.DataFrame, weeks: np.ndarray, columns: list[str], week_column: str = "week_start"
) -> dict[str, np.ndarray]:
    """[series, week] matrices of `columns` from rows keyed by product_id,
    warehouse_id and a Monday; rows of other series or weeks are left out,
    cells without a row are 0."""
    days = (rows[week_column].to_numpy().astype("datetime64[D]") - weeks[0]).astype(np.int64)
    return weekly_matrices_by_day(rows, series, days, len(weeks), columns)


def weekly_matrices_by_day(
    rows: pd.DataFrame, series: pd.DataFrame, days: np.ndarray, week_count: int, columns: list[str]
) -> dict[str, np.ndarray]:
    """`weekly_matrices` of rows whose Mondays are given as `days` after the first week's."""
    row = position_rows(series, rows["product_id"], rows["warehouse_id"])
    column = np.asarray(days, dtype=np.int64) // DAYS_PER_WEEK
    keep = (row >= 0) & (column >= 0) & (column < week_count)
    row, column = row[keep], column[keep]
    matrices = {}
    for name in columns:
        values = np.zeros((len(series), week_count))
        values[row, column] = rows[name].to_numpy(dtype=float)[keep]
        matrices[name] = values
    return matrices


def without_stock_levels(history: WeeklyHistory) -> WeeklyHistory:
    """The same sales as if no stock levels were known: every observed day
    counts as in stock, so stockout weeks read as low demand (the comparison
    that shows what correcting for censoring is worth)."""
    return WeeklyHistory(
        history.series,
        history.weeks,
        history.units,
        history.observed,
        history.observed,
        np.zeros(history.size, dtype=bool),
        history.calendar,
    )
