"""Stock simulated day by day for all product x warehouse pairs at once.

Each day, for every pair: deliveries and customer returns go on the shelf,
customers buy what they want up to what is there (the rest is lost demand, a
stockout), and the buyer reorders with a reorder point / order-up-to policy
when stock plus open orders falls below the reorder point. Suppliers deliver
after a random lead time; unreliable ones are often late, and none delivers
while the shop's calendar closes them (the Spring Festival in China): what
would arrive then arrives the day they open again. Everything is kept
per pair in integer units, so stock never goes negative and the daily flow
on_hand(d) = on_hand(d-1) + received(d) - sold(d) + returned(d) holds exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from analytics.lead_time_draws import DeliveryDays, draw_lead_times
from sample_data.assortment import Assortment
from sample_data.demand import DAILY_DISPERSION, DemandModel

SERVICE_Z = 0.1
"""Safety stock in standard deviations of lead-time demand: a cycle service
just above 50%, so stockouts are part of the story."""
FORECAST_SMOOTHING = 0.08
REVIEW_DAYS = 1
EARLY_DAYS = 2
MAX_LATE_DAYS = 60
MAX_RETURN_DAYS = 45
RETURN_MEAN_DAYS = 10


@dataclass(frozen=True)
class PurchaseOrders:
    """One entry per purchase order; `received_day` is -1 while still open."""

    pair: np.ndarray
    ordered_day: np.ndarray
    expected_day: np.ndarray
    received_day: np.ndarray
    quantity: np.ndarray


@dataclass(frozen=True)
class StockFlows:
    """[day, pair] daily units; `on_hand` is end-of-day stock."""

    sold: np.ndarray
    returned: np.ndarray
    received: np.ndarray
    on_hand: np.ndarray
    purchase_orders: PurchaseOrders


def planning_horizon(assortment: Assortment) -> int:
    """Days ahead the buyer may look: the longest lead time plus the longest cover."""
    return int(assortment.lead_time_days.max() + REVIEW_DAYS + np.ceil(assortment.cover_days.max()) + 1)


@dataclass(frozen=True)
class LeadTimeBehaviour:
    """How each product's supplier delivers (alike for every warehouse): an
    order is on time with `on_time_rate`, then nominal minus 0..EARLY_DAYS
    days (uniformly), else late by a geometric number of days of mean
    `mean_delay`, capped at MAX_LATE_DAYS; never under one day
    (`analytics.lead_time_draws`). Stored as the simulator's ground truth, so a
    replay draws lead times as it did."""

    nominal_lead: np.ndarray
    on_time_rate: np.ndarray

    @property
    def mean_delay(self) -> np.ndarray:
        return 3 + self.nominal_lead / 5  # far-away suppliers slip further


def lead_time_behaviour(assortment: Assortment) -> LeadTimeBehaviour:
    return LeadTimeBehaviour(assortment.lead_time_days, assortment.supplier_on_time_rate)


class _Supplier:
    """Draws actual lead times per pair from the product's `LeadTimeBehaviour`."""

    def __init__(self, behaviour: LeadTimeBehaviour, warehouses: int, rng: np.random.Generator):
        self.nominal_lead = np.tile(behaviour.nominal_lead, warehouses)
        self.on_time_rate = np.tile(behaviour.on_time_rate, warehouses)
        self.mean_delay = np.tile(behaviour.mean_delay, warehouses)
        self.rng = rng

    def actual_lead(self, pairs: np.ndarray) -> np.ndarray:
        return draw_lead_times(
            self.rng, self.nominal_lead[pairs], self.on_time_rate[pairs], self.mean_delay[pairs], EARLY_DAYS,
            MAX_LATE_DAYS,
        )  # fmt: skip


class _PurchaseLog:
    """Collects purchase orders as arrays, one batch per day."""

    def __init__(self) -> None:
        self.batches: list[tuple[np.ndarray, ...]] = []

    def add(self, pairs, ordered_day, expected_day, received_day, quantity) -> None:
        self.batches.append((pairs, ordered_day, expected_day, received_day, quantity))

    def orders(self) -> PurchaseOrders:
        if not self.batches:
            return PurchaseOrders(*[np.empty(0, dtype=np.int64)] * 5)
        return PurchaseOrders(*[np.concatenate(column).astype(np.int64) for column in zip(*self.batches)])


