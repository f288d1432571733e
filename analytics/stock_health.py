"""Stock health: one status per product x warehouse, with the reason in words.

A manager scanning thousands of positions needs to know which ones to act on
(out of stock, below the reorder point), which tie up cash (overstocked, dead
stock) and why each one got its label, with the numbers behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

OUT_OF_STOCK = "Out of stock"
UNDERSTOCKED = "Understocked"
HEALTHY = "Healthy"
OVERSTOCKED = "Overstocked"
DEAD_STOCK = "Dead stock"

# Most urgent first: sorting on the ordered `status` column puts problems on top.
STATUSES: tuple[str, ...] = (OUT_OF_STOCK, UNDERSTOCKED, HEALTHY, OVERSTOCKED, DEAD_STOCK)
STATUS_DTYPE = pd.CategoricalDtype(STATUSES, ordered=True)

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS: dict[str, str] = {
    OUT_OF_STOCK: "#D55E00",  # vermillion
    UNDERSTOCKED: "#E69F00",  # orange
    HEALTHY: "#009E73",  # bluish green
    OVERSTOCKED: "#0072B2",  # blue
    DEAD_STOCK: "#999999",  # grey
}

LEAD_TIME_OBSERVED = "purchase orders"
LEAD_TIME_NOMINAL = "product setting"
LEAD_TIME_DEFAULT = "default"

REORDER_POINT_FORMULA = (
    "reorder point = average daily demand x lead time + safety stock; "
    "safety stock = z x std of daily demand x sqrt(lead time)"
)
LEAD_TIME_RULE = (
    "lead time = average days from order to receipt of this product's received purchase orders at this "
    "warehouse; without any, the product's nominal lead time; without that, the default lead time"
)
DAYS_OF_COVER_FORMULA = (
    "days of cover = units on hand / average daily units sold over the velocity window "
    "(blank when nothing sold in the window)"
)
STATUS_RULES = """\
Checked in this order; the first rule that matches wins:
- **Out of stock**: 0 units (or fewer) on hand.
- **Dead stock**: units on hand but no sale in the last *dead stock days* (default 90), or never sold. \
Products launched fewer than *dead stock days* ago are too new to judge and are never dead stock.
- **Understocked**: units on hand at or below the reorder point.
- **Overstocked**: more days of cover than *overstock cover days* (default 90), \
or no sales in the velocity window (default 28 days) at all.
- **Healthy**: everything else; a new product with no sales yet is healthy until it is old enough to judge.
"""


@dataclass(frozen=True)
class StockPolicy:
    """The thresholds behind the statuses, in one hashable object (a cache key)."""

    safety_z: float = 1.65  # 1.65 standard deviations ~ a 95 % chance of not running out within a lead time
    velocity_window_days: int = 28  # demand is averaged over this many days ending on the as-of date
    overstock_cover_days: int = 90
    dead_stock_days: int = 90
    default_lead_time_days: int = 14  # when neither purchase orders nor the product give a lead time
    lead_time_history_days: int = 365  # how far back the caller should read received purchase orders

    def __post_init__(self) -> None:
        if self.safety_z < 0:
            raise ValueError(f"safety_z must not be negative, got {self.safety_z}.")
        for name in (
            "velocity_window_days",
            "overstock_cover_days",
            "dead_stock_days",
            "default_lead_time_days",
            "lead_time_history_days",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1 day, got {getattr(self, name)}.")


_ADDED_COLUMNS = [
    "avg_daily_units",
    "std_daily_units",
    "lead_time_days_used",
    "lead_time_source",
    "safety_stock",
    "reorder_point",
    "days_of_cover",
    "on_order",
    "last_sale_date",
    "days_since_last_sale",
    "status",
    "reason",
]


def classify_stock(
    positions: pd.DataFrame, as_of: date, policy: StockPolicy = StockPolicy(), explain: bool = True
) -> pd.DataFrame:
    """One row per position with its status and the reason for it (without
    `explain`, the reason is left empty: `explain_stock` adds it).

    `positions` is a frame of `data_access.positions.stock_positions`: per
    product x warehouse, on_hand, lead_time_days (nominal), avg_daily_units and
    std_daily_units (over `policy.velocity_window_days`), last_sale_date,
    avg_lead_days (observed) and on_order. If it carries a `launched_on`
    column, products launched fewer than `policy.dead_stock_days` before
    `as_of` are not called dead stock; without it, an unsold product is judged
    like any other.

    Result: the other columns of `positions`, then avg_daily_units (net
    returns count as no demand), std_daily_units, lead_time_days_used,
    lead_time_source, safety_stock, reorder_point, days_of_cover (NaN without
    demand), on_order, last_sale_date, days_since_last_sale (<NA> if never
    sold), status (ordered categorical, most urgent first), reason.
    """
    frame = positions.drop(columns="avg_lead_days")
    demand = frame["avg_daily_units"].astype("float64").fillna(0).clip(lower=0)
    spread = frame["std_daily_units"].astype("float64").fillna(0)
    observed = positions["avg_lead_days"].astype("float64")
    nominal = pd.to_numeric(frame["lead_time_days"]).astype("float64").where(lambda days: days >= 0)
    lead_time = observed.fillna(nominal).fillna(float(policy.default_lead_time_days))
    source = np.select(
        [observed.notna(), nominal.notna()], [LEAD_TIME_OBSERVED, LEAD_TIME_NOMINAL], default=LEAD_TIME_DEFAULT
    )
    safety_stock = policy.safety_z * spread * np.sqrt(lead_time)

    frame["avg_daily_units"] = demand
    frame["std_daily_units"] = spread
    frame["lead_time_days_used"] = lead_time
    frame["lead_time_source"] = pd.Series(source, index=frame.index, dtype="str")
    frame["safety_stock"] = safety_stock
    frame["reorder_point"] = demand * lead_time + safety_stock
    frame["days_of_cover"] = frame["on_hand"] / demand.where(demand > 0)
    frame["on_order"] = frame["on_order"].fillna(0).astype("int64")
    last_sale = pd.to_datetime(frame.pop("last_sale_date"))
    frame["last_sale_date"] = last_sale
    frame["days_since_last_sale"] = (pd.Timestamp(as_of) - last_sale).dt.days.astype("Int64")

    rules = _matching_rules(frame, as_of, policy)
    frame["status"] = pd.Categorical.from_codes(_RULE_STATUS_CODES[rules], dtype=STATUS_DTYPE)
    frame["reason"] = _reasons(frame, rules, policy) if explain else pd.Series(pd.NA, index=frame.index, dtype="str")
    kept = [name for name in frame.columns if name not in _ADDED_COLUMNS]
    return frame[[*kept, *_ADDED_COLUMNS]]


def explain_stock(classified: pd.DataFrame, as_of: date, policy: StockPolicy = StockPolicy()) -> pd.Series:
    """The reason column of a `classify_stock(..., explain=False)` result."""
    return _reasons(classified, _matching_rules(classified, as_of, policy), policy)


def _launched_within(frame: pd.DataFrame, as_of: date, days: int) -> pd.Series:
    """True for products launched fewer than `days` days before `as_of`."""
    if "launched_on" not in frame.columns:
        return pd.Series(False, index=frame.index)
    age_days = (pd.Timestamp(as_of) - pd.to_datetime(frame["launched_on"])).dt.days
    return age_days < days  # unknown launch dates compare False: judged like any other product


class _Position(NamedTuple):
    """What the reasons quote, as plain Python values."""

    on_hand: int
    avg_daily_units: float
    days_since_last_sale: Any  # int, or pd.NA when never sold
    on_order: int
    reorder_point: float
    lead_time_days_used: float
    safety_stock: float
    days_of_cover: float


def _matching_rules(frame: pd.DataFrame, as_of: date, policy: StockPolicy) -> np.ndarray:
    """Per row, the index in `_RULES` of the first rule of STATUS_RULES that matches."""
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


def _reasons(frame: pd.DataFrame, rules: np.ndarray, policy: StockPolicy) -> pd.Series:
    # Plain Python values of only the quoted columns: iterating pandas rows
    # (strings and dates included) costs several times more.
    positions = zip(*(frame[name].tolist() for name in _Position._fields))
    texts = [_RULES[rule][1](_Position(*values), policy) for rule, values in zip(rules.tolist(), positions)]
    return pd.Series(texts, index=frame.index, dtype="str")


def _selling(p: _Position) -> str:
    on_order = f"; {_number(p.on_order)} on order" if p.on_order > 0 else ""
    return (f"selling {_number(p.avg_daily_units)}/day" if p.avg_daily_units > 0 else "no recent sales") + on_order


def _out_of_stock(p: _Position, policy: StockPolicy) -> str:
    return f"{_number(p.on_hand)} units on hand; {_selling(p)}"


def _dead(p: _Position, policy: StockPolicy) -> str:
    last_sale = "never sold" if pd.isna(p.days_since_last_sale) else f"no sale in {p.days_since_last_sale} days"
    return f"{_number(p.on_hand)} units, {last_sale}"


def _below_reorder_point(p: _Position, policy: StockPolicy) -> str:
    on_order = f"; {_number(p.on_order)} on order" if p.on_order > 0 else ""
    return (
        f"{_number(p.on_hand)} units <= reorder point {_number(p.reorder_point)} "
        f"({_number(p.avg_daily_units)}/day x {_number(p.lead_time_days_used)} d lead time "
        f"+ {_number(p.safety_stock)} safety){on_order}"
    )


def _new_without_sales(p: _Position, policy: StockPolicy) -> str:
    return f"{_number(p.on_hand)} units, new product with no sales yet"


def _no_recent_sales(p: _Position, policy: StockPolicy) -> str:
    return (
        f"{_number(p.on_hand)} units, no sales in the last {policy.velocity_window_days} days "
        f"(last sale {p.days_since_last_sale} days ago)"
    )


def _too_much_cover(p: _Position, policy: StockPolicy) -> str:
    return f"{_number(p.days_of_cover)} days of cover > {policy.overstock_cover_days}"


def _enough_cover(p: _Position, policy: StockPolicy) -> str:
    return f"{_number(p.days_of_cover)} days of cover"


# STATUS_RULES in order, as (status, reason), matched by `_matching_rules`.
_RULES: tuple[tuple[str, Callable[[_Position, StockPolicy], str]], ...] = (
    (OUT_OF_STOCK, _out_of_stock),
    (DEAD_STOCK, _dead),
    (UNDERSTOCKED, _below_reorder_point),
    (HEALTHY, _new_without_sales),
    (OVERSTOCKED, _no_recent_sales),
    (OVERSTOCKED, _too_much_cover),
    (HEALTHY, _enough_cover),
)
_RULE_STATUS_CODES = np.array([STATUSES.index(status) for status, _ in _RULES])


def _number(value: float) -> str:
    """Whole numbers from 100 up, one decimal from 1, two below: precise where it matters."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2f}"


def count_needing_reorder(classified: pd.DataFrame) -> int:
    """Out-of-stock or understocked positions that what is already on order does
    not lift above the reorder point. Positions without recent demand are left
    out: there is nothing to size an order on, and a product nobody buys should
    not be reordered automatically."""
    return int(_reorder_needed(classified).sum())


def _reorder_needed(classified: pd.DataFrame) -> pd.Series:
    position = classified["on_hand"] + classified["on_order"]
    urgent = classified["status"].isin([OUT_OF_STOCK, UNDERSTOCKED])
    return urgent & (position <= classified["reorder_point"]) & (classified["avg_daily_units"] > 0)


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
