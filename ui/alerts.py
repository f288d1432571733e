"""The Overview's alerts, drawn: for each alert kind a count, the most pressing
rows and a link to the page that explains it. The rules are `analytics.alerts`;
status changes have a panel of their own (`ui.digest_panel`)."""

from __future__ import annotations

import streamlit as st

from analytics import stock_health
from analytics.alerts import (
    BELOW_REORDER_POINT,
    DEAD_STOCK,
    LATE_PURCHASE_ORDERS,
    OUT_OF_STOCK,
    OVER_CAPACITY,
    OVERSTOCKED,
    STOCKOUT_BEFORE_PEAK,
    Alert,
    AlertThresholds,
)
from analytics.policy.levels import REORDER_POINT_FORMULA
from analytics.stock_health import CAPACITY_FORMULA, DAYS_OF_COVER_FORMULA
from data_access.filters import Filters
from i18n import _
from i18n.formats import format_money, format_percent_points
from i18n.formulas import formula_text
from i18n.labels import alert_label
from services.dashboard_links import QUERY_STATUS
from ui import tables
from ui.metrics import Kind, metric_with_delta
from ui.navigation import STOCK_HEALTH, link_to
from ui.shop import current_shop

TOP_ROWS = 5


def _help(kind: str, thresholds: AlertThresholds) -> str:
    worth = _("worth at least {value} at cost").format(
        value=format_money(thresholds.min_stock_value, current_shop().currency, whole=True)
    )
    return {
        OUT_OF_STOCK: _("Positions with nothing on hand."),
        BELOW_REORDER_POINT: _(
            "Positions at or below their reorder point that open purchase orders do not cover; {formula}."
        ).format(formula=formula_text(REORDER_POINT_FORMULA)),
        STOCKOUT_BEFORE_PEAK: _(
            "Positions whose stock, projected day by day (on hand + open orders at their expected dates - the "
            "forecast), runs out before the next peak of the retail calendar is over; Peak readiness has the details."
        ),
        OVERSTOCKED: _("More days of cover than the overstock threshold, {worth}; {formula}.").format(
            worth=worth, formula=formula_text(DAYS_OF_COVER_FORMULA)
        ),
        DEAD_STOCK: _("Units on hand without a sale for the dead-stock days, {worth}.").format(worth=worth),
        LATE_PURCHASE_ORDERS: _("Open purchase orders past their expected date."),
        OVER_CAPACITY: _("Warehouses holding at least {share} of their capacity; {formula}.").format(
            share=format_percent_points(thresholds.capacity_pct, 0), formula=formula_text(CAPACITY_FORMULA)
        ),
    }[kind]


# The Stock health status each alert is about: its "Explain" link opens the page filtered to it.
_STATUS_OF = {
    OUT_OF_STOCK: stock_health.OUT_OF_STOCK,
    BELOW_REORDER_POINT: stock_health.UNDERSTOCKED,
    OVERSTOCKED: stock_health.OVERSTOCKED,
    DEAD_STOCK: stock_health.DEAD_STOCK,
}


def _columns(kind: str) -> dict[str, object]:
    """The columns worth a glance, with their st.column_config: what to act on after the position."""
    position = {"sku": _("SKU"), "name": _("Product"), "warehouse": _("Warehouse")}
    return {
        OUT_OF_STOCK: {**position, "avg_daily_units": tables.decimal(_("Sold/day"))},
        BELOW_REORDER_POINT: {
            **position, "on_hand": tables.count(_("On hand")), "reorder_point": tables.decimal(_("Reorder at"))
        },
        STOCKOUT_BEFORE_PEAK: {**position, "runs_out_on": tables.day(_("Runs out on"))},
        OVERSTOCKED: {**position, "stock_value": tables.money(_("Value"))},
        DEAD_STOCK: {**position, "stock_value": tables.money(_("Value"))},
        LATE_PURCHASE_ORDERS: {"po_id": _("PO"), "sku": _("SKU"), "warehouse": _("Warehouse"),
                               "days_late": tables.count(_("Days late"))},
        OVER_CAPACITY: {
            "warehouse": _("Warehouse"), "on_hand": tables.count(_("On hand")), "used_pct": tables.percent(_("Used"))
        },
    }[kind]  # fmt: skip


def draw_alerts(alerts: tuple[Alert, ...], f: Filters, page: str, thresholds: AlertThresholds) -> None:
    """Two alerts per row: wide enough for their tables."""
    columns = [column for _row in range(0, len(alerts), 2) for column in st.columns(2)]
    for column, alert in zip(columns, alerts):
        title = alert_label(alert.kind)
        with column.container(key=f"alert_{alert.kind}"):
            explained = _help(alert.kind, thresholds)
            metric_with_delta(title, len(alert.rows), None, kind=Kind.COUNT, key=alert.kind, help=explained)
            if not alert.rows.empty:
                if "stock_value" in alert.rows:
                    worth = format_money(float(alert.rows["stock_value"].sum()), current_shop().currency, whole=True)
                    st.caption(_("Worth {value} at cost.").format(value=worth))
                tables.table_with_download(
                    alert.rows, _columns(alert.kind), page=page, what=title, f=f, key=f"alert_{alert.kind}",
                    rows=TOP_ROWS, all_columns=alert.rows,
                )  # fmt: skip
            status = _STATUS_OF.get(alert.kind)
            explain = _("Explain on {page}").format(page=STOCK_HEALTH.title)
            link_to(STOCK_HEALTH, explain, query_params={QUERY_STATUS: status} if status else None)
