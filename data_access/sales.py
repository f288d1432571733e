"""Sales aggregates, computed by the database.

Every function takes a connection and a `Filters`, pushes all filters into the
WHERE clause and returns a small DataFrame. Shared measures:

- revenue: sum of net revenue (after discount; returns are negative)
- units:   net units (returns subtract)
- cost:    units x the product's unit cost, over the products that have one
- costed_revenue: the revenue of the products that have a unit cost
- margin:  costed_revenue - cost: a product without a unit cost has an
           unknown margin, not a 100 % one, so its revenue is left out
- orders:  distinct order ids (only where asked for: see below)

Revenue, units, cost and margin come from the `daily_sales` summary; orders
from the order-count summaries, or from the lines when the selection names
categories or SKUs (see `data_access.sales_summary`). Only the functions (or
flags) whose callers show orders count them.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, date_condition, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import Grain, period_start
from data_access.schema import daily_orders, daily_sales, order_lines, products, spanning_orders, warehouses
from data_access.widths import times_money

Split = Literal["category", "warehouse"] | None

_MONEY = ("revenue", "cost", "margin", "costed_revenue")
_COUNTS = ("units",)

# Orders within one day x warehouse cell, and orders spanning cells (counted once).
_SINGLE_CELL_ORDERS = sa.func.sum(daily_orders.c.orders)
_SPANNING_ORDERS = sa.func.count(sa.distinct(spanning_orders.c.order_id))

# Built once: constructing these anew cost about a millisecond per query.
_REVENUE = sa.func.coalesce(sa.func.sum(daily_sales.c.revenue), 0)
_COST = sa.func.coalesce(sa.func.sum(times_money(daily_sales.c.units, products.c.unit_cost)), 0)
_COSTED_REVENUE = sa.func.coalesce(
    sa.func.sum(sa.case((products.c.unit_cost.is_not(None), daily_sales.c.revenue))), 0
)
_DAILY_MEASURES = (
    _REVENUE.label("revenue"),
    sa.cast(sa.func.coalesce(sa.func.sum(daily_sales.c.units), 0), sa.BigInteger).label("units"),
    _COST.label("cost"),
    (_COSTED_REVENUE - _COST).label("margin"),
    _COSTED_REVENUE.label("costed_revenue"),
)
_DAYS_WITH_DIMENSIONS = with_dimensions(daily_sales)


def _filtered_days(f: Filters, *columns) -> sa.Select:
    """The measures of the selection's daily sums, with `columns` in front."""
    return (
        sa.select(*columns, *_DAILY_MEASURES)
        .select_from(_DAYS_WITH_DIMENSIONS)
        .where(date_condition(daily_sales.c.sale_date, f), dimension_conditions(f))
    )


