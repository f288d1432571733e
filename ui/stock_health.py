"""The Stock health page's sections: the status tiles, the per-warehouse
status bars and table, the position table, and (drawn only when their
expander is opened) the value grid, capacity and the open purchase orders.
The page reads the filters and the classified positions once and hands them
to each section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

import streamlit as st

from analytics.policy.abc import ABC_RULE
from analytics.policy.lead_times import LEAD_TIME_RULE
from analytics.policy.levels import REORDER_POINT_FORMULA
from analytics.policy.safety_stock import SAFETY_STOCK_FORMULA
from analytics.stock_health import (
    CAPACITY_FORMULA,
    DAYS_OF_COVER_FORMULA,
    HEALTHY,
    STATUSES,
    StockPolicy,
    by_urgency,
    status_summary,
)
from analytics.xyz import TOO_NEW
from i18n import N_, _
from i18n.formats import format_date, format_percent_points
from i18n.formulas import formula_text, status_rules_text
from i18n.labels import abc_class_label, status_label, xyz_class_label
from services.dashboard_links import QUERY_SECTION
from services.replenishment import SALES_BASIS
from services.stock_health import capacity_use, status_table
from ui import loaders, tables
from ui.cash import XYZ_HELP
from ui.charts import capacity_bars, heatmap, money_axis, show, stacked_status_bars
from ui.downloads import download_csv
from ui.escaping import escape_markdown
from ui.formatting import DAYS_FORMAT
from ui.metrics import Kind, metric_with_delta
from ui.navigation import STOCK_HEALTH
from ui.page import PageContext
from ui.positions import positions_in_words, status_filter

PAGE = STOCK_HEALTH.title
STATUS_FILTER_KEY = "stock_status_filter"
STACKS = {"positions": N_("Positions"), "stock-value": N_("Stock value")}  # what the status bars stack
SECTION_KEY = "stock_section"  # + _<section>: its expander's key
VALUE_SECTION, CAPACITY_SECTION, ORDERS_SECTION = "value", "capacity", "orders"
SECTIONS = {  # the sections drawn only when opened, by id (`?section=<id>` opens one on arrival)
    VALUE_SECTION: N_("Stock value per warehouse and category"),
    CAPACITY_SECTION: N_("Capacity used"),
    ORDERS_SECTION: N_("Open purchase orders"),
}


def abc_rule_text(policy: StockPolicy) -> str:
    """The ABC rule with this policy's thresholds written in."""
    thresholds = policy.replenishment.abc_thresholds
    return formula_text(ABC_RULE).format(
        **{name: format_percent_points(share * 100, 0) for name, share in zip("ab", thresholds)}
    )


def how_it_is_decided(ctx: PageContext, policy: StockPolicy) -> None:
    """What the figures stand on: the day, the demand basis and every rule behind a status."""
    st.caption(
        _(
            "Stock as of {as_of}, the last day of the selected range; "
            "changes against {then}, the last day of the {comparison}."
        ).format(as_of=format_date(ctx.as_of), then=format_date(ctx.comparison.end), comparison=ctx.comparison_name)
    )
    if loaders.demand_basis(ctx.db_url, ctx.as_of) == SALES_BASIS:
        st.info(
            _("No stored forecast covers {as_of}: reorder points and run-out dates use the average daily sales of the "
              "{days} days before it, as if demand stayed flat. Run a forecast (Forecast page, or `python -m planning "
              "forecast`) to plan on the forecast.").format(
                as_of=format_date(ctx.as_of), days=policy.velocity_window_days
            ),
            icon=":material/info:",
        )  # fmt: skip
    with st.expander(_("How statuses are decided")):
        st.markdown(status_rules_text())
        for rule in (REORDER_POINT_FORMULA, SAFETY_STOCK_FORMULA, LEAD_TIME_RULE):
            st.caption(formula_text(rule))
        st.caption(abc_rule_text(policy))
        for rule in (DAYS_OF_COVER_FORMULA, CAPACITY_FORMULA):
            st.caption(formula_text(rule))


def status_tiles(ctx: PageContext, classified: pd.DataFrame, before: pd.DataFrame) -> None:
    """One tile per status: positions now, and the change since the comparison's last day (`before`:
    the Overview's classification for that day, so that the two pages share one result)."""
    counts = classified["status"].value_counts()
    before = before["status"].value_counts()
    for column, status in zip(st.columns(len(STATUSES)), STATUSES):
        with column:
            metric_with_delta(
                status_label(status), int(counts.get(status, 0)), int(before.get(status, 0)),
                kind=Kind.COUNT, key=status, help=status_rules_text(),
                comparison=format_date(ctx.comparison.end), better="higher" if status == HEALTHY else "lower",
            )  # fmt: skip


