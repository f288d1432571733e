"""Forecast: weekly demand per product x warehouse for the selection, with its
80% band, past actuals, the next peak, and the backtest's accuracy beside
seasonal naive's. Reads the latest stored run: no model is fitted here unless
the user asks for a refresh."""

import pandas as pd
import streamlit as st

from analytics.events import peak_events
from ui import forecast as views
from ui import loaders
from ui.charts import forecast_band, show
from ui.downloads import download_csv
from ui.navigation import FORECAST
from ui.page import setup_page
from ui.states import show_nothing_selected
from ui.tables import count, percent, table_with_download

PAGE = FORECAST.title

ctx = setup_page(PAGE)
run = loaders.latest_forecast_run(ctx.db_url)
if run is None:
    st.info("No forecast has been run on this database yet. Refresh it here, or run "
            "`python -m planning forecast` (after an import, too).", icon=":material/info:")  # fmt: skip
    views.refresh_button(ctx.db_url, 26, primary=True)
    st.stop()

scope = views.forecast_scope(ctx.filters)
selection = loaders.selection_forecast(ctx.db_url, run.run_id, scope)
if selection.weekly.empty:
    show_nothing_selected(ctx.filters, "forecast series")
    st.stop()

info, refresh = st.columns([5, 1])
info.caption(
    f"Forecast as of **{run.as_of:%d %b %Y}** (run {run.run_id}, {run.created_at:%d %b %Y %H:%M} UTC): "
    f"{run.series:,} product x warehouse series, {run.horizon_weeks} weeks from {run.first_week:%d %b %Y}."
)
with refresh:
    views.refresh_button(ctx.db_url, run.horizon_weeks)
if ctx.span.last_day and ctx.span.last_day > run.as_of:
    st.warning(f"The data runs to {ctx.span.last_day:%d %b %Y}, after this forecast's as-of date: refresh it to "
               "use the newest weeks.", icon=":material/update:")  # fmt: skip
if not run.stock_levels:
    st.warning("No stock levels in this database: demand is estimated from sales alone, so weeks when products "
               "were out of stock count as low demand.", icon=":material/warning:")  # fmt: skip

weekly = selection.weekly
accuracy = selection.accuracy.set_index(["scope", "target"])
overall = accuracy.loc[("all", "sales")] if ("all", "sales") in accuracy.index else None
first, second, third, fourth = st.columns(4)
first.metric("Next 4 weeks", f"{weekly['forecast_units'].head(4).sum():,.0f} units")
second.metric("Next 13 weeks", f"{weekly['forecast_units'].head(13).sum():,.0f} units")
if overall is not None:
    third.metric("Backtest error (WAPE)", f"{overall['wape']:.1%}", help=views.ACCURACY_HELP,
                 delta=f"seasonal naive {overall['naive_wape']:.1%}", delta_color="off")  # fmt: skip
fourth.metric("Demand hidden by stockouts", "–" if pd.isna(selection.censored_share)
              else f"{selection.censored_share:.1%}", help=views.CENSORED_HELP)  # fmt: skip

last_week = weekly["week_start"].max().date()
actuals = loaders.weekly_actuals(ctx.db_url, views.actuals_scope(ctx.filters, run.as_of, ctx.span.last_day))
peak = views.next_peak(run.as_of, last_week)
figure = forecast_band(
    actuals,
    weekly,
    labels={"actuals": "Units sold", "forecast": "Forecast", "band": "80% band"},
    events=peak_events(actuals["week_start"].min().date() if len(actuals) else run.as_of, last_week),
    next_peak=peak,
)
show(figure, key="chart_forecast")
st.caption(
    ("Next peak: **" + peak.name + f"** from {peak.start:%d %b %Y} (outlined). " if peak else "")
    + "Units are gross units sold (returns are not negative demand). "
    + views.BAND_HELP
)
with st.expander("How the forecast works"):
    st.markdown(views.METHODS_HELP)
download_csv(weekly, page=PAGE, what="weekly forecast", f=ctx.filters, key="forecast_weekly")

st.subheader("Backtest accuracy", help=views.ACCURACY_HELP)
shown = views.in_percent(selection.accuracy, ("wape", "naive_wape", "bias", "coverage")).assign(
    scope=lambda f: f["scope"].map(views.SCOPE_WORDS), target=lambda f: f["target"].map(views.TARGET_WORDS)
)
table_with_download(
    shown,
    {
        "scope": st.column_config.TextColumn("Weeks"),
        "target": st.column_config.TextColumn("Scored"),
        "wape": percent("WAPE"),
        "naive_wape": percent("Seasonal naive WAPE"),
        "relative_error": st.column_config.NumberColumn("Relative error", format="%.2f",
                                                        help="WAPE / seasonal naive's WAPE: below 1 beats it"),
        "bias": percent("Bias"),
        "coverage": percent("In the 80% band"),
    },
    page=PAGE, what="backtest accuracy", f=ctx.filters, key="forecast_accuracy",
)  # fmt: skip

st.subheader("Products")
table = views.in_percent(
    loaders.forecast_series_table(ctx.db_url, run.run_id, run.first_week, scope), ("backtest_wape", "censored_share")
)
table["demand_class"] = table["demand_class"].map(views.CLASS_WORDS)
table["method"] = table["method"].map(views.METHOD_WORDS)
table_with_download(
    table.sort_values("next_13", ascending=False),
    {
        "sku": st.column_config.TextColumn("SKU"),
        "name": st.column_config.TextColumn("Product"),
        "category": st.column_config.TextColumn("Category"),
        "warehouse": st.column_config.TextColumn("Warehouse"),
        "next_4": count("Next 4 weeks"),
        "next_13": count("Next 13 weeks"),
        "demand_class": st.column_config.TextColumn("Demand class"),
        "method": st.column_config.TextColumn("Method", help=views.METHODS_HELP),
        "backtest_wape": percent("Backtest WAPE", help=views.ACCURACY_HELP),
        "relative_error": st.column_config.NumberColumn("vs seasonal naive", format="%.2f"),
        "censored_share": percent("Hidden by stockouts", help=views.CENSORED_HELP),
    },
    page=PAGE, what="forecast by product", f=ctx.filters, key="forecast_products",
)  # fmt: skip
download_csv(
    loaders.forecast_rows(ctx.db_url, run.run_id, scope),
    page=PAGE, what="forecast by product and week", f=ctx.filters, key="forecast_rows",
)  # fmt: skip
