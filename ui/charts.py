"""Plotly figure builders. Each takes a small, already aggregated frame: the
browser draws at most a few hundred points per chart.

Building and validating a Plotly figure takes tens of milliseconds, and the
same frame always gives the same figure, so built figures are shared between
reruns and sessions (st.cache_resource: st.plotly_chart only reads them).
Whatever differs by session (words, the shop's currency) is therefore an
argument of the shared builder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.events import peak_events
from analytics.stock_health import DEAD_STOCK, HEALTHY, OUT_OF_STOCK, OVERSTOCKED, STATUSES, UNDERSTOCKED
from i18n import SOURCE_LANGUAGE, _, current_language
from i18n.formats import MoneyFormat, format_date
from i18n.labels import age_band_label, event_label, status_label
from ui.formatting import money
from ui.shop import current_shop

# Colour-blind safe (Okabe-Ito), cycled for split series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
STATUS_COLOURS: dict[str, str] = {
    OUT_OF_STOCK: "#D55E00",  # vermillion
    UNDERSTOCKED: "#E69F00",  # orange
    HEALTHY: "#009E73",  # bluish green
    OVERSTOCKED: "#0072B2",  # blue
    DEAD_STOCK: "#999999",  # grey
}
_EVENT_FILL = "rgba(150, 150, 150, 0.15)"

_shared_figure = st.cache_resource(ttl=600, max_entries=128, show_spinner=False)


def show(figure: go.Figure, key: str, on_click: Callable[[], None] | None = None) -> None:
    """Draw a figure without the mode bar: the CSV button beside it exports its data.
    With `on_click`, clicking a point (a bar) calls it; `clicked(key)` then names what was clicked.
    Its dates read as the current language writes them (the browser's Plotly
    knows English month names only)."""
    shown = figure if current_language() == SOURCE_LANGUAGE else in_language_dates(figure.to_dict())
    if on_click is None:
        st.plotly_chart(shown, key=key, config={"displayModeBar": False})
    else:
        st.plotly_chart(
            shown, key=key, config={"displayModeBar": False}, on_select=on_click, selection_mode="points"
        )


def clicked(key: str, axis: str = "y") -> str | None:
    """The `axis` value of the point last clicked on the chart keyed `key`, if any."""
    state = st.session_state.get(key) or {}
    points = state.get("selection", {}).get("points", [])
    return str(points[0][axis]) if points and axis in points[0] else None


# d3 time formats of the languages other than the source (English: Plotly's own).
_DATE_FORMATS = {"zh": "%Y年%-m月%-d日"}
_DATE_TICKS = {  # tick labels by the distance between ticks (ms): days, months, years
    "zh": (((None, 2_419_200_000), "%-m月%-d日<br>%Y年"), ((2_419_200_000, 31_536_000_000), "%Y年%-m月"),
           ((31_536_000_000, None), "%Y年")),
}  # fmt: skip
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def in_language_dates(figure: dict) -> dict:
    """The figure (as a dict) with its date axes' ticks and hover dates in the current language."""
    language = current_language()
    day = _DATE_FORMATS[language]
    for trace in figure.get("data", []):
        if "hovertemplate" in trace:
            trace["hovertemplate"] = trace["hovertemplate"].replace("%d %b %Y", day)
    layout = figure.setdefault("layout", {})
    for axis in _date_axes(figure):
        settings = layout.setdefault(axis, {})
        settings.pop("tickformat", None)  # an English "%d %b": the stops below say it in the language
        settings["hoverformat"] = day
        settings["tickformatstops"] = [
            dict(dtickrange=list(span), value=value) for span, value in _DATE_TICKS[language]
        ]
    return figure


def _date_axes(figure: dict) -> set[str]:
    """The layout keys ("xaxis", "xaxis2") of x axes whose traces' x are days."""
    axes = set()
    for trace in figure.get("data", []):
        if _are_days(trace.get("x")):
            axes.add("xaxis" + trace.get("xaxis", "x")[1:])
    return axes