class _Buyer:
    """The replenishment policy: forecasts deseasonalised demand by exponential
    smoothing, plans with the category's season and growth (but cannot foresee
    event spikes), and orders up to cover in whole case packs."""

    def __init__(self, model: DemandModel, assortment: Assortment, warehouses: int):
        self.category = np.tile(assortment.category, warehouses)
        self.lead = np.tile(assortment.lead_time_days, warehouses) + REVIEW_DAYS
        self.cover = np.ceil(np.tile(assortment.cover_days, warehouses)).astype(np.int64)
        self.pack = np.array([c.case_pack for c in assortment.categories])[self.category]
        self.launch = np.tile(assortment.launch_day, warehouses)
        self.discontinued = np.tile(assortment.discontinued_day, warehouses)
        self.rate = model.planner_rate.copy()
        self.index = model.planner_index
        self.cumulative = np.vstack([np.zeros((1, self.index.shape[1])), np.cumsum(self.index, axis=0)])

    def _planned(self, day, days_ahead: np.ndarray, pairs) -> np.ndarray:
        """Planned demand of `pairs` from `day` for `days_ahead` days."""
        category = self.category[pairs]
        window = self.cumulative[day + days_ahead, category] - self.cumulative[day, category]
        return self.rate[pairs] * window

    def levels(self, day, pairs=slice(None)) -> tuple[np.ndarray, np.ndarray]:
        """Reorder point (demand until a new order can arrive, plus safety) and
        order-up-to level (the same plus `cover` days after that) of `pairs`
        on `day` (one day, or one per pair)."""
        lead = self.lead[pairs]
        lead_demand = self._planned(day, lead, pairs)
        safety = SERVICE_Z * np.sqrt(lead_demand * (1 + lead_demand / (DAILY_DISPERSION * lead)))
        return lead_demand + safety, self._planned(day, lead + self.cover[pairs], pairs) + safety

    def to_order(self, day: int, position: np.ndarray) -> np.ndarray:
        """Units to order today per pair (0 = none)."""
        reorder_point, order_up_to = self.levels(day)
        selling = (day >= self.launch) & (day < self.discontinued)
        needed = selling & (position < reorder_point)
        return np.where(needed, self.in_packs(order_up_to - position), 0)

    def in_packs(self, units: np.ndarray, pairs=slice(None)) -> np.ndarray:
        """At least `units`, rounded up to whole case packs (at least one)."""
        pack = self.pack[pairs]
        return (np.maximum(np.ceil(units / pack), 1) * pack).astype(np.int64)

    def learn(self, day: int, demand: np.ndarray) -> None:
        """Update the forecast with the day's demand (lost sales included: the
        shop sees them as "notify me" requests)."""
        on_sale = day >= self.launch
        observed = demand / self.index[day, self.category]
        self.rate = np.where(on_sale, (1 - FORECAST_SMOOTHING) * self.rate + FORECAST_SMOOTHING * observed, self.rate)


def simulate_stock(
    model: DemandModel,
    demand: np.ndarray,
    assortment: Assortment,
    warehouses: int,
    deliveries: DeliveryDays,
    rng: np.random.Generator,
    progress: Callable[[float], None],
) -> StockFlows:
    days, pairs = demand.shape
    buyer = _Buyer(model, assortment, warehouses)
    supplier = _Supplier(lead_time_behaviour(assortment), warehouses, rng)
    return_rate = np.tile(np.array([c.return_rate for c in assortment.categories])[assortment.category], warehouses)
    log = _PurchaseLog()
    received = np.zeros((days, pairs), dtype=np.int32)
    returned = np.zeros((days, pairs), dtype=np.int32)
    sold = np.zeros((days, pairs), dtype=np.int32)
    on_hand_by_day = np.zeros((days, pairs), dtype=np.int32)

    on_hand = _opening_stock(buyer, rng)
    on_order = _place_launch_orders(buyer, supplier, received, log)

    for day in range(days):
        available = on_hand + received[day] + returned[day]
        sold[day] = np.minimum(demand[day], available)
        on_hand = available - sold[day]
        on_hand_by_day[day] = on_hand
        on_order -= received[day]
        _schedule_returns(day, sold[day], return_rate, returned, rng)

        buyer.learn(day, demand[day])
        quantity = buyer.to_order(day, on_hand + on_order)
        ordering = np.flatnonzero(quantity)
        if len(ordering):
            arrival = deliveries.day(day + supplier.actual_lead(ordering))
            on_order[ordering] += quantity[ordering]
            arriving = arrival < days
            received[arrival[arriving], ordering[arriving]] += quantity[ordering[arriving]]
            log.add(
                ordering,
                np.full(len(ordering), day),
                day + supplier.nominal_lead[ordering],
                np.where(arriving, arrival, -1),
                quantity[ordering],
            )
        if day % 30 == 0:
            progress(day / days)
    return StockFlows(sold, returned, received, on_hand_by_day, log.orders())


def _opening_stock(buyer: _Buyer, rng: np.random.Generator) -> np.ndarray:
    """Products already on sale start between their reorder point and what an
    order brings them up to (at least a case pack above it), as if the policy
    had been running before."""
    reorder_point, order_up_to = buyer.levels(0)
    refill = np.maximum(order_up_to - reorder_point, buyer.pack)
    fill = rng.uniform(0.0, 1.0, len(reorder_point))
    stock = np.ceil(reorder_point + fill * refill).astype(np.int64)
    return np.where(buyer.launch < 0, stock, 0)


def _place_launch_orders(buyer: _Buyer, supplier: _Supplier, received: np.ndarray, log: _PurchaseLog) -> np.ndarray:
    """A product launches the day its first delivery arrives: that order was
    placed one (actual) lead time earlier, sized by the plan for launch day.
    Returns the units on order per pair."""
    days, pairs = received.shape
    launching = np.flatnonzero((buyer.launch >= 0) & (buyer.launch < days))
    on_order = np.zeros(pairs, dtype=np.int64)
    launch = buyer.launch[launching]
    _, order_up_to = buyer.levels(launch, launching)
    quantity = buyer.in_packs(order_up_to, launching)
    ordered = launch - supplier.actual_lead(launching)
    received[launch, launching] += quantity
    on_order[launching] = quantity
    log.add(launching, ordered, ordered + supplier.nominal_lead[launching], launch, quantity)
    return on_order


def _schedule_returns(
    day: int, sold_today: np.ndarray, return_rate: np.ndarray, returned: np.ndarray, rng: np.random.Generator
) -> None:
    """Some of today's units come back (restocked) a few days to weeks later."""
    coming_back = rng.binomial(sold_today, return_rate)
    pairs = np.flatnonzero(coming_back)
    if not len(pairs):
        return
    due = day + np.minimum(1 + rng.geometric(1 / RETURN_MEAN_DAYS, len(pairs)), MAX_RETURN_DAYS)
    inside = due < returned.shape[0]
    returned[due[inside], pairs[inside]] += coming_back[pairs[inside]]
