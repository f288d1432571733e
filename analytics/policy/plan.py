"""The plan: transfers first, then purchase orders. Positions at or below
their reorder point (`positions.needs_order`) take surplus stock from other
warehouses of the same product; every position below its order-up-to level
is then bought up to it, less what it receives.

Each line keeps the numbers its reason quotes ("forecast 120 over 27 d + 35
safety - 40 on hand - 0 on order = 115, rounded up to 120 in packs of 10"),
as numbers and ids: the words are written when a screen shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.policy.ordering import order_quantity, rounding, whole
from analytics.policy.positions import below_order_up_to, inventory_position, needs_order
from analytics.policy.projection import NEVER
from analytics.policy.settings import PolicySettings
from analytics.policy.transfers import transfers

BELOW_REORDER_POINT = "below-reorder-point"
TOP_UP = "top-up"
PURCHASE_REASONS: tuple[str, ...] = (BELOW_REORDER_POINT, TOP_UP)
"""Why a purchase line exists: the position is at or below its reorder point, or only below S."""
PURCHASE_COLUMNS = (
    "product_id", "warehouse_id", "supplier", "reason", "quantity", "unit_cost", "cost", "order_by", "expected_on",
    "protection_demand", "protection_days", "lead_days", "safety_stock", "on_hand", "on_order", "transfer_in",
    "needed", "pack_size", "min_order_qty", "rounding", "reorder_point",
)  # fmt: skip
TRANSFER_COLUMNS = (
    "product_id", "from_warehouse_id", "to_warehouse_id", "quantity", "unit_cost", "value", "ship_on", "arrives_on",
    "from_on_hand", "from_order_up_to", "to_position", "to_reorder_point", "to_order_up_to",
)  # fmt: skip
ORDER_BY_RULE = "order-by"


@dataclass(frozen=True)
class PlanLines:
    purchases: pd.DataFrame
    """PURCHASE_COLUMNS, one row per position to buy for."""
    transfers: pd.DataFrame
    """TRANSFER_COLUMNS, one row per warehouse pair and product."""


def plan_lines(levels: pd.DataFrame, below_day: np.ndarray, order_day: date, settings: PolicySettings) -> PlanLines:
    """Purchases and transfers for the positions of `levels`
    (`positions.policy_levels` plus product_id, warehouse_id, supplier,
    unit_cost, pack_size, min_order_qty and lead_mean), orders placed on
    `order_day`. `below_day[i]`: the day (from `order_day`) row i's projected
    stock falls to its safety stock, NEVER if not within the projection."""
    levels = levels.reset_index(drop=True)
    on_hand = levels["on_hand"].clip(lower=0).to_numpy(dtype="float64")
    position = inventory_position(levels).to_numpy(dtype="float64")
    order_up_to = levels["order_up_to"].to_numpy(dtype="float64")
    urgent = needs_order(levels).to_numpy()
    need = np.where(urgent, np.ceil(order_up_to - position - 1e-9), 0.0)
    surplus = np.where(on_hand > order_up_to, np.floor(on_hand - order_up_to + 1e-9), 0.0)
    moved = transfers(
        levels["product_id"].to_numpy(), need, surplus, levels["reorder_point"].to_numpy() - position
    )
    transfer_in = np.bincount(moved["to"].to_numpy(dtype=np.int64), moved["quantity"], len(levels))
    purchases = _purchases(levels, urgent, position, transfer_in, below_day, order_day, settings)
    return PlanLines(purchases, _transfers(levels, moved, position, order_day, settings))


def _purchases(levels, urgent, position, transfer_in, below_day, order_day, settings) -> pd.DataFrame:
    short = below_order_up_to(levels).to_numpy()
    needed = np.where(short, levels["order_up_to"].to_numpy() - position - transfer_in, 0.0)
    quantity = order_quantity(needed, levels["pack_size"], levels["min_order_qty"])
    lead_days = levels["lead_mean"].to_numpy(dtype="float64")
    slack = np.where(below_day == NEVER, 0, np.maximum(below_day - np.ceil(lead_days), 0)).astype(np.int64)
    start = np.datetime64(order_day, "D")
    frame = levels.assign(
        reason=np.where(urgent, BELOW_REORDER_POINT, TOP_UP),
        quantity=quantity,
        cost=quantity * levels["unit_cost"].astype("float64"),
        order_by=start + slack,
        expected_on=start + slack + np.round(lead_days).astype(np.int64),
        protection_days=settings.review_days + lead_days,
        lead_days=lead_days,
        on_hand=levels["on_hand"].clip(lower=0),
        on_order=levels["on_order"].fillna(0),
        transfer_in=transfer_in.astype(np.int64),
        needed=needed,
        pack_size=whole(levels["pack_size"]),
        min_order_qty=whole(levels["min_order_qty"]),
        rounding=rounding(needed, quantity, levels["pack_size"], levels["min_order_qty"]),
    )
    frame = frame[quantity > 0]
    return frame[list(PURCHASE_COLUMNS)].reset_index(drop=True)


def _transfers(levels, moved, position, order_day, settings) -> pd.DataFrame:
    source, target = levels.iloc[moved["from"]].reset_index(drop=True), levels.iloc[moved["to"]].reset_index(drop=True)
    quantity = moved["quantity"].to_numpy()
    return pd.DataFrame(
        {
            "product_id": target["product_id"].to_numpy(),
            "from_warehouse_id": source["warehouse_id"].to_numpy(),
            "to_warehouse_id": target["warehouse_id"].to_numpy(),
            "quantity": quantity,
            "unit_cost": target["unit_cost"].astype("float64").to_numpy(),
            "value": quantity * target["unit_cost"].astype("float64").to_numpy(),
            "ship_on": np.full(len(moved), np.datetime64(order_day, "D")),
            "arrives_on": np.full(len(moved), np.datetime64(order_day + timedelta(days=settings.transfer_lead_days))),
            "from_on_hand": source["on_hand"].to_numpy(),
            "from_order_up_to": source["order_up_to"].to_numpy(),
            "to_position": position[moved["to"].to_numpy()],
            "to_reorder_point": target["reorder_point"].to_numpy(),
            "to_order_up_to": target["order_up_to"].to_numpy(),
        },
        columns=list(TRANSFER_COLUMNS),
    )
