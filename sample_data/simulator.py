"""Simulate an online shop's sales, stock and purchasing: the European shop
by default, or the Chinese one (`SimulationConfig.locale`, see `shops`).

`simulate` returns one DataFrame per table of `data_access.schema`, with ids
assigned, and tables that agree with each other exactly: snapshots follow
from receipts, sales and returns day by day. Besides what a shop would record
it returns its ground truth: the demand customers had before stockouts cut it,
and how each supplier's lead times were drawn. The steps live in their own
modules: assortment (products), demand (expected demand), inventory (the
daily stock loop), order_lines (lines and orders) and pricing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.lead_time_draws import delivery_days
from data_access.bulk import Dataset
from sample_data.assortment import Assortment, draw_assortment
from sample_data.catalog import ShopProfile, Warehouse
from sample_data.demand import DAILY_DISPERSION, DemandModel, build_demand, draw_demand, scaled
from sample_data.inventory import (
    EARLY_DAYS,
    MAX_LATE_DAYS,
    LeadTimeBehaviour,
    PurchaseOrders,
    StockFlows,
    lead_time_behaviour,
    planning_horizon,
    simulate_stock,
)
from sample_data.order_lines import build_order_lines
from sample_data.shops import DEFAULT_LOCALE, SHOPS

Progress = Callable[[float, str], None]

DEFAULT_LINES_PER_PRODUCT_DAY = 3.0
"""Demand level when no line count is asked for: 300 SKUs x 2 years -> about 650k lines."""
EXPECTED_FILL_RATE = 0.95
"""Share of demand the stock can serve, to aim the line count (stockouts lose the rest)."""
SCALE_ITERATIONS = 8
CAPACITY_ROUNDING = 500


def _yesterday() -> date:
    return date.today() - timedelta(days=1)


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate. `end_date` defaults to yesterday so the demo looks
    current; `order_lines` scales demand to about that many lines; `locale`
    picks the shop (its names, currency and calendar)."""

    products: int = 300
    warehouses: int = 6
    days: int = 730
    end_date: date = field(default_factory=_yesterday)
    seed: int = 42
    order_lines: int | None = None
    locale: str = DEFAULT_LOCALE

    def __post_init__(self) -> None:
        if self.locale not in SHOPS:
            raise ValueError(f"locale must be one of {', '.join(SHOPS)} (got {self.locale!r})")
        most = len(self.shop.warehouses)
        if self.products < 1:
            raise ValueError(f"products must be at least 1 (got {self.products})")
        if not 1 <= self.warehouses <= most:
            raise ValueError(f"warehouses must be between 1 and {most} (got {self.warehouses})")
        if self.days < 1:
            raise ValueError(f"days must be at least 1 (got {self.days})")
        if self.seed < 0:
            raise ValueError(f"seed must be 0 or more (got {self.seed})")
        if self.order_lines is not None and self.order_lines < 1:
            raise ValueError(f"order lines must be at least 1 (got {self.order_lines})")
        if self.end_date.toordinal() <= self.days:
            raise ValueError(f"{self.days} days up to {self.end_date} would start before the year 1")

    @property
    def shop(self) -> ShopProfile:
        return SHOPS[self.locale]

    @property
    def first_day(self) -> date:
        return self.end_date - timedelta(days=self.days - 1)

    @property
    def target_order_lines(self) -> int:
        if self.order_lines is not None:
            return self.order_lines
        return round(DEFAULT_LINES_PER_PRODUCT_DAY * self.products * self.days)


def simulate(config: SimulationConfig, progress: Progress | None = None) -> Dataset:
    """All five tables and the ground truth for `config`; the same config gives identical frames."""
    report = progress or (lambda fraction, message: None)
    assortment_rng, demand_rng, stock_rng, lines_rng = (
        np.random.default_rng(seed) for seed in np.random.SeedSequence(config.seed).spawn(4)
    )
    first_day, days, shop = config.first_day, config.days, config.shop
    warehouses = shop.warehouses[: config.warehouses]
    deliveries = delivery_days(shop.calendar, first_day, days)

    report(0.0, "drawing the product range")
    assortment = draw_assortment(shop, config.products, first_day, days, assortment_rng, deliveries.day)

    report(0.05, "modelling demand")
    model = build_demand(shop, assortment, warehouses, first_day, days, planning_horizon(assortment), demand_rng)
    model = scaled(model, _demand_scale(model, assortment, len(warehouses), config.target_order_lines))
    demand = draw_demand(model.expected, demand_rng)

    def report_stock(fraction: float) -> None:
        report(0.15 + 0.35 * fraction, "simulating stock day by day")

    flows = simulate_stock(model, demand, assortment, len(warehouses), deliveries, stock_rng, report_stock)

    report(0.5, "writing order lines")
    lines = build_order_lines(shop, flows.sold, flows.returned, assortment, len(warehouses), first_day, lines_rng)

    report(0.9, "assembling tables")
    frames = {
        "warehouses": _warehouses_frame(warehouses, flows, assortment.count),
        "products": assortment.products,
        "order_lines": lines,
        "inventory_snapshots": _snapshots_frame(flows, assortment, first_day),
        "purchase_orders": _purchase_orders_frame(flows.purchase_orders, assortment, first_day),
        "sim_true_demand": _true_demand_frame(demand, assortment.count, first_day),
        "sim_lead_time_behaviour": _lead_time_frame(lead_time_behaviour(assortment), assortment),
    }
    report(1.0, "simulation done")
    return Dataset(frames)


