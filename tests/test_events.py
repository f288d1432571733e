"""The retail calendar: dates computed by rule, for any year."""

from datetime import date, timedelta

import pytest

from analytics.events import (
    BLACK_FRIDAY,
    CHRISTMAS,
    CHRISTMAS_RUSH,
    SINGLES_DAY,
    SUMMER_SALES,
    WINTER_SALES,
    black_friday,
    peak_events,
)


@pytest.mark.parametrize(
    "year, expected",
    [
        (2019, date(2019, 11, 29)),  # November starts on a Friday: the 5th Friday
        (2024, date(2024, 11, 29)),  # likewise
        (2025, date(2025, 11, 28)),
        (2026, date(2026, 11, 27)),
    ],
)
def test_black_friday_is_the_day_after_thanksgiving(year, expected):
    assert black_friday(year) == expected
    assert black_friday(year).weekday() == 4


def _by_id(start: date, end: date) -> dict:
    return {event.id: event for event in peak_events(start, end)}


def test_a_year_has_every_event_once_in_date_order():
    events = peak_events(date(2025, 1, 1), date(2025, 12, 31))
    expected = [WINTER_SALES, SUMMER_SALES, SINGLES_DAY, BLACK_FRIDAY, CHRISTMAS, CHRISTMAS_RUSH]
    assert [e.id for e in events] == expected
    assert all(e.start <= e.end and e.demand_multiplier > 1 for e in events)
    assert [e.start for e in events] == sorted(e.start for e in events)


def test_event_dates_follow_the_calendar():
    events = _by_id(date(2025, 1, 1), date(2025, 12, 31))
    assert events[WINTER_SALES].start == date(2025, 1, 2)
    assert events[SINGLES_DAY].end == date(2025, 11, 11)
    assert events[SINGLES_DAY].start < date(2025, 11, 11)  # build-up days
    assert events[BLACK_FRIDAY].start == date(2025, 11, 28)
    assert events[BLACK_FRIDAY].end == date(2025, 12, 1)  # Cyber Monday
    assert events[BLACK_FRIDAY].end.weekday() == 0
    assert events[CHRISTMAS].start == date(2025, 12, 1)
    assert events[CHRISTMAS_RUSH].start == events[CHRISTMAS].end + timedelta(days=1)
    assert events[CHRISTMAS_RUSH].end == date(2025, 12, 22)
    assert events[CHRISTMAS_RUSH].demand_multiplier > events[CHRISTMAS].demand_multiplier
    assert events[SUMMER_SALES].start.month == 6 and events[SUMMER_SALES].start.weekday() == 2


def test_events_partly_inside_the_range_are_included():
    events = peak_events(date(2024, 12, 1), date(2024, 12, 1))
    assert {e.id for e in events} == {BLACK_FRIDAY, CHRISTMAS}  # Cyber Monday 2024 is December 2nd


def test_every_year_of_a_long_range_is_covered():
    events = peak_events(date(2023, 6, 1), date(2026, 5, 31))
    black_fridays = [e.start for e in events if e.id == BLACK_FRIDAY]
    assert black_fridays == [date(2023, 11, 24), date(2024, 11, 29), date(2025, 11, 28)]
    assert sum(e.id == WINTER_SALES for e in events) == 3


def test_empty_or_quiet_ranges_have_no_events():
    assert peak_events(date(2025, 3, 1), date(2025, 2, 1)) == []
    assert peak_events(date(2025, 3, 1), date(2025, 5, 31)) == []
