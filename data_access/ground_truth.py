"""The simulator's ground truth, for measuring against what really happened.

A shop made by `python -m sample_data` knows what no real shop records: the
units customers asked for before stockouts cut them (`sim_true_demand`), and
how each supplier's lead times were drawn (`sim_lead_time_behaviour`). Forecast
accuracy against true demand and the replay of a replenishment policy read
them here. A database of imported data has none: every reader raises
`GroundTruthMissing`, whose message callers show instead of failing.

The truth describes the database's whole activity or nothing: an import of
sales, stock levels or purchase orders removes it (`data_access.importer`), so
while it exists the database holds exactly the simulated days, and a product x
warehouse x day inside them without a row had no demand.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.filters import Filters, date_condition, dimension_conditions, with_dimensions
from data_access.frames import read_frame
from data_access.periods import period_start
from data_access.schema import GROUND_TRUTH_TABLES, products, sim_lead_time_behaviour, sim_true_demand, warehouses

DemandGrain = Literal["day", "week"]


class GroundTruthMissing(LookupError):
    """The database holds no simulator ground truth (imported data, or a shop
    generated before the truth was stored)."""

    def __init__(self) -> None:
        super().__init__(
            "This database has no simulator ground truth (it holds imported data, or sample data generated "
            "before the truth was stored), so true demand and the suppliers' lead-time behaviour are unknown. "
            "Generate a simulated shop with `python -m sample_data` (add --replace to overwrite this database's "
            "data), or use a database that holds one."
        )


def has_ground_truth(conn: Connection) -> bool:
    """Whether the simulator's truth is stored. Its marker is the lead-time
    behaviour, one row per simulated product and never empty after a
    generation (true demand may lack rows: no row is 0 units)."""
    inspector = sa.inspect(conn)
    if not all(inspector.has_table(table.name) for table in GROUND_TRUTH_TABLES):
        return False  # a database made before the tables existed
    marker = sa.select(sa.literal(1)).select_from(sim_lead_time_behaviour).limit(1)
    return conn.execute(marker).first() is not None


def require_ground_truth(conn: Connection) -> None:
    """Raise `GroundTruthMissing` unless the truth is stored."""
    if not has_ground_truth(conn):
        raise GroundTruthMissing()


def true_demand(conn: Connection, f: Filters, grain: DemandGrain = "day") -> pd.DataFrame:
    """Units customers asked for per product x warehouse and day or week
    (Monday-start; a week cut by the selection's dates sums only its days
    inside them, so ask for Monday to Sunday to get whole weeks).

    Columns: product_id, warehouse_id, sku, warehouse (code), period (the
    day, or the week's Monday), units. Only periods with demand have a row;
    sorted by product_id, warehouse_id, period (series by series). Raises
    `GroundTruthMissing` without the truth.
    """
    if grain not in ("day", "week"):
        raise ValueError(f"Unknown grain {grain!r}; true demand is by day or week.")
    require_ground_truth(conn)
    truth = sim_true_demand.c
    period = period_start(truth.demand_date, grain).label("period")
    keys = (truth.product_id, truth.warehouse_id, products.c.sku, warehouses.c.code.label("warehouse"), period)
    stmt = (
        sa.select(*keys, sa.cast(sa.func.sum(truth.units), sa.BigInteger).label("units"))
        .select_from(with_dimensions(sim_true_demand))
        .where(date_condition(truth.demand_date, f), dimension_conditions(f))
        .group_by(*keys)
        .order_by(truth.product_id, truth.warehouse_id, period)
    )
    return read_frame(conn, stmt, integers=("product_id", "warehouse_id", "units"), dates=("period",))


def lead_time_behaviour(conn: Connection) -> pd.DataFrame:
    """How each supplier x product's actual lead time is drawn, one row per
    simulated product (alike for every warehouse).

    Columns: supplier, product_id, sku, nominal_lead_days, on_time_rate,
    max_early_days, mean_delay_days, max_delay_days. An order is on time
    with `on_time_rate`, arriving after nominal minus 0..max_early_days days
    (uniformly); otherwise after nominal plus a geometric delay (support 1,
    2, ...) of mean `mean_delay_days`, capped at `max_delay_days`; never in
    under one day. Sorted by sku. Raises `GroundTruthMissing` without the truth.
    """
    require_ground_truth(conn)
    behaviour = sim_lead_time_behaviour.c
    stmt = (
        sa.select(
            behaviour.supplier,
            behaviour.product_id,
            products.c.sku,
            behaviour.nominal_lead_days,
            behaviour.on_time_rate,
            behaviour.max_early_days,
            behaviour.mean_delay_days,
            behaviour.max_delay_days,
        )
        .select_from(sim_lead_time_behaviour.join(products, behaviour.product_id == products.c.product_id))
        .order_by(products.c.sku, behaviour.supplier)
    )
    integers = ("product_id", "nominal_lead_days", "max_early_days", "max_delay_days")
    frame = read_frame(conn, stmt, integers=integers)
    return frame.astype({"on_time_rate": "float64", "mean_delay_days": "float64"})
