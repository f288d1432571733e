"""The policy applied to stock positions (product x warehouse): the one place
that decides reorder points, safety stock and whether a position needs an
order, for Stock health, the Overview, the alerts and the plan alike."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.forecasting.classify import INTERMITTENT, LUMPY
from analytics.policy.abc import CLASSES
from analytics.policy.demand import DemandCurve
from analytics.policy.levels import reorder_levels
from analytics.policy.settings import PolicySettings

COUNTED_CLASSES = (INTERMITTENT, LUMPY)
"""The forecast's demand classes whose demand is a count (Poisson / negative binomial), not a normal."""
LEVEL_COLUMNS = (
    "service_level",
    "daily_demand",
    "daily_sd",
    "lead_demand",
    "protection_demand",
    "safety_stock",
    "reorder_point",
    "order_up_to",
)
NEEDS_ORDER_RULE = "needs-order"


def service_levels(abc_class: pd.Series, settings: PolicySettings) -> np.ndarray:
    """The service level of each row's ABC class (C for an unknown class)."""
    levels = dict(zip(CLASSES, settings.service_levels, strict=True))
    return abc_class.map(levels).fillna(levels[CLASSES[-1]]).to_numpy(dtype="float64")


def policy_levels(positions: pd.DataFrame, curve: DemandCurve, start: int, settings: PolicySettings) -> pd.DataFrame:
    """`positions` with LEVEL_COLUMNS added, row i on `curve`'s series i, for
    orders placed on day `start` of the curve.

    Needs lead_mean and lead_sd (`lead_times.lead_time_stats`), abc_class,
    weekly_error_sd (NaN when unknown) and intermittent (bool)."""
    service = service_levels(positions["abc_class"], settings)
    levels = reorder_levels(
        curve,
        start,
        positions["lead_mean"].to_numpy(dtype="float64"),
        positions["lead_sd"].to_numpy(dtype="float64"),
        settings.review_days,
        service,
        positions["weekly_error_sd"].to_numpy(dtype="float64"),
        positions["intermittent"].to_numpy(dtype=bool),
    )
    columns = {"service_level": service, **{name: getattr(levels, name) for name in LEVEL_COLUMNS[1:]}}
    return positions.assign(**columns)


def inventory_position(levels: pd.DataFrame) -> pd.Series:
    """On hand (never below 0) + on order."""
    return levels["on_hand"].clip(lower=0) + levels["on_order"].fillna(0)


def needs_order(levels: pd.DataFrame) -> pd.Series:
    """At or below the reorder point, with demand expected: the positions an
    order is late for unless it goes out now (the Overview's tile, the alerts,
    and the receivers of transfers)."""
    return (inventory_position(levels) <= levels["reorder_point"]) & (levels["daily_demand"] > 0)


def below_order_up_to(levels: pd.DataFrame) -> pd.Series:
    """Below the order-up-to level, with demand expected: what a review orders for."""
    return (inventory_position(levels) < levels["order_up_to"]) & (levels["daily_demand"] > 0)
