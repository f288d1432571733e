"""Replenishment: what to buy from whom, how much and by when, and what to move
between warehouses first, from the latest stored plan (`python -m planning
plan`, run after every forecast). Quantities can be changed for the session;
totals and downloads follow."""

import streamlit as st

from analytics.policy.levels import REORDER_POINT_FORMULA
from analytics.policy.plan import BELOW_REORDER_POINT, ORDER_BY_RULE
from analytics.policy.safety_stock import SAFETY_STOCK_FORMULA
from analytics.policy.transfers import TRANSFER_RULE
from i18n import _
from i18n.formats import format_date
from i18n.formulas import formula_text
from services.peak_readiness import upcoming_peaks
from services.replenishment import below_reorder_point, transfers_seen_by
from ui import loaders, tables
from ui import replenishment as views
from ui.forecast import forecast_scope
from ui.navigation import FORECAST, REPLENISHMENT, link_to
from ui.page import setup_page
from ui.shop import current_shop
from ui.metrics import Kind, metric_with_delta
from ui.states import show_nothing_selected

PAGE = REPLENISHMENT.title

ctx = setup_page(REPLENISHMENT)
plan = loaders.latest_plan(ctx.db_url)
settings = loaders.policy_settings(ctx.db_url)
if plan is None:
    st.info(_("No replenishment plan has been computed on this database yet. It is computed after every forecast "
              "(Forecast page, or `python -m planning forecast`), or with `python -m planning plan`."),
            icon=":material/info:")  # fmt: skip
    link_to(FORECAST, _("Run a forecast"))
    st.stop()

scope = forecast_scope(ctx.filters)
st.caption(views.plan_caption(plan, settings))
if ctx.span.last_day and ctx.span.last_day > plan.as_of:
    st.warning(_("The data runs to {last}, after this plan's as-of date: run a forecast (or `python -m planning "
                 "plan`) to plan with the newest stock.").format(last=format_date(ctx.span.last_day)),
               icon=":material/update:")  # fmt: skip
if ctx.access.can_edit_plans:
    views.settings_form(ctx.db_url, settings)
with st.expander(_("How the plan is made")):
    for rule in (REORDER_POINT_FORMULA, SAFETY_STOCK_FORMULA, TRANSFER_RULE, ORDER_BY_RULE):
        st.caption(formula_text(rule))

lines = views.with_session_quantities(loaders.plan_purchases(ctx.db_url, plan.plan_id, scope), plan.plan_id,
                                     edits=ctx.access.can_edit_plans)
transfers = transfers_seen_by(loaders.plan_transfers(ctx.db_url, plan.plan_id, scope), ctx.access.warehouses)
if lines.empty and transfers.empty:
    show_nothing_selected(ctx.filters, _("purchase or transfer suggestions"))
    st.stop()
tiles = st.columns(4)

st.subheader(_("Purchase orders by supplier"))
edited = views.purchase_editor(lines, plan.plan_id, settings, key=f"plan_editor_{plan.plan_id}",
                               editable=ctx.access.can_edit_plans)
if not ctx.access.can_edit_plans:
    st.caption(_("Read-only: planners and admins can change quantities."))
totals = views.supplier_totals(edited)
tables.table_with_download(
    totals,
    {
        "supplier": st.column_config.TextColumn(_("Supplier")),
        "lines": tables.count(_("Lines")),
        "units": tables.count(_("Units")),
        "cost": tables.money(_("Cost"), cents=True),
        "order_by": tables.day(_("First order by")),
    },
    page=PAGE, what=_("purchase orders by supplier"), f=ctx.filters, key="plan_suppliers",
)  # fmt: skip
views.supplier_downloads(edited, totals, page=PAGE, f=ctx.filters)
if (missing := int(edited["unit_cost"].isna().sum())) > 0:
    st.caption(_("{count} lines have no unit cost: their cost counts 0 in the totals.").format(count=missing))

st.subheader(_("Transfers"), help=formula_text(TRANSFER_RULE))
if transfers.empty:
    st.caption(_("No transfers: no warehouse of the selection holds more than its order-up-to level of a product "
                 "another one runs short of."))  # fmt: skip
else:
    tables.table_with_download(
        views.transfers_in_words(transfers),
        {
            "sku": st.column_config.TextColumn(_("SKU")),
            "name": st.column_config.TextColumn(_("Product")),
            "from_warehouse": st.column_config.TextColumn(_("From")),
            "to_warehouse": st.column_config.TextColumn(_("To")),
            "quantity": tables.count(_("Units")),
            "value": tables.money(_("Value at cost"), cents=True),
            "ship_on": tables.day(_("Ship on")),
            "arrives_on": tables.day(_("Arrives")),
            "why": st.column_config.TextColumn(_("Why"), width="large"),
        },
        page=PAGE, what=_("transfers"), f=ctx.filters, key="plan_transfers",
    )  # fmt: skip

peaks = upcoming_peaks(plan.order_day, current_shop().calendar)
readiness = loaders.peak_readiness(ctx.db_url, plan, scope, peaks[0]) if peaks else None
views.money_tiles(tiles[:2], float(edited["cost"].fillna(0).sum()), readiness)
with tiles[2]:
    metric_with_delta(_("Purchase lines"), int((edited["quantity"] > 0).sum()), None, kind=Kind.COUNT,
                      key="plan_lines", help=_("Lines with a quantity above 0, as edited"))  # fmt: skip
with tiles[3]:
    metric_with_delta(
        _("Below reorder point"), below_reorder_point(lines, transfers, BELOW_REORDER_POINT), None,
        kind=Kind.COUNT, key="plan_below_reorder_point",
        help=_("Positions at or below their reorder point: the Overview's SKUs needing reorder"),
    )  # fmt: skip
