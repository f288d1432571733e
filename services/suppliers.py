"""Suppliers: who delivers on time, how their lead times spread, what is
open, and the safety stock their unreliability forces on the shop.

Reliability comes from the selection's receipts in its dates and open
orders at its end (`analytics.suppliers`); the cost of unreliability from
the replenishment policy's view of the selection's positions as of the end
(`services.replenishment.policy_view`), with and without each lead time's
spread.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.stock_health import StockPolicy
from analytics.suppliers import cost_by_supplier, monthly_trend, supplier_scorecard, unreliability_cost
from data_access.filters import Filters
from services.reads import Reads
from services.replenishment import policy_view

POSITION_COLUMNS = (
    "product_id", "warehouse_id", "sku", "name", "warehouse", "supplier", "on_hand", "unit_cost", "abc_class",
    "lead_mean", "lead_sd", "lead_source", "safety_stock",
)  # fmt: skip


@dataclass(frozen=True)
class SupplierReport:
    scorecard: pd.DataFrame
    """Per supplier: `analytics.suppliers.supplier_scorecard`'s columns, then
    positions, spread_units and spread_value (the cost of unreliability)."""
    trend: pd.DataFrame
    """Per supplier x month: `analytics.suppliers.monthly_trend`'s columns."""
    positions: pd.DataFrame
    """Per position of the selection: POSITION_COLUMNS, spread_units, spread_value."""
    basis: str
    """The policy view's demand basis (services.replenishment.BASES)."""


def supplier_report(reads: Reads, f: Filters, policy: StockPolicy) -> SupplierReport:
    receipts = reads.supplier_receipts(f)
    scorecard = supplier_scorecard(receipts, reads.supplier_open_orders(f, f.end))
    view = policy_view(reads, f, f.end, policy.replenishment, policy.velocity_window_days)
    extra = unreliability_cost(view.levels, view.curve, view.start, policy.replenishment)
    positions = view.levels[list(POSITION_COLUMNS)].assign(
        spread_units=extra, spread_value=extra * pd.to_numeric(view.levels["unit_cost"]).fillna(0.0)
    )
    scorecard = scorecard.merge(cost_by_supplier(view.levels, extra), on="supplier", how="outer")
    counts = ["orders_received", "units_received", "judged", "open_orders", "open_units", "late_open_orders",
              "positions"]  # fmt: skip
    scorecard[counts] = scorecard[counts].fillna(0).astype("int64")
    scorecard = scorecard.fillna({"open_value": 0.0, "spread_units": 0.0, "spread_value": 0.0})
    return SupplierReport(scorecard.sort_values("supplier", ignore_index=True), monthly_trend(receipts),
                          positions.reset_index(drop=True), view.basis)  # fmt: skip
