"""The weekly demand history the forecast learns from, aggregated in SQL.

One row per product x warehouse x Monday week with any sale or snapshot in
the selection's dates: gross units sold (`sold_units`: a return is not
negative demand) and the stock days of `data_access.stock_days`. Only dates
up to the filter's end (the as-of date) are read, so a forecast never sees
the future it is scored on.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import period_start
from data_access.schema import daily_sales, products, warehouses
from data_access.stock_days import has_stock_levels, stocked_pairs, weekly_stock_days

COUNTS = ("units", "instock_days", "sellout_days", "observed_days")


def weekly_demand(conn: Connection, f: Filters) -> pd.DataFrame:
    """Columns product_id, warehouse_id, week_start and COUNTS, ordered by them."""
    week = period_start(daily_sales.c.sale_date, "week").label("week_start")
    sales = (
        sa.select(
            daily_sales.c.product_id,
            daily_sales.c.warehouse_id,
            week,
            sa.func.sum(daily_sales.c.sold_units).label("units"),
            sa.literal(0).label("instock_days"),
            sa.literal(0).label("sellout_days"),
            sa.literal(0).label("observed_days"),
        )
        .select_from(with_dimensions(daily_sales))
        .where(daily_sales.c.sale_date.between(f.start, f.end), daily_sales.c.sold_units > 0, dimension_conditions(f))
        .group_by(daily_sales.c.product_id, daily_sales.c.warehouse_id, week)
    )
    stock = weekly_stock_days(f.start, f.end, dimension_conditions(f)).subquery()
    stock = sa.select(
        stock.c.product_id,
        stock.c.warehouse_id,
        stock.c.week_start,
        sa.literal(0).label("units"),
        stock.c.instock_days,
        stock.c.sellout_days,
        stock.c.observed_days,
    )
    both = sa.union_all(sales, stock).subquery()
    keys = (both.c.product_id, both.c.warehouse_id, both.c.week_start)
    stmt = (
        sa.select(*keys, *(sa.cast(sa.func.sum(both.c[name]), sa.BigInteger).label(name) for name in COUNTS))
        .group_by(*keys)
        .order_by(*keys)
    )
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id", *COUNTS), dates=("week_start",))


def demand_series(conn: Connection, f: Filters) -> pd.DataFrame:
    """Every product x warehouse of the selection with a sale or a snapshot in
    its dates: product_id, warehouse_id, sku, warehouse (code), category."""
    sold = (
        sa.select(daily_sales.c.product_id, daily_sales.c.warehouse_id)
        .select_from(with_dimensions(daily_sales))
        .where(daily_sales.c.sale_date.between(f.start, f.end), daily_sales.c.sold_units > 0, dimension_conditions(f))
    )
    pairs = sa.union(sold, stocked_pairs(f.start, f.end, dimension_conditions(f))).subquery()
    stmt = (
        sa.select(
            pairs.c.product_id,
            pairs.c.warehouse_id,
            products.c.sku,
            warehouses.c.code.label("warehouse"),
            products.c.category,
        )
        .select_from(with_dimensions(pairs))
        .order_by(pairs.c.product_id, pairs.c.warehouse_id)
    )
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id"))


def stock_levels_known(conn: Connection, f: Filters) -> bool:
    """Whether the selection has stock snapshots: without them demand is
    estimated from sales alone and the page says so."""
    return has_stock_levels(conn, f.end, dimension_conditions(f))


def weekly_units(conn: Connection, f: Filters) -> pd.DataFrame:
    """week_start, units: the selection's gross units sold per Monday week
    between the filter's dates (the actuals a forecast is drawn against)."""
    week = period_start(daily_sales.c.sale_date, "week").label("week_start")
    stmt = (
        sa.select(week, sa.cast(sa.func.sum(daily_sales.c.sold_units), sa.BigInteger).label("units"))
        .select_from(with_dimensions(daily_sales))
        .where(daily_sales.c.sale_date.between(f.start, f.end), dimension_conditions(f))
        .group_by(week)
        .order_by(week)
    )
    return read_frame(conn, stmt, integers=("units",), dates=("week_start",))
