"""Alert rules: which stock positions, purchase orders and warehouses need
attention now, and which positions changed status since a reference day.

Each alert kind is a stable id with a rule in RULES: the columns that
identify a row from one evaluation to the next (a position by sku and
warehouse, a purchase order by po_id, a warehouse by its code), the columns
whose change makes an alert already sent worth sending again (its
fingerprint), and the function that picks and orders the rows. The Overview
shows the most pressing rows; the digest (`python -m planning digest`)
remembers per destination which rows it has sent.

Adding a kind is one entry in RULES (and its words in `i18n.labels`): the
Overview, the digest and its state pick it up. STOCKOUT_BEFORE_PEAK reads the
replenishment policy's projection of each position's stock (`runs_out_on`,
as `services.stock_health.classified_stock` adds it) against the next peak of
the shop's calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import stock_health
from analytics.events import PeakEvent

OUT_OF_STOCK = "out-of-stock"
BELOW_REORDER_POINT = "below-reorder-point"
OVERSTOCKED = "overstocked"
DEAD_STOCK = "dead-stock"
LATE_PURCHASE_ORDERS = "late-purchase-orders"
OVER_CAPACITY = "over-capacity"
STATUS_CHANGED = "status-changed"
STOCKOUT_BEFORE_PEAK = "stockout-before-peak"

POSITION_KEY = ("sku", "warehouse")
PURCHASE_ORDER_KEY = ("po_id",)
WAREHOUSE_KEY = ("warehouse",)


@dataclass(frozen=True)
class AlertThresholds:
    """What is worth an alert beyond a position's status; one hashable object (a cache key)."""

    min_stock_value: float = 0.0  # overstocked and dead stock: only positions worth at least this at cost
    capacity_pct: float = 90.0  # a warehouse holding at least this share of its capacity

    def __post_init__(self) -> None:
        if not self.min_stock_value >= 0:
            raise ValueError(f"min_stock_value must be 0 or more, got {self.min_stock_value}.")
        if not self.capacity_pct > 0:
            raise ValueError(f"capacity_pct must be more than 0, got {self.capacity_pct}.")


@dataclass(frozen=True)
class AlertInputs:
    """What the rules read. A rule whose input is missing (None) is not evaluated."""

    classified: pd.DataFrame  # stock_health.classify_stock as of the evaluation day
    open_orders: pd.DataFrame  # purchase orders open that day, with days_late
    capacity: pd.DataFrame | None = None  # per warehouse: on_hand, capacity_units, used_pct
    previous: pd.DataFrame | None = None  # classify_stock as of the reference day of STATUS_CHANGED
    thresholds: AlertThresholds = AlertThresholds()
    peak: PeakEvent | None = None  # the next peak of the shop's calendar, for STOCKOUT_BEFORE_PEAK


@dataclass(frozen=True)
class Alert:
    kind: str  # one of ALERT_KINDS
    key: tuple[str, ...]  # the columns that identify a row across evaluations
    rows: pd.DataFrame  # every matching row, most pressing first


@dataclass(frozen=True)
class AlertRule:
    key: tuple[str, ...]
    fingerprint: tuple[str, ...]  # besides the key: columns whose change makes a sent alert new again
    rows: Callable[[AlertInputs], pd.DataFrame | None]  # the matching rows, most pressing first; None: no input


def _most_pressing_first(rows: pd.DataFrame, by: str, key: tuple[str, ...], *, descending: bool) -> pd.DataFrame:
    """Sorted on `by`, ties in key order; NaN last."""
    ordered = rows.sort_values([by, *key], ascending=[not descending, *(True for _ in key)], kind="stable")
    return ordered.reset_index(drop=True)


def _with_status(inputs: AlertInputs, status: str) -> pd.Series:
    return inputs.classified["status"] == status


def _out_of_stock(inputs: AlertInputs) -> pd.DataFrame:
    """Most demanded first."""
    rows = inputs.classified[_with_status(inputs, stock_health.OUT_OF_STOCK)]
    return _most_pressing_first(rows, "avg_daily_units", POSITION_KEY, descending=True)


def _below_reorder_point(inputs: AlertInputs) -> pd.DataFrame:
    """Understocked and not covered by what is on order (the Overview's
    "needing reorder" test); least cover first."""
    classified = inputs.classified
    rows = classified[_with_status(inputs, stock_health.UNDERSTOCKED) & stock_health.needs_reorder(classified)]
    return _most_pressing_first(rows, "days_of_cover", POSITION_KEY, descending=False)


def _stockout_before_peak(inputs: AlertInputs) -> pd.DataFrame | None:
    """Positions projected to run out (on hand + open orders - the forecast)
    before the next peak is over, while demand is expected; soonest first.
    The peak's id is part of the row, so the next peak's alert is new again."""
    classified, peak = inputs.classified, inputs.peak
    if peak is None or "runs_out_on" not in classified:
        return None
    runs_out = pd.to_datetime(classified["runs_out_on"])
    selling = classified["daily_demand"] > 0 if "daily_demand" in classified else classified["avg_daily_units"] > 0
    rows = classified[(runs_out <= pd.Timestamp(peak.end)) & selling].assign(peak=peak.id)
    return _most_pressing_first(rows, "runs_out_on", POSITION_KEY, descending=False)


