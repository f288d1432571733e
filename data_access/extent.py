"""How far the data reaches: its date span, its warehouses and its categories,
which is what the sidebar filters can offer. A warehouse `scope` (the codes a
signed-in user may see, None: every one) limits the span and the warehouses
to those, so a scoped user learns nothing of the others' dates."""

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


Scope = tuple[str, ...] | None


def data_span(conn: Connection, scope: Scope = None) -> DataSpan:
    """The first and last days of sales and of snapshots, in the `scope`'s warehouses."""
    in_scope = sa.select(warehouses.c.warehouse_id).where(warehouses.c.code.in_(scope or ()))
    bounds = [
        sa.select(bound(column))
        .where(sa.true() if scope is None else table.c.warehouse_id.in_(in_scope))
        .scalar_subquery()
        for table, column in ((order_lines, order_lines.c.order_date),
                              (inventory_snapshots, inventory_snapshots.c.snapshot_date))
        for bound in (sa.func.min, sa.func.max)
    ]  # fmt: skip
    return DataSpan(*(_as_date(v) for v in conn.execute(sa.select(*bounds)).one()))


class Warehouse(NamedTuple):
    code: str
    name: str
    region: str | None
    capacity_units: int | None


def warehouse_list(conn: Connection, scope: Scope = None) -> tuple[Warehouse, ...]:
    """The `scope`'s warehouses, by code: a handful of rows, so plain tuples (a DataFrame costs more than the query)."""
    stmt = sa.select(*(warehouses.c[name] for name in Warehouse._fields)).order_by(warehouses.c.code)
    if scope is not None:
        stmt = stmt.where(warehouses.c.code.in_(scope))
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


def data_extent(conn: Connection, scope: Scope = None) -> DataExtent:
    """Categories are the catalogue's, shared by every warehouse: a scope leaves them whole."""
    return DataExtent(data_span(conn, scope), warehouse_list(conn, scope), tuple(category_list(conn)))
