"""The retail calendars: dates computed by rule, for any year; the Chinese
one's against published dates."""

from datetime import date, timedelta

import pytest

from analytics.events import (
    BLACK_FRIDAY,
    CALENDAR_EVENTS,
    CHINA,
    CHRISTMAS,
    CHRISTMAS_RUSH,
    DAY_618,
    DOUBLE_11,
    DOUBLE_11_PRESALE,
    DOUBLE_12,
    EUROPE,
    NEW_YEAR_SHOPPING,
    SHOPPING_618,
    SINGLES_DAY,
    SPRING_FESTIVAL,
    SUMMER_SALES,
    WINTER_SALES,
    black_friday,
    chinese_new_year,
    events_of_year,
    peak_events,
    supplier_closures,
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


# --- the Chinese calendar ---------------------------------------------------------------------------

# Published dates of the Chinese New Year (the first day of the Spring Festival).
SPRING_FESTIVALS = {
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
}


def _china(year: int) -> dict:
    return {event.id: event for event in events_of_year(year, CHINA)}


@pytest.mark.parametrize("year, new_year", SPRING_FESTIVALS.items())
def test_the_spring_festival_follows_the_lunar_calendar_with_two_weeks_of_closed_suppliers(year, new_year):
    festival = _china(year)[SPRING_FESTIVAL]

    assert chinese_new_year(year) == new_year
    assert festival.start < new_year < festival.end
    assert 13 <= (festival.end - festival.start).days + 1 <= 16  # about two weeks
    assert festival.suppliers_closed and festival.demand_multiplier < 1  # a lull, not a peak
    assert supplier_closures(date(year, 1, 1), date(year, 12, 31), CHINA) == [festival]
    shopping = _china(year)[NEW_YEAR_SHOPPING]
    assert shopping.end < festival.start and shopping.demand_multiplier > 1  # stocking up comes first


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_618_double_11_and_double_12_fall_on_their_days(year):
    events = _china(year)

    assert (events[SHOPPING_618].start, events[SHOPPING_618].end) == (date(year, 6, 1), date(year, 6, 18))
    assert events[DAY_618].start == events[DAY_618].end == date(year, 6, 18)
    assert events[DAY_618].demand_multiplier > events[SHOPPING_618].demand_multiplier  # the peak on the 18th
    assert events[DOUBLE_11_PRESALE].start == date(year, 10, 24)  # late October
    assert events[DOUBLE_11_PRESALE].end == date(year, 11, 10)
    assert events[DOUBLE_11].start == events[DOUBLE_11].end == date(year, 11, 11)
    assert events[DOUBLE_11].demand_multiplier == max(e.demand_multiplier for e in events.values())
    assert events[DOUBLE_12].start == events[DOUBLE_12].end == date(year, 12, 12)


def test_a_range_in_december_sees_the_new_year_shopping_of_the_next_year():
    """2023's New Year (22 January) had its shopping start in December 2022."""
    events = peak_events(date(2022, 12, 25), date(2022, 12, 31), CHINA)
    assert [(e.id, e.start) for e in events] == [(NEW_YEAR_SHOPPING, date(2022, 12, 29))]


def test_without_a_calendar_the_functions_keep_the_european_one():
    year = (date(2025, 1, 1), date(2025, 12, 31))
    assert peak_events(*year) == peak_events(*year, EUROPE)
    assert [e.id for e in events_of_year(2025)] == list(CALENDAR_EVENTS[EUROPE])
    assert supplier_closures(*year) == []  # European suppliers never close


def test_unknown_calendars_and_years_outside_the_lunar_tables_are_named():
    with pytest.raises(ValueError, match="'mars'"):
        peak_events(date(2025, 1, 1), date(2025, 2, 1), "mars")
    with pytest.raises(ValueError, match="1900 to 2099, not 2150"):
        chinese_new_year(2150)
