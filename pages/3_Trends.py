"""Trends: one measure over the selected range at day, week or month grain,
split by category or warehouse, against the comparison period, with the
retail calendar's peak events marked."""

import streamlit as st

from analytics.kpis import ROLLING_AVERAGE_FORMULA, STOCKOUT_RATE_FORMULA
from data_access.periods import GRAINS
from ui import trends
from ui.charts import event_marks, money_axis, show, time_series
from ui.downloads import download_csv
from ui.navigation import TRENDS
from ui.page import setup_page
from ui.states import show_nothing_selected
from ui.summaries import display_grain, partial_periods_note

PAGE = TRENDS.title
GRAIN_KEY = "trend_grain"
GRAIN_CHOICE_KEY = "trend_grain_choice"  # None until the user picks: the grain then follows the range
ROLLING_DAYS = 7
SPLITS = {"None": None, "Category": "category", "Warehouse": "warehouse"}
METRIC_NOTES = {
    "Revenue": "Net revenue per period (after discounts; returns subtract).",
    "Units sold": "Net units per period (returns subtract).",
    "Orders": "Distinct orders per period; with a split, an order counts once in each group it touches.",
    "Stock on hand": "Average units on hand per day of the period, at day end.",
    "Stockout rate": STOCKOUT_RATE_FORMULA + ", per period.",
}
Y_AXES = {
    "Revenue": money_axis("Revenue"),
    "Stockout rate": dict(title_text="Stockout rate", ticksuffix=" %"),
}


def _remember_grain() -> None:
    st.session_state[GRAIN_CHOICE_KEY] = st.session_state[GRAIN_KEY]


ctx = setup_page(TRENDS)
f = ctx.filters
st.session_state[GRAIN_KEY] = st.session_state.get(GRAIN_CHOICE_KEY) or display_grain(f)

metric_column, grain_column, split_column = st.columns([2, 2, 3])
metric = metric_column.selectbox("Measure", trends.TREND_METRICS, key="trend_metric")
grain = grain_column.radio(
    "Grain", GRAINS, format_func=str.capitalize, horizontal=True, key=GRAIN_KEY, on_change=_remember_grain
)
split_label = split_column.radio("Split by", tuple(SPLITS), horizontal=True, key="trend_split")
overlay_column, rolling_column, events_column = st.columns(3)
overlay = overlay_column.checkbox(f"Overlay {ctx.comparison_name}", value=True, key="trend_overlay")
rolling_wanted = rolling_column.checkbox(
    f"{ROLLING_DAYS}-day rolling average", key="trend_rolling", disabled=grain != "day",
    help=f"Day grain only. {ROLLING_AVERAGE_FORMULA}.",
)  # fmt: skip
mark_events = events_column.checkbox("Mark peak events", value=True, key="trend_events")

current = trends.trend_series(ctx.db_url, f, metric, grain, SPLITS[split_label])
if current.empty:
    what = "sales" if metric in trends.SALES_METRICS else "stock snapshots"
    show_nothing_selected(f, what)
    st.stop()
comparison = None
if overlay:
    previous = trends.trend_series(ctx.db_url, ctx.comparison, metric, grain, SPLITS[split_label])
    comparison = trends.shifted_onto(previous, f, ctx.comparison, grain)
rolling = trends.with_rolling_average(current, ROLLING_DAYS) if rolling_wanted and grain == "day" else None

figure = time_series(
    current,
    value_label=metric,
    comparison=comparison,
    comparison_label=ctx.comparison_name,
    rolling=rolling,
    rolling_label=f"{ROLLING_DAYS}-day average",
    events=event_marks(f.start, f.end) if mark_events else (),
    y_axis=Y_AXES.get(metric),
)
show(figure, key="chart_trend")
st.caption(METRIC_NOTES[metric] + partial_periods_note(f, grain))
if overlay:
    st.caption(f"Dashed: the {ctx.comparison_description}, moved onto the current dates.")
download_csv(
    trends.trend_export(current, comparison, rolling, metric),
    page=PAGE, what=f"{metric} per {grain}", f=f, key="trend",
)  # fmt: skip