def _demand_scale(model: DemandModel, assortment: Assortment, warehouses: int, target_lines: int) -> float:
    """The factor on expected demand that gives about `target_lines` order lines.

    A pair-day's units become 1 + (units - 1) * single_unit_rate lines on
    average, so lines are not proportional to units when most pair-days sell
    0 or 1 unit: the factor is found by fixed-point iteration on the expected
    line count of every cell, which grows less than linearly with the factor.
    """
    category = np.tile(assortment.category, warehouses)
    single_unit_rate = np.array([c.single_unit_rate for c in assortment.categories])[category]
    return_rate = np.array([c.return_rate for c in assortment.categories])[category]
    wanted = target_lines / EXPECTED_FILL_RATE

    def expected_lines(factor: float) -> float:
        rate = model.expected * factor
        selling_days = 1 - (DAILY_DISPERSION / (DAILY_DISPERSION + rate)) ** DAILY_DISPERSION
        sales_lines = single_unit_rate * rate + (1 - single_unit_rate) * selling_days
        return float((sales_lines + return_rate * rate).sum())

    factor = wanted / max(expected_lines(1.0), 1e-9)
    for _ in range(SCALE_ITERATIONS):
        factor *= wanted / max(expected_lines(factor), 1e-9)
    return factor


def _dates(first_day: date, day_index: np.ndarray) -> np.ndarray:
    return (np.datetime64(first_day, "D") + day_index).astype("datetime64[s]")


def _warehouses_frame(chosen: tuple[Warehouse, ...], flows: StockFlows, products: int) -> pd.DataFrame:
    """Capacity is sized from the stock each building actually peaked at, so
    utilisation looks plausible (some nearly full) at any demand scale."""
    warehouses = len(chosen)
    peak = flows.on_hand.reshape(len(flows.on_hand), warehouses, products).sum(axis=2, dtype=np.int64).max(axis=0)
    headroom = np.array([w.headroom for w in chosen])
    capacity = np.maximum(np.ceil(peak * headroom / CAPACITY_ROUNDING), 1) * CAPACITY_ROUNDING
    return pd.DataFrame(
        {
            "warehouse_id": np.arange(1, warehouses + 1),
            "code": pd.array([w.code for w in chosen], dtype="str"),
            "name": pd.array([w.name for w in chosen], dtype="str"),
            "region": pd.array([w.region for w in chosen], dtype="str"),
            "capacity_units": capacity.astype(np.int64),
        }
    )


def _snapshots_frame(flows: StockFlows, assortment: Assortment, first_day: date) -> pd.DataFrame:
    """One row per pair and day, from the first day or the launch day on."""
    days, pairs = flows.on_hand.shape
    launch = np.tile(assortment.launch_day, pairs // assortment.count)
    day, pair = np.nonzero(np.arange(days)[:, None] >= launch[None, :])
    return pd.DataFrame(
        {
            "snapshot_date": _dates(first_day, day),
            "product_id": (pair % assortment.count + 1).astype(np.int32),
            "warehouse_id": (pair // assortment.count + 1).astype(np.int32),
            "on_hand": flows.on_hand[day, pair],
        },
        copy=False,
    )


def _purchase_orders_frame(orders: PurchaseOrders, assortment: Assortment, first_day: date) -> pd.DataFrame:
    sequence = np.lexsort((orders.pair, orders.ordered_day))
    pair = orders.pair[sequence]
    product = pair % assortment.count
    received = orders.received_day[sequence]
    return pd.DataFrame(
        {
            "po_id": np.arange(1, len(sequence) + 1, dtype=np.int64),
            "supplier": assortment.products["supplier"].to_numpy()[product],
            "product_id": (product + 1).astype(np.int32),
            "warehouse_id": (pair // assortment.count + 1).astype(np.int32),
            "ordered_on": _dates(first_day, orders.ordered_day[sequence]),
            "expected_on": _dates(first_day, orders.expected_day[sequence]),
            "received_on": pd.Series(_dates(first_day, received)).where(received >= 0),
            "quantity": orders.quantity[sequence].astype(np.int32),
        }
    )


def _true_demand_frame(demand: np.ndarray, products: int, first_day: date) -> pd.DataFrame:
    """The units customers asked for per pair and day, sold or lost: only days with demand."""
    day, pair = np.nonzero(demand)
    return pd.DataFrame(
        {
            "demand_date": _dates(first_day, day),
            "product_id": (pair % products + 1).astype(np.int32),
            "warehouse_id": (pair // products + 1).astype(np.int32),
            "units": demand[day, pair],
        },
        copy=False,
    )


def _lead_time_frame(behaviour: LeadTimeBehaviour, assortment: Assortment) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "supplier": assortment.products["supplier"],
            "product_id": assortment.products["product_id"].astype(np.int32),
            "nominal_lead_days": behaviour.nominal_lead,
            "on_time_rate": behaviour.on_time_rate,
            "max_early_days": EARLY_DAYS,
            "mean_delay_days": behaviour.mean_delay,
            "max_delay_days": MAX_LATE_DAYS,
        }
    )
