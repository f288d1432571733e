"""Prices and discounts of order lines.

Prices move a little from quarter to quarter (the list price is today's), and
discounts follow the retail calendar: deep during sales and Black Friday,
shallow in the Christmas rush (people pay full price to get gifts in time),
clearance for discontinued products, and the odd coupon any day.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from sample_data.catalog import ShopProfile
from sample_data.demand import day_dates, event_days

PROMOTED_SHARE = 0.6
"""Share of lines on promotion during an event, for a category of average sensitivity."""
COUPON_RATE, COUPON_DISCOUNT = 0.06, 0.1
CLEARANCE_DISCOUNT, DEEP_CLEARANCE_DISCOUNT, DEEP_CLEARANCE_AFTER_DAYS = 0.3, 0.5, 60
PRICE_CHANGE_SIGMA = 0.03


def quarter_of_day(first_day: date, days: int) -> np.ndarray:
    """[day] 0 for the first simulated quarter, counting up."""
    months = day_dates(first_day, days).astype("datetime64[M]").astype(np.int64)
    return months // 3 - months[0] // 3


def price_history(shop: ShopProfile, list_price: np.ndarray, quarters: int, rng: np.random.Generator) -> np.ndarray:
    """[quarter, product] shelf prices: today's list price in the last quarter,
    a few percent either way before."""
    change = np.clip(rng.normal(0.0, PRICE_CHANGE_SIGMA, (quarters, len(list_price))), -0.08, 0.06)
    change[-1] = 0.0
    prices = shop.charm_round(list_price[None, :] * (1 + change))
    prices[-1] = list_price
    return prices


def event_promotions(shop: ShopProfile, first_day: date, days: int) -> tuple[np.ndarray, np.ndarray]:
    """[day, category] discount depth and the share of lines that get it."""
    depth = np.zeros((days, len(shop.categories)))
    share = np.zeros((days, len(shop.categories)))
    for event, span in event_days(shop.calendar, first_day, days):
        sensitivity = np.array([shop.event_sensitivity(c, event.id) for c in shop.categories])
        depth[span] = np.maximum(depth[span], shop.event_discount[event.id])
        share[span] = np.maximum(share[span], np.minimum(0.95, PROMOTED_SHARE * sensitivity))
    return depth, share


def line_discounts(
    day: np.ndarray,
    product: np.ndarray,
    category: np.ndarray,
    discontinued_day: np.ndarray,
    promotions: tuple[np.ndarray, np.ndarray],
    rng: np.random.Generator,
) -> np.ndarray:
    """The discount rate of each line: the best of event promotion, coupon and clearance."""
    depth, share = promotions
    line_category = category[product]
    promoted = rng.random(len(day), dtype=np.float32) < share[day, line_category]
    discount = np.where(promoted, depth[day, line_category], 0.0)
    coupon = rng.random(len(day), dtype=np.float32) < COUPON_RATE
    discount = np.where(coupon, np.maximum(discount, COUPON_DISCOUNT), discount)
    days_in_clearance = day - discontinued_day[product]  # negative until discontinued, and for NO_DAY
    clearance = np.where(days_in_clearance >= DEEP_CLEARANCE_AFTER_DAYS, DEEP_CLEARANCE_DISCOUNT, CLEARANCE_DISCOUNT)
    return np.where(days_in_clearance >= 0, np.maximum(discount, clearance), discount)
