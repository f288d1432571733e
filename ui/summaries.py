"""Cached results that combine several queries with the analytics rules: stock
health per position, the Overview's headline numbers and the Trends series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from analytics.kpis import average_order_value, margin_pct, stockout_rate
from analytics.stock_health import StockPolicy, classify_stock, count_needing_reorder
from data_access.extent import Warehouse
from data_access.filters import Filters
from data_access.periods import Grain
from ui.loaders import cached, sales_totals, stock_positions, stockout_totals


@cached
def classified_stock(db_url: str, f: Filters, as_of: date, policy: StockPolicy) -> pd.DataFrame:
    """Every product x warehouse of the selection with its stock-health status
    and rule as of `as_of` (ids: the reasons in words are written at draw time)."""
    positions = stock_positions(db_url, f, as_of, policy.velocity_window_days, policy.lead_time_history_days)
    return classify_stock(positions, as_of, policy)


@dataclass(frozen=True)
class Headline:
    """The Overview's numbers for one period (NaN where a ratio has no base)."""

    revenue: float
    units: int
    orders: int
    average_order_value: float
    margin_pct: float
    inventory_value: float
    stockout_rate: float
    stock_days_observed: int  # product x warehouse days with a snapshot in the range
    reorder_positions: int

    @property
    def is_empty(self) -> bool:
        """Nothing sold and no stock observed: the selection matches no data."""
        return self.orders == 0 and self.stock_days_observed == 0


@cached
def headline(db_url: str, f: Filters, policy: StockPolicy) -> Headline:
    """Sales over the range; stock and reorder needs as of its last day."""
    totals = sales_totals(db_url, f)
    stockouts = stockout_totals(db_url, f)
    classified = classified_stock(db_url, f, f.end, policy)
    return Headline(
        revenue=float(totals["revenue"]),
        units=int(totals["units"]),
        orders=int(totals["orders"]),
        average_order_value=average_order_value(totals["revenue"], totals["orders"]),
        margin_pct=margin_pct(totals["revenue"], totals["cost"]),
        inventory_value=float(classified["stock_value"].sum()),
        stockout_rate=stockout_rate(stockouts["stockout_days"], stockouts["pair_days"]),
        stock_days_observed=int(stockouts["pair_days"]),
        reorder_positions=count_needing_reorder(classified),
    )


def display_grain(f: Filters) -> Grain:
    """Days for up to six weeks, weeks up to half a year, then months: a chart
    keeps between a handful and about 60 points."""
    if f.days <= 45:
        return "day"
    return "week" if f.days <= 200 else "month"


def partial_periods_note(f: Filters, grain: Grain) -> str:
    """Say so when the first or last bucket covers only part of its week or
    month, so a short last bar does not read as a collapse."""
    if grain == "day":
        return ""
    first_full = f.start == (f.start.replace(day=1) if grain == "month" else f.start - timedelta(days=f.start.weekday()))
    next_day = f.end + timedelta(days=1)
    last_full = next_day.day == 1 if grain == "month" else next_day.weekday() == 0
    if first_full and last_full:
        return ""
    return f" The first or last {grain} covers only part of the {grain}."


# --- Stock health -------------------------------------------------------------

def status_table(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per `by` value: positions in each status, then units and stock
    value over all statuses (from `stock_health.status_summary`)."""
    positions = summary.pivot_table(index=by, columns="status", values="positions", aggfunc="sum", observed=False)
    positions.columns = [str(status) for status in positions.columns]
    totals = summary.groupby(by)[["on_hand", "stock_value"]].sum()
    return positions.join(totals).reset_index()


CAPACITY_FORMULA = "capacity used = units on hand / the warehouse's capacity in units x 100"


def capacity_use(classified: pd.DataFrame, warehouses: tuple[Warehouse, ...], f: Filters) -> pd.DataFrame:
    """Units on hand against capacity for every selected warehouse, those
    without snapshots included (on_hand 0, has_stock False).

    Columns: warehouse, name, capacity_units, on_hand, used_pct (NaN without a capacity), has_stock.
    """
    every = pd.DataFrame(warehouses, columns=list(Warehouse._fields))
    selected = every[every["code"].isin(f.warehouses)] if f.warehouses else every
    on_hand = classified.groupby("warehouse")["on_hand"].sum()
    frame = selected.rename(columns={"code": "warehouse"})[["warehouse", "name", "capacity_units"]].copy()
    frame["has_stock"] = frame["warehouse"].isin(on_hand.index)
    frame["on_hand"] = frame["warehouse"].map(on_hand).fillna(0).astype("int64")
    capacity = pd.to_numeric(frame["capacity_units"]).astype("float64")
    frame["used_pct"] = frame["on_hand"] / capacity.where(capacity > 0) * 100
    return frame.reset_index(drop=True)
