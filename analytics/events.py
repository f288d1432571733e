"""The retail calendar's peak events, computed for any year.

Shared by the sample-data simulator (which lifts demand on these days) and the
Trends page (which marks them on charts), so both agree on when a peak is.
Dates are computed from calendar rules, never hard-coded per year. Events are
stable ids; `i18n.labels.event_label` names them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

WINTER_SALES = "winter-sales"
SUMMER_SALES = "summer-sales"
SINGLES_DAY = "singles-day"
BLACK_FRIDAY = "black-friday"  # to Cyber Monday
CHRISTMAS = "christmas-shopping"
CHRISTMAS_RUSH = "christmas-last-orders"
EVENTS: tuple[str, ...] = (WINTER_SALES, SUMMER_SALES, SINGLES_DAY, BLACK_FRIDAY, CHRISTMAS, CHRISTMAS_RUSH)

CHRISTMAS_SHIPPING_CUTOFF = (12, 22)
"""Last day to order for delivery before Christmas: after it, demand collapses."""


@dataclass(frozen=True)
class PeakEvent:
    """A stretch of days (both ends included) when shoppers buy more.

    `demand_multiplier` is the typical lift over an ordinary day for the shop
    as a whole; categories react more or less strongly.
    """

    id: str  # one of EVENTS
    start: date
    end: date
    demand_multiplier: float


def black_friday(year: int) -> date:
    """The day after US Thanksgiving (the 4th Thursday of November).

    Not always the 4th Friday: when November starts on a Friday, it is the 5th.
    """
    first_thursday = 1 + (calendar.THURSDAY - date(year, 11, 1).weekday()) % 7
    return date(year, 11, first_thursday + 21 + 1)


def _last_weekday_of_month(year: int, month: int, weekday: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def events_of_year(year: int) -> list[PeakEvent]:
    """The year's events in date order; Cyber Monday may fall in December, and
    then overlaps the start of Christmas shopping."""
    friday = black_friday(year)
    summer_start = _last_weekday_of_month(year, 6, calendar.WEDNESDAY)  # as in the French summer "soldes"
    cutoff = date(year, *CHRISTMAS_SHIPPING_CUTOFF)
    return [
        PeakEvent(WINTER_SALES, date(year, 1, 2), date(year, 1, 15), 1.35),
        PeakEvent(SUMMER_SALES, summer_start, summer_start + timedelta(days=20), 1.2),
        PeakEvent(SINGLES_DAY, date(year, 11, 9), date(year, 11, 11), 1.6),  # two days of build-up
        PeakEvent(BLACK_FRIDAY, friday, friday + timedelta(days=3), 2.2),
        PeakEvent(CHRISTMAS, date(year, 12, 1), cutoff - timedelta(days=8), 1.35),
        PeakEvent(CHRISTMAS_RUSH, cutoff - timedelta(days=7), cutoff, 1.75),
    ]


def peak_events(start: date, end: date) -> list[PeakEvent]:
    """Every event overlapping `start`..`end` (inclusive), in date order."""
    if end < start:
        return []
    events = [event for year in range(start.year, end.year + 1) for event in events_of_year(year)]
    return sorted((e for e in events if e.start <= end and e.end >= start), key=lambda e: (e.start, e.end))
