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

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
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
    lead_time_behaviour,
    planning_horizon,
    simulate_stock,
)
from sample_data.order_lines import OrderLineBuilder
from sample_data.shops import DEFAULT_LOCALE, SHOPS

Progress = Callable[[float, str], None]

DEFAULT_LINES_PER_PRODUCT_DAY = 3.0
"""Demand level when no line count is asked for: 300 SKUs x 2 years -> about 650k lines."""
EXPECTED_FILL_RATE = 0.95
"""Share of demand the stock can serve, to aim the line count (stockouts lose the rest)."""
SCALE_ITERATIONS = 8
CAPACITY_ROUNDING = 500
BLOCK_CELLS = 12_000_000
"""Day x pair cells simulated at once: about 1 GB of working arrays. The
default shop (300 SKUs x 6 warehouses x 730 days) is one block."""
SCALE_SAMPLE_CELLS = 2_000_000
"""Cells the demand scale of a catalog in several blocks is fitted on (a pass takes about a second per million)."""
SPAN_UNITS = 6_000_000
"""Units sold and returned turned into order lines at once (about 1 GB of working arrays)."""


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


def simulate(config: SimulationConfig, progress: Progress | None = None, **sizes: int) -> Dataset:
    """All five tables and the ground truth for `config`, in memory; the same
    config gives identical frames. `sizes` are Simulation's block and span sizes."""
    simulation = Simulation(config, progress, **sizes)
    pieces: dict[str, list[pd.DataFrame]] = {}
    for table, frame in simulation.pieces():
        pieces.setdefault(table, []).append(frame)
    frames = {table: pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
              for table, parts in pieces.items()}  # fmt: skip
    frames["warehouses"]["capacity_units"] = simulation.capacity
    return Dataset({table: frames[table] for table in TABLE_ORDER})


TABLE_ORDER = (
    "warehouses", "products", "order_lines", "inventory_snapshots", "purchase_orders", "sim_true_demand",
    "sim_lead_time_behaviour",
)  # fmt: skip


