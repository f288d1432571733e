"""Expected daily demand for every day x product x warehouse.

Demand is a product of interpretable factors, so every pattern a manager would
look for is present and explainable: the category's yearly season, the events
of the shop's retail calendar (`analytics.events`), the weekday rhythm, the shop's growth, where a
product is in its life (launch ramp, run-down after discontinuation), a slow
random drift per product, and how the product's orders spread over the
warehouses. Matrices are laid out [day, pair] with pair = warehouse * products
+ product, so flattening them gives rows in (day, warehouse, product) order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from analytics.events import PeakEvent, peak_events
from sample_data.assortment import Assortment
from sample_data.catalog import Category, ShopProfile, Warehouse

# Monday..Sunday: shoppers order most at the start of the week, least on Saturday.
WEEKDAY_FACTORS = np.array([1.12, 1.08, 1.03, 1.0, 0.92, 0.84, 1.01])
LAUNCH_RAMP_DAYS = 60
LAUNCH_START_LEVEL = 0.35
RUN_DOWN_LEVEL = 0.35
RUN_DOWN_DAYS = 90
DRIFT_PERSISTENCE = 0.985
DRIFT_STEP = 0.04
WAREHOUSE_MIX_SIGMA = 0.35
DAILY_DISPERSION = 3.0
"""Gamma shape of the day-to-day noise: lower means burstier demand than Poisson."""


@dataclass(frozen=True)
class DemandModel:
    """Expected demand, kept as a per-product curve and a warehouse split so a
    block of products can be expanded to [day, pair] on its own (a big catalog's
    full matrix would not fit in memory)."""

    per_product: np.ndarray
    """[day, product] expected units over all warehouses, before scaling."""
    mix: np.ndarray
    """[warehouse, product] each product's share per warehouse."""
    planner_rate: np.ndarray
    """[pair] the buyer's estimate of deseasonalised daily demand, in the same scale."""
    planner_index: np.ndarray
    """[day, category] the season and growth a buyer plans with (no events, no
    weekdays), beyond the last day so forward-looking plans work at the end."""
    scale: float = 1.0
    """Factor that brings demand to the requested volume."""

    def expected(self) -> np.ndarray:
        """[day, pair] expected units, scaled."""
        per_pair = self.per_product[:, None, :] * self.mix[None, :, :]
        return per_pair.reshape(len(self.per_product), -1) * self.scale

    def block(self, products: slice) -> DemandModel:
        """The model of the products in `products` only, pairs numbered within the block."""
        rate = self.planner_rate.reshape(len(self.mix), -1)[:, products].reshape(-1)
        return replace(self, per_product=self.per_product[:, products], mix=self.mix[:, products], planner_rate=rate)


def day_dates(first_day: date, days: int) -> np.ndarray:
    return np.datetime64(first_day, "D") + np.arange(days)


def _day_of_year_fraction(dates: np.ndarray) -> np.ndarray:
    years = dates.astype("datetime64[Y]")
    return (dates - years).astype(np.int64) / 365.25


def seasonal_index(categories: tuple[Category, ...], first_day: date, days: int) -> np.ndarray:
    """[day, category] each category's monthly profile, smoothly interpolated
    between mid-months and scaled to average 1 over a year."""
    profiles = np.array([c.monthly_profile for c in categories], dtype=float)
    profiles /= profiles.mean(axis=1, keepdims=True)
    mid_months = (np.arange(12) + 0.5) / 12
    anchors = np.concatenate([[mid_months[-1] - 1], mid_months, [mid_months[0] + 1]])
    wrapped = np.concatenate([profiles[:, -1:], profiles, profiles[:, :1]], axis=1)
    position = _day_of_year_fraction(day_dates(first_day, days))
    return np.stack([np.interp(position, anchors, row) for row in wrapped], axis=1)


def growth_index(categories: tuple[Category, ...], days: int) -> np.ndarray:
    """[day, category] each category's compound growth, 1 on the first day."""
    growth = np.array([c.yearly_growth for c in categories])
    return (1 + growth)[None, :] ** (np.arange(days)[:, None] / 365.25)


def event_days(calendar: str, first_day: date, days: int) -> list[tuple[PeakEvent, slice]]:
    """The calendar's events in the period, each with its day-index slice."""
    last_day = first_day + timedelta(days=days - 1)
    return [
        (event, slice(max(0, (event.start - first_day).days), (event.end - first_day).days + 1))
        for event in peak_events(first_day, last_day, calendar)
    ]


