"""Suppliers: who delivers on time, how their lead times spread, what is
open and late, and the safety stock their unreliability costs; drill into one
supplier's products and orders."""

import streamlit as st

from i18n import _
from i18n.formats import format_date
from ui import loaders, tables
from ui import suppliers as views
from ui.charts import show, supplier_trend
from ui.downloads import download_csv
from ui.metrics import Kind, metric_with_delta
from ui.navigation import SUPPLIERS
from ui.page import setup_page
from ui.policy import current_policy
from ui.states import show_nothing_selected

PAGE = SUPPLIERS.title
CHOSEN_KEY = "supplier_chosen"

ctx = setup_page(SUPPLIERS)
f = ctx.filters
policy = current_policy(ctx.db_url)
report = loaders.supplier_report(ctx.db_url, f, policy)
scorecard = views.with_percent(report.scorecard)
if scorecard.empty:
    show_nothing_selected(f, _("purchase orders or stock"))
    st.stop()
st.caption(_("Orders received from {start} to {end}; open orders, stock and safety stock as of {end}.").format(
    start=format_date(f.start), end=format_date(f.end)))  # fmt: skip
with st.expander(_("How these figures are computed")):
    for text in views.HELP_TEXTS:
        st.caption(_(text))

judged = scorecard["judged"].sum()
on_time = (scorecard["on_time_share"].fillna(0) * scorecard["judged"]).sum() / judged * 100 if judged else None
tiles = st.columns(4)
with tiles[0]:
    metric_with_delta(_("Orders received"), int(scorecard["orders_received"].sum()), None, kind=Kind.COUNT,
                      key="supplier_orders_received", help=_("Purchase orders received in the period"))  # fmt: skip
with tiles[1]:
    metric_with_delta(_("On time"), on_time, None, kind=Kind.PERCENT, key="supplier_on_time",
                      help=_(views.ON_TIME_HELP))  # fmt: skip
with tiles[2]:
    metric_with_delta(_("Open value at cost"), float(scorecard["open_value"].sum()), None, kind=Kind.MONEY,
                      key="supplier_open_value", help=_(views.OPEN_HELP))  # fmt: skip
with tiles[3]:
    metric_with_delta(_("Cost of unreliability"), float(scorecard["spread_value"].sum()), None, kind=Kind.MONEY,
                      key="supplier_spread_value", help=_(views.UNRELIABILITY_HELP))  # fmt: skip

st.subheader(_("Suppliers"))
tables.table_with_download(scorecard, views.scorecard_columns(), page=PAGE, what=_("suppliers"), f=f,
                           key="supplier_scorecard")  # fmt: skip

st.subheader(_("One supplier"))
names = list(scorecard["supplier"])
worst_first = scorecard.sort_values("spread_value", ascending=False)["supplier"].iloc[0]
if st.session_state.get(CHOSEN_KEY) not in names:
    st.session_state[CHOSEN_KEY] = worst_first
chosen = st.selectbox(_("Supplier"), names, key=CHOSEN_KEY)

trend = report.trend[report.trend["supplier"] == chosen]
st.markdown(_("**On time and delay per month**"))
if trend.empty:
    st.caption(_("No orders from {supplier} were received in the period.").format(supplier=chosen))
else:
    show(supplier_trend(trend), key="chart_supplier_trend")
download_csv(report.trend, page=PAGE, what=_("monthly trend"), f=f, key="supplier_trend")

st.markdown(_("**Products**"))
products = views.positions_in_words(report.positions[report.positions["supplier"] == chosen])
tables.table_with_download(products.sort_values("spread_value", ascending=False), views.positions_columns(),
                           page=PAGE, what=_("products of {supplier}").format(supplier=chosen), f=f,
                           key="supplier_products", order=_("highest cost of unreliability first"))  # fmt: skip

st.markdown(_("**Orders**"))
orders = loaders.supplier_orders(ctx.db_url, f, chosen)
tables.table_with_download(orders, views.orders_columns(), page=PAGE,
                           what=_("orders of {supplier}").format(supplier=chosen), f=f,
                           key="supplier_orders", order=_("newest first"))  # fmt: skip
