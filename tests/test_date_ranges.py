"""Date presets and comparison periods, checked against hand-counted calendars."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.date_ranges import (
    COMPARISONS,
    DEFAULT_PRESET,
    PRESETS,
    available_comparisons,
    clamp_range,
    comparison_range,
    exact_event,
    preset_range,
)


def test_default_preset_is_offered():
    assert DEFAULT_PRESET in PRESETS
    assert PRESETS[-1] == "custom"


@pytest.mark.parametrize(
    ("preset", "anchor", "expected"),
    [
        # 7 days ending on the anchor, across a month end (28-day February).
        ("last-7-days", date(2025, 3, 3), (date(2025, 2, 25), date(2025, 3, 3))),
        # 30 days back from 1 March: February has 29 days in 2024, 28 in 2025.
        ("last-30-days", date(2024, 3, 1), (date(2024, 2, 1), date(2024, 3, 1))),
        ("last-30-days", date(2025, 3, 1), (date(2025, 1, 31), date(2025, 3, 1))),
        # 28 (November) + 31 (October) + 30 (September) + 1 = 90 days.
        ("last-90-days", date(2025, 11, 29), (date(2025, 9, 1), date(2025, 11, 29))),
        # Across a year end: 27-31 December + 1-2 January = 7 days.
        ("last-7-days", date(2025, 1, 2), (date(2024, 12, 27), date(2025, 1, 2))),
        ("month-to-date", date(2025, 3, 1), (date(2025, 3, 1), date(2025, 3, 1))),
        ("month-to-date", date(2024, 2, 29), (date(2024, 2, 1), date(2024, 2, 29))),
        ("quarter-to-date", date(2025, 3, 31), (date(2025, 1, 1), date(2025, 3, 31))),
        ("quarter-to-date", date(2025, 4, 1), (date(2025, 4, 1), date(2025, 4, 1))),
        ("quarter-to-date", date(2025, 8, 15), (date(2025, 7, 1), date(2025, 8, 15))),
        ("quarter-to-date", date(2025, 12, 31), (date(2025, 10, 1), date(2025, 12, 31))),
        ("year-to-date", date(2025, 1, 1), (date(2025, 1, 1), date(2025, 1, 1))),
        ("year-to-date", date(2024, 12, 31), (date(2024, 1, 1), date(2024, 12, 31))),
        ("last-year", date(2025, 1, 1), (date(2024, 1, 1), date(2024, 12, 31))),
        ("last-year", date(2025, 11, 29), (date(2024, 1, 1), date(2024, 12, 31))),
    ],
)
def test_preset_range(preset, anchor, expected):
    assert preset_range(preset, anchor) == expected


@pytest.mark.parametrize("preset", [p for p in PRESETS if p not in ("custom", "last-year")])
def test_presets_end_on_the_anchor(preset):
    anchor = date(2025, 5, 17)
    start, end = preset_range(preset, anchor)
    assert end == anchor
    assert start <= end


def test_custom_preset_has_no_range():
    with pytest.raises(ValueError, match="custom"):
        preset_range("custom", date(2025, 1, 1))


def test_unknown_preset_is_named_in_the_error():
    with pytest.raises(ValueError, match="'last-fortnight'.*last-7-days"):
        preset_range("last-fortnight", date(2025, 1, 1))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # 90 days ending 31 Aug: 31 (Aug) + 31 (Jul) + 28 (3-30 Jun).
        (date(2025, 9, 1), date(2025, 11, 29), (date(2025, 6, 3), date(2025, 8, 31))),
        (date(2025, 3, 1), date(2025, 3, 1), (date(2025, 2, 28), date(2025, 2, 28))),
        # 31 days ending 29 Feb 2024: 30-31 Jan + 29 February days.
        (date(2024, 3, 1), date(2024, 3, 31), (date(2024, 1, 30), date(2024, 2, 29))),
        (date(2025, 1, 1), date(2025, 1, 7), (date(2024, 12, 25), date(2024, 12, 31))),
    ],
)
def test_previous_period(start, end, expected):
    assert comparison_range(start, end, "previous-period") == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 9, 1), date(2025, 11, 29), (date(2024, 9, 1), date(2024, 11, 29))),
        (date(2024, 2, 1), date(2024, 2, 29), (date(2023, 2, 1), date(2023, 2, 28))),
        (date(2024, 2, 29), date(2024, 3, 1), (date(2023, 2, 28), date(2023, 3, 1))),
        (date(2025, 1, 1), date(2025, 12, 31), (date(2024, 1, 1), date(2024, 12, 31))),
    ],
)
def test_same_period_last_year(start, end, expected):
    assert comparison_range(start, end, "same-period-last-year") == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # 52 weeks back: a Friday to Monday stays a Friday to Monday.
        (date(2025, 11, 28), date(2025, 12, 1), (date(2024, 11, 29), date(2024, 12, 2))),
        (date(2024, 11, 29), date(2024, 12, 2), (date(2023, 12, 1), date(2023, 12, 4))),  # 29 Feb 2024 between
        (date(2024, 3, 1), date(2024, 3, 1), (date(2023, 3, 3), date(2023, 3, 3))),
    ],
)
def test_same_weekdays_last_year(start, end, expected):
    compared = comparison_range(start, end, "same-weekdays-last-year")
    assert compared == expected
    assert [d.weekday() for d in compared] == [start.weekday(), end.weekday()]


def test_black_friday_to_cyber_monday_is_compared_with_that_event_last_year():
    # Black Friday 2024 was 29 November, in 2023 on 24 November: 371 days, not 364.
    assert exact_event(date(2024, 11, 29), date(2024, 12, 2)).id == "black-friday"
    assert comparison_range(date(2024, 11, 29), date(2024, 12, 2), "same-event-last-year") == (
        date(2023, 11, 24), date(2023, 11, 27)
    )
    assert "same-event-last-year" in available_comparisons(date(2024, 11, 29), date(2024, 12, 2))


def test_the_event_comparison_needs_a_range_that_is_exactly_one_event():
    start, end = date(2024, 11, 29), date(2024, 12, 3)  # one day past Cyber Monday
    assert exact_event(start, end) is None
    assert "same-event-last-year" not in available_comparisons(start, end)
    weekdays = comparison_range(start, end, "same-weekdays-last-year")
    assert comparison_range(start, end, "same-event-last-year") == weekdays


def test_the_chinese_calendar_compares_its_own_events():
    # Double 11 is a date, whatever the weekday; Europe's calendar has no such one-day event.
    assert comparison_range(date(2025, 11, 11), date(2025, 11, 11), "same-event-last-year", "china") == (
        date(2024, 11, 11), date(2024, 11, 11)
    )
    assert exact_event(date(2025, 11, 11), date(2025, 11, 11), "europe") is None


def test_every_comparison_is_supported():
    for comparison in COMPARISONS:
        start, end = comparison_range(date(2025, 3, 1), date(2025, 3, 31), comparison)
        assert start <= end < date(2025, 3, 1)


def test_unknown_comparison_and_reversed_range_are_refused():
    with pytest.raises(ValueError, match="'last-week'"):
        comparison_range(date(2025, 3, 1), date(2025, 3, 31), "last-week")
    with pytest.raises(ValueError, match="after its end"):
        comparison_range(date(2025, 3, 31), date(2025, 3, 1), "previous-period")


def test_clamp_range():
    first, last = date(2025, 1, 10), date(2025, 11, 29)
    assert clamp_range(date(2025, 2, 1), date(2025, 2, 28), first, last) == (date(2025, 2, 1), date(2025, 2, 28))
    assert clamp_range(date(2024, 12, 1), date(2025, 12, 31), first, last) == (first, last)
    assert clamp_range(date(2024, 1, 1), date(2024, 12, 31), first, last) is None
