"""The Forecast page's sections: what the run is, the headline tiles, the
chart with its band and the next peak, the backtest's accuracy and the table
per product. The page finds the run and the selection once and hands them
to each section; the help texts and scopes live in ui/forecast.py."""

from __future__ import annotations

import pandas as pd

import streamlit as st

from data_access.filters import Filters
from data_access.forecast_store import ForecastRun
from i18n import _
from i18n.formats import format_date
from i18n.labels import (
    backtest_scope_label,
    backtest_target_label,
    breakdown_label,
    demand_class_label,
    forecast_method_label,
)
from services.forecast import BREAKDOWNS, SelectionForecast
from ui import forecast as views
from ui import loaders
from ui.charts import event_marks, forecast_band, show
from ui.downloads import download_csv
from ui.navigation import FORECAST
from ui.page import PageContext
from ui.tables import count, percent, rows_wanted, table_with_download

PAGE = FORECAST.title
_PERCENTS = ("wape", "naive_wape", "bias", "coverage")


def about_the_run(ctx: PageContext, run: ForecastRun) -> None:
    """Which run this is, a refresh for planners, and warnings when it is stale or blind to stockouts."""
    info, refresh = st.columns([5, 1])
    info.caption(
        _("Forecast as of **{as_of}** (run {run}, {created} UTC): {series} product x warehouse series, {weeks} weeks "
          "from {first}.").format(
            as_of=format_date(run.as_of), run=run.run_id,
            created=f"{format_date(run.created_at.date())} {run.created_at:%H:%M}",
            series=f"{views.series_count(ctx.db_url, run, ctx.access.warehouses):,}", weeks=run.horizon_weeks,
            first=format_date(run.first_week),
        )
    )  # fmt: skip
    if ctx.access.can_edit_plans:
        with refresh:
            views.refresh_button(ctx.db_url, run.horizon_weeks)
    if ctx.span.last_day and ctx.span.last_day > run.as_of:
        st.warning(_("The data runs to {last}, after this forecast's as-of date: refresh it to use the newest weeks.")
                   .format(last=format_date(ctx.span.last_day)), icon=":material/update:")  # fmt: skip
    if not run.stock_levels:
        st.warning(_("No stock levels in this database: demand is estimated from sales alone, so weeks when products "
                     "were out of stock count as low demand."), icon=":material/warning:")  # fmt: skip


def headline_tiles(selection: SelectionForecast) -> None:
    """Units in the next 4 and 13 weeks, the backtest's error beside seasonal
    naive's, and the demand hidden by stockouts."""
    weekly = selection.weekly
    accuracy = selection.accuracy.set_index(["scope", "target"])
    first, second, third, fourth = st.columns(4)
    for column, weeks, title in ((first, 4, _("Next 4 weeks")), (second, 13, _("Next 13 weeks"))):
        column.metric(title, _("{units} units").format(units=f"{weekly['forecast_units'].head(weeks).sum():,.0f}"))
    if ("all", "sales") in accuracy.index:
        overall = accuracy.loc[("all", "sales")]
        naive = _("seasonal naive {wape}").format(wape=f"{overall['naive_wape']:.1%}")
        third.metric(_("Backtest error (WAPE)"), f"{overall['wape']:.1%}", help=views.accuracy_help(), delta=naive,
                     delta_color="off")  # fmt: skip
    hidden = "–" if pd.isna(selection.censored_share) else f"{selection.censored_share:.1%}"
    fourth.metric(_("Demand hidden by stockouts"), hidden, help=views.censored_help())


def forecast_chart(ctx: PageContext, run: ForecastRun, weekly: pd.DataFrame) -> None:
    """Past units sold, the forecast with its 80% band and the next peak outlined."""
    last_week = weekly["week_start"].max().date()
    actuals = loaders.weekly_units(ctx.db_url, views.actuals_scope(ctx.filters, run.as_of, ctx.span.last_day))
    peak = views.next_peak(run.as_of, last_week)
    figure = forecast_band(
        actuals,
        weekly,
        labels={"actuals": _("Units sold"), "forecast": _("Forecast"), "band": _("80% band")},
        events=event_marks(actuals["week_start"].min().date() if len(actuals) else run.as_of, last_week),
        next_peak=peak,
    )
    show(figure, key="chart_forecast")
    peak_note = _("Next peak: **{event}** from {start} (outlined). ") if peak else ""
    st.caption(
        peak_note.format(event=peak.label if peak else "", start=format_date(peak.start) if peak else "")
        + _("Units are gross units sold (returns are not negative demand). ")
        + views.band_help()
    )
    with st.expander(_("How the forecast works")):
        st.markdown(views.methods_help())
    download_csv(weekly, page=PAGE, what=_("weekly forecast"), f=ctx.filters, key="forecast_weekly")


