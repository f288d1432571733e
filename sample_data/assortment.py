"""Draw the product range: who sells, at what price, from whom, and when.

Popularity is lognormal so a few best sellers stand beside a long tail of slow
sellers. Some products launch during the simulated period and some are
discontinued, so the dashboard has new items without history and run-down or
dead stock to find. Some are deliberately over-bought (a buyer's optimism),
which is where overstock comes from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from sample_data.catalog import Category, ShopProfile

NO_DAY = np.iinfo(np.int32).max
"""Day index meaning "never" (not discontinued): so far ahead that `day - NO_DAY` is negative."""

LAUNCHED_IN_PERIOD_SHARE = 0.18
DISCONTINUED_SHARE = 0.1
OVER_ORDERED_SHARE = 0.12
POPULARITY_SIGMA = 1.15
MIN_DAYS_ON_SALE = 90
"""A product is on sale at least this long before it can be discontinued."""


@dataclass(frozen=True)
class Assortment:
    """One entry per product (index = product_id - 1); days count from the first simulated day."""

    categories: tuple[Category, ...]  # the shop's
    category: np.ndarray  # index into categories
    popularity: np.ndarray
    list_price: np.ndarray
    supplier_on_time_rate: np.ndarray
    lead_time_days: np.ndarray
    launch_day: np.ndarray  # negative = launched before the period
    discontinued_day: np.ndarray  # NO_DAY = still sold
    cover_days: np.ndarray
    """How many days of demand the buyer orders on top of the reorder point."""
    products: pd.DataFrame
    """The rows of the `products` table."""

    @property
    def count(self) -> int:
        return len(self.category)

    def block(self, products: slice) -> Assortment:
        """The products in `products` only, as an assortment of their own (for simulating in blocks)."""
        arrays = ("category", "popularity", "list_price", "supplier_on_time_rate", "lead_time_days", "launch_day",
                  "discontinued_day", "cover_days")  # fmt: skip
        return replace(self, **{name: getattr(self, name)[products] for name in arrays},
                       products=self.products.iloc[products])  # fmt: skip


def _list_prices(shop: ShopProfile, low: float, high: float, rng: np.random.Generator, count: int) -> np.ndarray:
    """Log-uniform over the band: as many cheap items as dear ones per doubling."""
    return shop.charm_round(np.exp(rng.uniform(np.log(low), np.log(high), count)))


def _some_of(candidates: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    """A mask picking `share` of all products among the `candidates` mask:
    an exact count, so even a small shop gets launches and discontinuations."""
    wanted = min(round(share * len(candidates)), int(candidates.sum()))
    picked = np.zeros(len(candidates), dtype=bool)
    picked[rng.choice(np.flatnonzero(candidates), size=wanted, replace=False)] = True
    return picked


def _launch_days(count: int, days: int, rng: np.random.Generator) -> np.ndarray:
    launch = -rng.integers(30, 1500, count)
    if days > 2 * MIN_DAYS_ON_SALE:
        new = _some_of(np.ones(count, dtype=bool), LAUNCHED_IN_PERIOD_SHARE, rng)
        launch[new] = rng.integers(30, days - 45, new.sum())
    return launch


def _discontinued_days(launch: np.ndarray, days: int, rng: np.random.Generator) -> np.ndarray:
    earliest = np.maximum(launch + MIN_DAYS_ON_SALE, 60)
    latest = days - 30
    ending = _some_of(earliest < latest, DISCONTINUED_SHARE, rng)
    discontinued = np.full(len(launch), NO_DAY, dtype=np.int64)
    discontinued[ending] = rng.integers(earliest[ending], latest)
    return discontinued


def _as_dates(first_day: date, day_index: np.ndarray) -> pd.Series:
    never = day_index == NO_DAY
    days = pd.to_timedelta(np.where(never, 0, day_index), unit="D")
    return pd.Series(pd.Timestamp(first_day) + days).where(~never).astype("datetime64[s]")


def draw_assortment(
    shop: ShopProfile,
    count: int,
    first_day: date,
    days: int,
    rng: np.random.Generator,
    delivery_day: Callable[[np.ndarray], np.ndarray],
) -> Assortment:
    """`count` products spread over the shop's categories by their range
    share; SKUs are grouped by category. A product launches when its first
    delivery arrives: `delivery_day` moves a day when suppliers are closed to
    the day they deliver again."""
    categories = shop.categories
    shares = np.array([c.sku_share for c in categories])
    category = np.sort(rng.choice(len(categories), size=count, p=shares / shares.sum()))
    popularity = rng.lognormal(0.0, POPULARITY_SIGMA, count) * np.array([c.popularity for c in categories])[category]

    list_price = np.empty(count)
    cost_ratio = np.empty(count)
    supplier_names = np.empty(count, dtype=object)
    lead_time = np.empty(count, dtype=np.int64)
    on_time = np.empty(count)
    names = np.empty(count, dtype=object)
    skus = np.empty(count, dtype=object)
    for index, cat in enumerate(categories):
        members = np.flatnonzero(category == index)
        n = len(members)
        list_price[members] = _list_prices(shop, *cat.price_band, rng, n)
        cost_ratio[members] = rng.uniform(*cat.cost_ratio_band, n)
        supplier_pick = rng.integers(0, len(cat.suppliers), n)
        supplier_names[members] = [cat.suppliers[s].name for s in supplier_pick]
        nominal = np.array([s.lead_time_days for s in cat.suppliers])[supplier_pick]
        lead_time[members] = np.maximum(2, nominal + rng.integers(-2, 3, n))
        on_time[members] = np.array([s.on_time_rate for s in cat.suppliers])[supplier_pick]
        names[members] = shop.product_names(cat, n, rng)
        skus[members] = [f"{cat.sku_prefix}-{1001 + i}" for i in range(n)]

    launch = delivery_day(_launch_days(count, days, rng))
    discontinued = _discontinued_days(launch, days, rng)
    cover = rng.uniform(10, 30, count)
    over_ordered = _some_of(np.ones(count, dtype=bool), OVER_ORDERED_SHARE, rng)
    cover[over_ordered] *= rng.uniform(3, 6, over_ordered.sum())
    unit_cost = (list_price * cost_ratio).round(2)
    case_pack = np.array([c.case_pack for c in categories])[category]

    products = pd.DataFrame(
        {
            "product_id": np.arange(1, count + 1),
            "sku": pd.array(skus, dtype="str"),
            "name": pd.array(names, dtype="str"),
            "category": pd.array([categories[i].name for i in category], dtype="str"),
            "unit_cost": unit_cost,
            "list_price": list_price,
            "supplier": pd.array(supplier_names, dtype="str"),
            "lead_time_days": lead_time,
            "launched_on": _as_dates(first_day, launch),
            "discontinued_on": _as_dates(first_day, discontinued),
            # The buyer orders whole case packs, at least one: that is the minimum order too.
            "pack_size": case_pack,
            "min_order_qty": case_pack,
        }
    )
    return Assortment(
        categories=categories,
        category=category,
        popularity=popularity,
        list_price=list_price,
        supplier_on_time_rate=on_time,
        lead_time_days=lead_time,
        launch_day=launch,
        discontinued_day=discontinued,
        cover_days=cover,
        products=products,
    )