def _worth_at_least(inputs: AlertInputs, status: str) -> pd.DataFrame:
    """Positions of `status` holding at least the threshold's value; most value first."""
    classified = inputs.classified
    worth = classified["stock_value"].fillna(0) >= inputs.thresholds.min_stock_value
    rows = classified[_with_status(inputs, status) & worth]
    return _most_pressing_first(rows, "stock_value", POSITION_KEY, descending=True)


def _late_purchase_orders(inputs: AlertInputs) -> pd.DataFrame:
    """Latest first."""
    orders = inputs.open_orders
    return _most_pressing_first(orders[orders["days_late"] > 0], "days_late", PURCHASE_ORDER_KEY, descending=True)


def _over_capacity(inputs: AlertInputs) -> pd.DataFrame | None:
    """Warehouses at or above the capacity threshold; fullest first. Without a
    recorded capacity a warehouse has no share to compare."""
    if inputs.capacity is None:
        return None
    capacity = inputs.capacity
    rows = capacity[capacity["used_pct"] >= inputs.thresholds.capacity_pct]
    return _most_pressing_first(rows, "used_pct", WAREHOUSE_KEY, descending=True)


def _status_changed(inputs: AlertInputs) -> pd.DataFrame | None:
    """Positions whose status differs from the reference day's, with it as
    previous_status; most urgent new status first. A position without a
    status on the reference day (new since) has not changed."""
    if inputs.previous is None:
        return None
    classified, previous = inputs.classified, inputs.previous
    at = _keyed(previous).get_indexer(_keyed(classified))  # the reference day's row of each position; -1: new
    before = np.append(_status_codes(previous), -1)[at]
    changed = (at >= 0) & (_status_codes(classified) != before)
    rows = classified[changed].assign(
        previous_status=pd.Categorical.from_codes(before[changed], dtype=stock_health.STATUS_DTYPE)
    )
    return _most_pressing_first(rows, "status", POSITION_KEY, descending=False)


def _keyed(positions: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(positions[list(POSITION_KEY)])


def _status_codes(positions: pd.DataFrame) -> np.ndarray:
    """Each status as its place among the statuses (-1 for none): compared
    as numbers, not as a string per position (120 ms at 160,000 positions)."""
    return positions["status"].astype(stock_health.STATUS_DTYPE).cat.codes.to_numpy()


RULES: dict[str, AlertRule] = {
    OUT_OF_STOCK: AlertRule(POSITION_KEY, (), _out_of_stock),
    BELOW_REORDER_POINT: AlertRule(POSITION_KEY, (), _below_reorder_point),
    STOCKOUT_BEFORE_PEAK: AlertRule(POSITION_KEY, ("peak",), _stockout_before_peak),
    OVERSTOCKED: AlertRule(POSITION_KEY, (), lambda inputs: _worth_at_least(inputs, stock_health.OVERSTOCKED)),
    DEAD_STOCK: AlertRule(POSITION_KEY, (), lambda inputs: _worth_at_least(inputs, stock_health.DEAD_STOCK)),
    LATE_PURCHASE_ORDERS: AlertRule(PURCHASE_ORDER_KEY, ("expected_on",), _late_purchase_orders),
    OVER_CAPACITY: AlertRule(WAREHOUSE_KEY, (), _over_capacity),
    STATUS_CHANGED: AlertRule(POSITION_KEY, ("previous_status", "status"), _status_changed),
}
ALERT_KINDS: tuple[str, ...] = tuple(RULES)  # most urgent first: the order the Overview and the digest show


def evaluate(inputs: AlertInputs, kinds: tuple[str, ...] = ALERT_KINDS) -> tuple[Alert, ...]:
    """The alerts of `kinds` whose inputs are present, in that order; a kind
    with nothing to report has empty rows."""
    alerts = []
    for kind in kinds:
        rule = RULES[kind]
        rows = rule.rows(inputs)
        if rows is not None:
            alerts.append(Alert(kind, rule.key, rows))
    return tuple(alerts)


def most_pressing(
    alerts: tuple[Alert, ...], top: int | None = None, columns: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The rows of every alert in one frame, alert by alert in their order,
    with its kind as a column: one table for the Overview instead of one per
    kind. `top`: each alert's most pressing rows only; `columns`: only
    these (those a kind has; concatenating every column costs tens of ms)."""
    frames = []
    for alert in alerts:
        rows = alert.rows.head(top) if top else alert.rows  # first: the rest is copied for the kept rows only
        rows = rows if columns is None else rows[[column for column in columns if column in rows]]
        if not rows.empty:
            rows = rows.assign(kind=alert.kind)
            frames.append(rows.astype({"status": "object"}) if "status" in rows else rows)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"kind": pd.Series(dtype="object")})
