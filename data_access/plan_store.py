"""Replenishment plans: written whole, read by selection, the newest few kept.

A plan is one row in `plan_runs` plus its purchase and transfer lines,
written in one transaction (a failed plan writes nothing); older plans than
the newest KEEP_PLANS are deleted in the same transaction. Readers take the
plan id and the sidebar's `Filters` (warehouses, categories, SKUs; its dates
do not apply): a transfer belongs to a selection when either of its
warehouses does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.bulk import as_date, insert_frame, keep_newest, next_id
from data_access.filters import Filters, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.schema import PLAN_TABLES, plan_purchases, plan_runs, plan_transfers, products, warehouses

KEEP_PLANS = 3


@dataclass(frozen=True)
class PlanRun:
    plan_id: int
    created_at: datetime
    forecast_run_id: int
    as_of: date
    order_day: date
    positions: int
    positions_to_order: int
    seconds: float
    params: dict


def save_plan(conn: Connection, run: PlanRun, purchases: pd.DataFrame, transfers: pd.DataFrame) -> int:
    """Insert the plan with a new id (its `plan_id` is ignored), then delete
    all but the newest KEEP_PLANS plans; inside the caller's transaction."""
    plan_id = next_id(conn, plan_runs)
    conn.execute(plan_runs.insert(), [{**run.__dict__, "plan_id": plan_id, "params": json.dumps(run.params)}])
    insert_frame(conn, plan_purchases, purchases.assign(plan_id=plan_id))
    insert_frame(conn, plan_transfers, transfers.assign(plan_id=plan_id))
    keep_newest(conn, plan_runs, PLAN_TABLES, KEEP_PLANS)
    return plan_id


def latest_plan(conn: Connection) -> PlanRun | None:
    """The newest plan, or None before the first."""
    row = conn.execute(sa.select(plan_runs).order_by(plan_runs.c.plan_id.desc()).limit(1)).first()
    if row is None:
        return None
    values = row._asdict()
    values["params"] = json.loads(values["params"])
    values["as_of"], values["order_day"] = as_date(values["as_of"]), as_date(values["order_day"])
    return PlanRun(**values)


def plan_ids(conn: Connection) -> list[int]:
    return list(conn.execute(sa.select(plan_runs.c.plan_id).order_by(plan_runs.c.plan_id)).scalars())


def purchases(conn: Connection, plan_id: int, f: Filters) -> pd.DataFrame:
    """The plan's purchase lines in the selection, with the product's sku, name
    and category and the warehouse's code, by supplier, sku and warehouse."""
    line = plan_purchases.c
    stmt = (
        sa.select(
            *(column for column in plan_purchases.c if column.name != "plan_id"),
            products.c.sku,
            products.c.name,
            products.c.category,
            warehouses.c.code.label("warehouse"),
        )
        .select_from(with_dimensions(plan_purchases))
        .where(line.plan_id == plan_id, dimension_conditions(f))
        .order_by(line.supplier, products.c.sku, warehouses.c.code)
    )
    integers = ("product_id", "warehouse_id", "quantity", "on_hand", "on_order", "transfer_in", "pack_size")
    return read_frame(conn, stmt, integers=(*integers, "min_order_qty"), dates=("order_by", "expected_on"))


def transfers(conn: Connection, plan_id: int, f: Filters) -> pd.DataFrame:
    """The plan's transfers touching the selection (either warehouse in it),
    with sku, name, category and both warehouses' codes (from_warehouse,
    to_warehouse), by sku and warehouses."""
    line = plan_transfers.c
    source, target = warehouses.alias("source"), warehouses.alias("target")
    terms = [line.plan_id == plan_id]
    if f.warehouses:
        terms.append(sa.or_(source.c.code.in_(f.warehouses), target.c.code.in_(f.warehouses)))
    if f.categories:
        terms.append(products.c.category.in_(f.categories))
    if f.skus:
        terms.append(products.c.sku.in_(f.skus))
    stmt = (
        sa.select(
            *(column for column in plan_transfers.c if column.name != "plan_id"),
            products.c.sku,
            products.c.name,
            products.c.category,
            source.c.code.label("from_warehouse"),
            target.c.code.label("to_warehouse"),
        )
        .select_from(
            plan_transfers.join(products, line.product_id == products.c.product_id)
            .join(source, line.from_warehouse_id == source.c.warehouse_id)
            .join(target, line.to_warehouse_id == target.c.warehouse_id)
        )
        .where(*terms)
        .order_by(products.c.sku, source.c.code, target.c.code)
    )
    integers = ("product_id", "from_warehouse_id", "to_warehouse_id", "quantity", "from_on_hand")
    return read_frame(conn, stmt, integers=integers, dates=("ship_on", "arrives_on"))
