"""Supplier reliability: on-time share, delays and lead times from received
purchase orders, the monthly trend, and the cost of unreliability.

Receipts arrive counted per supplier x month x lead days x days late
(`data_access.supplier_reads.receipt_counts`): everything below is a sum
over those counts, so a year of orders is a small frame. Lead-time
statistics are the replenishment policy's (`analytics.policy.histogram_stats`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.policy import histogram_stats, policy_levels
from analytics.policy.demand import DemandCurve
from analytics.policy.settings import PolicySettings


def _judged(receipts: pd.DataFrame) -> pd.DataFrame:
    """Receipts with an expected date, with on_time (orders) and delay_days (days late, >= 0) columns."""
    judged = receipts[receipts["days_late"].notna()]
    late = judged["days_late"].clip(lower=0)
    return judged.assign(on_time=np.where(judged["days_late"] <= 0, judged["orders"], 0), delay=late * judged["orders"],
                         delay_days=late)  # fmt: skip


def _reliability(receipts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per `keys`: orders_received, units_received, judged orders, on_time_share, avg_delay and worst_delay."""
    received = receipts.groupby(keys)[["orders", "units"]].sum()
    received.columns = ["orders_received", "units_received"]
    judged = _judged(receipts)
    sums = judged.groupby(keys).agg(judged=("orders", "sum"), on_time=("on_time", "sum"), delay=("delay", "sum"),
                                    worst_delay=("delay_days", "max"))  # fmt: skip
    frame = received.join(sums, how="left")
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["on_time_share"] = frame["on_time"] / frame["judged"].where(frame["judged"] > 0)
        frame["avg_delay"] = frame["delay"] / frame["judged"].where(frame["judged"] > 0)
    return frame.drop(columns=["on_time", "delay"]).reset_index()


def supplier_scorecard(receipts: pd.DataFrame, open_orders: pd.DataFrame) -> pd.DataFrame:
    """One row per supplier with receipts in the period or open orders at its
    end: orders_received, units_received, on_time_share, avg_delay,
    worst_delay, lead_mean, lead_sd, lead_p90, open_orders, open_units,
    open_value, late_open_orders. Shares and delays are empty without
    judged orders; lead times without receipts."""
    reliability = _reliability(receipts, ["supplier"])
    lead = histogram_stats(receipts.rename(columns={"orders": "receipts"}), ["supplier"])
    frame = reliability.merge(lead[["supplier", "lead_mean", "lead_sd", "lead_p90"]], on="supplier", how="left")
    frame = frame.merge(open_orders, on="supplier", how="outer")
    counts = ["orders_received", "units_received", "judged", "open_orders", "open_units", "late_open_orders"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    frame["open_value"] = frame["open_value"].fillna(0.0)
    return frame.sort_values("supplier", ignore_index=True)


def monthly_trend(receipts: pd.DataFrame) -> pd.DataFrame:
    """Per supplier x month of receipt: orders_received, units_received,
    judged, on_time_share, avg_delay, worst_delay."""
    return _reliability(receipts, ["supplier", "month"]).sort_values(["supplier", "month"], ignore_index=True)


def unreliability_cost(levels: pd.DataFrame, curve: DemandCurve, start: int, settings: PolicySettings) -> pd.Series:
    """[position] units of safety stock each position holds for its lead
    time's spread: `levels` (a policy view's, with safety_stock) against the
    same policy with lead_sd 0. Never negative."""
    steady = policy_levels(levels.assign(lead_sd=0.0), curve, start, settings)
    extra = levels["safety_stock"].to_numpy(dtype="float64") - steady["safety_stock"].to_numpy(dtype="float64")
    return pd.Series(np.maximum(extra, 0.0), index=levels.index)


def cost_by_supplier(levels: pd.DataFrame, extra_units: pd.Series) -> pd.DataFrame:
    """Per supplier of the positions (their product's): positions,
    spread_units (extra safety stock) and spread_value (at unit cost, 0
    without one)."""
    frame = pd.DataFrame({
        "supplier": levels["supplier"], "positions": 1, "spread_units": extra_units,
        "spread_value": extra_units * pd.to_numeric(levels["unit_cost"]).fillna(0.0),
    })  # fmt: skip
    return frame.dropna(subset=["supplier"]).groupby("supplier", as_index=False).sum()
