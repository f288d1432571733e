"""Stock over time: history and stockouts from the daily snapshots.

Snapshots are end-of-day units on hand (the latest stock per position is in
`data_access.positions`).
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, date_condition, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import Grain, period_start
from data_access.sales import Split, _split_column
from data_access.schema import inventory_snapshots as snapshots
from data_access.schema import products
from data_access.widths import times_money


_UNIT_COST = sa.func.coalesce(products.c.unit_cost, 0)


def stock_history(conn: Connection, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame:
    """Stock over time from the daily snapshots in the selection's date range.

    Columns: period, [category | warehouse], avg_on_hand (average daily units),
    avg_stock_value (average daily value at cost), stockout_days (product x
    warehouse days at zero), pair_days (product x warehouse days observed).
    """
    period = period_start(snapshots.c.snapshot_date, grain)
    keys = [period.label("period"), *_split_column(split)]
    days = sa.func.count(sa.distinct(snapshots.c.snapshot_date))
    stmt = (
        sa.select(
            *keys,
            (sa.func.sum(snapshots.c.on_hand) * 1.0 / days).label("avg_on_hand"),
            (sa.func.sum(times_money(snapshots.c.on_hand, _UNIT_COST)) * 1.0 / days).label("avg_stock_value"),
            sa.func.sum(sa.case((snapshots.c.on_hand <= 0, 1), else_=0)).label("stockout_days"),
            sa.func.count().label("pair_days"),
        )
        .select_from(with_dimensions(snapshots))
        .where(date_condition(snapshots.c.snapshot_date, f), dimension_conditions(f))
        .group_by(*keys)
        .order_by(*keys)
    )
    frame = read_frame(conn, stmt, integers=("stockout_days", "pair_days"), dates=("period",))
    return frame.astype({"avg_on_hand": "float64", "avg_stock_value": "float64"})


def stockout_totals(conn: Connection, f: Filters) -> pd.Series:
    """stockout_days and pair_days over the whole selection."""
    stmt = (
        sa.select(
            sa.func.coalesce(sa.func.sum(sa.case((snapshots.c.on_hand <= 0, 1), else_=0)), 0).label("stockout_days"),
            sa.func.count().label("pair_days"),
        )
        .select_from(with_dimensions(snapshots) if f.names_dimensions else snapshots)
        .where(date_condition(snapshots.c.snapshot_date, f), dimension_conditions(f))
    )
    return read_frame(conn, stmt, integers=("stockout_days", "pair_days")).iloc[0]
