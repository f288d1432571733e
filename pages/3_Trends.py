"""Trends: one measure over the selected range at day, week or month grain,
split by category or warehouse, against the comparison period, with the
retail calendar's peak events marked."""

import streamlit as st

from analytics.kpis import ROLLING_AVERAGE_FORMULA
from i18n import _
from i18n.formulas import formula_text
from i18n.labels import grain_label, measure_label, split_label
from services.grains import GRAINS, display_grain
from services.trends import (
    MEASURES,
    SALES_MEASURES,
    SPLITS,
    grouped_into_other,
    kept_series,
    shifted_onto,
    with_rolling_average,
)
from ui import loaders, trends
from ui.captions import partial_periods_note
from ui.charts import event_marks, show, time_series
from ui.downloads import download_csv
from ui.navigation import TRENDS
from ui.page import setup_page
from ui.states import show_nothing_selected

PAGE = TRENDS.title
GRAIN_KEY = "trend_grain"
GRAIN_CHOICE_KEY = "trend_grain_choice"  # None until the user picks: the grain then follows the range
ROLLING_DAYS = 7


def _remember_grain() -> None:
    st.session_state[GRAIN_CHOICE_KEY] = st.session_state[GRAIN_KEY]


ctx = setup_page(TRENDS)
f = ctx.filters


@st.fragment
def _trend_chart() -> None:
    """The chart and its options: a change of measure, grain, split or overlay
    reruns only this (a fragment), not the page's setup and sidebar."""
    st.session_state[GRAIN_KEY] = st.session_state.get(GRAIN_CHOICE_KEY) or display_grain(f)

    measure_column, grain_column, split_column = st.columns([2, 2, 3])
    measure = measure_column.selectbox(_("Measure"), MEASURES, format_func=measure_label, key="trend_metric")
    grain = grain_column.radio(
        _("Grain"), GRAINS, format_func=grain_label, horizontal=True, key=GRAIN_KEY, on_change=_remember_grain
    )
    split = split_column.radio(_("Split by"), SPLITS, format_func=split_label, horizontal=True, key="trend_split")
    overlay_column, rolling_column, events_column = st.columns(3)
    overlay = overlay_column.checkbox(
        _("Overlay {comparison}").format(comparison=ctx.comparison_name), value=True, key="trend_overlay"
    )
    if grain != "day":
        st.session_state["trend_rolling"] = False  # unticked where it does not apply, not a greyed-out tick
    rolling_wanted = rolling_column.checkbox(
        _("{days}-day rolling average").format(days=ROLLING_DAYS), key="trend_rolling", disabled=grain != "day",
        help=_("Day grain only. {formula}.").format(formula=formula_text(ROLLING_AVERAGE_FORMULA)),
    )  # fmt: skip
    mark_events = events_column.checkbox(_("Mark peak events"), value=True, key="trend_events")

    current = loaders.trend_series(ctx.db_url, f, measure, grain, split)
    if current.empty:
        what = _("sales") if measure in SALES_MEASURES else _("stock snapshots")
        show_nothing_selected(f, what)
        return
    comparison = None
    if overlay:
        previous = loaders.trend_series(ctx.db_url, ctx.comparison, measure, grain, split)
        comparison = shifted_onto(previous, f, ctx.comparison, grain)
    rolling = with_rolling_average(current, ROLLING_DAYS) if rolling_wanted and grain == "day" else None
    kept = kept_series(current, measure)
    grouped = [grouped_into_other(series, kept, measure) for series in (current, comparison, rolling)]
    current, comparison, rolling = (trends.named(series, split) for series in grouped)

    figure = time_series(
        current,
        value_label=measure_label(measure),
        comparison=comparison,
        comparison_label=ctx.comparison_name,
        rolling=rolling,
        rolling_label=_("{days}-day average").format(days=ROLLING_DAYS),
        events=event_marks(f.start, f.end) if mark_events else (),
        y_axis=trends.y_axis(measure),
        partial=trends.partial_marks(f, grain),
    )
    show(figure, key="chart_trend")
    st.caption(trends.measure_note(measure) + partial_periods_note(f, grain))
    if grouping := trends.grouping_note(loaders.trend_series(ctx.db_url, f, measure, grain, split), kept, measure):
        st.caption(grouping)
    if overlay:
        st.caption(
            _("Dashed: the {comparison}, moved onto the current dates.").format(comparison=ctx.comparison_description)
        )
    download_csv(
        trends.trend_export(current, comparison, rolling, measure),
        page=PAGE, f=f, key="trend",
        what=_("{measure} per {grain}").format(measure=measure_label(measure), grain=grain_label(grain).lower()),
    )  # fmt: skip


_trend_chart()
