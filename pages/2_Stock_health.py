"""Stock health: every product x warehouse classified as out of stock,
understocked, healthy, overstocked or dead stock, with the reason, as of the
last day of the selected range."""

from dataclasses import replace

import streamlit as st

from analytics.policy.abc import ABC_RULE
from analytics.policy.lead_times import LEAD_TIME_RULE
from analytics.policy.levels import REORDER_POINT_FORMULA
from analytics.policy.safety_stock import SAFETY_STOCK_FORMULA
from analytics.stock_health import (
    CAPACITY_FORMULA,
    DAYS_OF_COVER_FORMULA,
    HEALTHY,
    STATUS_RULES,
    STATUSES,
    by_urgency,
    status_summary,
)
from analytics.xyz import TOO_NEW
from i18n import N_, _
from i18n.labels import abc_class_label, status_label, xyz_class_label
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
from ui.page import setup_page
from ui.policy import policy_sliders
from ui.positions import positions_in_words, status_filter
from ui.states import show_nothing_selected

PAGE = STOCK_HEALTH.title
STATUS_FILTER_KEY = "stock_status_filter"
STACKS = {"positions": N_("Positions"), "stock-value": N_("Stock value")}  # what the status bars stack

ctx = setup_page(STOCK_HEALTH)
f = ctx.filters
policy = policy_sliders(ctx.db_url)
classified = loaders.classified_stock(ctx.db_url, f, ctx.as_of, policy, projected=True)
if classified.empty:
    show_nothing_selected(f, "stock snapshots", when=f"on or before {ctx.as_of:%d %b %Y}")
    st.stop()
st.caption(
    _(
        "Stock as of {as_of}, the last day of the selected range; "
        "changes against {then}, the last day of the {comparison}."
    ).format(as_of=f"{ctx.as_of:%d %b %Y}", then=f"{ctx.comparison.end:%d %b %Y}", comparison=ctx.comparison_name)
)
if loaders.demand_basis(ctx.db_url, ctx.as_of) == SALES_BASIS:
    st.info(
        _("No stored forecast covers {as_of}: reorder points and run-out dates use the average daily sales of the "
          "{days} days before it, as if demand stayed flat. Run a forecast (Forecast page, or `python -m planning "
          "forecast`) to plan on the forecast.").format(
            as_of=f"{ctx.as_of:%d %b %Y}", days=policy.velocity_window_days
        ),
        icon=":material/info:",
    )  # fmt: skip
with st.expander("How statuses are decided"):
    st.markdown(STATUS_RULES)
    abc = ABC_RULE.format(a=policy.replenishment.abc_thresholds[0], b=policy.replenishment.abc_thresholds[1])
    for rule in (REORDER_POINT_FORMULA, SAFETY_STOCK_FORMULA, LEAD_TIME_RULE, abc, DAYS_OF_COVER_FORMULA,
                 CAPACITY_FORMULA):  # fmt: skip
        st.caption(rule)

counts = classified["status"].value_counts()
counts_before = loaders.classified_stock(ctx.db_url, ctx.comparison, ctx.comparison.end, policy)["status"].value_counts()
for column, status in zip(st.columns(len(STATUSES)), STATUSES):
    with column:
        metric_with_delta(
            status_label(status), int(counts.get(status, 0)), int(counts_before.get(status, 0)),
            kind=Kind.COUNT, key=status, help=STATUS_RULES,
            comparison=f"{ctx.comparison.end:%d %b}", better="higher" if status == HEALTHY else "lower",
        )  # fmt: skip

st.subheader("Positions and stock value per warehouse")
summary = status_summary(classified, by="warehouse")


@st.fragment
def _status_bars() -> None:
    """The toggle redraws only its chart (a fragment), not the page's other tables."""
    stack = st.radio(
        "Stack", tuple(STACKS), format_func=lambda stack: _(STACKS[stack]), horizontal=True,
        key="stock_status_measure", label_visibility="collapsed",
    )  # fmt: skip
    if stack == "positions":
        bars = stacked_status_bars(summary, "warehouse", "positions", dict(title_text="Positions"))
    else:
        bars = stacked_status_bars(summary, "warehouse", "stock_value", money_axis("Stock value at cost"))
    show(bars, key="chart_status")


_status_bars()
tables.table_with_download(
    status_table(summary, by="warehouse"),
    {
        "warehouse": "Warehouse",
        **{status: tables.count(status_label(status)) for status in STATUSES},
        "overstocked_value": tables.money(
            _("Overstocked value"), help=_("Stock value at cost of the overstocked positions")
        ),
        "dead_stock_value": tables.money(_("Dead stock value"), help=_("Stock value at cost of the dead positions")),
        "on_hand": tables.count("Units on hand"),
        "stock_value": tables.money("Stock value"),
    },
    page=PAGE, what="Status per warehouse", f=f, key="status_summary",
)  # fmt: skip