def _are_days(values) -> bool:
    if values is None or isinstance(values, (str, dict)):
        return False
    values = np.asarray(values)
    if np.issubdtype(values.dtype, np.datetime64):
        return True
    if values.size == 0:
        return False
    first = values.flat[0]
    return isinstance(first, (date, pd.Timestamp)) or (isinstance(first, str) and bool(_ISO_DAY.match(first)))


def _layout(figure: go.Figure, height: int, *, unified_hover: bool = False, **extra) -> go.Figure:
    """The look every chart shares: compact margins, the legend on top."""
    figure.update_layout(
        height=height,
        margin=dict(l=8, r=8, t=32, b=8),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, title_text=""),
        hovermode="x unified" if unified_hover else "closest",
        **extra,
    )
    return figure


def money_axis(label: str) -> dict:
    """An axis of amounts in the shop's currency."""
    return _money_axis(label, money())


def _money_axis(label: str, amounts: MoneyFormat) -> dict:
    return dict(title_text=label, tickprefix=amounts.prefix, ticksuffix=amounts.suffix, separatethousands=True)


def revenue_trend(frame: pd.DataFrame) -> go.Figure:
    """A small area chart of revenue per period (columns: period, revenue)."""
    return _revenue_trend(frame, money())


@_shared_figure
def _revenue_trend(frame: pd.DataFrame, amounts: MoneyFormat) -> go.Figure:
    figure = go.Figure(
        go.Scatter(
            x=frame["period"], y=frame["revenue"], mode="lines", fill="tozeroy", line=dict(color=PALETTE[0]),
            hovertemplate=f"%{{x|%d %b %Y}}<br>{amounts.prefix}%{{y:,.0f}}{amounts.suffix}<extra></extra>",
        )
    )  # fmt: skip
    return _layout(figure, 220, yaxis=_money_axis("", amounts), xaxis=_date_ticks(frame["period"]))


