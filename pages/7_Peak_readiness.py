"""Peak readiness: for a peak of the retail calendar (the next by default),
which products run out before or during it in each warehouse, the last day to
order in time, the revenue at risk, and each warehouse's projected stock
against its capacity, from the latest plan."""

import streamlit as st

from i18n import _
from i18n.formats import format_date
from i18n.formulas import formula_text
from i18n.labels import event_label
from services.peak_readiness import PEAK_READINESS_RULES, upcoming_peaks
from ui import loaders, tables
from ui import replenishment as views
from ui.charts import EventMark, capacity_weeks, projected_stock, show
from ui.downloads import download_csv
from ui.forecast import forecast_scope
from ui.metrics import Kind, metric_with_delta
from ui.navigation import FORECAST, PEAK_READINESS, link_to
from ui.page import setup_page
from ui.shop import current_shop
from ui.states import show_nothing_selected

PAGE = PEAK_READINESS.title

ctx = setup_page(PEAK_READINESS)
plan = loaders.latest_plan(ctx.db_url)
if plan is None:
    st.info(_("Peak readiness projects stock from the latest replenishment plan, and there is none yet: run a "
              "forecast (a plan follows it) or `python -m planning plan`."), icon=":material/info:")  # fmt: skip
    link_to(FORECAST, _("Run a forecast"))
    st.stop()

scope = forecast_scope(ctx.filters)
peak = views.choose_peak(upcoming_peaks(plan.order_day, current_shop().calendar))
readiness = loaders.peak_readiness(ctx.db_url, plan, scope, peak)
st.caption(views.plan_caption(plan, loaders.policy_settings(ctx.db_url)))
tiles = st.columns(4)
views.money_tiles(tiles[:2], readiness.plan_cost, readiness)
if not readiness.within_horizon:
    st.warning(_("{peak} ends on {end}, past the end of the latest forecast: nothing can be projected that far. "
                 "Run a forecast with a longer horizon (up to 52 weeks) or choose an earlier peak.").format(
                   peak=event_label(peak.id), end=format_date(peak.end)), icon=":material/event_busy:")  # fmt: skip
    st.stop()
positions = readiness.positions
if positions.empty:
    show_nothing_selected(ctx.filters, _("stock positions"))
    st.stop()
at_risk = positions[positions["runs_out_on"].notna()]
with tiles[2]:
    metric_with_delta(
        _("Revenue at risk"), float(positions["revenue_at_risk"].sum()), None, kind=Kind.MONEY,
        key="peak_revenue_at_risk", help=_("Units lost during the peak x list price, as things stand"),
    )  # fmt: skip
with tiles[3]:
    metric_with_delta(_("Positions running out"), len(at_risk), None, kind=Kind.COUNT, key="peak_running_out",
                      help=_("Positions projected to run out by the peak's last day without new orders"))  # fmt: skip
with st.expander(_("How it is projected")):
    st.caption(formula_text(PEAK_READINESS_RULES))

st.subheader(_("Products that run out"))
only_at_risk = st.toggle(_("Only positions that run out"), value=True, key="peak_only_at_risk")
shown = tables.table_with_download(
    at_risk if only_at_risk else positions,
    {
        "sku": st.column_config.TextColumn(_("SKU")),
        "name": st.column_config.TextColumn(_("Product")),
        "warehouse": st.column_config.TextColumn(_("Warehouse")),
        "on_hand": tables.count(_("On hand")),
        "on_order": tables.count(_("On order")),
        "runs_out_on": tables.day(_("Runs out on")),
        "order_by": tables.day(_("Order by")),
        "too_late": st.column_config.CheckboxColumn(_("Too late"), help=_("The last day to order is already past")),
        "lost_units": tables.decimal(_("Units lost in the peak")),
        "revenue_at_risk": tables.money(_("Revenue at risk")),
        "lost_with_plan": tables.decimal(_("Lost with the plan")),
        "peak_stock_value": tables.money(_("Stock value in the peak")),
    },
    page=PAGE, what=_("peak readiness"), f=ctx.filters, key="peak_positions",
    order=_("most revenue at risk first"),
)  # fmt: skip

if not shown.empty:
    pick = st.selectbox(_("Stock day by day of"), list(zip(shown["sku"], shown["warehouse"], strict=True)),
                        format_func=lambda pair: f"{pair[0]} · {pair[1]}", key="peak_position")  # fmt: skip
    days = loaders.projected_position(ctx.db_url, plan, pick[0], pick[1], peak.end)
    labels = {"as_is": _("As things stand"), "with_plan": _("With the plan"), "units": _("Units at day's end")}
    show(projected_stock(days, labels=labels, peak=EventMark(event_label(peak.id), peak.start, peak.end)),
         key="chart_position_days")  # fmt: skip
    download_csv(days, page=PAGE, what=_("projected stock {sku} {warehouse}").format(sku=pick[0], warehouse=pick[1]),
                 f=ctx.filters, key="peak_position_days")  # fmt: skip

st.subheader(_("Warehouses against capacity"))
capacity = readiness.capacity
show(capacity_weeks(capacity, labels={"units": _("Units (the week's highest, with the plan)"),
                                      "capacity": _("capacity")}), key="chart_peak_capacity")  # fmt: skip
download_csv(capacity, page=PAGE, what=_("projected units per warehouse"), f=ctx.filters, key="peak_capacity")
