"""Warehouses and products named by a file: new codes and SKUs get new ids,
known ones keep theirs, and attributes the file gives update them.

Within a file the last non-blank value of an attribute wins (exports list
the newest data last); a blank cell never erases what the database knows.
A new product without a category goes to "Uncategorized"; a file without a
warehouse column puts everything in one default warehouse, "MAIN".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import bulk
from data_access.schema import products, warehouses

DEFAULT_WAREHOUSE = "MAIN"
UNCATEGORIZED = "Uncategorized"


@dataclass(frozen=True)
class Dimension:
    """How a file's fields fill one dimension table."""

    table: sa.Table
    key: str  # the natural key column: code or sku
    attributes: dict[str, str]  # table column -> field
    defaults: dict[str, object]  # for new rows; "key" means the key's value

    @property
    def id_column(self) -> str:
        (column,) = self.table.primary_key.columns
        return column.name


WAREHOUSES = Dimension(
    warehouses,
    "code",
    {"name": "warehouse_name", "region": "region", "capacity_units": "capacity_units"},
    {"name": "key", "region": "Unknown"},
)
PRODUCTS = Dimension(
    products,
    "sku",
    {
        "name": "product_name",
        "category": "category",
        "unit_cost": "unit_cost",
        "supplier": "supplier",
        "lead_time_days": "lead_time_days",
        "list_price": "list_price",
        "pack_size": "pack_size",
        "min_order_qty": "min_order_qty",
    },
    {"name": "key", "category": UNCATEGORIZED},
)
_INTEGER_COLUMNS = ("capacity_units", "lead_time_days", "pack_size", "min_order_qty")
_MONEY_COLUMNS = ("unit_cost", "list_price")


@dataclass(frozen=True)
class Upserted:
    ids: pd.Series  # natural key -> id
    attributes: pd.DataFrame  # every touched row's attributes after the write, by key
    created: int
    updated: int


def upsert(conn: Connection, dimension: Dimension, rows: pd.DataFrame) -> Upserted:
    """`rows` holds a `key` column and fields; returns the ids of every key."""
    columns = {column: field for column, field in dimension.attributes.items() if field in rows}
    incoming = _latest_values(rows, columns)
    existing = _existing(conn, dimension, incoming.index)
    known = incoming.index.isin(existing.index)
    created = _insert_new(conn, dimension, incoming[~known])
    merged_known = incoming[known].combine_first(existing.loc[incoming.index[known], list(columns)])
    updated = _update_changed(conn, dimension, merged_known, existing)
    everything = pd.concat([existing.loc[incoming.index[known]].assign(**merged_known), created])
    return Upserted(everything[dimension.id_column], everything, len(created), updated)


def _latest_values(rows: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """One row per key: the last non-blank value of each attribute, as table columns."""
    if not columns:
        return pd.DataFrame(index=pd.Index(rows["key"].unique(), name="key"))
    latest = rows.groupby("key", sort=False)[list(columns.values())].last()
    return _as_table_types(latest.rename(columns={field: column for column, field in columns.items()}))


def _as_table_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Integers as nullable Int64 (COPY must not see 3.0), money to cents."""
    typed = frame.copy()
    for column in typed:
        if column in _INTEGER_COLUMNS:
            typed[column] = pd.to_numeric(typed[column]).round().astype("Int64")
        elif column in _MONEY_COLUMNS:
            typed[column] = pd.to_numeric(typed[column]).astype("float64").round(2)
    return typed


def _existing(conn: Connection, dimension: Dimension, keys: pd.Index) -> pd.DataFrame:
    """The dimension's rows whose key is among `keys` (all rows: dimensions are small)."""
    table = dimension.table
    result = conn.execute(sa.select(table))
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    frame = _as_table_types(frame.set_index(dimension.key))
    return frame[frame.index.isin(keys)]


def _insert_new(conn: Connection, dimension: Dimension, new: pd.DataFrame) -> pd.DataFrame:
    if not len(new):  # (a frame of keys without attributes is .empty)
        return new.assign(**{dimension.id_column: pd.Series(dtype="int64")})
    new = new.copy()
    for column, default in dimension.defaults.items():
        fallback = pd.Series(new.index, index=new.index) if default == "key" else default
        new[column] = new[column].fillna(fallback) if column in new else fallback
    first = bulk.next_id(conn, dimension.table)
    new[dimension.id_column] = np.arange(first, first + len(new))
    bulk.insert_frame(conn, dimension.table, new.rename_axis(dimension.key).reset_index())
    return new


def _update_changed(conn: Connection, dimension: Dimension, merged: pd.DataFrame, existing: pd.DataFrame) -> int:
    """UPDATE the rows whose attributes differ, with bound parameters."""
    if not len(merged) or merged.columns.empty:
        return 0
    before = existing.loc[merged.index, merged.columns]
    changed = (merged.ne(before) & ~(merged.isna() & before.isna())).any(axis=1)
    if not changed.any():
        return 0
    table = dimension.table
    id_column = table.c[dimension.id_column]
    statement = (
        table.update()
        .where(id_column == sa.bindparam("_id"))
        .values({column: sa.bindparam(f"_{column}") for column in merged.columns})
    )
    rows = merged[changed].rename(columns=lambda c: f"_{c}")
    rows["_id"] = existing.loc[rows.index, dimension.id_column]
    records = rows.astype(object).where(rows.notna(), None).to_dict("records")
    conn.execute(statement, records)
    return int(changed.sum())
