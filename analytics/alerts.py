"""Alert rules: which stock positions and purchase orders need attention now.

Each alert kind is a stable id, and its rows carry the columns that identify
them from one evaluation to the next (a position by sku and warehouse, a
purchase order by po_id): the Overview shows the most pressing rows, and a
digest can remember which ones it has already sent.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import stock_health

OUT_OF_STOCK = "out-of-stock"
BELOW_REORDER_POINT = "below-reorder-point"
OVERSTOCKED = "overstocked"
LATE_PURCHASE_ORDERS = "late-purchase-orders"
ALERT_KINDS: tuple[str, ...] = (OUT_OF_STOCK, BELOW_REORDER_POINT, OVERSTOCKED, LATE_PURCHASE_ORDERS)

POSITION_KEY = ("sku", "warehouse")
PURCHASE_ORDER_KEY = ("po_id",)


@dataclass(frozen=True)
class Alert:
    kind: str  # one of ALERT_KINDS
    key: tuple[str, ...]  # the columns that identify a row across evaluations
    rows: pd.DataFrame  # every matching row, most pressing first


def evaluate(classified: pd.DataFrame, open_orders: pd.DataFrame) -> tuple[Alert, ...]:
    """Every alert kind, in ALERT_KINDS order, from the classified positions
    (`stock_health.classify_stock`) and the purchase orders open on the same
    day: out of stock (most demanded first), below the reorder point (least
    cover first), overstocked (most value first), late purchase orders
    (latest first). Ties keep the order of their keys."""
    status = classified["status"]
    return (
        Alert(OUT_OF_STOCK, POSITION_KEY, _most_pressing_first(
            classified[status == stock_health.OUT_OF_STOCK], "avg_daily_units", POSITION_KEY, descending=True
        )),
        Alert(BELOW_REORDER_POINT, POSITION_KEY, _most_pressing_first(
            classified[status == stock_health.UNDERSTOCKED], "days_of_cover", POSITION_KEY, descending=False
        )),
        Alert(OVERSTOCKED, POSITION_KEY, _most_pressing_first(
            classified[status == stock_health.OVERSTOCKED], "stock_value", POSITION_KEY, descending=True
        )),
        Alert(LATE_PURCHASE_ORDERS, PURCHASE_ORDER_KEY, _most_pressing_first(
            open_orders[open_orders["days_late"] > 0], "days_late", PURCHASE_ORDER_KEY, descending=True
        )),
    )  # fmt: skip


def _most_pressing_first(rows: pd.DataFrame, by: str, key: tuple[str, ...], *, descending: bool) -> pd.DataFrame:
    ordered = rows.sort_values([by, *key], ascending=[not descending, *(True for _ in key)], kind="stable")
    return ordered.reset_index(drop=True)
