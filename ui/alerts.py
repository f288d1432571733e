"""The Overview's alerts: what needs attention as of the range's last day, each
with a count, the most pressing rows and a link to the page that explains it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics.stock_health import (
    DAYS_OF_COVER_FORMULA,
    OUT_OF_STOCK,
    OVERSTOCKED,
    REORDER_POINT_FORMULA,
    UNDERSTOCKED,
)
from data_access.filters import Filters
from ui import tables
from ui.downloads import download_csv
from ui.metrics import Kind, metric_with_delta
from ui.navigation import STOCK_HEALTH, link_to

TOP_ROWS = 5
_POSITION = {"sku": "SKU", "warehouse": "Warehouse"}


@dataclass(frozen=True)
class Alert:
    key: str
    title: str
    help: str
    rows: pd.DataFrame  # every matching row, most pressing first
    columns: dict[str, object]  # the ones worth a glance, with their st.column_config


def stock_alerts(classified: pd.DataFrame, open_orders: pd.DataFrame) -> list[Alert]:
    """Out of stock (most demanded first), below the reorder point (least cover
    first), overstocked (most value first), late purchase orders (latest first)."""
    status = classified["status"]
    return [
        Alert(
            "out_of_stock", "Out of stock now", "Positions with nothing on hand.",
            classified[status == OUT_OF_STOCK].sort_values("avg_daily_units", ascending=False),
            {**_POSITION, "avg_daily_units": tables.decimal("Sold/day")},
        ),
        Alert(
            "below_reorder_point", "Below reorder point", f"Positions at or below their reorder point; {REORDER_POINT_FORMULA}.",
            classified[status == UNDERSTOCKED].sort_values("days_of_cover"),
            {**_POSITION, "on_hand": tables.count("On hand"), "reorder_point": tables.decimal("Reorder at")},
        ),
        Alert(
            "overstocked", "Overstocked", f"More days of cover than the overstock threshold; {DAYS_OF_COVER_FORMULA}.",
            classified[status == OVERSTOCKED].sort_values("stock_value", ascending=False),
            {**_POSITION, "stock_value": tables.money("Value")},
        ),
        Alert(
            "late_purchase_orders", "Late purchase orders", "Open purchase orders past their expected date.",
            open_orders[open_orders["days_late"] > 0].sort_values("days_late", ascending=False),
            {"po_id": "PO", **_POSITION, "days_late": tables.count("Days late")},
        ),
    ]  # fmt: skip


def draw_alerts(alerts: list[Alert], f: Filters, page: str) -> None:
    """Two alerts per row: wide enough for their tables."""
    columns = [column for _ in range(0, len(alerts), 2) for column in st.columns(2)]
    for column, alert in zip(columns, alerts):
        with column.container(key=f"alert_{alert.key}"):
            metric_with_delta(alert.title, len(alert.rows), None, kind=Kind.COUNT, key=alert.key, help=alert.help)
            if not alert.rows.empty:
                top = alert.rows.head(TOP_ROWS)[list(alert.columns)]
                st.dataframe(top, column_config=alert.columns, hide_index=True)
            link_to(STOCK_HEALTH, "Explain on Stock health")
            download_csv(alert.rows, page=page, what=alert.title, f=f, key=f"alert_{alert.key}")
