"""Stock health: every product x warehouse classified as out of stock,
understocked, healthy, overstocked or dead stock, with the reason, as of the
last day of the selected range."""

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
from ui.positions import positions_in_words
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
stack = st.radio(
    "Stack", tuple(STACKS), format_func=lambda stack: _(STACKS[stack]), horizontal=True,
    key="stock_status_measure", label_visibility="collapsed",
)  # fmt: skip
if stack == "positions":
    bars = stacked_status_bars(summary, "warehouse", "positions", dict(title_text="Positions"))
else:
    bars = stacked_status_bars(summary, "warehouse", "stock_value", money_axis("Stock value at cost"))
show(bars, key="chart_status")
tables.table_with_download(
    status_table(summary, by="warehouse"),
    {
        "warehouse": "Warehouse",
        **{status: tables.count(status_label(status)) for status in STATUSES},
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
capacity = capacity_use(classified, loaders.data_extent(ctx.db_url).warehouses, f)
measured = capacity.dropna(subset=["used_pct"])
if not measured.empty:
    show(capacity_bars(measured), key="chart_capacity")
for label, rows in (("No stock snapshots", ~capacity["has_stock"]), ("No capacity recorded", capacity["used_pct"].isna())):
    if rows.any():
        names = ", ".join(map(escape_markdown, capacity.loc[rows, "warehouse"]))
        st.caption(f"{label} for: {names}.")
download_csv(capacity, page=PAGE, what="Capacity used", f=f, key="capacity")

st.subheader("Every position")
shown_statuses = st.multiselect(
    "Status", STATUSES, default=list(STATUSES), format_func=status_label, key=STATUS_FILTER_KEY
)
rows = classified[classified["status"].isin(shown_statuses)].sort_values(["status", "days_of_cover", "sku"])
xyz = loaders.product_classes(ctx.db_url, ctx.as_of, policy).set_index("product_id")["xyz_class"]
tables.table_with_download(
    positions_in_words(rows, policy).assign(
        abc_class=lambda frame: frame["abc_class"].map(abc_class_label),
        xyz_class=lambda frame: frame["product_id"].map(xyz).fillna(TOO_NEW).map(xyz_class_label),
    ),
    {
        "status": "Status",
        "sku": "SKU",
        "name": "Product",
        "category": "Category",
        "warehouse": "Warehouse",
        "on_hand": tables.count("On hand"),
        "days_of_cover": st.column_config.ProgressColumn(
            "Days of cover", min_value=0, max_value=policy.overstock_cover_days, format=DAYS_FORMAT,
            help=f"{DAYS_OF_COVER_FORMULA}. A full bar reaches the overstock threshold.",
        ),
        "reorder_point": tables.decimal("Reorder point", help=REORDER_POINT_FORMULA),
        "safety_stock": tables.decimal("Safety stock", help=SAFETY_STOCK_FORMULA),
        "on_order": tables.count("On order"),
        "runs_out_on": st.column_config.DateColumn(
            "Runs out on", format="YYYY-MM-DD",
            help="The day on hand + open orders at their expected dates - the forecast, day by day, reach 0 "
                 "(blank: not within the forecast)",
        ),
        "abc_class": st.column_config.TextColumn("ABC", help=abc),
        "xyz_class": st.column_config.TextColumn(_("XYZ"), help=_(XYZ_HELP)),
        "last_sale_date": tables.day("Last sale"),
        "stock_value": tables.money("Stock value", cents=True),
        "reason": st.column_config.TextColumn("Why", width="large"),
    },
    page=PAGE, what="Stock positions", f=f, key="positions",
)  # fmt: skip

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
