"""The Overview's alerts, drawn: for each alert kind a count, the most pressing
rows and a link to the page that explains it. The rules are `analytics.alerts`."""

from __future__ import annotations

import streamlit as st

from analytics.alerts import BELOW_REORDER_POINT, LATE_PURCHASE_ORDERS, OUT_OF_STOCK, OVERSTOCKED, Alert
from analytics.policy.levels import REORDER_POINT_FORMULA
from analytics.stock_health import DAYS_OF_COVER_FORMULA
from data_access.filters import Filters
from i18n import _
from i18n.labels import alert_label
from ui import tables
from ui.downloads import download_csv
from ui.metrics import Kind, metric_with_delta
from ui.navigation import STOCK_HEALTH, link_to

TOP_ROWS = 5


def _help(kind: str) -> str:
    return {
        OUT_OF_STOCK: _("Positions with nothing on hand."),
        BELOW_REORDER_POINT: _("Positions at or below their reorder point; {formula}.").format(
            formula=REORDER_POINT_FORMULA
        ),
        OVERSTOCKED: _("More days of cover than the overstock threshold; {formula}.").format(
            formula=DAYS_OF_COVER_FORMULA
        ),
        LATE_PURCHASE_ORDERS: _("Open purchase orders past their expected date."),
    }[kind]


def _columns(kind: str) -> dict[str, object]:
    """The columns worth a glance, with their st.column_config."""
    position = {"sku": "SKU", "warehouse": "Warehouse"}
    return {
        OUT_OF_STOCK: {**position, "avg_daily_units": tables.decimal("Sold/day")},
        BELOW_REORDER_POINT: {
            **position, "on_hand": tables.count("On hand"), "reorder_point": tables.decimal("Reorder at")
        },
        OVERSTOCKED: {**position, "stock_value": tables.money("Value")},
        LATE_PURCHASE_ORDERS: {"po_id": "PO", **position, "days_late": tables.count("Days late")},
    }[kind]  # fmt: skip


def draw_alerts(alerts: tuple[Alert, ...], f: Filters, page: str) -> None:
    """Two alerts per row: wide enough for their tables."""
    columns = [column for _row in range(0, len(alerts), 2) for column in st.columns(2)]
    for column, alert in zip(columns, alerts):
        title = alert_label(alert.kind)
        with column.container(key=f"alert_{alert.kind}"):
            metric_with_delta(title, len(alert.rows), None, kind=Kind.COUNT, key=alert.kind, help=_help(alert.kind))
            if not alert.rows.empty:
                shown = _columns(alert.kind)
                st.dataframe(alert.rows.head(TOP_ROWS)[list(shown)], column_config=shown, hide_index=True)
            link_to(STOCK_HEALTH, "Explain on Stock health")
            download_csv(alert.rows, page=page, what=title, f=f, key=f"alert_{alert.kind}")
