"""Reorder point, order-up-to level and safety stock of every position, from
its demand curve, lead time, service level and forecast errors.

Periodic review: an order placed at a review arrives after the lead time L
and is the last one before the next review, so it must cover the protection
interval P = review period R + L. Safety stock protects that interval:
    SS = z x sqrt(P x sd_d² + d² x sd_L²)
(with continuous review, R = 0, this is the textbook z x sqrt(L x sd_d² + d² x sd_L²)).
The reorder point is the forecast over the lead time + SS: stock + open
orders at or below it cannot keep the safety stock even if an order goes out
today. The order-up-to level S is the forecast over P + SS: every review
brings a position below S back up to it (whole packs, at least the minimum
order), since anything less would run below the reorder point before the
next review could order. Forecasts are summed day by day from the order day,
so a peak inside P raises both levels before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.policy.demand import DAYS_PER_WEEK, DemandCurve
from analytics.policy.safety_stock import count_safety_stock, lead_time_variance, normal_safety_stock

REORDER_POINT_FORMULA = "reorder-point"


def daily_error_sd(weekly_error_sd: np.ndarray, daily_demand: np.ndarray) -> np.ndarray:
    """The daily spread of forecast errors, weekly errors / sqrt 7, never
    below Poisson noise (sqrt of the daily demand): a few weeks of errors can
    look calmer than counts ever are. Without errors, Poisson noise alone."""
    weekly = np.nan_to_num(np.asarray(weekly_error_sd, dtype="float64"), nan=0.0)
    return np.maximum(weekly / np.sqrt(DAYS_PER_WEEK), np.sqrt(np.maximum(daily_demand, 0.0)))


@dataclass(frozen=True)
class ReorderLevels:
    """[series] the quantities of the policy, in units (daily ones per day)."""

    daily_demand: np.ndarray
    """Forecast per day, averaged over the protection interval (d)."""
    daily_sd: np.ndarray
    """Daily spread of the forecast's errors (sd_d)."""
    lead_demand: np.ndarray
    """Forecast over the lead time."""
    protection_demand: np.ndarray
    """Forecast over the review period + lead time."""
    safety_stock: np.ndarray
    reorder_point: np.ndarray
    order_up_to: np.ndarray


def reorder_levels(
    curve: DemandCurve,
    start: float,
    lead_mean: np.ndarray,
    lead_sd: np.ndarray,
    review_days: int,
    service_level: np.ndarray,
    weekly_error_sd: np.ndarray,
    intermittent: np.ndarray,
) -> ReorderLevels:
    """Levels for orders placed on day `start` of `curve`. `weekly_error_sd`
    is the spread of weekly demand around the forecast (NaN when unknown; see
    `daily_error_sd`); `intermittent` series get a count (Poisson /
    negative-binomial) demand over the protection interval instead of the normal."""
    lead_mean = np.maximum(np.asarray(lead_mean, dtype="float64"), 0.0)
    protection = lead_mean + review_days
    lead_demand = curve.between(start, start + lead_mean)
    protection_demand = curve.between(start, start + protection)
    with np.errstate(invalid="ignore", divide="ignore"):
        daily_demand = np.where(protection > 0, protection_demand / protection, curve.daily(int(start)))
    daily_sd = daily_error_sd(weekly_error_sd, daily_demand)
    normal = normal_safety_stock(service_level, protection, lead_sd, daily_demand, daily_sd)
    variance = lead_time_variance(protection, lead_sd, daily_demand, daily_sd)
    counted = count_safety_stock(service_level, protection_demand, variance)
    safety_stock = np.where(np.asarray(intermittent, dtype=bool), counted, normal)
    return ReorderLevels(
        daily_demand=daily_demand,
        daily_sd=daily_sd,
        lead_demand=lead_demand,
        protection_demand=protection_demand,
        safety_stock=safety_stock,
        reorder_point=lead_demand + safety_stock,
        order_up_to=protection_demand + safety_stock,
    )