def event_lift(shop: ShopProfile, first_day: date, days: int) -> np.ndarray:
    """[day, category] demand lift of the calendar's events; where events
    overlap the strongest one counts (a shopper is not twice as eager on
    Cyber Monday because Christmas shopping also started), and a lull (a
    multiplier below 1, the Spring Festival) lowers what is left."""
    lift = np.ones((days, len(shop.categories)))
    for event, span in event_days(shop.calendar, first_day, days):
        sensitivity = np.array([shop.event_sensitivity(c, event.id) for c in shop.categories])
        category_lift = 1 + (event.demand_multiplier - 1) * sensitivity
        combine = np.maximum if event.demand_multiplier >= 1 else np.minimum
        lift[span] = combine(lift[span], category_lift)
    return lift


def calendar_factor(shop: ShopProfile, first_day: date, days: int) -> np.ndarray:
    """[day] the weekday rhythm times the shop's quiet days."""
    dates = day_dates(first_day, days)
    weekday = (dates.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    factor = WEEKDAY_FACTORS[weekday]
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    for (month, day), quiet in shop.quiet_days.items():
        factor = np.where((months == month) & (day_of_month == day), factor * quiet, factor)
    return factor


def lifecycle(assortment: Assortment, days: int) -> np.ndarray:
    """[day, product] 0 before launch, ramping up after it, fading after discontinuation."""
    day = np.arange(days)[:, None]
    since_launch = day - assortment.launch_day[None, :]
    ramp = LAUNCH_START_LEVEL + (1 - LAUNCH_START_LEVEL) * np.clip(since_launch / LAUNCH_RAMP_DAYS, 0, 1)
    level = np.where(since_launch >= 0, ramp, 0.0)
    since_end = day - assortment.discontinued_day[None, :]  # negative until discontinued, and for NO_DAY
    fade = RUN_DOWN_LEVEL * np.exp(-np.maximum(since_end, 0) / RUN_DOWN_DAYS)
    return np.where(since_end >= 0, level * fade, level)


def drift(products: int, days: int, rng: np.random.Generator) -> np.ndarray:
    """[day, product] a slow mean-reverting random walk: products go in and out of fashion."""
    shocks = rng.normal(0.0, DRIFT_STEP, (days, products))
    log_level = np.empty((days, products))
    current = rng.normal(0.0, DRIFT_STEP * 4, products)
    for day in range(days):
        current = DRIFT_PERSISTENCE * current + shocks[day]
        log_level[day] = current
    return np.exp(log_level)


def warehouse_mix(products: int, warehouses: tuple[Warehouse, ...], rng: np.random.Generator) -> np.ndarray:
    """[warehouse, product] each product's split over the warehouses: the
    buildings' shares, varied per product by regional taste."""
    shares = np.array([w.demand_share for w in warehouses])
    mix = shares[:, None] * rng.lognormal(0.0, WAREHOUSE_MIX_SIGMA, (len(warehouses), products))
    return mix / mix.sum(axis=0, keepdims=True)


def build_demand(
    shop: ShopProfile,
    assortment: Assortment,
    warehouses: tuple[Warehouse, ...],
    first_day: date,
    days: int,
    planning_horizon: int,
    rng: np.random.Generator,
) -> DemandModel:
    """Expected demand in units before scaling to a volume (see `scaled`)."""
    category = assortment.category
    season = seasonal_index(shop.categories, first_day, days + planning_horizon)
    growth = growth_index(shop.categories, days + planning_horizon)
    planner_index = season * growth
    shop_factor = (planner_index[:days] * event_lift(shop, first_day, days))[:, category]
    shop_factor *= calendar_factor(shop, first_day, days)[:, None]
    life = lifecycle(assortment, days)
    wander = drift(assortment.count, days, rng)
    mix = warehouse_mix(assortment.count, warehouses, rng)
    per_product = shop_factor * life * wander * assortment.popularity[None, :]
    # The buyer knows each product's current run rate from its history; new
    # products are planned at their full rate (launch optimism).
    known_life = np.where(assortment.launch_day < 0, life[0], 1.0)
    planner_rate = ((assortment.popularity * wander[0] * known_life)[None, :] * mix).reshape(-1)
    return DemandModel(per_product=per_product, mix=mix, planner_rate=planner_rate, planner_index=planner_index)


def scaled(model: DemandModel, factor: float) -> DemandModel:
    return replace(model, planner_rate=model.planner_rate * factor, scale=model.scale * factor)


def draw_demand(expected: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """[day, pair] units customers want: Poisson with gamma-distributed rates,
    so days are burstier than a plain Poisson process."""
    rates = expected * rng.gamma(DAILY_DISPERSION, 1 / DAILY_DISPERSION, expected.shape)
    return rng.poisson(rates).astype(np.int32)