def _order_counts(conn: Connection, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame:
    """Distinct orders of the selection per period (at `grain`) and `split` when given.

    Columns: period, [category | warehouse], orders.
    """
    if _orders_need_lines(f, split):
        return _read_order_counts(conn, _line_order_counts(f, grain, split))
    single = _read_order_counts(conn, _cell_order_counts(daily_orders, _SINGLE_CELL_ORDERS, f, grain, split))
    spanning = _read_order_counts(conn, _cell_order_counts(spanning_orders, _SPANNING_ORDERS, f, grain, split))
    both = pd.concat([single, spanning])
    keys = [name for name in both.columns if name != "orders"]
    return both.groupby(keys, as_index=False)["orders"].sum().astype({"orders": "int64"})


def _orders_need_lines(f: Filters, split: Split) -> bool:
    """The order-count summaries are per day and warehouse: any product filter or split needs the lines."""
    return bool(f.categories or f.skus or split == "category")


def _total_orders(f: Filters) -> sa.ColumnElement:
    """Distinct orders of the whole selection, as one scalar expression."""
    if _orders_need_lines(f, None):
        return _line_order_counts(f, None, None).scalar_subquery()
    single = _cell_order_counts(daily_orders, _SINGLE_CELL_ORDERS, f, None, None)
    spanning = _cell_order_counts(spanning_orders, _SPANNING_ORDERS, f, None, None)
    return sa.func.coalesce(single.scalar_subquery(), 0) + sa.func.coalesce(spanning.scalar_subquery(), 0)


def _keys(date_column: sa.ColumnElement, grain: Grain | None, split: Split) -> list[sa.ColumnElement]:
    period = [period_start(date_column, grain).label("period")] if grain else []
    return [*period, *_split_column(split)]


def _line_order_counts(f: Filters, grain: Grain | None, split: Split) -> sa.Select:
    keys = _keys(order_lines.c.order_date, grain, split)
    return (
        sa.select(*keys, sa.func.count(sa.distinct(order_lines.c.order_id)).label("orders"))
        .select_from(with_dimensions(order_lines))
        .where(date_condition(order_lines.c.order_date, f), dimension_conditions(f))
        .group_by(*keys)
    )


def _cell_order_counts(
    table: sa.Table, count: sa.ColumnElement, f: Filters, grain: Grain | None, split: Split
) -> sa.Select:
    """Order counts from a summary keyed by day and warehouse (no product filter applies)."""
    keys = _keys(table.c.sale_date, grain, split)
    return (
        sa.select(*keys, count.label("orders"))
        .select_from(table.join(warehouses, table.c.warehouse_id == warehouses.c.warehouse_id))
        .where(date_condition(table.c.sale_date, f), dimension_conditions(f))
        .group_by(*keys)
    )


def _read_order_counts(conn: Connection, stmt: sa.Select) -> pd.DataFrame:
    dates = ("period",) if "period" in stmt.selected_columns else ()
    return read_frame(conn, stmt, integers=("orders",), dates=dates)


def _split_column(split: Split) -> list[sa.ColumnElement]:
    if split is None:
        return []
    if split == "category":
        return [products.c.category.label("category")]
    if split == "warehouse":
        return [warehouses.c.code.label("warehouse")]
    raise ValueError(f"Unknown split {split!r}; use 'category', 'warehouse' or None.")


def sales_totals(conn: Connection, f: Filters) -> pd.Series:
    """Revenue, units, cost, margin, costed_revenue and orders for the whole selection, in one statement."""
    stmt = _filtered_days(f).add_columns(_total_orders(f).label("orders"))
    return read_frame(conn, stmt, money=_MONEY, integers=(*_COUNTS, "orders")).iloc[0]


def sales_by_category(conn: Connection, f: Filters) -> pd.DataFrame:
    """Columns: category, revenue, units, cost, margin, costed_revenue; by revenue, largest first."""
    stmt = (
        _filtered_days(f, products.c.category)
        .group_by(products.c.category)
        .order_by(sa.desc("revenue"), products.c.category)
    )
    return read_frame(conn, stmt, money=_MONEY, integers=_COUNTS)


def sales_by_period(
    conn: Connection, f: Filters, grain: Grain, split: Split = None, *, with_orders: bool = False
) -> pd.DataFrame:
    """Columns: period (first day of the bucket), [category | warehouse], revenue,
    units, cost, margin, costed_revenue, [orders]; in period order. Buckets without sales are absent."""
    keys = [period_start(daily_sales.c.sale_date, grain).label("period"), *_split_column(split)]
    stmt = _filtered_days(f, *keys).group_by(*keys).order_by(*keys)
    frame = read_frame(conn, stmt, money=_MONEY, integers=_COUNTS, dates=("period",))
    if not with_orders:
        return frame
    orders = _order_counts(conn, f, grain, split)
    names = [key.name for key in keys]
    return frame.merge(orders, on=names, how="left").fillna({"orders": 0}).astype({"orders": "int64"})


def product_sales(conn: Connection, f: Filters) -> pd.DataFrame:
    """Every active product of the selection with its sales, zero sellers included.

    Columns: sku, name, category, revenue, units, cost, margin,
    costed_revenue; cost and margin empty for a product without a unit cost
    (unknown, not zero); by revenue, largest first, then sku. Active: launched on or before the end and not
    discontinued before the start. One read serves a page's best and worst
    sellers and each category's list: the sums over the days cost the same
    for ten products as for all of them.
    """
    per_product = _filtered_days(f, daily_sales.c.product_id).group_by(daily_sales.c.product_id).subquery("per_product")
    measures = {
        name: sa.func.coalesce(per_product.c[name], 0).label(name)
        for name in ("revenue", "units", "cost", "margin", "costed_revenue")
    }
    for unknown_without_cost in ("cost", "margin"):
        measures[unknown_without_cost] = sa.case(
            (products.c.unit_cost.is_not(None), measures[unknown_without_cost])
        ).label(unknown_without_cost)
    product_terms = []
    if f.categories:
        product_terms.append(products.c.category.in_(f.categories))
    if f.skus:
        product_terms.append(products.c.sku.in_(f.skus))
    stmt = (
        sa.select(products.c.sku, products.c.name, products.c.category, *measures.values())
        .select_from(products.outerjoin(per_product, per_product.c.product_id == products.c.product_id))
        .where(
            *product_terms,
            sa.or_(products.c.launched_on.is_(None), products.c.launched_on <= f.end),
            sa.or_(products.c.discontinued_on.is_(None), products.c.discontinued_on >= f.start),
        )
        .order_by(measures["revenue"].desc(), products.c.sku)
    )
    return read_frame(conn, stmt, money=_MONEY, integers=_COUNTS)


def revenue_by_product(conn: Connection, f: Filters) -> pd.DataFrame:
    """product_id, revenue: net revenue per product of the selection over its dates (products that sold)."""
    stmt = (
        sa.select(daily_sales.c.product_id, sa.func.sum(daily_sales.c.revenue).label("revenue"))
        .select_from(_DAYS_WITH_DIMENSIONS)
        .where(date_condition(daily_sales.c.sale_date, f), dimension_conditions(f))
        .group_by(daily_sales.c.product_id)
        .order_by(daily_sales.c.product_id)
    )
    return read_frame(conn, stmt, money=("revenue",), integers=("product_id",))
