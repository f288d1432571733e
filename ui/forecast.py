"""The Forecast page's pieces: the refresh with progress, and the help texts
that give the formulas (words through `_()`, at draw time)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics.events import peak_events
from data_access.filters import Filters
from data_access.forecast_store import ForecastRun
from i18n import _
from i18n.labels import event_label, forecast_step_label
from services import forecast as forecasts
from services import replenishment
from ui import loaders
from ui.charts import EventMark
from ui.shop import current_shop


def methods_help() -> str:
    return _(
        "Demand of a product in a warehouse in week w = the product's level x the warehouse's share of it x the "
        "category's index for w. The category index (yearly season, trend, and the retail calendar's events as the "
        "share of each week's days inside them) is fitted on all the category's products at once (Poisson "
        "regression), so Black Friday lands in the right week every year. The level follows the product's recent "
        "deseasonalised demand, pooled over its warehouses, by the method that forecast its demand class (smooth, "
        "erratic, intermittent, lumpy: ADI 1.32 and CV² 0.49) best over the last 26 weeks: simple exponential "
        "smoothing, Croston-SBA or TSB. Days that ended out of stock hide demand: demand is estimated from in-stock "
        "days (a sell-out day counts half), so weeks mostly out of stock are censored, not low."
    )


def band_help() -> str:
    return _(
        "The band runs from P10 to P90: 8 weeks in 10 should fall inside. For one product in one warehouse it comes "
        "from a negative binomial whose spread was learnt from the method's recent errors; for a selection it is "
        "the selection's forecast times the 10% and 90% points of actual / forecast in the selection's own backtest "
        "(P10s of products do not add up to the P10 of their sum)."
    )


def accuracy_help() -> str:
    return _(
        "Rolling-origin backtest: every 4 weeks over the last 52 weeks, the model was fitted on the weeks before "
        "and forecast 13 weeks. WAPE = sum |forecast - actual| / sum actual over every product x warehouse x week; "
        "bias = sum (forecast - actual) / sum actual; relative error = WAPE / WAPE of seasonal naive (the same week "
        "a year before, else the last week), below 1 beats it; coverage = share of weeks inside the 80% band."
    )


def censored_help() -> str:
    return _(
        "Share of the last year's estimated demand that stockouts hid: for each week, the days that ended out of "
        "stock times the forecast's weekly demand then, over units sold plus that."
    )


def in_percent(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Shares (0.42) as the percentages the tables' formats show (42.0)."""
    return frame.assign(**{column: frame[column] * 100 for column in columns})


def forecast_scope(f: Filters) -> Filters:
    """The sidebar's warehouses, categories and SKUs without its dates: one
    cache entry per selection, whatever range is picked."""
    return Filters(date.min, date.max, f.warehouses, f.categories, f.skus)


def series_count(db_url: str, run: ForecastRun, scope: tuple[str, ...] | None) -> int:
    """The run's series a user scoped to `scope` may know of."""
    return forecasts.series_in_scope(loaders.CachedReads(db_url), run, scope)


def actuals_scope(f: Filters, as_of: date, last_day: date | None) -> Filters:
    """The year before the forecast and any weeks since, to see how it does."""
    end = max(as_of, last_day or as_of)
    return Filters(as_of - timedelta(weeks=52), end, f.warehouses, f.categories, f.skus)


def next_peak(after: date, until: date) -> EventMark | None:
    """The first peak of the shop's calendar starting after `after` (not a lull
    such as the Spring Festival), named, if it starts by `until`."""
    events = peak_events(after, until, current_shop().calendar)
    upcoming = [event for event in events if event.start > after and event.demand_multiplier > 1]
    return EventMark(event_label(upcoming[0].id), upcoming[0].start, upcoming[0].end) if upcoming else None


def refresh_button(db_url: str, horizon_weeks: int, *, primary: bool = False) -> None:
    """Fit, backtest and store a new run while a progress bar moves, and the
    plan from it; then forget cached results and draw the page again."""
    help_text = _(
        "Fits the model on all data up to the last day with data, backtests it and stores the run, then plans "
        "replenishment from it. Takes seconds for a few thousand series, minutes for a big catalog."
    )
    if not st.button(_("Refresh forecast"), type="primary" if primary else "secondary", key="forecast_refresh",
                     help=help_text):  # fmt: skip
        return
    with st.status(_("Refreshing the forecast…"), expanded=True) as status:
        bar = status.progress(0.0)
        try:
            replenishment.forecast_then_plan(
                loaders.engine_for(db_url),
                horizon_weeks=horizon_weeks,
                progress=lambda fraction, step: bar.progress(min(max(fraction, 0.0), 1.0), forecast_step_label(step)),
            )
        except (forecasts.NothingToForecast, replenishment.NothingToPlan) as exc:
            status.update(label=str(exc), state="error")
            return
        status.update(label=_("Forecast refreshed"), state="complete")
    loaders.clear_caches()
    st.rerun()
