"""Stock health: one status per product x warehouse, and the rule that gave it.

A manager scanning thousands of positions needs to know which ones to act on
(out of stock, below the reorder point), which tie up cash (overstocked, dead
stock) and why each one got its status, with the numbers behind it. Statuses
and rules are ids; `i18n.labels` names the statuses and `i18n.reasons` turns a
rule and a position's numbers into the reason in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.policy import PolicySettings, needs_order

OUT_OF_STOCK = "out-of-stock"
UNDERSTOCKED = "understocked"
HEALTHY = "healthy"
OVERSTOCKED = "overstocked"
DEAD_STOCK = "dead-stock"

# Most urgent first: sorting on the ordered `status` column puts problems on top.
STATUSES: tuple[str, ...] = (OUT_OF_STOCK, UNDERSTOCKED, HEALTHY, OVERSTOCKED, DEAD_STOCK)
STATUS_DTYPE = pd.CategoricalDtype(STATUSES, ordered=True)

# Rules in order, as (rule, status): the first rule that matches a
# position (`_matching_rules`) gives its status, and names its reason.
RULES: tuple[tuple[str, str], ...] = (
    ("nothing-on-hand", OUT_OF_STOCK),
    ("unsold-too-long", DEAD_STOCK),
    ("at-or-below-reorder-point", UNDERSTOCKED),
    ("new-without-sales", HEALTHY),
    ("no-recent-sales", OVERSTOCKED),
    ("more-cover-than-threshold", OVERSTOCKED),
    ("enough-cover", HEALTHY),
)
RULE_DTYPE = pd.CategoricalDtype([rule for rule, _ in RULES])
_RULE_STATUS_CODES = np.array([STATUSES.index(status) for _, status in RULES])

DAYS_OF_COVER_FORMULA = "days-of-cover"
CAPACITY_FORMULA = "capacity"


@dataclass(frozen=True)
class StockPolicy:
    """The thresholds behind the statuses and the replenishment settings that
    set reorder points, in one hashable object (a cache key)."""

    velocity_window_days: int = 28  # sales are averaged over this many days ending on the as-of date
    overstock_cover_days: int = 90
    dead_stock_days: int = 90
    replenishment: PolicySettings = PolicySettings()

    def __post_init__(self) -> None:
        for name in ("velocity_window_days", "overstock_cover_days", "dead_stock_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1 day, got {getattr(self, name)}.")


_ADDED_COLUMNS = ["days_of_cover", "on_order", "last_sale_date", "days_since_last_sale", "status", "rule"]


def classify_stock(levels: pd.DataFrame, as_of: date, policy: StockPolicy = StockPolicy()) -> pd.DataFrame:
    """One row per position with its status and the rule that gave it.

    `levels` has one row per product x warehouse: the columns of
    `data_access.positions.stock_positions` (on_hand, avg_daily_units and
    std_daily_units over `policy.velocity_window_days`, last_sale_date,
    on_order, ...) and the replenishment policy's `reorder_point`
    (`services.replenishment.policy_view`). If it carries a `launched_on`
    column, products launched fewer than `policy.dead_stock_days` before
    `as_of` are not called dead stock; without it, an unsold product is
    judged like any other.

    Result: the columns of `levels` (avg_daily_units with net returns
    counted as no demand), then days_of_cover (NaN without sales), on_order,
    last_sale_date, days_since_last_sale (<NA> if never sold), status
    (ordered categorical, most urgent first), rule (of RULES).
    """
    frame = levels.copy(deep=False)  # copy-on-write: the columns set below leave `levels` as it was
    demand = frame["avg_daily_units"].astype("float64").fillna(0).clip(lower=0)
    frame["avg_daily_units"] = demand
    frame["std_daily_units"] = frame["std_daily_units"].astype("float64").fillna(0)
    frame["days_of_cover"] = frame["on_hand"] / demand.where(demand > 0)
    frame["on_order"] = frame["on_order"].fillna(0).astype("int64")
    last_sale = pd.to_datetime(frame.pop("last_sale_date"))
    frame["last_sale_date"] = last_sale
    frame["days_since_last_sale"] = (pd.Timestamp(as_of) - last_sale).dt.days.astype("Int64")

    rules = _matching_rules(frame, as_of, policy)
    frame["status"] = pd.Categorical.from_codes(_RULE_STATUS_CODES[rules], dtype=STATUS_DTYPE)
    frame["rule"] = pd.Categorical.from_codes(rules, dtype=RULE_DTYPE)
    kept = [name for name in frame.columns if name not in _ADDED_COLUMNS]
    return frame[[*kept, *_ADDED_COLUMNS]]


def _launched_within(frame: pd.DataFrame, as_of: date, days: int) -> pd.Series:
    """True for products launched fewer than `days` days before `as_of`."""
    if "launched_on" not in frame.columns:
        return pd.Series(False, index=frame.index)
    age_days = (pd.Timestamp(as_of) - pd.to_datetime(frame["launched_on"])).dt.days
    return age_days < days  # unknown launch dates compare False: judged like any other product


def _matching_rules(frame: pd.DataFrame, as_of: date, policy: StockPolicy) -> np.ndarray:
    """Per row, the index in RULES of the first rule that matches."""
    on_hand = frame["on_hand"].to_numpy()
    demand = frame["avg_daily_units"].to_numpy()
    never_sold = frame["days_since_last_sale"].isna().to_numpy()
    unsold_for = frame["days_since_last_sale"].fillna(0).to_numpy()
    too_new = _launched_within(frame, as_of, policy.dead_stock_days).to_numpy()
    matches = [
        on_hand <= 0,
        ~too_new & (never_sold | (unsold_for >= policy.dead_stock_days)),
        on_hand <= frame["reorder_point"].to_numpy(),
        (demand <= 0) & never_sold,
        demand <= 0,
        frame["days_of_cover"].to_numpy() > policy.overstock_cover_days,
    ]  # NaN days of cover (no demand) compares False
    return np.select(matches, range(len(matches)), default=len(matches))


def count_needing_reorder(classified: pd.DataFrame) -> int:
    """Positions whose stock plus what is on order is at or below the reorder
    point while the forecast expects demand: those the plan finds short."""
    return int(needs_reorder(classified).sum())


def needs_reorder(classified: pd.DataFrame) -> pd.Series:
    """Per position, whether it counts in `count_needing_reorder`: the
    replenishment policy's own test (`analytics.policy.needs_order`), so the
    Overview's tile, its alerts and the plan agree. A product nobody is
    expected to buy is not reordered automatically."""
    return needs_order(classified)


URGENCY: tuple[str, ...] = (OUT_OF_STOCK, UNDERSTOCKED, DEAD_STOCK, OVERSTOCKED, HEALTHY)
"""Statuses in the order a manager acts on them: lost sales first, then money tied up."""


def by_urgency(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions most urgent first: by status (`URGENCY`), then least days of
    cover, then most stock value (sku and warehouse break ties)."""
    rank = positions["status"].astype(str).map({status: place for place, status in enumerate(URGENCY)})
    order = positions.assign(_rank=rank, _value=-positions["stock_value"].fillna(0)).sort_values(
        ["_rank", "days_of_cover", "_value", "sku", "warehouse"], na_position="last", kind="stable"
    )
    return order.drop(columns=["_rank", "_value"])


def status_summary(classified: pd.DataFrame, by: str) -> pd.DataFrame:
    """Positions, units and stock value per `by` value x status.

    Every status appears for every `by` value (0 when none), so stacked bars
    and pivoted tables line up across warehouses. Columns: by, status,
    positions (product x warehouse rows), on_hand, stock_value.
    """
    grouped = classified.groupby([by, "status"], observed=False).agg(
        positions=("status", "size"), on_hand=("on_hand", "sum"), stock_value=("stock_value", "sum")
    )
    summary = grouped.reset_index()
    summary["positions"] = summary["positions"].astype("int64")
    return summary.sort_values([by, "status"]).reset_index(drop=True)
