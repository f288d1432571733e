"""Turn daily units sold and returned into order lines grouped into orders.

Works on whole arrays (one element per unit, then per line), never a Python
loop per line, so ten million lines take seconds. A pair-day's units are cut
into lines of mostly one unit (a few 2-5), lines of one warehouse and day are
shuffled and grouped into orders (some with several lines), and each return
is an order of its own with negative quantity and revenue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from sample_data.assortment import Assortment
from sample_data.catalog import ShopProfile
from sample_data.pricing import event_promotions, line_discounts, price_history, quarter_of_day

MAX_LINE_QUANTITY = 5
RETURN_SINGLE_UNIT_RATE = 0.85
NEW_ORDER_RATE = 0.62
"""Chance that the next line of a warehouse-day starts a new order: about 1.6 lines per order."""
ORDER_PREFIX = "SO-"
ORDER_DIGITS = 7


@dataclass(frozen=True)
class Lines:
    """Order lines as parallel arrays, before prices."""

    day: np.ndarray
    pair: np.ndarray
    quantity: np.ndarray  # negative for returns


def split_into_lines(units: np.ndarray, single_unit_rate: np.ndarray, rng: np.random.Generator) -> Lines:
    """Cut each [day, pair] cell's units into lines.

    Every unit ends its line with the pair's `single_unit_rate`; a line also
    ends at MAX_LINE_QUANTITY units. Lines come out in (day, pair) order.
    """
    pairs = units.shape[1]
    cells = np.flatnonzero(units)
    cell_units = units.ravel()[cells].astype(np.int64)
    first_units = np.cumsum(cell_units) - cell_units
    total = int(cell_units.sum())
    index_type = np.int32 if total < 2**31 else np.int64
    ends_before = np.repeat(single_unit_rate[cells % pairs].astype(np.float32), cell_units)
    starts = rng.random(total, dtype=np.float32) < ends_before
    starts[first_units] = True
    run = np.cumsum(starts, dtype=index_type) - 1
    position_in_run = np.arange(total, dtype=index_type) - np.flatnonzero(starts).astype(index_type)[run]
    starts |= position_in_run % MAX_LINE_QUANTITY == 0
    line_starts = np.flatnonzero(starts)
    quantity = np.diff(np.append(line_starts, total)).astype(np.int32)
    line_cells = cells[np.searchsorted(first_units, line_starts, side="right") - 1]
    return Lines(
        day=(line_cells // pairs).astype(np.int32),
        pair=(line_cells % pairs).astype(np.int32),
        quantity=quantity,
    )


def _order_ids(order_numbers: np.ndarray, digits: int) -> pd.Series:
    """"SO-0000123"-style ids built from bytes, with no Python object per line."""
    width = len(ORDER_PREFIX) + digits
    text = np.empty((len(order_numbers), width), dtype=np.uint8)
    text[:, : len(ORDER_PREFIX)] = np.frombuffer(ORDER_PREFIX.encode(), dtype=np.uint8)
    remaining = order_numbers.astype(np.int64)
    for position in range(width - 1, len(ORDER_PREFIX) - 1, -1):
        remaining, digit = np.divmod(remaining, 10)
        text[:, position] = digit + ord("0")
    offsets = np.arange(len(order_numbers) + 1, dtype=np.int32) * width
    array = pa.StringArray.from_buffers(len(order_numbers), pa.py_buffer(offsets), pa.py_buffer(text.reshape(-1)))
    return pd.Series(array, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _in_order_sequence(
    sales: Lines, returns: Lines, warehouses: int, products: int, rng: np.random.Generator
) -> tuple[Lines, np.ndarray]:
    """All lines sorted by day and warehouse, sales before returns, in random
    order within that, with the order number of each line (from 1)."""
    day = np.concatenate([sales.day, returns.day])
    pair = np.concatenate([sales.pair, returns.pair])
    quantity = np.concatenate([sales.quantity, -returns.quantity])
    is_return = quantity < 0
    group = (day.astype(np.int64) * warehouses + pair // products) * 2 + is_return
    shuffle = rng.integers(0, 2**31, len(day), dtype=np.int64)
    sequence = np.argsort((group << 31) | shuffle)
    day, pair, quantity, is_return, group = (a[sequence] for a in (day, pair, quantity, is_return, group))
    new_group = np.concatenate([[True], group[1:] != group[:-1]])
    new_order = new_group | is_return | (rng.random(len(day), dtype=np.float32) < NEW_ORDER_RATE)
    return Lines(day, pair, quantity), np.cumsum(new_order)


class OrderLineBuilder:
    """Builds the `order_lines` table a span of days at a time, ids 1..n in
    (date, warehouse, order) order across spans. Orders never cross days, so
    spans cut at day boundaries give the same kind of lines as one pass; a
    shop built in one span gets exactly the lines of one pass."""

    def __init__(
        self,
        shop: ShopProfile,
        assortment: Assortment,
        warehouses: int,
        first_day: date,
        days: int,
        most_orders: int,
        rng: np.random.Generator,
    ):
        self.shop, self.assortment, self.warehouses, self.first_day, self.rng = (
            shop, assortment, warehouses, first_day, rng
        )  # fmt: skip
        categories = np.array([c.single_unit_rate for c in shop.categories])
        self.single_unit_rate = np.tile(categories[assortment.category], warehouses)
        self.quarters = quarter_of_day(first_day, days)
        self.promotions = event_promotions(shop, first_day, days)
        self.shelf_prices: np.ndarray | None = None  # drawn with the first span, as a one-pass run did
        self.digits = max(ORDER_DIGITS, len(str(most_orders)))
        """Order ids of one width throughout, from an upper bound on the order count."""
        self.lines_before = self.orders_before = 0

    def span(self, sold: np.ndarray, returned: np.ndarray, first_day_index: int) -> pd.DataFrame:
        """The lines of the days from `first_day_index` on, given their [day, pair] units sold and returned."""
        products, rng = self.assortment.count, self.rng
        sales = split_into_lines(sold, self.single_unit_rate, rng)
        returns = split_into_lines(returned, np.full(len(self.single_unit_rate), RETURN_SINGLE_UNIT_RATE), rng)
        lines, order_numbers = _in_order_sequence(sales, returns, self.warehouses, products, rng)
        del sales, returns  # free the unsorted copies before pricing

        day = lines.day + first_day_index
        product = lines.pair % products
        if self.shelf_prices is None:
            self.shelf_prices = price_history(self.shop, self.assortment.list_price, int(self.quarters[-1]) + 1, rng)
        unit_price = self.shelf_prices[self.quarters[day], product]
        discount = line_discounts(
            day, product, self.assortment.category, self.assortment.discontinued_day, self.promotions, rng
        )
        count = len(product)
        frame = pd.DataFrame(
            {
                "line_id": np.arange(self.lines_before + 1, self.lines_before + count + 1, dtype=np.int64),
                "order_id": _order_ids(order_numbers + self.orders_before, self.digits),
                "order_date": (np.datetime64(self.first_day, "D") + day).astype("datetime64[s]"),
                "product_id": (product + 1).astype(np.int32),
                "warehouse_id": (lines.pair // products + 1).astype(np.int32),
                "quantity": lines.quantity,
                "unit_price": unit_price,
                "net_revenue": np.round(lines.quantity * unit_price * (1 - discount), 2),
            },
            copy=False,  # the arrays are ours: no second copy of millions of lines
        )
        self.lines_before += count
        self.orders_before += int(order_numbers[-1]) if count else 0
        return frame
