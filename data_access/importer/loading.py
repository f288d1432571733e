"""Write checked files to the database: one transaction for the whole
import, so a failure, a crash or a killed process leaves it as it was.

`mode="append"` merges by natural keys (see `facts` for the rule) and can be
repeated safely; `mode="replace"` empties every table first, in the same
transaction, after keeping a copy of a file database (`importer.backup`).
By default a file with any rejected row imports nothing; `allow_partial`
imports the valid rows and leaves the rejects to the report. Every file
imported is recorded in the import audit (`data_access.import_audit`).

The simulator's ground truth (`data_access.ground_truth`) claims to know the
demand behind every sale and how every purchase order's lead time was drawn.
Imported sales, stock levels or purchase orders, on simulated days or any
others, make that claim false somewhere (a stockout that never was, demand
below sales, a day read as "no demand"), and no reader could tell where: so
such an import removes the truth, in its transaction. Product and warehouse
files (names, costs, pack sizes ...) leave it.

The shop's currency is stored with its data (`data_access.shop_settings`),
in the import's transaction: a `currency` given with an import is stored when
the database has none, or when the import replaces everything. A database
with rows in another currency refuses it: amounts are never converted, and
one shop's amounts in two currencies would add up to nonsense.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import bulk
from data_access.current_stock import refresh_current_stock
from data_access.engine import transaction
from data_access.ground_truth import has_ground_truth
from data_access.import_audit import LOCAL_USER, record_imports
from data_access.importer.backup import keep_copy_before_replace
from data_access.importer.dimensions import DEFAULT_WAREHOUSE, PRODUCTS, WAREHOUSES, Dimension, Upserted, upsert
from data_access.importer.errors import FileProblem, OptionProblem
from data_access.importer.facts import (
    PURCHASE_ORDER_KEY,
    SALES_KEY,
    STOCK_KEY,
    purchase_order_rows,
    sales_lines,
    stock_levels,
)
from data_access.importer.merging import replace_by_key
from data_access.importer.parsing import map_unique
from data_access.importer.planning import ImportPlan
from data_access.importer.shapes import Shape
from data_access.migrations import prepare_schema
from data_access.sales_summary import refresh_sales_summary
from data_access.schema import TABLES_IN_LOAD_ORDER, inventory_snapshots, order_lines, products, purchase_orders
from data_access.shop_settings import CURRENCY, check_currency, read_settings, write_settings
from data_access.suppliers import register_suppliers

Mode = Literal["append", "replace"]
Progress = Callable[[float, str], None]


def _no_progress(fraction: float, message: str) -> None:
    """The default progress callback: report nothing."""


@dataclass
class ImportReport:
    plans: tuple[ImportPlan, ...]
    dry_run: bool = False
    written: Counter = field(default_factory=Counter)  # table -> rows inserted
    created: Counter = field(default_factory=Counter)  # "products"/"warehouses" -> new rows
    updated: Counter = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)  # table -> rows after the import
    ground_truth_removed: bool = False  # the simulator's truth no longer held, see the module docstring
    currency: str | None = None  # the shop's stored currency after the import; None: none stored
    backup: Path | None = None  # where a replace kept the previous database file (file databases)

    @property
    def rows_read(self) -> int:
        return sum(plan.rows_read for plan in self.plans)

    @property
    def rows_rejected(self) -> int:
        return sum(len(plan.rejected_rows) for plan in self.plans)

    @property
    def rows_imported(self) -> int:
        return sum(len(plan.accepted) for plan in self.plans)

    @property
    def date_span(self) -> tuple[date, date] | None:
        spans = [plan.date_span for plan in self.plans if plan.date_span]
        return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def refuse_rejects(plans: Sequence[ImportPlan]) -> None:
    rejected = sum(len(plan.rejected_rows) for plan in plans)
    if rejected:
        raise FileProblem(
            f"{rejected} row(s) failed validation, so nothing was imported. Fix them (see the rejects), or "
            "import only the valid rows (--allow-partial, or the checkbox on the Data page)."
        )


def run_import(
    engine: Engine,
    plans: Sequence[ImportPlan],
    *,
    mode: Mode = "append",
    allow_partial: bool = False,
    dry_run: bool = False,
    progress: Progress = _no_progress,
    currency: str | None = None,
    who: str = LOCAL_USER,
) -> ImportReport:
    """Import the accepted rows of every plan in one transaction (rolled back
    at the end when `dry_run`, to report exactly what would change), storing
    `currency` as the shop's (see the module docstring), and recording each
    file in the import audit as imported by `who`. The schema is
    prepared before: a file database is migrated, even for a dry run, and a
    server database must be at the newest revision (SchemaOutdatedError)."""
    if currency is not None:
        try:
            currency = check_currency(currency)
        except ValueError as problem:
            raise OptionProblem(str(problem)) from None
    if not allow_partial:
        refuse_rejects(plans)
    report = ImportReport(tuple(plans), dry_run)
    for plan in plans:  # nothing is lost: every row read is imported or rejected (checked even under -O)
        if plan.rows_read != len(plan.accepted) + len(plan.rejected_rows):
            raise AssertionError(f"{plan.table.file_name}: rows read != rows imported + rows rejected")
    prepare_schema(engine)
    if mode == "replace" and not dry_run:
        progress(0.0, "Keeping a copy of the database")
        report.backup = keep_copy_before_replace(engine)
    with transaction(engine) as conn:
        report.currency = _store_currency(conn, currency, mode)
        if mode == "replace":
            progress(0.0, "Emptying the database")
            bulk.delete_all_rows(conn)
        elif _changes_activity(plans) and has_ground_truth(conn):
            bulk.delete_ground_truth(conn)
            report.ground_truth_removed = True
        for number, plan in enumerate(plans):
            _load_plan(conn, plan, report, _part(progress, number, len(plans), plan.table.file_name))
        record_imports(conn, plans, who=who, mode=mode)
        register_suppliers(conn)  # a new name creates a supplier
        if any(plan.shape is Shape.ACTIVITY and len(plan.accepted) for plan in plans):
            refresh_current_stock(conn)  # after the sales summary it reads
        report.totals = _row_counts(conn)
        if dry_run:
            conn.get_transaction().rollback()
    progress(1.0, "Done")
    return report


def _store_currency(conn: Connection, currency: str | None, mode: Mode) -> str | None:
    """Store `currency` unless the database holds rows in another one; the shop's currency after that."""
    stored = read_settings(conn).get(CURRENCY)
    if currency is None or currency == stored:
        return stored
    if stored and mode == "append" and conn.execute(sa.select(products.c.product_id).limit(1)).first():
        raise OptionProblem(
            f"The database's amounts are in {stored}, not {currency}: amounts are never converted. Import the "
            f"file in {stored}, or replace all data (--mode replace) to start over in {currency}. To only show "
            "amounts in another currency, set INVENTORY_CURRENCY."
        )
    write_settings(conn, {CURRENCY: currency})
    return currency