def status_per_warehouse(ctx: PageContext, classified: pd.DataFrame) -> None:
    st.subheader(_("Positions and stock value per warehouse"))
    summary = status_summary(classified, by="warehouse")
    _status_bars(summary)
    tables.table_with_download(
        status_table(summary, by="warehouse"),
        {
            "warehouse": _("Warehouse"),
            **{status: tables.count(status_label(status)) for status in STATUSES},
            "overstocked_value": tables.money(
                _("Overstocked value"), help=_("Stock value at cost of the overstocked positions")
            ),
            "dead_stock_value": tables.money(
                _("Dead stock value"), help=_("Stock value at cost of the dead positions")
            ),
            "on_hand": tables.count(_("Units on hand")),
            "stock_value": tables.money(_("Stock value")),
        },
        page=PAGE, what=_("Status per warehouse"), f=ctx.filters, key="status_summary",
    )  # fmt: skip


@st.fragment
def _status_bars(summary: pd.DataFrame) -> None:
    """The toggle redraws only its chart (a fragment), not the page's other tables."""
    stack = st.radio(
        _("Stack"), tuple(STACKS), format_func=lambda stack: _(STACKS[stack]), horizontal=True,
        key="stock_status_measure", label_visibility="collapsed",
    )  # fmt: skip
    if stack == "positions":
        bars = stacked_status_bars(summary, "warehouse", "positions", dict(title_text=_("Positions")))
    else:
        bars = stacked_status_bars(summary, "warehouse", "stock_value", money_axis(_("Stock value at cost")))
    show(bars, key="chart_status")


def value_per_warehouse_and_category(ctx: PageContext, classified: pd.DataFrame) -> None:
    grid = classified.pivot_table(index="warehouse", columns="category", values="stock_value", aggfunc="sum")
    show(heatmap(grid, _("Stock value")), key="chart_warehouse_category")
    download_csv(
        grid.reset_index(), page=PAGE, what=_("Stock value per warehouse and category"), f=ctx.filters,
        key="warehouse_category",
    )  # fmt: skip


def capacity_used(ctx: PageContext, classified: pd.DataFrame, policy: StockPolicy) -> None:
    """Each warehouse's capacity used; under a category filter, that share beside the whole warehouse."""
    f = ctx.filters
    every_category = (
        loaders.stock_positions(ctx.db_url, replace(f, categories=()), ctx.as_of, policy.velocity_window_days)
        if f.categories else None
    )  # fmt: skip
    capacity = capacity_use(classified, ctx.warehouses, f, every_category)
    measured = capacity.dropna(subset=["used_pct"])
    if not measured.empty:
        show(capacity_bars(measured), key="chart_capacity")
        if f.categories:
            st.caption(
                _("Dark: the selected categories' share of each warehouse's capacity; light: the whole warehouse.")
            )
    for note, rows in (
        (_("No stock snapshots for: {warehouses}."), ~capacity["has_stock"]),
        (_("No capacity recorded for: {warehouses}."), capacity["used_pct"].isna()),
    ):
        if rows.any():
            st.caption(note.format(warehouses=", ".join(map(escape_markdown, capacity.loc[rows, "warehouse"]))))
    tables.download_shown(
        capacity,
        {
            "warehouse": _("Warehouse"), "name": _("Name"), "capacity_units": tables.count(_("Capacity (units)")),
            "on_hand": tables.count(_("Units on hand")), "used_pct": tables.percent(_("Capacity used (%)")),
            **({"warehouse_on_hand": tables.count(_("Whole warehouse: units on hand")),
                "warehouse_used_pct": tables.percent(_("Whole warehouse: capacity used (%)"))} if f.categories else {}),
        },
        page=PAGE, what=_("Capacity used"), f=f, key="capacity",
    )  # fmt: skip


def every_position(ctx: PageContext, classified: pd.DataFrame, policy: StockPolicy) -> None:
    st.subheader(_("Every position"))
    _positions(ctx, classified, policy)


