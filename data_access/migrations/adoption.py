"""Adopting a database made before migrations existed: it has the tables but
no `alembic_version`, so it is stamped at the revision its tables equal and
then upgraded, in the same transaction.

Versions before migrations created missing tables (`metadata.create_all`) but
never added columns, so such a database holds one of these layouts:
- the baseline (0001), possibly without the sales summaries if it predates
  them: the summaries are derived, so they are created here and filled from
  the order lines after the upgrade (`Adoption.fills_summaries`);
- the baseline plus the ground-truth tables, empty, made when a baseline
  database was opened by the last version before migrations: they are
  dropped, and 0002 creates them again with the columns it adds to products;
- the ground-truth schema (0002) complete.
Anything else lacks parts the revisions need and is refused with a message
that names them; nothing is changed then.

Columns are probed with `SELECT * ... WHERE 1 = 0` rather than by selecting
the expected ones: a failing statement would abort the transaction on
PostgreSQL and DuckDB, and the result's keys name every missing column.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from data_access.config import redact_url
from data_access.engine import DatabaseUnavailableError

BASELINE = "0001_baseline"
GROUND_TRUTH = "0002_ground_truth"

CORE_TABLES = {
    "warehouses": ("warehouse_id", "code", "name", "region", "capacity_units"),
    "products": (
        "product_id", "sku", "name", "category", "unit_cost", "list_price", "supplier", "lead_time_days",
        "launched_on", "discontinued_on",
    ),
    "order_lines": (
        "line_id", "order_id", "order_date", "product_id", "warehouse_id", "quantity", "unit_price", "net_revenue",
    ),
    "inventory_snapshots": ("snapshot_date", "product_id", "warehouse_id", "on_hand"),
    "purchase_orders": (
        "po_id", "supplier", "product_id", "warehouse_id", "ordered_on", "expected_on", "received_on", "quantity",
    ),
}  # fmt: skip
SUMMARY_TABLES = {
    "daily_sales": ("sale_date", "product_id", "warehouse_id", "units", "sold_units", "revenue"),
    "daily_orders": ("sale_date", "warehouse_id", "orders"),
    "spanning_orders": ("order_id", "sale_date", "warehouse_id"),
}
GROUND_TRUTH_COLUMNS = {"products": ("pack_size", "min_order_qty")}
GROUND_TRUTH_TABLES = {
    "sim_true_demand": ("demand_date", "product_id", "warehouse_id", "units"),
    "sim_lead_time_behaviour": (
        "supplier", "product_id", "nominal_lead_days", "on_time_rate", "max_early_days", "mean_delay_days",
        "max_delay_days",
    ),
}  # fmt: skip


class SchemaAdoptionError(DatabaseUnavailableError):
    """A database made before migrations lacks parts of the schema; it is left as it was."""


@dataclass(frozen=True)
class Adoption:
    revision: str
    """The revision the database was stamped at."""
    fills_summaries: bool
    """The sales summaries were created empty: fill them once the schema is at head."""


def adopt(conn: Connection, script: ScriptDirectory) -> Adoption | None:
    """Stamp an unversioned database that holds the schema's tables, inside the
    caller's transaction; None when it holds none of them (a new database).
    Raises SchemaAdoptionError, changing nothing, when parts are missing."""
    found = _columns_found(conn, {*CORE_TABLES, *SUMMARY_TABLES, *GROUND_TRUTH_TABLES})
    if not found:
        return None
    present_summaries = [name for name in SUMMARY_TABLES if name in found]
    if missing := _missing(found, {**CORE_TABLES, **{name: SUMMARY_TABLES[name] for name in present_summaries}}):
        raise _refusal(conn, missing)
    ground_truth = {**GROUND_TRUTH_COLUMNS, **GROUND_TRUTH_TABLES}
    if not _missing(found, ground_truth):
        revision = GROUND_TRUTH
    elif set(GROUND_TRUTH_COLUMNS["products"]).isdisjoint(found["products"]):
        revision = BASELINE
        _drop_empty_ground_truth(conn, [name for name in GROUND_TRUTH_TABLES if name in found])
    else:
        raise _refusal(conn, _missing(found, ground_truth))
    context = MigrationContext.configure(conn)
    fills_summaries = len(present_summaries) < len(SUMMARY_TABLES)
    if fills_summaries:
        for name in present_summaries:  # derived rows: all three are created alike, then filled
            _drop(conn, name)
        with Operations.context(context):
            script.get_revision(BASELINE).module.create_sales_summaries()
    context.stamp(script, revision)
    return Adoption(revision, fills_summaries)


def _columns_found(conn: Connection, names: set[str]) -> dict[str, set[str]]:
    inspector = sa.inspect(conn)
    probe = sa.select(sa.text("*")).where(sa.false())
    return {
        name: set(conn.execute(probe.select_from(sa.table(name))).keys())
        for name in sorted(names)
        if inspector.has_table(name)
    }


def _missing(found: dict[str, set[str]], expected: dict[str, tuple[str, ...]]) -> list[str]:
    missing = []
    for name, columns in expected.items():
        if name not in found:
            missing.append(f"table {name}")
        else:
            missing += [f"column {name}.{column}" for column in columns if column not in found[name]]
    return missing


def _shown(conn: Connection) -> str:
    return redact_url(conn.engine.url.render_as_string(hide_password=False))


def _refusal(conn: Connection, missing: list[str]) -> SchemaAdoptionError:
    return SchemaAdoptionError(
        f"The database {_shown(conn)} was made before schema migrations, but it lacks {', '.join(missing)}, "
        "so it cannot be upgraded safely. Nothing was changed. Restore a complete copy, or import its data "
        "into a new database (python -m data_access.importer)."
    )


def _drop(conn: Connection, name: str) -> None:
    conn.exec_driver_sql(f"DROP TABLE {conn.dialect.identifier_preparer.quote(name)}")


def _drop_empty_ground_truth(conn: Connection, names: list[str]) -> None:
    """Tables the last version before migrations created empty beside a baseline
    database: 0002 creates them again. Rows in them would be data no version
    wrote, so they are refused, not dropped."""
    if any(conn.execute(sa.select(sa.literal(1)).select_from(sa.table(name))).first() for name in names):
        raise _refusal(conn, [f"column products.{column}" for column in GROUND_TRUTH_COLUMNS["products"]])
    for name in names:
        _drop(conn, name)
