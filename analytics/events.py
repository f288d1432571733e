"""The retail calendars' events, computed for any year.

A shop has one calendar, stored with its data (`services.shop`): "europe",
the European shop's (winter and summer sales, 11.11, Black Friday, the
Christmas weeks), or "china", the Chinese one (618, Double 11 with its
pre-sale, Double 12, the New Year shopping before the Spring Festival and the
Spring Festival itself, when demand drops and suppliers stop delivering).

Shared by the sample-data simulator (which lifts or lowers demand on these
days, and holds deliveries while suppliers are closed) and the pages (which
mark them on charts), so both agree on when an event is. Dates are computed
from calendar rules, never typed in per year; the Chinese New Year comes from
the lunisolar calendar (`lunardate`). Events are stable ids;
`i18n.labels.event_label` names them. Without a `calendar`, the functions use
the European one, as before calendars were a property of the shop.
"""

from __future__ import annotations

import calendar as weekdays
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from lunardate import LunarDate

EUROPE = "europe"
CHINA = "china"
CALENDARS: tuple[str, ...] = (EUROPE, CHINA)
DEFAULT_CALENDAR = EUROPE

# Europe
WINTER_SALES = "winter-sales"
SUMMER_SALES = "summer-sales"
SINGLES_DAY = "singles-day"
BLACK_FRIDAY = "black-friday"  # to Cyber Monday
CHRISTMAS = "christmas-shopping"
CHRISTMAS_RUSH = "christmas-last-orders"
EVENTS: tuple[str, ...] = (WINTER_SALES, SUMMER_SALES, SINGLES_DAY, BLACK_FRIDAY, CHRISTMAS, CHRISTMAS_RUSH)
"""The European calendar's events, in date order within a year."""

# China
NEW_YEAR_SHOPPING = "new-year-shopping"  # 年货节: stocking up for the Spring Festival
SPRING_FESTIVAL = "spring-festival"  # 春节: demand drops, suppliers and couriers stop
SHOPPING_618 = "618-festival"  # 618年中大促, June 1 to 18
DAY_618 = "618-day"  # June 18, its peak day (inside the festival)
DOUBLE_11_PRESALE = "double-11-presale"  # 双11预售, from late October
DOUBLE_11 = "double-11"  # November 11
DOUBLE_12 = "double-12"  # December 12
CHINA_EVENTS: tuple[str, ...] = (
    NEW_YEAR_SHOPPING, SPRING_FESTIVAL, SHOPPING_618, DAY_618, DOUBLE_11_PRESALE, DOUBLE_11, DOUBLE_12,
)  # fmt: skip
"""The Chinese calendar's events, in date order within a year."""

CALENDAR_EVENTS: dict[str, tuple[str, ...]] = {EUROPE: EVENTS, CHINA: CHINA_EVENTS}

CHRISTMAS_SHIPPING_CUTOFF = (12, 22)
"""Last day to order for delivery before Christmas: after it, demand collapses."""
SPRING_FESTIVAL_CLOSURE = (-7, 7)
"""Days from the Chinese New Year's day to the first and last day suppliers are closed: about two weeks."""
NEW_YEAR_SHOPPING_DAYS = (-24, -8)
"""Days from the Chinese New Year's day to the first and last day of the New Year shopping (年货节)."""
DOUBLE_11_PRESALE_START = (10, 24)
"""The pre-sale opens in late October; deposits and first deliveries lift demand until the day itself."""


@dataclass(frozen=True)
class PeakEvent:
    """A stretch of days (both ends included) when shoppers buy more, or,
    for a multiplier below 1, less.

    `demand_multiplier` is the typical change over an ordinary day for the
    shop as a whole; categories react more or less strongly.
    `suppliers_closed`: suppliers deliver nothing on these days.
    """

    id: str  # one of the calendar's events
    start: date
    end: date
    demand_multiplier: float
    suppliers_closed: bool = False


def black_friday(year: int) -> date:
    """The day after US Thanksgiving (the 4th Thursday of November).

    Not always the 4th Friday: when November starts on a Friday, it is the 5th.
    """
    first_thursday = 1 + (weekdays.THURSDAY - date(year, 11, 1).weekday()) % 7
    return date(year, 11, first_thursday + 21 + 1)


