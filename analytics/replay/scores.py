"""What a replay is scored on: how much demand the stock served, overall and
on peak days, how often shelves were empty, and how much money the stock tied up."""

from __future__ import annotations

import numpy as np

from analytics.replay.engine import ReplayLog, ReplayShop

SCORES = ("fill_rate", "peak_fill_rate", "stockout_days", "avg_inventory_value", "orders")


def scores(shop: ReplayShop, log: ReplayLog) -> dict[str, float | int]:
    """fill_rate: units served / units demanded; peak_fill_rate: the same on
    the peak days; stockout_days: product x warehouse days ending with no
    stock, over the positions with demand in the replay; avg_inventory_value:
    the stock's value at cost, averaged over the days; orders: purchase-order
    lines placed. Besides those: transfers, units demanded, served, lost and
    bought."""
    demand, served = shop.demand.sum(), log.served.sum()
    peak_demand, peak_served = shop.demand[shop.peak].sum(), log.served[shop.peak].sum()
    selling = shop.demand.sum(axis=0) > 0
    unit_cost = shop.positions["unit_cost"].to_numpy(dtype="float64")
    return {
        "fill_rate": round(float(served / demand), 4) if demand else None,
        "peak_fill_rate": round(float(peak_served / peak_demand), 4) if peak_demand else None,
        "stockout_days": int((log.stock[:, selling] <= 0).sum()),
        "avg_inventory_value": round(float((log.stock @ unit_cost).mean()), 2),
        "orders": log.purchase_lines,
        "transfers": log.transfer_lines,
        "units_demanded": int(demand),
        "units_served": int(round(served)),
        "units_lost": int(round(log.lost.sum())),
        "units_bought": log.units_bought,
    }


def flow_balances(shop: ReplayShop, log: ReplayLog) -> bool:
    """Whether every position's stock moved only by what arrived, moved and sold, every day."""
    before = np.vstack([shop.on_hand[None, :].astype("float64"), log.stock[:-1]])
    expected = before + log.received + log.transferred_in - log.transferred_out - log.served
    return bool(np.allclose(expected, log.stock)) and bool(np.allclose(shop.demand, log.served + log.lost))
