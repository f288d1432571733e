"""The two policies a replay compares.

`MinMax` is the rule the anchors' users set by hand: min = average daily
sales of the last 30 days x nominal lead time + 7 days of sales, max = min +
30 days of sales; order up to max when on hand + on order <= min.

`Plan` is this dashboard's plan (`analytics.policy`), refit every review on
the history the shop would have had by then: the replayed sales and stock
appended to the real history before the replay, the forecast's levels,
classes and errors refit (its seasonal profiles once, at the start: the
fast path), lead-time figures from the receipts so far, ABC classes as at
the start; transfers first, then purchases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.forecasting.calendar import DAYS_PER_WEEK
from analytics.forecasting.history import SELLOUT_DAY_EXPOSURE, WeeklyHistory
from analytics.forecasting.model import forecast, group_profiles
from analytics.policy import (
    COUNTED_CLASSES,
    DemandCurve,
    PolicySettings,
    lead_time_stats,
    order_quantity,
    plan_lines,
    policy_levels,
)
from analytics.policy.projection import NEVER
from analytics.position_rows import position_rows
from analytics.replay.engine import Decision, ReplayShop, ReplayState

MIN_MAX_SALES_DAYS = 30
MIN_MAX_SAFETY_DAYS = 7
MIN_MAX_CYCLE_DAYS = 30
PLAN_HORIZON_WEEKS = 13
"""Weeks the plan forecasts at each review: more than review period + the longest lead time."""


@dataclass
class MinMax:
    shop: ReplayShop
    sales_before: np.ndarray
    """[MIN_MAX_SALES_DAYS, position] units sold on the days before the replay, oldest first."""

    def decide(self, state: ReplayState) -> Decision:
        recent = np.vstack([self.sales_before, state.served[: state.day]])[-MIN_MAX_SALES_DAYS:]
        daily = recent.sum(axis=0) / MIN_MAX_SALES_DAYS
        nominal = self.shop.positions["lead_time_days"].to_numpy(dtype="float64")
        low = daily * nominal + MIN_MAX_SAFETY_DAYS * daily
        high = low + MIN_MAX_CYCLE_DAYS * daily
        position = state.on_hand + state.on_order
        needed = np.where(position <= low, high - position, 0.0)
        positions = self.shop.positions
        return Decision.purchases_only(order_quantity(needed, positions["pack_size"], positions["min_order_qty"]))


@dataclass
class Plan:
    shop: ReplayShop
    history: WeeklyHistory
    """The real weekly history up to the day before the replay (series = the shop's positions, in order)."""
    receipts: pd.DataFrame
    """Orders received before the replay per supplier, product_id and lead_days (`receipts`), every product."""
    abc_class: np.ndarray
    settings: PolicySettings

    def __post_init__(self) -> None:
        self.profiles = group_profiles(self.history)

    def decide(self, state: ReplayState) -> Decision:
        result = forecast(self._history(state), PLAN_HORIZON_WEEKS, self.profiles)
        positions = self.shop.positions
        own, pooled = self._receipts(state)
        stats = lead_time_stats(own, pooled, positions[["product_id", "supplier", "lead_time_days"]], self.settings)
        frame = positions.assign(
            on_hand=state.on_hand,
            on_order=state.on_order,
            lead_mean=stats["lead_mean"].to_numpy(),
            lead_sd=stats["lead_sd"].to_numpy(),
            abc_class=self.abc_class,
            weekly_error_sd=result.error_sd,
            intermittent=np.isin(result.demand_class, COUNTED_CLASSES),
        )
        levels = policy_levels(frame, DemandCurve(result.mean), 0, self.settings)
        lines = plan_lines(levels, np.full(len(levels), NEVER), self.shop.first_day, self.settings)
        purchases = np.zeros(self.shop.size)
        bought = position_rows(positions, lines.purchases["product_id"], lines.purchases["warehouse_id"])
        purchases[bought] = lines.purchases["quantity"].to_numpy()
        moves = lines.transfers
        return Decision(
            purchases,
            pd.DataFrame({
                "from": position_rows(positions, moves["product_id"], moves["from_warehouse_id"]),
                "to": position_rows(positions, moves["product_id"], moves["to_warehouse_id"]),
                "quantity": moves["quantity"].to_numpy(),
            }),
        )  # fmt: skip

    def _history(self, state: ReplayState) -> WeeklyHistory:
        """The real history with the replay's complete weeks appended."""
        weeks = state.day // DAYS_PER_WEEK
        if weeks == 0:
            return self.history
        days = weeks * DAYS_PER_WEEK
        served = state.served[:days].reshape(weeks, DAYS_PER_WEEK, -1)
        stock = state.stock[:days].reshape(weeks, DAYS_PER_WEEK, -1)
        in_stock = (stock > 0).sum(axis=1)
        sold_out = ((stock <= 0) & (served > 0)).sum(axis=1)
        exposure = ((in_stock + SELLOUT_DAY_EXPOSURE * sold_out) / DAYS_PER_WEEK).T
        base = self.history
        return WeeklyHistory(
            base.series,
            np.concatenate([base.weeks, base.weeks[-1] + DAYS_PER_WEEK * np.arange(1, weeks + 1)]),
            np.hstack([base.units, served.sum(axis=1).T]),
            np.hstack([base.exposure, exposure]),
            np.hstack([base.observed, np.ones((self.shop.size, weeks))]),
            base.stock_known,
            base.calendar,
        )

    def _receipts(self, state: ReplayState) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The receipts before the replay plus the replay's purchases received
        by the previous day's end: per supplier x product and per supplier."""
        own = [self.receipts]
        for order_day, rows, lead in state.purchases:
            arrived = order_day + lead < state.day
            positions = self.shop.positions.iloc[rows[arrived]]
            own.append(pd.DataFrame({
                "supplier": positions["supplier"].to_numpy(), "product_id": positions["product_id"].to_numpy(),
                "lead_days": lead[arrived], "receipts": 1,
            }))  # fmt: skip
        own = pd.concat(own, ignore_index=True)
        return own, own.groupby(["supplier", "lead_days"], as_index=False)["receipts"].sum()