def chinese_new_year(year: int) -> date:
    """The first day of the first lunar month (春节) in Gregorian `year`."""
    try:
        return LunarDate(year, 1, 1).to_solar_date()
    except ValueError:
        raise ValueError(f"The Chinese calendar covers the years 1900 to 2099, not {year}.") from None


def _last_weekday_of_month(year: int, month: int, weekday: int) -> date:
    last = date(year, month, weekdays.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _europe(year: int) -> list[PeakEvent]:
    """Cyber Monday may fall in December, and then overlaps the start of Christmas shopping."""
    friday = black_friday(year)
    summer_start = _last_weekday_of_month(year, 6, weekdays.WEDNESDAY)  # as in the French summer "soldes"
    cutoff = date(year, *CHRISTMAS_SHIPPING_CUTOFF)
    return [
        PeakEvent(WINTER_SALES, date(year, 1, 2), date(year, 1, 15), 1.35),
        PeakEvent(SUMMER_SALES, summer_start, summer_start + timedelta(days=20), 1.2),
        PeakEvent(SINGLES_DAY, date(year, 11, 9), date(year, 11, 11), 1.6),  # two days of build-up
        PeakEvent(BLACK_FRIDAY, friday, friday + timedelta(days=3), 2.2),
        PeakEvent(CHRISTMAS, date(year, 12, 1), cutoff - timedelta(days=8), 1.35),
        PeakEvent(CHRISTMAS_RUSH, cutoff - timedelta(days=7), cutoff, 1.75),
    ]


def _china(year: int) -> list[PeakEvent]:
    """The New Year shopping may start in the December before `year`."""
    new_year = chinese_new_year(year)

    def around_new_year(days: tuple[int, int]) -> tuple[date, date]:
        return new_year + timedelta(days=days[0]), new_year + timedelta(days=days[1])

    return [
        PeakEvent(NEW_YEAR_SHOPPING, *around_new_year(NEW_YEAR_SHOPPING_DAYS), 1.25),
        PeakEvent(SPRING_FESTIVAL, *around_new_year(SPRING_FESTIVAL_CLOSURE), 0.45, suppliers_closed=True),
        PeakEvent(SHOPPING_618, date(year, 6, 1), date(year, 6, 18), 1.35),
        PeakEvent(DAY_618, date(year, 6, 18), date(year, 6, 18), 2.6),
        PeakEvent(DOUBLE_11_PRESALE, date(year, *DOUBLE_11_PRESALE_START), date(year, 11, 10), 1.3),
        PeakEvent(DOUBLE_11, date(year, 11, 11), date(year, 11, 11), 3.0),
        PeakEvent(DOUBLE_12, date(year, 12, 12), date(year, 12, 12), 1.7),
    ]


_RULES: dict[str, Callable[[int], list[PeakEvent]]] = {EUROPE: _europe, CHINA: _china}


def check_calendar(calendar: str) -> str:
    if calendar not in _RULES:
        raise ValueError(f"Unknown retail calendar {calendar!r}; known: {', '.join(CALENDARS)}.")
    return calendar


def events_of_year(year: int, calendar: str = DEFAULT_CALENDAR) -> list[PeakEvent]:
    """The calendar's events of `year` in date order."""
    return _RULES[check_calendar(calendar)](year)


def peak_events(start: date, end: date, calendar: str = DEFAULT_CALENDAR) -> list[PeakEvent]:
    """Every event of the calendar overlapping `start`..`end` (inclusive), in date order."""
    if end < start:
        return []
    # A year's events may begin in the year before (the Chinese New Year shopping): look one year further.
    events = [event for year in range(start.year, end.year + 2) for event in events_of_year(year, calendar)]
    return sorted((e for e in events if e.start <= end and e.end >= start), key=lambda e: (e.start, e.end))


def supplier_closures(start: date, end: date, calendar: str = DEFAULT_CALENDAR) -> list[PeakEvent]:
    """The events overlapping `start`..`end` on which suppliers deliver nothing."""
    return [event for event in peak_events(start, end, calendar) if event.suppliers_closed]
