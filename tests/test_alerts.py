"""The alert rules on hand-built positions and purchase orders: which rows
each kind takes, most pressing first, and the keys that identify them."""

from __future__ import annotations

import math

import pandas as pd

from analytics.alerts import (
    ALERT_KINDS,
    BELOW_REORDER_POINT,
    LATE_PURCHASE_ORDERS,
    OUT_OF_STOCK,
    OVERSTOCKED,
    POSITION_KEY,
    PURCHASE_ORDER_KEY,
    evaluate,
)
from analytics.stock_health import STATUS_DTYPE


def positions(*rows: tuple) -> pd.DataFrame:
    """(sku, warehouse, status, avg_daily_units, days_of_cover, stock_value) per position."""
    frame = pd.DataFrame(
        rows, columns=["sku", "warehouse", "status", "avg_daily_units", "days_of_cover", "stock_value"]
    )
    return frame.astype({"status": STATUS_DTYPE})


def orders(*rows: tuple) -> pd.DataFrame:
    """(po_id, sku, warehouse, days_late) per open purchase order."""
    return pd.DataFrame(rows, columns=["po_id", "sku", "warehouse", "days_late"])


CLASSIFIED = positions(
    ("A", "BER", "out-of-stock", 1.0, 0.0, 0.0),
    ("B", "BER", "out-of-stock", 4.0, 0.0, 0.0),
    ("A", "MAD", "out-of-stock", 4.0, 0.0, 0.0),  # ties with B/BER: keys decide
    ("C", "BER", "understocked", 2.0, 6.0, 50.0),
    ("D", "BER", "understocked", 0.0, math.nan, 10.0),  # no cover figure: last
    ("E", "BER", "understocked", 3.0, 1.5, 20.0),
    ("F", "BER", "overstocked", 0.1, 400.0, 90.0),
    ("G", "MAD", "overstocked", 0.2, 200.0, 900.0),
    ("H", "BER", "healthy", 1.0, 30.0, 300.0),
    ("I", "BER", "dead-stock", 0.0, math.nan, 700.0),
)
OPEN_ORDERS = orders((11, "A", "BER", 0), (12, "C", "BER", 3), (13, "E", "BER", 9), (10, "B", "MAD", 3))


def by_kind() -> dict[str, pd.DataFrame]:
    return {alert.kind: alert.rows for alert in evaluate(CLASSIFIED, OPEN_ORDERS)}


def test_every_kind_in_order_with_its_key():
    alerts = evaluate(CLASSIFIED, OPEN_ORDERS)

    assert tuple(alert.kind for alert in alerts) == ALERT_KINDS
    assert [alert.key for alert in alerts] == [POSITION_KEY, POSITION_KEY, POSITION_KEY, PURCHASE_ORDER_KEY]
    for alert in alerts:
        assert not alert.rows.duplicated(list(alert.key)).any(), alert.kind


def test_out_of_stock_most_demanded_first():
    rows = by_kind()[OUT_OF_STOCK]
    assert list(zip(rows["sku"], rows["warehouse"])) == [("A", "MAD"), ("B", "BER"), ("A", "BER")]


def test_below_reorder_point_least_cover_first():
    assert by_kind()[BELOW_REORDER_POINT]["sku"].tolist() == ["E", "C", "D"]


def test_overstocked_most_value_first_and_dead_stock_is_not_overstocked():
    assert by_kind()[OVERSTOCKED]["sku"].tolist() == ["G", "F"]


def test_late_purchase_orders_latest_first():
    rows = by_kind()[LATE_PURCHASE_ORDERS]
    assert rows["po_id"].tolist() == [13, 10, 12]
    assert (rows["days_late"] > 0).all()


def test_nothing_to_alert_gives_every_kind_empty():
    alerts = evaluate(CLASSIFIED.iloc[:0], OPEN_ORDERS.iloc[:0])

    assert tuple(alert.kind for alert in alerts) == ALERT_KINDS
    assert all(alert.rows.empty for alert in alerts)
