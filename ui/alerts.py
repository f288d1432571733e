"""The Overview's alerts, drawn: for each alert kind a link with its count to
the page that explains it, and one table of each kind's most pressing rows.
The rules are `analytics.alerts`; status changes have a panel of their own
(`ui.digest_panel`)."""

from __future__ import annotations

import pandas as pd
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
    most_pressing,
)
from analytics.policy.levels import REORDER_POINT_FORMULA
from analytics.stock_health import CAPACITY_FORMULA, DAYS_OF_COVER_FORMULA
from data_access.filters import Filters
from i18n import _, ngettext
from i18n.formats import format_date, format_money, format_number, format_percent_points
from i18n.formulas import formula_text
from i18n.labels import alert_label
from services.dashboard_links import QUERY_SECTION, QUERY_STATUS
from ui import tables
from ui.navigation import STOCK_HEALTH, link_to
from ui.shop import current_shop
from ui.stock_health import CAPACITY_SECTION, ORDERS_SECTION

TOP_ROWS = 5  # per kind
_FIGURES = ("avg_daily_units", "reorder_point", "runs_out_on", "days_of_cover", "last_sale_date", "po_id",
            "days_late", "used_pct")  # what `_figure` reads


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


# Where on Stock health each alert's link leads: filtered to the status it is about, or with the section that
# lists it open.
_LINK_QUERY = {
    OUT_OF_STOCK: {QUERY_STATUS: stock_health.OUT_OF_STOCK},
    BELOW_REORDER_POINT: {QUERY_STATUS: stock_health.UNDERSTOCKED},
    OVERSTOCKED: {QUERY_STATUS: stock_health.OVERSTOCKED},
    DEAD_STOCK: {QUERY_STATUS: stock_health.DEAD_STOCK},
    LATE_PURCHASE_ORDERS: {QUERY_SECTION: ORDERS_SECTION},
    OVER_CAPACITY: {QUERY_SECTION: CAPACITY_SECTION},
}


def _columns() -> dict[str, object]:
    """The columns worth a glance, with their st.column_config: the problem and the position, the figure that
    kind is about in words, then what is on hand and its value at cost. Seven columns fit at 1400 px; every
    figure as a column of its own (eight, mostly empty) did not."""
    return {
        "problem": _("Problem"),
        "name": _("Product"),
        "sku": _("SKU"),
        "warehouse": _("Warehouse"),
        "figure": st.column_config.TextColumn(_("What"), width="medium"),
        "on_hand": tables.count(_("On hand")),
        "stock_value": tables.money(_("Value")),
    }


def _figure(row: pd.Series) -> str:
    """The figure a row's kind is about, in words."""
    kind = row["kind"]
    if kind == OUT_OF_STOCK:
        return _("sells {units} a day").format(units=format_number(row["avg_daily_units"], 1))
    if kind == BELOW_REORDER_POINT:
        return _("reorder point {point}").format(point=format_number(row["reorder_point"], 1))
    if kind == STOCKOUT_BEFORE_PEAK:
        return _("runs out on {day}").format(day=format_date(row["runs_out_on"].date()))
    if kind == LATE_PURCHASE_ORDERS:
        days = int(row["days_late"])
        return ngettext("PO {po}, {days} day late", "PO {po}, {days} days late", days).format(
            po=int(row["po_id"]), days=days
        )
    if kind == OVER_CAPACITY:
        return _("{share} of capacity used").format(share=format_percent_points(row["used_pct"], 0))
    if kind == OVERSTOCKED and pd.notna(row["days_of_cover"]):
        return _("{days} days of cover").format(days=format_number(row["days_of_cover"]))
    if pd.notna(row["last_sale_date"]):  # dead stock
        return _("last sale {day}").format(day=format_date(row["last_sale_date"].date()))
    return _("never sold")


def _in_words(rows: pd.DataFrame) -> pd.DataFrame:
    """Each row's kind as the problem's name and its figure in words; a warehouse's own name is not a product's."""
    return rows.assign(
        problem=rows["kind"].map(alert_label),
        figure=rows.apply(_figure, axis=1) if len(rows) else "",
        name=rows["name"].where(rows["kind"] != OVER_CAPACITY),
    )


def _link_label(alert: Alert) -> str:
    """The kind, its count and, for stock that ties up cash, its value at cost."""
    problem, count = alert_label(alert.kind), format_number(len(alert.rows))
    if alert.kind not in (OVERSTOCKED, DEAD_STOCK):
        return _("{problem}: {count}").format(problem=problem, count=count)
    worth = format_money(float(alert.rows["stock_value"].sum()), current_shop().currency, whole=True)
    return _("{problem}: {count}, worth {value}").format(problem=problem, count=count, value=worth)


def draw_alerts(alerts: tuple[Alert, ...], f: Filters, page: str, thresholds: AlertThresholds) -> None:
    """A link per alert kind with its count, to the page that explains it (filtered to its status), then one
    table of each kind's most pressing rows, most urgent kind first: one grid for the browser to build, not one
    per kind."""
    with st.container(horizontal=True, key="attention_links"):
        for alert in alerts:
            explain = _("{rule} The link opens {page}.").format(rule=_help(alert.kind, thresholds),
                                                               page=STOCK_HEALTH.title)
            link_to(STOCK_HEALTH, _link_label(alert), query_params=_LINK_QUERY.get(alert.kind), help=explain)
    total = sum(len(alert.rows) for alert in alerts)
    if not total:
        st.success(_("Nothing needs attention."), icon=":material/check_circle:")
        return
    columns = _columns()
    wanted = (*columns, *_FIGURES, "kind")

    def every_row() -> pd.DataFrame:
        return _in_words(most_pressing(alerts, columns=wanted)).reindex(columns=list(columns))

    shown = _in_words(most_pressing(alerts, TOP_ROWS, wanted)).reindex(columns=list(columns))
    st.caption(_("The {count} most pressing of each kind; the CSV holds all {total}.").format(
        count=TOP_ROWS, total=format_number(total)))  # fmt: skip
    tables.table_with_download(
        shown, columns, page=page, what=_("Needs attention"), f=f, key="attention", pinned=("problem", "name"),
        rows=len(shown), total=total, every_row=every_row, all_columns=lambda: most_pressing(alerts), blank="",
    )  # fmt: skip