def _accuracy_columns(first: tuple[str, dict]) -> dict:
    """The accuracy table's columns after its first one (a week scope or a breakdown's group)."""
    name, column = first
    return {
        name: column,
        "target": st.column_config.TextColumn(_("Scored")),
        "wape": percent(_("WAPE")),
        "naive_wape": percent(_("Seasonal naive WAPE")),
        "relative_error": st.column_config.NumberColumn(_("Relative error"), format="%.2f",
                                                        help=_("WAPE / seasonal naive's WAPE: below 1 beats it")),
        "bias": percent(_("Bias")),
        "coverage": percent(_("In the 80% band")),
    }  # fmt: skip


def backtest_accuracy(ctx: PageContext, run: ForecastRun, scope: Filters, selection: SelectionForecast) -> None:
    """The selection's backtest scores, and on request the same split by a breakdown."""
    st.subheader(_("Backtest accuracy"), help=views.accuracy_help())
    shown = views.in_percent(selection.accuracy, _PERCENTS)
    shown["scope"] = shown["scope"].map(backtest_scope_label)
    shown["target"] = shown["target"].map(backtest_target_label)
    table_with_download(
        shown, _accuracy_columns(("scope", st.column_config.TextColumn(_("Weeks")))),
        page=PAGE, what=_("backtest accuracy"), f=ctx.filters, key="forecast_accuracy",
    )  # fmt: skip
    by = st.segmented_control(_("Accuracy by"), BREAKDOWNS, format_func=breakdown_label, key="forecast_breakdown")
    if by is None:  # read only when asked for
        return
    split = views.in_percent(loaders.forecast_accuracy_by(ctx.db_url, run.run_id, scope, by), _PERCENTS)
    split = split[split["scope"] == "all"].drop(columns="scope")
    split["target"] = split["target"].map(backtest_target_label)
    if by == "demand-class":
        split["group"] = split["group"].map(demand_class_label)
    table_with_download(
        split, _accuracy_columns(("group", st.column_config.TextColumn(breakdown_label(by)))),
        page=PAGE, what=_("backtest accuracy by {split}").format(split=breakdown_label(by).lower()), f=ctx.filters,
        key="forecast_accuracy_split",
    )  # fmt: skip


def _series_in_words(db_url: str, run: ForecastRun, scope: Filters, limit: int | None) -> pd.DataFrame:
    """The run's series of the selection, most units in the next 13 weeks first (the first `limit`), as shown."""
    table = views.in_percent(
        loaders.forecast_series_table(db_url, run.run_id, run.first_week, scope, limit),
        ("backtest_wape", "censored_share"),
    )
    return table.assign(demand_class=table["demand_class"].map(demand_class_label),
                        method=table["method"].map(forecast_method_label))  # fmt: skip


def products_table(ctx: PageContext, run: ForecastRun, scope: Filters) -> None:
    """Each series' next weeks, class, method and backtest error, read only as
    far as shown (160,000 series are summed in the database; the CSV reads
    them all on a click); the row per series x week on a click only."""
    st.subheader(_("Products"))
    key = "forecast_products"
    table_with_download(
        _series_in_words(ctx.db_url, run, scope, rows_wanted(key)),
        {
            "sku": st.column_config.TextColumn(_("SKU")),
            "name": st.column_config.TextColumn(_("Product")),
            "category": st.column_config.TextColumn(_("Category")),
            "warehouse": st.column_config.TextColumn(_("Warehouse")),
            "next_4": count(_("Next 4 weeks")),
            "next_13": count(_("Next 13 weeks")),
            "demand_class": st.column_config.TextColumn(_("Demand class")),
            "method": st.column_config.TextColumn(_("Method"), help=views.methods_help()),
            "backtest_wape": percent(_("Backtest WAPE"), help=views.accuracy_help()),
            "relative_error": st.column_config.NumberColumn(_("vs seasonal naive"), format="%.2f"),
            "censored_share": percent(_("Hidden by stockouts"), help=views.censored_help()),
        },
        page=PAGE, what=_("forecast by product"), f=ctx.filters, key=key,
        order=_("most units in the next 13 weeks first"),
        total=loaders.forecast_series_count(ctx.db_url, run.run_id, scope),
        every_row=lambda: _series_in_words(ctx.db_url, run, scope, None),
    )  # fmt: skip
    download_csv(
        lambda: loaders.forecast_rows(ctx.db_url, run.run_id, scope),
        page=PAGE, what=_("forecast by product and week"), f=ctx.filters, key="forecast_rows",
    )  # fmt: skip