@st.fragment
def _positions(ctx: PageContext, classified: pd.DataFrame, policy: StockPolicy) -> None:
    """The status filter redraws only the position table (a fragment). Words
    (a reason per row) are written for the rows shown; for the CSV's
    160,000 only on its click."""
    shown_statuses = status_filter(STATUS_FILTER_KEY)
    rows = by_urgency(classified[classified["status"].isin(shown_statuses)])
    st.caption(_("Most urgent first: by status, then fewest days of cover, then most stock value."))
    xyz = loaders.product_classes(ctx.db_url, ctx.as_of, policy).set_index("product_id")["xyz_class"]

    def in_words(positions: pd.DataFrame) -> pd.DataFrame:
        return positions_in_words(positions, policy).assign(
            abc_class=lambda frame: frame["abc_class"].map(abc_class_label),
            xyz_class=lambda frame: frame["product_id"].map(xyz).fillna(TOO_NEW).map(xyz_class_label),
        )

    tables.table_with_download(
        in_words(rows.head(tables.rows_wanted("positions"))),
        {
            "status": _("Status"),
            "sku": _("SKU"),
            "name": _("Product"),
            "warehouse": _("Warehouse"),
            "days_of_cover": st.column_config.ProgressColumn(
                _("Days of cover"), min_value=0, max_value=policy.overstock_cover_days, format=_(DAYS_FORMAT),
                help=_("{formula}. A full bar reaches the overstock threshold.").format(
                    formula=formula_text(DAYS_OF_COVER_FORMULA)
                ),
            ),
            "on_hand": tables.count(_("On hand")),
            "on_order": tables.count(_("On order")),
            "reorder_point": tables.decimal(_("Reorder point"), help=formula_text(REORDER_POINT_FORMULA)),
            "stock_value": tables.money(_("Stock value"), cents=True),
            "reason": st.column_config.TextColumn(_("Why"), width="large"),
            "runs_out_on": st.column_config.DateColumn(
                _("Runs out on"), format="YYYY-MM-DD",
                help=_("The day on hand + open orders at their expected dates - the forecast, day by day, reach 0 "
                       "(blank: not within the forecast)"),
            ),
            "safety_stock": tables.decimal(_("Safety stock"), help=formula_text(SAFETY_STOCK_FORMULA)),
            "abc_class": st.column_config.TextColumn(_("ABC"), help=abc_rule_text(policy)),
            "xyz_class": st.column_config.TextColumn(_("XYZ"), help=_(XYZ_HELP)),
            "last_sale_date": tables.day(_("Last sale")),
            "category": _("Category"),
        },
        page=PAGE, what=_("Stock positions"), f=ctx.filters, key="positions", pinned=("status", "sku", "name"),
        all_columns=rows, total=len(rows), every_row=lambda: in_words(rows),
    )  # fmt: skip


def rarely_used(ctx: PageContext, classified: pd.DataFrame, policy: StockPolicy) -> None:
    """The value grid, capacity and the open orders, each in an expander drawn only when opened: a page
    switch or filter change builds none of their charts and tables."""
    _lazily(VALUE_SECTION, lambda: value_per_warehouse_and_category(ctx, classified))
    _lazily(CAPACITY_SECTION, lambda: capacity_used(ctx, classified, policy))
    _lazily(ORDERS_SECTION, lambda: open_purchase_orders(ctx))


@st.fragment
def _lazily(section: str, draw: Callable[[], None]) -> None:
    """An expander keyed `stock_section_<section>` whose content is drawn while it is open; opening or closing
    it reruns only this fragment. It starts open when the link that led here names it (the Overview's late
    orders and capacity alerts)."""
    asked = st.query_params.get(QUERY_SECTION) == section
    expander = st.expander(_(SECTIONS[section]), asked, key=f"{SECTION_KEY}_{section}", on_change="rerun")
    with expander:
        if expander.open:
            draw()


def open_purchase_orders(ctx: PageContext) -> None:
    """The orders open on the day, latest first."""
    orders = loaders.open_purchase_orders(ctx.db_url, ctx.filters, ctx.as_of).sort_values("days_late", ascending=False)
    if orders.empty:
        st.info(_("No purchase orders were open on this day for the selection."), icon=":material/local_shipping:")
        return
    late = _("{late} of {total} open orders are past their expected date.")
    st.caption(late.format(late=int((orders["days_late"] > 0).sum()), total=len(orders)))
    tables.table_with_download(
        orders,
        {
            "po_id": _("PO"),
            "supplier": _("Supplier"),
            "sku": _("SKU"),
            "warehouse": _("Warehouse"),
            "ordered_on": tables.day(_("Ordered")),
            "expected_on": tables.day(_("Expected")),
            "quantity": tables.count(_("Units")),
            "days_late": tables.count(_("Days late")),
        },
        page=PAGE, what=_("Open purchase orders"), f=ctx.filters, key="open_orders",
    )  # fmt: skip
