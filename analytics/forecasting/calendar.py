"""Monday weeks and the retail calendar seen week by week.

A forecast works on weeks, but peaks are days: Black Friday moves between
weeks from year to year, and a week that holds three of its four days sells
more than one that holds one. So events enter the models as the share of each
week's days inside each event (`event_exposure`), computed from
`analytics.events`, never as a fixed week of the year: the shop's own
calendar (Double 11 for a Chinese shop, Black Friday for a European one).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from analytics.events import (
    BLACK_FRIDAY,
    CHINA,
    CHRISTMAS_SHIPPING_CUTOFF,
    DEFAULT_CALENDAR,
    DOUBLE_11,
    DOUBLE_11_PRESALE,
    EUROPE,
    SHOPPING_618,
    events_of_year,
)

DAYS_PER_WEEK = 7
WEEKS_PER_YEAR = 52
LULL = "after_shipping_cutoff"
"""Days between the Christmas shipping cut-off and New Year's Day: almost nobody orders (European calendar)."""
PEAK_SEASONS: dict[str, tuple[tuple[str, ...], ...]] = {
    EUROPE: ((BLACK_FRIDAY,),),  # to the Christmas shipping cut-off
    CHINA: ((SHOPPING_618,), (DOUBLE_11_PRESALE, DOUBLE_11)),
}
"""Per calendar, the stretches (first event, last event) where a miss costs most."""


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def first_forecast_week(as_of: date) -> date:
    """The first Monday after `as_of` (a Monday as-of starts the following week)."""
    return monday_of(as_of) + timedelta(days=DAYS_PER_WEEK)


def week_range(first: date, count: int) -> np.ndarray:
    """`count` Mondays from the Monday `first` on, as datetime64[D]."""
    return np.datetime64(monday_of(first), "D") + DAYS_PER_WEEK * np.arange(count)


def _year_spans(years: range, calendar: str) -> dict[str, list[tuple[date, date]]]:
    spans: dict[str, list[tuple[date, date]]] = {}
    for year in years:
        for event in events_of_year(year, calendar):
            spans.setdefault(event.id, []).append((event.start, event.end))
        if calendar == EUROPE:
            cutoff = date(year, *CHRISTMAS_SHIPPING_CUTOFF)
            spans.setdefault(LULL, []).append((cutoff + timedelta(days=1), date(year + 1, 1, 1)))
    return spans


def event_exposure(weeks: np.ndarray, calendar: str = DEFAULT_CALENDAR) -> tuple[tuple[str, ...], np.ndarray]:
    """The calendar's event keys and, [event, week], the share of each
    week's seven days that fall inside that event."""
    if len(weeks) == 0:
        return (), np.zeros((0, 0))
    days = weeks[:, None] + np.arange(DAYS_PER_WEEK)[None, :]
    first_year = int(str(weeks[0])[:4]) - 1
    last_year = int(str(weeks[-1] + DAYS_PER_WEEK)[:4])
    spans = _year_spans(range(first_year, last_year + 1), calendar)
    keys = tuple(spans)
    exposure = np.zeros((len(keys), len(weeks)))
    for row, key in enumerate(keys):
        inside = np.zeros(days.shape, dtype=bool)
        for start, end in spans[key]:
            inside |= (days >= np.datetime64(start, "D")) & (days <= np.datetime64(end, "D"))
        exposure[row] = inside.mean(axis=1)
    return keys, exposure


def peak_weeks(weeks: np.ndarray, calendar: str = DEFAULT_CALENDAR) -> np.ndarray:
    """[week] True for weeks with a day in the calendar's peak season
    (`PEAK_SEASONS`; in Europe from Black Friday to the Christmas shipping
    cut-off): the season where a miss costs most."""
    peak = np.zeros(len(weeks), dtype=bool)
    for index, week in enumerate(weeks.astype(object)):
        last_day = week + timedelta(days=DAYS_PER_WEEK - 1)
        seasons = {*_peak_seasons(week.year, calendar), *_peak_seasons(last_day.year, calendar)}
        peak[index] = any(week <= end and last_day >= start for start, end in seasons)
    return peak


def _peak_seasons(year: int, calendar: str) -> list[tuple[date, date]]:
    events = {event.id: event for event in events_of_year(year, calendar)}
    seasons = []
    for stretch in PEAK_SEASONS[calendar]:
        start, end = events[stretch[0]].start, events[stretch[-1]].end
        if calendar == EUROPE:
            end = date(year, *CHRISTMAS_SHIPPING_CUTOFF)
        seasons.append((start, end))
    return seasons


def year_fraction(weeks: np.ndarray) -> np.ndarray:
    """Position of each week's middle (Thursday) in its year, 0..1."""
    middle = weeks + 3
    return (middle - middle.astype("datetime64[Y]")).astype(np.int64) / 365.25
