"""How far the data reaches: its date span, its warehouses and its categories,
which is what the sidebar filters can offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.schema import inventory_snapshots, order_lines, products, warehouses


@dataclass(frozen=True)
class DataSpan:
    """First and last days with sales and with stock snapshots (None when empty)."""

    first_sale: date | None
    last_sale: date | None
    first_snapshot: date | None
    last_snapshot: date | None

    @property
    def is_empty(self) -> bool:
        return self.last_sale is None and self.last_snapshot is None

    @property
    def last_day(self) -> date | None:
        """The latest day with sales, else with stock: where default ranges end."""
        return self.last_sale or self.last_snapshot


def _as_date(value) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def data_span(conn: Connection) -> DataSpan:
    bounds = [
        sa.select(bound(column)).scalar_subquery()
        for column in (order_lines.c.order_date, inventory_snapshots.c.snapshot_date)
        for bound in (sa.func.min, sa.func.max)
    ]
    return DataSpan(*(_as_date(v) for v in conn.execute(sa.select(*bounds)).one()))


class Warehouse(NamedTuple):
    code: str
    name: str
    region: str | None
    capacity_units: int | None


def warehouse_list(conn: Connection) -> tuple[Warehouse, ...]:
    """Every warehouse, by code: a handful of rows, so plain tuples (a DataFrame costs more than the query)."""
    stmt = sa.select(*(warehouses.c[name] for name in Warehouse._fields)).order_by(warehouses.c.code)
    return tuple(Warehouse(*row) for row in conn.execute(stmt))


def category_list(conn: Connection) -> list[str]:
    stmt = sa.select(products.c.category).distinct().order_by(products.c.category)
    return list(conn.execute(stmt).scalars())


@dataclass(frozen=True)
class DataExtent:
    """Everything the sidebar offers, read in one go: every page needs all of it."""

    span: DataSpan
    warehouses: tuple[Warehouse, ...]
    categories: tuple[str, ...]


def data_extent(conn: Connection) -> DataExtent:
    return DataExtent(data_span(conn), warehouse_list(conn), tuple(category_list(conn)))