def _changes_activity(plans: Sequence[ImportPlan]) -> bool:
    """Whether the import writes sales lines, stock levels or purchase orders."""
    return any(plan.shape in (Shape.ACTIVITY, Shape.PURCHASE_ORDERS) and len(plan.accepted) for plan in plans)


def _part(progress: Progress, number: int, count: int, name: str) -> Progress:
    """A callback for one file's share of the overall bar."""
    return lambda fraction, message: progress((number + fraction) / count, f"{name}: {message}")


def _load_plan(conn: Connection, plan: ImportPlan, report: ImportReport, progress: Progress) -> None:
    rows = plan.accepted
    if plan.shape is not Shape.PRODUCTS:
        progress(0.05, "warehouses")
        codes = (
            rows["warehouse"] if "warehouse" in rows else pd.Series(DEFAULT_WAREHOUSE, index=rows.index, dtype="str")
        )
        warehouses = _upsert(conn, WAREHOUSES, rows.assign(key=codes), report)
        rows = rows.assign(warehouse_code=codes, warehouse_id=_ids_of(codes, warehouses))
    if plan.shape is not Shape.WAREHOUSES:
        progress(0.15, "products")
        product_fields = rows.assign(key=rows["sku"])
        if plan.shape is Shape.PRODUCTS and "unit_price" in rows:
            product_fields["list_price"] = rows["unit_price"]  # a product list's price is its list price
        products = _upsert(conn, PRODUCTS, product_fields, report)
        rows = rows.assign(product_id=_ids_of(rows["sku"], products))
    if plan.shape is Shape.ACTIVITY:
        list_prices = products.attributes.set_index("product_id")["list_price"]
        progress(0.3, "sales lines")
        lines = sales_lines(rows, list_prices)
        _write(conn, report, order_lines, lines[lines["quantity"].ne(0)], SALES_KEY, named=lines)
        if not lines.empty:
            refresh_sales_summary(conn, lines["order_date"].min().date(), lines["order_date"].max().date())
        progress(0.65, "stock levels")
        _write(conn, report, inventory_snapshots, stock_levels(rows), STOCK_KEY)
    if plan.shape is Shape.PURCHASE_ORDERS:
        progress(0.3, "purchase orders")
        _write(conn, report, purchase_orders, purchase_order_rows(rows), PURCHASE_ORDER_KEY)
    progress(1.0, "written")


def _ids_of(keys: pd.Series, dimension: Upserted) -> pd.Series:
    return map_unique(keys, lambda unique: unique.map(dimension.ids)).astype("int64")


def _upsert(conn: Connection, dimension: Dimension, rows: pd.DataFrame, report: ImportReport) -> Upserted:
    result = upsert(conn, dimension, rows)
    report.created[dimension.table.name] += result.created
    report.updated[dimension.table.name] += result.updated
    return result


def _write(
    conn: Connection,
    report: ImportReport,
    table: sa.Table,
    frame: pd.DataFrame,
    key: tuple[str, ...],
    named: pd.DataFrame | None = None,
) -> None:
    report.written[table.name] += replace_by_key(conn, table, frame, key, named_keys=named)


def _row_counts(conn: Connection) -> dict[str, int]:
    return {
        table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        for table in TABLES_IN_LOAD_ORDER
    }
