"""Stock positions, history and sales velocity per product x warehouse.

Snapshots are end-of-day units on hand; a pair's stock on a date is its latest
snapshot on or before that date (imported data may have gaps).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, date_condition, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import Grain, period_start
from data_access.sales import Split, _split_column
from data_access.schema import daily_sales, products, warehouses
from data_access.schema import inventory_snapshots as snapshots

_PAIR = (snapshots.c.product_id, snapshots.c.warehouse_id)


def stock_on_hand(conn: Connection, f: Filters, as_of: date) -> pd.DataFrame:
    """Latest stock of every product x warehouse of the selection as of `as_of`.

    Columns: sku, name, category, warehouse, on_hand, unit_cost, stock_value
    (on_hand x unit_cost), lead_time_days (the product's nominal lead time),
    launched_on (so new products are not called dead stock), snapshot_date
    (the date of the snapshot used).
    """
    latest = (
        sa.select(*_PAIR, sa.func.max(snapshots.c.snapshot_date).label("snapshot_date"))
        .where(snapshots.c.snapshot_date <= as_of)
        .group_by(*_PAIR)
        .subquery("latest")
    )
    on_latest = sa.and_(
        snapshots.c.product_id == latest.c.product_id,
        snapshots.c.warehouse_id == latest.c.warehouse_id,
        snapshots.c.snapshot_date == latest.c.snapshot_date,
    )
    stmt = (
        sa.select(
            products.c.sku,
            products.c.name,
            products.c.category,
            warehouses.c.code.label("warehouse"),
            snapshots.c.on_hand,
            products.c.unit_cost,
            (snapshots.c.on_hand * sa.func.coalesce(products.c.unit_cost, 0)).label("stock_value"),
            products.c.lead_time_days,
            products.c.launched_on,
            snapshots.c.snapshot_date,
        )
        .select_from(with_dimensions(snapshots).join(latest, on_latest))
        .where(dimension_conditions(f))
        .order_by(products.c.sku, warehouses.c.code)
    )
    frame = read_frame(
        conn, stmt, money=("unit_cost", "stock_value"), integers=("on_hand",), dates=("launched_on", "snapshot_date")
    )
    return frame.astype({"lead_time_days": "Int64"})


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
            (sa.func.sum(snapshots.c.on_hand * sa.func.coalesce(products.c.unit_cost, 0)) * 1.0 / days).label(
                "avg_stock_value"
            ),
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


def sales_velocity(conn: Connection, f: Filters, as_of: date, window_days: int) -> pd.DataFrame:
    """Trailing demand per product x warehouse over the `window_days` ending on `as_of`.

    Columns: sku, warehouse, units (net units in the window), avg_daily_units,
    std_daily_units (over every day of the window, zero days included),
    last_sale_date (latest day with a positive sale on or before `as_of`, any
    time back; empty if never sold). Pairs that never sold are absent.
    """
    window_start = as_of - timedelta(days=window_days - 1)
    window_units = sa.case((daily_sales.c.sale_date >= window_start, daily_sales.c.units), else_=0)
    pair = (daily_sales.c.product_id, daily_sales.c.warehouse_id)
    per_pair = sa.select(
        *pair,
        sa.func.sum(window_units).label("units"),
        sa.func.sum(window_units * window_units).label("units_squared"),
        sa.func.max(sa.case((daily_sales.c.sold_units > 0, daily_sales.c.sale_date))).label("last_sale_date"),
    ).where(daily_sales.c.sale_date <= as_of)
    if f.names_dimensions:
        per_pair = per_pair.select_from(with_dimensions(daily_sales)).where(dimension_conditions(f))
    # Aggregate on the ids first, then name them: joining the dimensions to
    # every daily row before grouping costs half again as much.
    per_pair = per_pair.group_by(*pair).subquery("per_pair")
    stmt = (
        sa.select(
            products.c.sku,
            warehouses.c.code.label("warehouse"),
            per_pair.c.units,
            per_pair.c.units_squared,
            per_pair.c.last_sale_date,
        )
        .select_from(with_dimensions(per_pair))
        .order_by(products.c.sku, warehouses.c.code)
    )
    frame = read_frame(conn, stmt, integers=("units", "units_squared"), dates=("last_sale_date",))
    mean = frame["units"] / window_days
    variance = (frame.pop("units_squared") / window_days - mean**2).clip(lower=0)
    frame["avg_daily_units"] = mean
    frame["std_daily_units"] = np.sqrt(variance)
    return frame
