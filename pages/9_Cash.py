"""Cash and classes: how old the stock is (first in, first out), how much
sits above what the plan needs or is dead, what carrying it costs a year,
and the ABC x XYZ matrix of products, revenue and stock value."""

import streamlit as st

from analytics.cash import AGE_BANDS
from i18n import _
from i18n.formats import format_date
from i18n.labels import age_band_label
from ui import cash as views
from ui import loaders, tables
from ui.charts import age_bars, show
from ui.downloads import download_csv
from ui.metrics import Kind, metric_with_delta
from ui.navigation import CASH
from ui.page import setup_page
from ui.policy import current_policy
from ui.states import show_nothing_selected

PAGE = CASH.title

ctx = setup_page(CASH)
f = ctx.filters
policy = current_policy(ctx.db_url)
report = loaders.cash_report(ctx.db_url, f, policy)
if report.positions.empty:
    show_nothing_selected(f, _("stock snapshots"), when=_("on or before {day}").format(day=format_date(ctx.as_of)))
    st.stop()
st.caption(_("Stock as of {day}, the last day of the selected range.").format(day=format_date(ctx.as_of)))
rate = views.carrying_rate()
if not report.planned:
    st.info(_("No replenishment plan exists yet: excess is measured above the overstock threshold's days of cover "
              "instead of the plan's order-up-to levels."), icon=":material/info:")  # fmt: skip

tiles = st.columns(4)
idle_value = report.excess_value + report.dead_value
for column, (label, value, key, help_text) in zip(tiles, (
    (_("Stock value"), float(report.positions["stock_value"].sum()), "cash_stock_value",
     _("Units on hand × unit cost")),
    (_("Excess stock value"), report.excess_value, "cash_excess_value", _(views.EXCESS_HELP)),
    (_("Dead stock value"), report.dead_value, "cash_dead_value", _(views.DEAD_HELP)),
    (_("Carrying cost per year"), idle_value * rate, "cash_carrying_cost",
     _("Excess and dead stock value × the carrying rate")),
)):  # fmt: skip
    with column:
        metric_with_delta(label, value, None, kind=Kind.MONEY, key=key, help=help_text)

st.subheader(_("Stock age"), help=_(views.FIFO_HELP))
ageing = report.ageing()
per_warehouse = ageing.groupby("warehouse", as_index=False)[list(AGE_BANDS)].sum()
show(age_bars(per_warehouse, AGE_BANDS, _("Stock value at cost")), key="chart_age")
if report.untracked_units:
    st.caption(_("{units} units on hand are not covered by recorded purchase-order receipts: they are aged from "
                 "the first day their position has held stock without a break.").format(
        units=f"{report.untracked_units:,}"))  # fmt: skip
tables.table_with_download(
    ageing,
    {"warehouse": st.column_config.TextColumn(_("Warehouse")), "category": st.column_config.TextColumn(_("Category")),
     "stock_value": tables.money(_("Stock value")),
     **{band: tables.money(age_band_label(band), help=_(views.FIFO_HELP)) for band in AGE_BANDS}},
    page=PAGE, what=_("stock age"), f=f, key="cash_ageing", order=_("by warehouse, then category"),
)  # fmt: skip

st.subheader(_("Excess and dead stock"))
tables.table_with_download(report.idle(rate), views.idle_columns(), page=PAGE, what=_("excess and dead stock"), f=f,
                           key="cash_idle", order=_("by warehouse, then category"))  # fmt: skip

st.subheader(_("ABC × XYZ"), help=_(views.XYZ_HELP))
run = loaders.latest_forecast_run(ctx.db_url)
if run is None or loaders.forecast_product_classes(ctx.db_url, run.run_id).empty:
    st.info(_("XYZ classes are computed with each forecast run, and the latest run has none (or there is no run "
              "yet): every product counts as too new until the next run (Forecast page, or `python -m planning "
              "forecast`)."), icon=":material/info:")  # fmt: skip
else:
    st.caption(_("XYZ classes of the forecast run as of {day}; ABC classes as of {end}.").format(
        day=format_date(run.as_of), end=format_date(ctx.as_of)))  # fmt: skip
cells = loaders.abc_xyz_matrix(ctx.db_url, f, policy)
measure = st.radio(_("Show"), tuple(views.MEASURES), format_func=lambda name: _(views.MEASURES[name]),
                   horizontal=True, key="cash_matrix_measure")  # fmt: skip
matrix = views.matrix_table(cells, measure)
with st.container(key="table_cash_matrix"):
    st.dataframe(matrix, column_config=views.matrix_columns(matrix, measure), hide_index=True)
download_csv(views.cells_in_words(cells), page=PAGE, what=_("ABC x XYZ"), f=f, key="cash_matrix")
