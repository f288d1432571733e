"""A small, hand-shaped dataset for the query tests, independent of the simulator.

It holds the awkward cases on purpose: returns, a product without a cost, a
category with no sales, a warehouse with no snapshots, gaps in snapshots,
a product launched late, open and late purchase orders.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from data_access.bulk import Dataset

FIRST_DAY = date(2025, 10, 1)
DAYS = 75
LAST_DAY = FIRST_DAY + timedelta(days=DAYS - 1)
CATEGORIES = ("Books", "Garden", "Toys", "Unsold")


def make_test_dataset(seed: int = 7) -> Dataset:
    rng = np.random.default_rng(seed)
    warehouses = pd.DataFrame(
        {
            "warehouse_id": [1, 2, 3, 4],
            "code": ["BER", "MAD", "PAR", "EMPTY"],
            "name": ["Berlin", "Madrid", "Paris", "No snapshots"],
            "region": ["DE", "ES", "FR", "FR"],
            "capacity_units": [5000, 3000, 4000, None],
        }
    )
    n_products = 12
    categories = [CATEGORIES[i % 3] for i in range(n_products - 1)] + ["Unsold"]
    products = pd.DataFrame(
        {
            "product_id": np.arange(1, n_products + 1),
            "sku": [f"SKU-{i:03d}" for i in range(1, n_products + 1)],
            "name": [f"Product {i}" for i in range(1, n_products + 1)],
            "category": categories,
            "unit_cost": np.round(rng.uniform(2, 40, n_products), 2),
            "list_price": np.round(rng.uniform(50, 90, n_products), 2),
            "supplier": [f"Supplier {i % 3}" for i in range(n_products)],
            "lead_time_days": rng.integers(3, 15, n_products),
            "launched_on": pd.NaT,
            "discontinued_on": pd.NaT,
        }
    )
    products.loc[4, "unit_cost"] = np.nan  # no cost known
    products.loc[7, "launched_on"] = pd.Timestamp(FIRST_DAY + timedelta(days=40))
    products.loc[9, "discontinued_on"] = pd.Timestamp(FIRST_DAY + timedelta(days=20))

    days = pd.date_range(FIRST_DAY, periods=DAYS, freq="D")
    n_lines = 3000
    sold_products = rng.integers(1, n_products, n_lines)  # never the "Unsold" product
    line_days = days[rng.integers(0, DAYS, n_lines)]
    launched = products.set_index("product_id")["launched_on"]
    line_days = np.where(line_days < launched.reindex(sold_products).to_numpy(), launched.max(), line_days)
    quantity = rng.integers(1, 5, n_lines)
    quantity[rng.random(n_lines) < 0.05] *= -1  # returns
    unit_price = products.set_index("product_id")["list_price"].reindex(sold_products).to_numpy()
    discount = rng.choice([0.0, 0.1, 0.25], n_lines)
    order_lines = pd.DataFrame(
        {
            "line_id": np.arange(1, n_lines + 1),
            "order_id": [f"SO-{i // 2:05d}" for i in range(n_lines)],  # two lines per order
            "order_date": pd.to_datetime(line_days),
            "product_id": sold_products,
            "warehouse_id": rng.integers(1, 4, n_lines),
            "quantity": quantity,
            "unit_price": unit_price,
            "net_revenue": np.round(quantity * unit_price * (1 - discount), 2),
        }
    )
    # Orders share a day: both lines of an order take the first line's date.
    order_lines["order_date"] = order_lines.groupby("order_id")["order_date"].transform("first")

    pairs = pd.MultiIndex.from_product([products["product_id"], [1, 2, 3]], names=["product_id", "warehouse_id"])
    snapshots = pd.DataFrame(index=pairs).reset_index().merge(pd.DataFrame({"snapshot_date": days}), how="cross")
    snapshots["on_hand"] = rng.integers(0, 60, len(snapshots))
    snapshots.loc[rng.random(len(snapshots)) < 0.15, "on_hand"] = 0
    snapshots = snapshots[rng.random(len(snapshots)) > 0.05]  # gaps, as in imported data

    n_pos = 80
    ordered = days[rng.integers(0, DAYS - 5, n_pos)]
    expected = ordered + pd.to_timedelta(rng.integers(3, 10, n_pos), unit="D")
    received = expected + pd.to_timedelta(rng.integers(-2, 6, n_pos), unit="D")
    received = pd.Series(received).where(rng.random(n_pos) > 0.2)  # some still open
    purchase_orders = pd.DataFrame(
        {
            "po_id": np.arange(1, n_pos + 1),
            "supplier": [f"Supplier {i % 3}" for i in range(n_pos)],
            "product_id": rng.integers(1, n_products + 1, n_pos),
            "warehouse_id": rng.integers(1, 4, n_pos),
            "ordered_on": ordered,
            "expected_on": expected,
            "received_on": received.to_numpy(),
            "quantity": rng.integers(10, 200, n_pos),
        }
    )
    return Dataset(
        {
            "warehouses": warehouses,
            "products": products,
            "order_lines": order_lines,
            "inventory_snapshots": snapshots.reset_index(drop=True),
            "purchase_orders": purchase_orders,
        }
    )


def with_packs(dataset: Dataset) -> Dataset:
    """The dataset with pack sizes and minimum orders known for some products
    only (the columns a later revision added to products; the migration tests
    write the dataset without them)."""
    products = dataset.frames["products"]
    count = len(products)
    products = products.assign(
        pack_size=pd.array([(6, 12, None, 1)[i % 4] for i in range(count)], dtype="Int64"),
        min_order_qty=pd.array([(None, 24, None, 10)[i % 4] for i in range(count)], dtype="Int64"),
    )
    return Dataset({**dataset.frames, "products": products})
