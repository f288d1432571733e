"""Helpers for the importer tests: a reference file and the rows it must
give, files written into tmp_path, imports run in-process or as the real
command, and full dumps of a database to prove it unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from data_access import sales as sales_queries
from data_access.config import PROJECT_ROOT
from data_access.engine import make_engine
from data_access.filters import Filters
from data_access.importer import ImportPlan, ImportReport, guess_mapping, plan_import, read_bytes, run_import
from data_access.schema import (
    GROUND_TRUTH_TABLES,
    SETTINGS_TABLES,
    SUMMARY_TABLES,
    TABLES_IN_LOAD_ORDER,
    current_stock,
    daily_sales,
    inventory_snapshots,
    order_lines,
    products,
    warehouses,
)

SURROGATE_IDS = {"order_lines": "line_id", "purchase_orders": "po_id"}


SALES_AND_STOCK = """\
Date,Order,Store,SKU,Product,Category,Qty,Price,Discount,Stock
2025-03-01,SO-1,BER,A-1,Hose,Garden,2,10.00,20%,40
2025-03-01,SO-1,BER,B-2,Book,,1,5.00,0.1,7
2025-03-01,,MAD,A-1,Hose,Garden,-1,10.00,,3
2025-03-02,,MAD,A-1,Hose,Garden,0,10.00,,2
"""
EXPECTED_SALES = [
    ("AUTO-MAD-20250301", "2025-03-01", "A-1", "MAD", -1, 10.0, -10.0),
    ("SO-1", "2025-03-01", "A-1", "BER", 2, 10.0, 16.0),
    ("SO-1", "2025-03-01", "B-2", "BER", 1, 5.0, 4.5),
]
EXPECTED_STOCK = [
    ("2025-03-01", "A-1", "BER", 40),
    ("2025-03-01", "A-1", "MAD", 3),
    ("2025-03-01", "B-2", "BER", 7),
    ("2025-03-02", "A-1", "MAD", 2),
]


def rows(url: str, statement: sa.Select) -> list[tuple]:
    """The statement's rows, comparable across backends."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return plain_rows(conn.execute(statement))
    finally:
        engine.dispose()


def sales(url: str) -> list[tuple]:
    lines = order_lines.join(products).join(warehouses)
    return rows(
        url,
        sa.select(
            order_lines.c.order_id,
            order_lines.c.order_date,
            products.c.sku,
            warehouses.c.code,
            order_lines.c.quantity,
            order_lines.c.unit_price,
            order_lines.c.net_revenue,
        ).select_from(lines),
    )


def stock(url: str) -> list[tuple]:
    levels = inventory_snapshots.join(products).join(warehouses)
    return rows(
        url,
        sa.select(
            inventory_snapshots.c.snapshot_date, products.c.sku, warehouses.c.code, inventory_snapshots.c.on_hand
        ).select_from(levels),
    )


def product_rows(url: str) -> list[tuple]:
    return rows(
        url,
        sa.select(
            products.c.sku,
            products.c.name,
            products.c.category,
            products.c.unit_cost,
            products.c.list_price,
            products.c.supplier,
            products.c.lead_time_days,
        ),
    )


def pack_terms(url: str) -> list[tuple]:
    return rows(url, sa.select(products.c.sku, products.c.pack_size, products.c.min_order_qty))


def warehouse_rows(url: str) -> list[tuple]:
    return rows(url, sa.select(warehouses.c.code, warehouses.c.name, warehouses.c.region, warehouses.c.capacity_units))