class Simulation:
    """The simulation of one config, produced a piece at a time so a big
    catalog never holds more than a block of it in memory besides the units
    sold, returned and on hand per pair and day.

    Demand and stock are simulated a block of products at a time (pairs are
    independent); order lines and snapshots are then cut a span of days at a
    time, in date order. A shop small enough for one block and one span (the
    default shop) draws its random numbers exactly as one pass over all pairs.
    After `pieces` is exhausted, `capacity`, `rows` and `stockout_rate` hold
    what only the whole shop tells.
    """

    def __init__(
        self,
        config: SimulationConfig,
        progress: Progress | None = None,
        cells_per_block: int = BLOCK_CELLS,
        units_per_span: int = SPAN_UNITS,
    ):
        self.config = config
        self.report = progress or (lambda fraction, message: None)
        self.cells_per_block, self.units_per_span = cells_per_block, units_per_span
        self.capacity: np.ndarray | None = None
        """[warehouse] capacity_units of the warehouses piece, known at the end."""
        self.rows: dict[str, int] = dict.fromkeys(TABLE_ORDER, 0)
        self.stockout_rate = 0.0

    def pieces(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """(table name, rows) in an order that respects foreign keys; the
        warehouses come first without their capacity (see `capacity`)."""
        config, report = self.config, self.report
        assortment_rng, demand_rng, stock_rng, lines_rng = (
            np.random.default_rng(seed) for seed in np.random.SeedSequence(config.seed).spawn(4)
        )
        first_day, days, shop = config.first_day, config.days, config.shop
        warehouses = shop.warehouses[: config.warehouses]
        deliveries = delivery_days(shop.calendar, first_day, days)

        report(0.0, "drawing the product range")
        assortment = draw_assortment(shop, config.products, first_day, days, assortment_rng, deliveries.day)
        yield from self._counted("warehouses", _warehouses_frame(warehouses))
        yield from self._counted("products", assortment.products)

        report(0.05, "modelling demand")
        blocks = _blocks(assortment.count, days * len(warehouses), self.cells_per_block)
        model = build_demand(shop, assortment, warehouses, first_day, days, planning_horizon(assortment), demand_rng)
        model = scaled(model, _demand_scale(model, assortment, len(blocks), len(warehouses), config.target_order_lines))

        pairs = assortment.count * len(warehouses)
        sold, returned, on_hand = (np.empty((days, pairs), dtype=np.int32) for _ in range(3))
        orders = []
        for number, block in enumerate(blocks):
            part, part_model = assortment.block(block), model.block(block)
            demand = draw_demand(part_model.expected(), demand_rng)

            def report_stock(fraction: float, done=number / len(blocks)) -> None:
                report(0.1 + 0.4 * (done + fraction / len(blocks)), "simulating stock day by day")

            flows = simulate_stock(part_model, demand, part, len(warehouses), deliveries, stock_rng, report_stock)
            columns = _block_columns(block, assortment.count, len(warehouses))
            for full, of_block in ((sold, flows.sold), (returned, flows.returned), (on_hand, flows.on_hand)):
                for into, out_of in columns:
                    full[:, into] = of_block[:, out_of]
            orders.append(_in_shop_pairs(flows.purchase_orders, block, part.count, assortment.count))
            yield from self._counted("sim_true_demand", _true_demand_frame(demand, block, part.count, first_day))
            del demand, flows

        report(0.5, "writing order lines")
        units = sold.sum(axis=1, dtype=np.int64) + returned.sum(axis=1, dtype=np.int64)
        builder = OrderLineBuilder(shop, assortment, len(warehouses), first_day, days, int(units.sum()), lines_rng)
        for span in _spans(units, self.units_per_span):
            report(0.5 + 0.35 * span.start / days, "writing order lines")
            yield from self._counted("order_lines", builder.span(sold[span], returned[span], span.start))
        del sold, returned

        report(0.85, "writing stock snapshots")
        launch = np.tile(assortment.launch_day, len(warehouses))
        stockouts = 0
        for span in _spans(np.full(days, pairs, dtype=np.int64), self.cells_per_block):
            snapshots = _snapshots_frame(on_hand[span], span.start, launch, assortment.count, first_day)
            stockouts += int((snapshots["on_hand"] == 0).sum())
            yield from self._counted("inventory_snapshots", snapshots)
        self.stockout_rate = stockouts / max(self.rows["inventory_snapshots"], 1)
        self.capacity = _capacity(warehouses, on_hand, assortment.count)
        del on_hand

        report(0.95, "assembling purchase orders")
        yield from self._counted("purchase_orders", _purchase_orders_frame(_joined(orders), assortment, first_day))
        lead_times = _lead_time_frame(lead_time_behaviour(assortment), assortment)
        yield from self._counted("sim_lead_time_behaviour", lead_times)
        report(1.0, "simulation done")

    def _counted(self, table: str, frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
        self.rows[table] += len(frame)
        yield table, frame


def _blocks(products: int, cells_per_product: int, cells_per_block: int) -> list[slice]:
    """Consecutive product ranges of at most `cells_per_block` day x warehouse cells (at least one product)."""
    size = max(1, cells_per_block // cells_per_product)
    return [slice(start, min(start + size, products)) for start in range(0, products, size)]


def _spans(per_day: np.ndarray, most: int) -> list[slice]:
    """Consecutive day ranges whose `per_day` amounts add up to at most `most` (at least one day each)."""
    spans, start, total = [], 0, 0
    for day, amount in enumerate(per_day.tolist()):
        if day > start and total + amount > most:
            spans.append(slice(start, day))
            start, total = day, 0
        total += amount
    return [*spans, slice(start, len(per_day))]


def _block_columns(block: slice, products: int, warehouses: int) -> list[tuple[slice, slice]]:
    """(columns of the whole shop, columns of the block) per warehouse: pairs are warehouse-major."""
    size = block.stop - block.start
    return [
        (slice(w * products + block.start, w * products + block.stop), slice(w * size, (w + 1) * size))
        for w in range(warehouses)
    ]


def _in_shop_pairs(orders: PurchaseOrders, block: slice, block_products: int, products: int) -> PurchaseOrders:
    """The block's purchase orders with pairs numbered in the whole shop."""
    warehouse, product = np.divmod(orders.pair, block_products)
    return replace(orders, pair=warehouse * products + product + block.start)


def _joined(parts: list[PurchaseOrders]) -> PurchaseOrders:
    return PurchaseOrders(*(np.concatenate([getattr(part, f.name) for part in parts]) for f in fields(PurchaseOrders)))


def _demand_scale(model: DemandModel, assortment: Assortment, blocks: int, warehouses: int, target_lines: int) -> float:
    """The factor on expected demand that gives about `target_lines` order lines.

    A pair-day's units become 1 + (units - 1) * single_unit_rate lines on
    average, so lines are not proportional to units when most pair-days sell
    0 or 1 unit: the factor is found by fixed-point iteration on the expected
    line count of every cell, which grows less than linearly with the factor.
    A catalog simulated in several blocks is sized on every n-th product,
    about SCALE_SAMPLE_CELLS cells (products are in random order within their
    category, so that is a fair sample; the line count is aimed at, not exact).
    """
    cells = model.per_product.size * warehouses
    sample = slice(None) if blocks == 1 else slice(0, None, max(blocks, -(-cells // SCALE_SAMPLE_CELLS)))
    category = np.tile(assortment.category[sample], warehouses)
    single_unit_rate = np.array([c.single_unit_rate for c in assortment.categories])[category]
    return_rate = np.array([c.return_rate for c in assortment.categories])[category]
    expected = model.block(sample).expected()
    wanted = target_lines / EXPECTED_FILL_RATE * (len(category) / (assortment.count * warehouses))

    def expected_lines(factor: float) -> float:
        rate = expected * factor
        selling_days = 1 - (DAILY_DISPERSION / (DAILY_DISPERSION + rate)) ** DAILY_DISPERSION
        sales_lines = single_unit_rate * rate + (1 - single_unit_rate) * selling_days
        return float((sales_lines + return_rate * rate).sum())

    factor = wanted / max(expected_lines(1.0), 1e-9)
    for _ in range(SCALE_ITERATIONS):
        factor *= wanted / max(expected_lines(factor), 1e-9)
    return factor


def _dates(first_day: date, day_index: np.ndarray) -> np.ndarray:
    return (np.datetime64(first_day, "D") + day_index).astype("datetime64[s]")


def _warehouses_frame(chosen: tuple[Warehouse, ...]) -> pd.DataFrame:
    """The warehouses without their capacity, which follows from the stock (`_capacity`)."""
    return pd.DataFrame(
        {
            "warehouse_id": np.arange(1, len(chosen) + 1),
            "code": pd.array([w.code for w in chosen], dtype="str"),
            "name": pd.array([w.name for w in chosen], dtype="str"),
            "region": pd.array([w.region for w in chosen], dtype="str"),
            "capacity_units": pd.array([None] * len(chosen), dtype="Int64"),
        }
    )


def _capacity(chosen: tuple[Warehouse, ...], on_hand: np.ndarray, products: int) -> np.ndarray:
    """Capacity sized from the stock each building actually peaked at, so
    utilisation looks plausible (some nearly full) at any demand scale."""
    peak = on_hand.reshape(len(on_hand), len(chosen), products).sum(axis=2, dtype=np.int64).max(axis=0)
    headroom = np.array([w.headroom for w in chosen])
    return (np.maximum(np.ceil(peak * headroom / CAPACITY_ROUNDING), 1) * CAPACITY_ROUNDING).astype(np.int64)


def _snapshots_frame(
    on_hand: np.ndarray, first_index: int, launch: np.ndarray, products: int, first_day: date
) -> pd.DataFrame:
    """One row per pair and day, from the first day or the launch day on, for
    the days of `on_hand` (the first being day `first_index`)."""
    days = len(on_hand)
    day, pair = np.nonzero(np.arange(first_index, first_index + days)[:, None] >= launch[None, :])
    return pd.DataFrame(
        {
            "snapshot_date": _dates(first_day, day + first_index),
            "product_id": (pair % products + 1).astype(np.int32),
            "warehouse_id": (pair // products + 1).astype(np.int32),
            "on_hand": on_hand[day, pair],
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


def _true_demand_frame(demand: np.ndarray, block: slice, products: int, first_day: date) -> pd.DataFrame:
    """The units customers asked for per pair and day of a block of `products`
    products, sold or lost: only days with demand."""
    day, pair = np.nonzero(demand)
    return pd.DataFrame(
        {
            "demand_date": _dates(first_day, day),
            "product_id": (pair % products + block.start + 1).astype(np.int32),
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
