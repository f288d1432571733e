"""Sales lines, stock levels and purchase orders from a file's accepted rows,
and their idempotent write.

Re-importing a file never doubles anything; the rule is "the file's rows
replace the rows with the same natural key":

- sales lines: (order_id, product, warehouse). Every existing line with a key
  the file holds is deleted, then every line of the file is inserted, so a
  corrected export of an order replaces that order's lines. A row without an
  order id belongs to the generated order `AUTO-<warehouse>-<yyyymmdd>`: one
  order per warehouse and day, so re-importing a day's export replaces it.
- stock levels: (day, product, warehouse), the table's primary key (upsert).
- purchase orders: (supplier, product, warehouse, ordered_on).

A row with 0 units sold stores no sales line (such rows usually carry a stock
level) but still replaces its key's lines. A negative quantity is a return: its revenue is negative. Revenue is
the `revenue` column when given (its sign follows the quantity), else
quantity x unit price x (1 - discount); without any price the product's list
price is used (0 when unknown).

How the replacement is written (only keys whose rows changed) is `merging`'s job.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.importer.parsing import map_unique

SALES_KEY = ("order_id", "product_id", "warehouse_id")
STOCK_KEY = ("snapshot_date", "product_id", "warehouse_id")
PURCHASE_ORDER_KEY = ("supplier", "product_id", "warehouse_id", "ordered_on")


def _column(rows: pd.DataFrame, field: str, default: float = np.nan) -> pd.Series:
    return rows[field] if field in rows else pd.Series(default, index=rows.index, dtype="float64")


def sales_lines(rows: pd.DataFrame, list_prices: pd.Series) -> pd.DataFrame:
    """One line per row that gives units sold, 0 included: a 0 is not stored
    but names its key, so re-importing a day that sold nothing clears the
    line an earlier export had. `rows` carry product_id, warehouse_id and
    warehouse_code next to the fields; `list_prices` is by product_id."""
    sold = rows[_column(rows, "quantity").notna()]
    quantity = _column(sold, "quantity")
    per_unit = quantity.abs().replace(0, np.nan)
    revenue = _column(sold, "revenue").abs() * np.sign(quantity)
    price = _column(sold, "unit_price").fillna(revenue.abs() / per_unit)
    price = price.fillna(sold["product_id"].map(list_prices)).fillna(0.0)
    net_revenue = revenue.fillna(quantity * price * (1 - _column(sold, "discount", 0.0).fillna(0.0)))
    days = map_unique(sold["date"], lambda d: d.dt.strftime("%Y%m%d"))
    generated = "AUTO-" + sold["warehouse_code"] + "-" + days
    return pd.DataFrame(
        {
            "order_id": sold["order_id"].fillna(generated) if "order_id" in sold else generated,
            "order_date": sold["date"],
            "product_id": sold["product_id"],
            "warehouse_id": sold["warehouse_id"],
            "quantity": quantity.astype("int64"),
            "unit_price": price.round(2),
            "net_revenue": net_revenue.round(2),
        }
    )


def stock_levels(rows: pd.DataFrame) -> pd.DataFrame:
    counted = rows[_column(rows, "on_hand").notna()]
    levels = pd.DataFrame(
        {
            "snapshot_date": counted["date"],
            "product_id": counted["product_id"],
            "warehouse_id": counted["warehouse_id"],
            "on_hand": _column(counted, "on_hand").astype("int64"),
        }
    )
    return levels.drop_duplicates(subset=list(STOCK_KEY), keep="last")  # validation made duplicates agree


def purchase_order_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "supplier": rows.get("supplier"),
            "product_id": rows["product_id"],
            "warehouse_id": rows["warehouse_id"],
            "ordered_on": rows["ordered_on"],
            "expected_on": rows.get("expected_on"),
            "received_on": rows.get("received_on"),
            "quantity": rows["quantity"].astype("int64"),
        },
        index=rows.index,
    )
