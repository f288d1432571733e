"""Sales aggregates, computed by the database.

Every function takes a connection and a `Filters`, pushes all filters into the
WHERE clause and returns a small DataFrame. Shared measures:

- revenue: sum of net revenue (after discount; returns are negative)
- units:   net units (returns subtract)
- orders:  distinct order ids
- cost:    units x the product's unit cost (products without a cost add 0)
- margin:  revenue - cost
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, date_condition, dimension_conditions
from data_access.frames import read_frame
from data_access.periods import Grain, period_start
from data_access.schema import order_lines, products, warehouses

Split = Literal["category", "warehouse"] | None

_MONEY = ("revenue", "cost", "margin")
_COUNTS = ("units", "orders")


def _measures() -> list[sa.ColumnElement]:
    revenue = sa.func.coalesce(sa.func.sum(order_lines.c.net_revenue), 0)
    cost = sa.func.coalesce(sa.func.sum(order_lines.c.quantity * products.c.unit_cost), 0)
    return [
        revenue.label("revenue"),
        sa.func.coalesce(sa.func.sum(order_lines.c.quantity), 0).label("units"),
        sa.func.count(sa.distinct(order_lines.c.order_id)).label("orders"),
        cost.label("cost"),
        (revenue - cost).label("margin"),
    ]


def _filtered_lines(f: Filters, *columns) -> sa.Select:
    joined = order_lines.join(products, order_lines.c.product_id == products.c.product_id).join(
        warehouses, order_lines.c.warehouse_id == warehouses.c.warehouse_id
    )
    return (
        sa.select(*columns, *_measures())
        .select_from(joined)
        .where(date_condition(order_lines.c.order_date, f), dimension_conditions(f))
    )


def _split_column(split: Split) -> list[sa.ColumnElement]:
    if split is None:
        return []
    if split == "category":
        return [products.c.category.label("category")]
    if split == "warehouse":
        return [warehouses.c.code.label("warehouse")]
    raise ValueError(f"Unknown split {split!r}; use 'category', 'warehouse' or None.")


def sales_totals(conn: Connection, f: Filters) -> pd.Series:
    """One row of measures for the whole selection."""
    return read_frame(conn, _filtered_lines(f), money=_MONEY, integers=_COUNTS).iloc[0]


def sales_by_category(conn: Connection, f: Filters) -> pd.DataFrame:
    """Columns: category, revenue, units, orders, cost, margin; by revenue, largest first."""
    stmt = _filtered_lines(f, products.c.category).group_by(products.c.category).order_by(
        sa.desc("revenue"), products.c.category
    )
    return read_frame(conn, stmt, money=_MONEY, integers=_COUNTS)


def sales_by_warehouse(conn: Connection, f: Filters) -> pd.DataFrame:
    """Columns: warehouse, revenue, units, orders, cost, margin; by warehouse code."""
    stmt = _filtered_lines(f, warehouses.c.code.label("warehouse")).group_by(warehouses.c.code).order_by(
        warehouses.c.code
    )
    return read_frame(conn, stmt, money=_MONEY, integers=_COUNTS)


def sales_by_period(conn: Connection, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame:
    """Columns: period (first day of the bucket), [category | warehouse], revenue,
    units, orders, cost, margin; in period order. Buckets without sales are absent."""
    period = period_start(order_lines.c.order_date, grain)
    keys = [period.label("period"), *_split_column(split)]
    stmt = _filtered_lines(f, *keys).group_by(*keys).order_by(*keys)
    return read_frame(conn, stmt, money=_MONEY, integers=_COUNTS, dates=("period",))


def product_sales(
    conn: Connection, f: Filters, *, limit: int | None = None, worst_first: bool = False
) -> pd.DataFrame:
    """Every active product of the selection with its sales, zero sellers included.

    Columns: sku, name, category, revenue, units, orders, cost, margin. Ordered
    by revenue (largest first, or smallest with `worst_first`), then sku.
    Active: launched on or before the end and not discontinued before the start.
    """
    per_product = (
        _filtered_lines(f, order_lines.c.product_id).group_by(order_lines.c.product_id).subquery("per_product")
    )
    measures = {
        name: sa.func.coalesce(per_product.c[name], 0).label(name) for name in ("revenue", "units", "orders", "cost", "margin")
    }
    product_terms = []
    if f.categories:
        product_terms.append(products.c.category.in_(f.categories))
    if f.skus:
        product_terms.append(products.c.sku.in_(f.skus))
    revenue_order = measures["revenue"].asc() if worst_first else measures["revenue"].desc()
    stmt = (
        sa.select(products.c.sku, products.c.name, products.c.category, *measures.values())
        .select_from(products.outerjoin(per_product, per_product.c.product_id == products.c.product_id))
        .where(
            *product_terms,
            sa.or_(products.c.launched_on.is_(None), products.c.launched_on <= f.end),
            sa.or_(products.c.discontinued_on.is_(None), products.c.discontinued_on >= f.start),
        )
        .order_by(revenue_order, products.c.sku)
        .limit(limit)
    )
    return read_frame(conn, stmt, money=_MONEY, integers=_COUNTS)