def _date_ticks(periods: pd.Series) -> dict:
    """Whole days as ticks on a short range, which Plotly would otherwise
    label with hours (12:00 between the days); longer ranges keep its own ticks."""
    days = (periods.max() - periods.min()).days if len(periods) else 0
    if days > _SHORT_RANGE_DAYS:
        return dict(title_text="")
    return dict(title_text="", tickformat="%d %b", dtick=86_400_000 * max(1, -(-days // 8)), tick0=periods.min())


_SHORT_RANGE_DAYS = 62


def share_bars(frame: pd.DataFrame, label: str, value: str, share: str) -> go.Figure:
    """Horizontal bars, largest on top, each labelled with its amount and share."""
    return _share_bars(frame, label, value, share, money())


@_shared_figure
def _share_bars(frame: pd.DataFrame, label: str, value: str, share: str, amounts: MoneyFormat) -> go.Figure:
    ordered = frame.sort_values(value)
    text = [
        f"{amounts.prefix}{v:,.0f}{amounts.suffix} · {s:.1f} %"
        for v, s in zip(ordered[value], ordered[share].fillna(0))
    ]
    figure = go.Figure(
        go.Bar(
            x=ordered[value], y=ordered[label], orientation="h", text=text, textposition="auto",
            marker_color=PALETTE[0], hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )  # fmt: skip
    return _layout(figure, max(220, 36 * len(frame) + 60), xaxis=_money_axis("", amounts), yaxis_title_text="")


def heatmap(pivot: pd.DataFrame, value_label: str) -> go.Figure:
    """A heatmap of amounts in a pivot table (rows on y, columns on x); empty cells stay blank."""
    return _heatmap(pivot, value_label, money(), current_language())


@_shared_figure
def _heatmap(pivot: pd.DataFrame, value_label: str, amounts: MoneyFormat, language: str) -> go.Figure:
    """`language`: that of the column dates, so the shared figure is one per language."""
    prefix, suffix = amounts.prefix, amounts.suffix
    x = [format_date(c.date(), language) if isinstance(c, pd.Timestamp) else str(c) for c in pivot.columns]
    figure = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy(dtype="float64"), x=x, y=[str(i) for i in pivot.index], colorscale="Blues",
            colorbar=dict(title=dict(text=value_label), tickprefix=prefix, ticksuffix=suffix),
            hovertemplate=f"%{{y}} · %{{x}}<br>{value_label}: {prefix}%{{z:,.0f}}{suffix}<extra></extra>",
            xgap=1, ygap=1,
        )
    )  # fmt: skip
    return _layout(
        figure, max(240, 30 * len(pivot.index) + 90), xaxis=dict(type="category"), yaxis=dict(autorange="reversed")
    )


def stacked_status_bars(summary: pd.DataFrame, by: str, value: str, y_axis: dict) -> go.Figure:
    """One bar per `by` value, stacked by status in the statuses' own colours
    (the most urgent at the bottom, and first in the legend)."""
    legend = tuple((status, status_label(status), STATUS_COLOURS[status]) for status in STATUSES)
    return _stacked_bars(summary, by, value, legend, y_axis)


@_shared_figure
def _stacked_bars(
    summary: pd.DataFrame, by: str, value: str, legend: tuple[tuple[str, str, str], ...], y_axis: dict
) -> go.Figure:
    """`legend`: (status, its words, its colour), bottom first. The words are an
    argument, so the shared figure is one per language."""
    figure = go.Figure()
    for status, words, colour in legend:
        rows = summary[summary["status"] == status]
        figure.add_trace(go.Bar(x=rows[by], y=rows[value], name=words, marker_color=colour))
    return _layout(figure, 300, barmode="stack", yaxis=y_axis, xaxis_title_text="", legend_traceorder="normal")


def capacity_bars(frame: pd.DataFrame) -> go.Figure:
    """Share of each warehouse's capacity in use (columns: warehouse, used_pct), with the 100 % line; with
    warehouse_used_pct (a category selection) the whole warehouse's use as a lighter bar behind the selection's."""
    # Not "% of capacity": gettext tools would read "% o" as a printf placeholder.
    names = (_("Selection"), _("Whole warehouse")) if "warehouse_used_pct" in frame else ()
    return _capacity_bars(frame, _("Capacity used (%)"), names)


@_shared_figure
def _capacity_bars(frame: pd.DataFrame, axis_title: str, names: tuple[str, ...] = ()) -> go.Figure:
    """`axis_title`, `names` (selection, whole warehouse): words, arguments so the shared figure is one per
    language."""
    colours = [PALETTE[5] if pct > 100 else PALETTE[0] for pct in frame["used_pct"]]
    figure = go.Figure()
    if names:
        whole = frame["warehouse_used_pct"]
        figure.add_trace(go.Bar(
            x=frame["warehouse"], y=whole, name=names[1], marker_color="rgba(0, 114, 178, 0.25)",
            text=[f"{pct:.0f} %" for pct in whole], textposition="outside",
            hovertemplate=f"%{{x}} · {names[1]}: %{{y:.1f}} %<extra></extra>",
        ))  # fmt: skip
    figure.add_trace(go.Bar(
        x=frame["warehouse"], y=frame["used_pct"], marker_color=colours, name=names[0] if names else "",
        text=[f"{pct:.0f} %" for pct in frame["used_pct"]], textposition="auto", showlegend=bool(names),
        hovertemplate=f"%{{x}}{' · ' + names[0] if names else ''}: %{{y:.1f}} %<extra></extra>",
    ))  # fmt: skip
    figure.add_hline(y=100, line_dash="dot", line_color="grey")
    return _layout(
        figure, 300, barmode="overlay", yaxis=dict(title_text=axis_title, ticksuffix=" %"), xaxis_title_text=""
    )


class EventMark(NamedTuple):
    """A peak event as a chart marks it: its words and its days."""

    label: str
    start: date
    end: date


def event_marks(start: date, end: date) -> tuple[EventMark, ...]:
    """The shop's calendar's events overlapping `start`..`end`, named in the
    current language, cut to the range (a band never reaches past the data)."""
    events = peak_events(start, end, current_shop().calendar)
    return tuple(EventMark(event_label(e.id), max(e.start, start), min(e.end, end)) for e in events)


class PartialPeriod(NamedTuple):
    """A first or last bucket that covers only part of its week or month."""

    period: pd.Timestamp
    hover: str  # "Partial week: 3 of 7 days"


@_shared_figure
def time_series(
    current: pd.DataFrame,
    *,
    value_label: str,
    comparison: pd.DataFrame | None = None,
    comparison_label: str = "",
    rolling: pd.DataFrame | None = None,
    rolling_label: str = "",
    events: Sequence[EventMark] = (),
    y_axis: dict | None = None,
    partial: Sequence[PartialPeriod] = (),
) -> go.Figure:
    """Lines per series (columns: period, series, value). The comparison period,
    already shifted onto the current dates, is dashed in the series' colour;
    the rolling average is a thicker line; peak events are shaded bands whose
    labels take a lower row when they would overlap. A `partial` period is
    reached by a dotted, lighter segment whose hover says how many days it covers."""
    figure = go.Figure()
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(current["series"].unique())}
    partial_at = {mark.period: mark.hover for mark in partial}
    for name, rows in current.groupby("series", sort=False):
        _add_series(figure, rows, str(name), colours[name], partial_at)
        if rolling is not None:
            smooth = rolling[rolling["series"] == name]
            figure.add_trace(_line(smooth, f"{name} · {rolling_label}", colours[name], width=3))
        if comparison is not None:
            previous = comparison[comparison["series"] == name]
            figure.add_trace(_line(previous, f"{name} · {comparison_label}", colours[name], width=1.5, dash="dash"))
    periods = current["period"]
    for event, row in zip(events, _label_rows(events, periods.min(), periods.max())):
        _mark_event(figure, event, row)
    return _layout(
        figure, 420, unified_hover=True, yaxis=dict(rangemode="tozero", **(y_axis or dict(title_text=value_label))),
        xaxis_title_text="",
    )  # fmt: skip


def _add_series(figure: go.Figure, rows: pd.DataFrame, name: str, colour: str, partial_at: dict) -> None:
    """The series' line over its whole periods; each partial period joined by a dotted, lighter segment."""
    is_partial = rows["period"].isin(list(partial_at))
    figure.add_trace(_line(rows[~is_partial], name, colour, width=1.5).update(legendgroup=name))
    ordered = rows.sort_values("period").reset_index(drop=True)
    for position in ordered.index[ordered["period"].isin(list(partial_at))]:
        neighbour = position + 1 if position == 0 else position - 1
        segment = ordered.loc[sorted({position, neighbour} & set(ordered.index))]
        figure.add_trace(
            _line(segment, name, colour, width=1.5, dash="dot").update(
                legendgroup=name, showlegend=False, hoverinfo="skip", opacity=0.45
            )
        )  # fmt: skip
        point = ordered.loc[[position]]
        figure.add_trace(
            go.Scatter(
                x=point["period"], y=point["value"], name=name, mode="markers", legendgroup=name, showlegend=False,
                marker=dict(color=colour, size=6, opacity=0.45),
                hovertemplate=f"%{{y:,.4~r}} · {partial_at[point['period'].iloc[0]]}",
            )
        )  # fmt: skip


_LABEL_CHARACTER_SHARE = 0.0065  # of the x axis' width a 10 px character takes on a chart about 1,000 px wide


def _label_rows(events: Sequence[EventMark], first: pd.Timestamp, last: pd.Timestamp) -> list[int]:
    """A row per event label (0 at the top): the first row where it does not
    run into a label already placed, so close events' names stay readable."""
    span_days = max((pd.Timestamp(last) - pd.Timestamp(first)).days, 1) if len(events) else 1
    rows_end: list[float] = []  # per row, the day (as an offset) where its last label ends
    placed = []
    for event in events:
        starts = (pd.Timestamp(event.start) - pd.Timestamp(first)).days
        ends = starts + len(event.label) * _LABEL_CHARACTER_SHARE * span_days
        row = next((r for r, taken in enumerate(rows_end) if starts > taken), len(rows_end))
        if row == len(rows_end):
            rows_end.append(ends)
        else:
            rows_end[row] = ends
        placed.append(row)
    return placed


def _line(rows: pd.DataFrame, name: str, colour: str, *, width: float, dash: str = "solid") -> go.Scatter:
    return go.Scatter(
        x=rows["period"], y=rows["value"], name=name, mode="lines",
        line=dict(color=colour, width=width, dash=dash), opacity=0.65 if dash != "solid" else 1.0,
    )  # fmt: skip


def _mark_event(figure: go.Figure, event: EventMark, row: int = 0) -> None:
    """A band for a multi-day event, a line for a one-day event, named at the
    top, `row` lines down (see `_label_rows`)."""
    annotation = dict(text=event.label, font_size=10, yanchor="top", yshift=-14 * row, showarrow=False)
    if event.start == event.end:
        figure.add_vline(
            x=pd.Timestamp(event.start).timestamp() * 1000, line_dash="dot", line_color="grey",
            annotation=annotation, annotation_position="top right",
        )  # fmt: skip
    else:
        figure.add_vrect(
            x0=pd.Timestamp(event.start), x1=pd.Timestamp(event.end) + pd.Timedelta(hours=23),
            fillcolor=_EVENT_FILL, line_width=0, layer="below",
            annotation=annotation, annotation_position="top left",
        )  # fmt: skip


@_shared_figure
def forecast_band(
    actuals: pd.DataFrame,
    forecast: pd.DataFrame,
    *,
    labels: dict[str, str],
    events: Sequence[EventMark] = (),
    next_peak: EventMark | None = None,
) -> go.Figure:
    """Weekly units sold (actuals: week_start, units) and the forecast with its
    band (forecast: week_start, forecast_units, low, high); peak events are
    shaded and the next peak outlined. `labels` names the traces
    (actuals, forecast, band)."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=pd.concat([forecast["week_start"], forecast["week_start"][::-1]]),
            y=pd.concat([forecast["high"], forecast["low"][::-1]]),
            fill="toself", fillcolor="rgba(0, 114, 178, 0.18)", line=dict(width=0), hoverinfo="skip",
            name=labels["band"],
        )
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(
            x=actuals["week_start"], y=actuals["units"], name=labels["actuals"], mode="lines+markers",
            line=dict(color=PALETTE[7], width=1.5), marker=dict(size=4),
        )
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(
            x=forecast["week_start"], y=forecast["forecast_units"], name=labels["forecast"], mode="lines+markers",
            line=dict(color=PALETTE[0], width=2.5), marker=dict(size=4),
        )
    )  # fmt: skip
    for event in events:
        _mark_event(figure, event)
    if next_peak is not None:
        figure.add_vrect(
            x0=pd.Timestamp(next_peak.start), x1=pd.Timestamp(next_peak.end) + pd.Timedelta(hours=23),
            line=dict(color=PALETTE[5], width=2, dash="dot"), fillcolor="rgba(0, 0, 0, 0)",
        )  # fmt: skip
    return _layout(figure, 420, unified_hover=True, yaxis=dict(rangemode="tozero", title_text=""), xaxis_title_text="")


@_shared_figure
def capacity_weeks(frame: pd.DataFrame, *, labels: dict[str, str]) -> go.Figure:
    """Projected units per warehouse and week (columns: warehouse, week_start,
    projected_units, capacity_units), each capacity a dotted line in the
    warehouse's colour. `labels`: the y axis and the capacity trace's suffix."""
    figure = go.Figure()
    for index, (warehouse, rows) in enumerate(frame.groupby("warehouse", sort=True)):
        colour = PALETTE[index % len(PALETTE)]
        figure.add_trace(go.Scatter(
            x=rows["week_start"], y=rows["projected_units"], name=str(warehouse), mode="lines+markers",
            line=dict(color=colour, width=2), marker=dict(size=5),
        ))  # fmt: skip
        if rows["capacity_units"].notna().any():
            figure.add_trace(go.Scatter(
                x=rows["week_start"], y=rows["capacity_units"], name=f"{warehouse} · {labels['capacity']}",
                mode="lines", line=dict(color=colour, width=1, dash="dot"),
            ))  # fmt: skip
    return _layout(figure, 360, unified_hover=True, yaxis=dict(rangemode="tozero", title_text=labels["units"]),
                   xaxis_title_text="")  # fmt: skip


@_shared_figure
def projected_stock(frame: pd.DataFrame, *, labels: dict[str, str], peak: EventMark) -> go.Figure:
    """One position's end-of-day stock, as things stand and with the plan
    (columns: day, as_is, with_plan), the peak shaded. `labels` names the two lines."""
    figure = go.Figure()
    for column, colour, dash in (("as_is", PALETTE[5], "solid"), ("with_plan", PALETTE[0], "dash")):
        figure.add_trace(go.Scatter(
            x=frame["day"], y=frame[column], name=labels[column], mode="lines",
            line=dict(color=colour, width=2, dash=dash, shape="hv"),
        ))  # fmt: skip
    _mark_event(figure, peak)
    return _layout(figure, 320, unified_hover=True, yaxis=dict(rangemode="tozero", title_text=labels["units"]),
                   xaxis_title_text="")  # fmt: skip


def supplier_trend(trend: pd.DataFrame) -> go.Figure:
    """On-time share (bars) and average delay (line, right axis) per month
    (columns: month, on_time_share, avg_delay)."""
    return _supplier_trend(trend, _("On time"), _("Average delay (days)"))


@_shared_figure
def _supplier_trend(trend: pd.DataFrame, on_time: str, delay: str) -> go.Figure:
    figure = go.Figure()
    figure.add_trace(go.Bar(x=trend["month"], y=trend["on_time_share"] * 100, name=on_time, marker_color=PALETTE[0]))
    figure.add_trace(go.Scatter(x=trend["month"], y=trend["avg_delay"], name=delay, yaxis="y2", mode="lines+markers",
                                line=dict(color=PALETTE[5])))  # fmt: skip
    return _layout(figure, 300, yaxis=dict(title_text=on_time, ticksuffix="%", range=[0, 100]),
                   yaxis2=dict(title_text=delay, overlaying="y", side="right", rangemode="tozero", tickformat=".1f"),
                   xaxis=dict(dtick="M1", tickformat="%b %Y"))  # fmt: skip


def age_bars(ageing: pd.DataFrame, bands: Sequence[str], value_label: str) -> go.Figure:
    """Stock value per warehouse stacked by age band, youngest at the bottom
    (columns: warehouse and one per band id)."""
    legend = tuple((band, age_band_label(band), PALETTE[number]) for number, band in enumerate(bands))
    return _age_bars(ageing, legend, money_axis(value_label))


@_shared_figure
def _age_bars(ageing: pd.DataFrame, legend: tuple[tuple[str, str, str], ...], y_axis: dict) -> go.Figure:
    figure = go.Figure()
    for band, words, colour in legend:
        figure.add_trace(go.Bar(x=ageing["warehouse"], y=ageing[band], name=words, marker_color=colour))
    return _layout(figure, 300, barmode="stack", yaxis=y_axis, xaxis_title_text="", legend_traceorder="normal")
