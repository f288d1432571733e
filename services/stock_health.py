"""Stock health per position, and the summaries the Stock health page draws."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pandas as pd

from analytics.stock_health import DEAD_STOCK, OVERSTOCKED, StockPolicy, classify_stock
from data_access.extent import Warehouse
from data_access.filters import Filters
from services.reads import Reads
from services.replenishment import policy_view, runs_out_on


class StockDay(NamedTuple):
    """One classification a use case reads (`classified_stock`'s arguments
    but the policy): use cases name theirs so that a page can have them
    computed together before it draws."""

    f: Filters
    as_of: date
    projected: bool = False

    def read(self, reads: Reads, policy: StockPolicy) -> pd.DataFrame:
        """This classification through `reads` (where the page's cache is)."""
        return reads.classified_stock(self.f, self.as_of, policy, self.projected)


def classified_stock(
    reads: Reads, f: Filters, as_of: date, policy: StockPolicy, projected: bool = False
) -> pd.DataFrame:
    """Every product x warehouse of the selection with its status and the rule
    that gave it, as of `as_of` (`analytics.stock_health.classify_stock`), on
    the replenishment policy's reorder points (`services.replenishment.policy_view`);
    `projected` adds `runs_out_on`, the day its stock is projected to run out
    (NaT when not within the forecast). Services reach it through
    `Reads.classified_stock`, so that one computation serves them all."""
    view = policy_view(reads, f, as_of, policy.replenishment, policy.velocity_window_days)
    classified = classify_stock(view.levels, as_of, policy)
    if not projected:
        return classified
    return classified.assign(runs_out_on=runs_out_on(view, reads.open_purchase_orders(f, as_of), as_of).to_numpy())


def status_table(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per `by` value: positions in each status (a column per status
    id), units and stock value over all statuses, and the stock value of the
    overstocked and of the dead positions (`overstocked_value`,
    `dead_stock_value`: money a manager can free), from
    `analytics.stock_health.status_summary`."""
    positions = summary.pivot_table(index=by, columns="status", values="positions", aggfunc="sum", observed=False)
    positions.columns = [str(status) for status in positions.columns]
    totals = summary.groupby(by)[["on_hand", "stock_value"]].sum()
    values = summary.pivot_table(index=by, columns="status", values="stock_value", aggfunc="sum", observed=False)
    tied_up = pd.DataFrame(
        {f"{status.replace('-', '_')}_value": values[status] for status in (OVERSTOCKED, DEAD_STOCK)},
        index=values.index,
    ).fillna(0.0)
    return positions.join(totals).join(tied_up).reset_index()


def capacity_use(
    classified: pd.DataFrame, warehouses: tuple[Warehouse, ...], f: Filters, whole: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Units on hand against capacity for every selected warehouse, those
    without snapshots included (on_hand 0, has_stock False).

    Columns: warehouse, name, capacity_units, on_hand, used_pct (NaN without a capacity), has_stock; with
    `whole` (the positions of every category, when the selection names some) also warehouse_on_hand and
    warehouse_used_pct: a category's share reads as an empty warehouse without the warehouse's total beside it.
    """
    every = pd.DataFrame(warehouses, columns=list(Warehouse._fields))
    selected = every[every["code"].isin(f.warehouses)] if f.warehouses else every
    on_hand = classified.groupby("warehouse")["on_hand"].sum()
    frame = selected.rename(columns={"code": "warehouse"})[["warehouse", "name", "capacity_units"]].copy()
    frame["has_stock"] = frame["warehouse"].isin(on_hand.index)
    frame["on_hand"] = frame["warehouse"].map(on_hand).fillna(0).astype("int64")
    capacity = pd.to_numeric(frame["capacity_units"]).astype("float64").where(lambda units: units > 0)
    frame["used_pct"] = frame["on_hand"] / capacity * 100
    if whole is not None:
        total = whole.groupby("warehouse")["on_hand"].sum()
        frame["warehouse_on_hand"] = frame["warehouse"].map(total).fillna(0).astype("int64")
        frame["warehouse_used_pct"] = frame["warehouse_on_hand"] / capacity * 100
    return frame.reset_index(drop=True)
