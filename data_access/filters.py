"""The one filter value object that travels from the sidebar to the SQL.

Frozen and made of tuples, so it is hashable: Streamlit's cache keys on it.
An empty tuple means "no restriction" (all warehouses, all categories).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, FromClause, Join, and_, true

from data_access.schema import products, warehouses


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    warehouses: tuple[str, ...] = ()  # warehouse codes
    categories: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"Filter start {self.start} is after its end {self.end}.")
        for name in ("warehouses", "categories", "skus"):
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))

    @property
    def names_dimensions(self) -> bool:
        """Whether the selection is narrowed by warehouse, category or SKU."""
        return bool(self.warehouses or self.categories or self.skus)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def with_dates(self, start: date, end: date) -> "Filters":
        return replace(self, start=start, end=end)

    def within(self, allowed: tuple[str, ...] | None) -> "Filters":
        """The selection cut to the warehouses a user may see (None: every one).
        Others are dropped, and an empty selection becomes all the allowed ones,
        so the SQL never reads another warehouse's rows."""
        if allowed is None:
            return self
        if not allowed:
            raise ValueError("A warehouse scope must name at least one warehouse.")
        return replace(self, warehouses=tuple(w for w in self.warehouses if w in allowed) or allowed)


def with_dimensions(facts: FromClause) -> Join:
    """`facts` joined to the products and warehouses that `dimension_conditions` filter on."""
    return facts.join(products, facts.c.product_id == products.c.product_id).join(
        warehouses, facts.c.warehouse_id == warehouses.c.warehouse_id
    )


def same_position(one: FromClause, other: FromClause) -> ColumnElement[bool]:
    """The join condition of two tables or subqueries keyed by product_id and warehouse_id."""
    return and_(one.c.product_id == other.c.product_id, one.c.warehouse_id == other.c.warehouse_id)


def dimension_conditions(f: Filters) -> ColumnElement[bool]:
    """WHERE terms on the product and warehouse dimensions (joined by the caller)."""
    terms = []
    if f.warehouses:
        terms.append(warehouses.c.code.in_(f.warehouses))
    if f.categories:
        terms.append(products.c.category.in_(f.categories))
    if f.skus:
        terms.append(products.c.sku.in_(f.skus))
    return and_(true(), *terms)


def date_condition(column, f: Filters) -> ColumnElement[bool]:
    return column.between(f.start, f.end)