st.subheader("Stock value per warehouse and category")
value_grid = classified.pivot_table(index="warehouse", columns="category", values="stock_value", aggfunc="sum")
show(heatmap(value_grid, "Stock value"), key="chart_warehouse_category")
download_csv(value_grid.reset_index(), page=PAGE, what="Stock value per warehouse and category", f=f, key="warehouse_category")

st.subheader("Capacity used")
every_category = (
    loaders.stock_positions(ctx.db_url, replace(f, categories=()), ctx.as_of, policy.velocity_window_days)
    if f.categories else None
)  # fmt: skip
capacity = capacity_use(classified, loaders.data_extent(ctx.db_url).warehouses, f, every_category)
measured = capacity.dropna(subset=["used_pct"])
if not measured.empty:
    show(capacity_bars(measured), key="chart_capacity")
    if f.categories:
        st.caption(_("Dark: the selected categories' share of each warehouse's capacity; light: the whole warehouse."))
for label, rows in (("No stock snapshots", ~capacity["has_stock"]), ("No capacity recorded", capacity["used_pct"].isna())):
    if rows.any():
        names = ", ".join(map(escape_markdown, capacity.loc[rows, "warehouse"]))
        st.caption(f"{label} for: {names}.")
tables.download_shown(
    capacity,
    {
        "warehouse": "Warehouse", "name": _("Name"), "capacity_units": tables.count(_("Capacity (units)")),
        "on_hand": tables.count("Units on hand"), "used_pct": tables.percent(_("Capacity used (%)")),
        **({"warehouse_on_hand": tables.count(_("Whole warehouse: units on hand")),
            "warehouse_used_pct": tables.percent(_("Whole warehouse: capacity used (%)"))} if f.categories else {}),
    },
    page=PAGE, what="Capacity used", f=f, key="capacity",
)  # fmt: skip

st.subheader("Every position")


xyz = loaders.product_classes(ctx.db_url, ctx.as_of, policy).set_index("product_id")["xyz_class"]


@st.fragment
def _positions() -> None:
    """The status filter redraws only the position table (a fragment)."""
    shown_statuses = status_filter(STATUS_FILTER_KEY)
    rows = by_urgency(classified[classified["status"].isin(shown_statuses)])
    st.caption(_("Most urgent first: by status, then fewest days of cover, then most stock value."))
    tables.table_with_download(
        positions_in_words(rows, policy).assign(
            abc_class=lambda frame: frame["abc_class"].map(abc_class_label),
            xyz_class=lambda frame: frame["product_id"].map(xyz).fillna(TOO_NEW).map(xyz_class_label),
        ),
        {
            "status": "Status",
            "sku": "SKU",
            "name": "Product",
            "warehouse": "Warehouse",
            "days_of_cover": st.column_config.ProgressColumn(
                "Days of cover", min_value=0, max_value=policy.overstock_cover_days, format=DAYS_FORMAT,
                help=f"{DAYS_OF_COVER_FORMULA}. A full bar reaches the overstock threshold.",
            ),
            "on_hand": tables.count("On hand"),
            "on_order": tables.count("On order"),
            "reorder_point": tables.decimal("Reorder point", help=REORDER_POINT_FORMULA),
            "stock_value": tables.money("Stock value", cents=True),
            "reason": st.column_config.TextColumn("Why", width="large"),
            "runs_out_on": st.column_config.DateColumn(
                "Runs out on", format="YYYY-MM-DD",
                help="The day on hand + open orders at their expected dates - the forecast, day by day, reach 0 "
                     "(blank: not within the forecast)",
            ),
            "safety_stock": tables.decimal("Safety stock", help=SAFETY_STOCK_FORMULA),
            "abc_class": st.column_config.TextColumn("ABC", help=abc),
            "xyz_class": st.column_config.TextColumn(_("XYZ"), help=_(XYZ_HELP)),
            "last_sale_date": tables.day("Last sale"),
            "category": "Category",
        },
        page=PAGE, what="Stock positions", f=f, key="positions", pinned=("status", "sku", "name"), all_columns=rows,
    )  # fmt: skip


_positions()

st.subheader("Open purchase orders")
open_orders = loaders.open_purchase_orders(ctx.db_url, f, ctx.as_of).sort_values("days_late", ascending=False)
if open_orders.empty:
    st.info("No purchase orders were open on this day for the selection.", icon=":material/local_shipping:")
else:
    st.caption(f"{int((open_orders['days_late'] > 0).sum())} of {len(open_orders)} open orders are past their expected date.")
    tables.table_with_download(
        open_orders,
        {
            "po_id": "PO",
            "supplier": "Supplier",
            "sku": "SKU",
            "warehouse": "Warehouse",
            "ordered_on": tables.day("Ordered"),
            "expected_on": tables.day("Expected"),
            "quantity": tables.count("Units"),
            "days_late": tables.count("Days late"),
        },
        page=PAGE, what="Open purchase orders", f=f, key="open_orders",
    )  # fmt: skip