def write_file(directory: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = directory / name
    path.write_bytes(text.encode(encoding))
    return path


def plan_text(
    text: str,
    name: str = "data.csv",
    mapping: dict[str, str] | None = None,
    date_format: str | None = None,
    encoding: str = "utf-8",
) -> ImportPlan:
    table = read_bytes(name, text.encode(encoding))
    return plan_import(table, mapping if mapping is not None else guess_mapping(table.headers), date_format)


def import_text(url: str, text: str, **options) -> ImportReport:
    """Plan `text` with the guessed mapping and import it into `url`."""
    plan_options = {k: options.pop(k) for k in ("name", "mapping", "date_format") if k in options}
    engine = make_engine(url)
    try:
        return run_import(engine, [plan_text(text, **plan_options)], **options)
    finally:
        engine.dispose()


def summaries_agree(url: str) -> bool:
    """Whether the sales summaries hold exactly the sums and order counts of
    the order lines (all warehouses, and each one), and the current stock each
    position's latest snapshot and latest positive sale."""
    return _daily_sums_agree(url) and _order_counts_agree(url) and _current_stock_agrees(url)


def _current_stock_agrees(url: str) -> bool:
    """Picked in Python from the raw snapshot and order-line rows."""
    pair = (inventory_snapshots.c.product_id, inventory_snapshots.c.warehouse_id)
    days = {}
    for day, product, warehouse, on_hand in rows(url, sa.select(inventory_snapshots.c.snapshot_date, *pair,
                                                                 inventory_snapshots.c.on_hand)):
        days.setdefault((product, warehouse), []).append((day, on_hand))
    sold = {}
    positive = sa.select(order_lines.c.order_date, order_lines.c.product_id, order_lines.c.warehouse_id)
    for day, product, warehouse in rows(url, positive.where(order_lines.c.quantity > 0)):
        sold[product, warehouse] = max(sold.get((product, warehouse), day), day)
    expected = sorted((*key, *max(counts), sold.get(key), min(counts)[0]) for key, counts in days.items())
    return rows(url, sa.select(current_stock).order_by(*current_stock.primary_key.columns)) == expected


def _order_counts_agree(url: str) -> bool:
    lines = rows(
        url,
        sa.select(order_lines.c.order_id, order_lines.c.order_date, warehouses.c.code).select_from(
            order_lines.join(warehouses)
        ),
    )
    if not lines:
        return True
    days = [line[1] for line in lines]
    everything = Filters(date.fromisoformat(min(days)), date.fromisoformat(max(days)))
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            for code in [None, *sorted({line[2] for line in lines})]:
                f = everything if code is None else Filters(everything.start, everything.end, warehouses=(code,))
                expected = len({line[0] for line in lines if code in (None, line[2])})
                if sales_queries.sales_totals(conn, f)["orders"] != expected:
                    return False
    finally:
        engine.dispose()
    return True


def _daily_sums_agree(url: str) -> bool:
    keys = (order_lines.c.order_date, order_lines.c.product_id, order_lines.c.warehouse_id)
    from_lines = sa.select(
        *keys,
        sa.func.sum(order_lines.c.quantity),
        sa.func.sum(sa.case((order_lines.c.quantity > 0, order_lines.c.quantity), else_=0)),
        sa.func.sum(order_lines.c.net_revenue),
    ).group_by(*keys)
    summary = sa.select(
        daily_sales.c.sale_date, daily_sales.c.product_id, daily_sales.c.warehouse_id,
        daily_sales.c.units, daily_sales.c.sold_units, daily_sales.c.revenue,
    )  # fmt: skip
    return sorted(rows(url, from_lines)) == sorted(rows(url, summary))


def dump(url: str, *, without_ids: bool = False) -> dict[str, list[tuple] | None]:
    """Every row of every table (None for a missing table), sorted. With
    `without_ids`, the fact tables' surrogate ids are left out."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            tables = {}
            for table in (*TABLES_IN_LOAD_ORDER, *SUMMARY_TABLES, *GROUND_TRUTH_TABLES, *SETTINGS_TABLES):
                if not inspector.has_table(table.name):
                    tables[table.name] = None
                    continue
                columns = [c for c in table.columns if not (without_ids and c.name == SURROGATE_IDS.get(table.name))]
                fetched = conn.execute(sa.select(*columns)).fetchall()
                tables[table.name] = plain_rows(fetched)
            return tables
    finally:
        engine.dispose()


def plain_rows(rows) -> list[tuple]:
    """Rows as comparable tuples, sorted."""
    return sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)


def _plain(value: object) -> object:
    """Numbers as floats rounded to cents, dates as ISO text: backends compare equal."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return round(float(value), 2)
    if isinstance(value, (date, datetime)):
        return str(value)[:10]
    return value


def cli_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "data_access.importer", *map(str, args)]


def cli_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment, with the project importable from any directory."""
    python_path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": python_path, **(extra or {})}


def run_cli(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command in a child process, as a user runs it."""
    return subprocess.run(
        cli_command(*args), capture_output=True, text=True, cwd=PROJECT_ROOT, env=cli_environment(env), timeout=timeout
    )
