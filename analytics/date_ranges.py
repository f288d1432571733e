"""Date presets for the sidebar and the period each one is compared with.

Presets are anchored on the latest day with sales, not on today: imported data
often ends days or weeks before today, and "Last 7 days" of an empty week
would show nothing. All ranges are inclusive at both ends.

Presets and comparisons are stable ids (they travel in URLs and cache keys);
`i18n.labels` gives their words.
"""

from __future__ import annotations

from datetime import date, timedelta

from analytics.events import DEFAULT_CALENDAR, PeakEvent, events_of_year

CUSTOM_PRESET = "custom"
PRESETS: tuple[str, ...] = (
    "last-7-days",
    "last-30-days",
    "last-90-days",
    "month-to-date",
    "quarter-to-date",
    "year-to-date",
    "last-year",
    CUSTOM_PRESET,
)
DEFAULT_PRESET = "last-90-days"

_TRAILING_DAYS = {"last-7-days": 7, "last-30-days": 30, "last-90-days": 90}

PREVIOUS_PERIOD = "previous-period"
SAME_WEEKDAYS_LAST_YEAR = "same-weekdays-last-year"  # 52 weeks earlier: Fridays against Fridays
SAME_EVENT_LAST_YEAR = "same-event-last-year"  # only when the range is exactly one calendar event
SAME_DATES_LAST_YEAR = "same-period-last-year"  # the calendar dates; the id older links carry
COMPARISONS: tuple[str, ...] = (PREVIOUS_PERIOD, SAME_WEEKDAYS_LAST_YEAR, SAME_EVENT_LAST_YEAR, SAME_DATES_LAST_YEAR)
WEEKS_IN_A_YEAR = 52


def preset_range(preset: str, anchor: date) -> tuple[date, date]:
    """(start, end) of a preset that ends on `anchor`, the latest day with sales.

    "last-year" is the whole calendar year before the anchor's year. "custom"
    has no range of its own: the caller supplies the dates.
    """
    if preset in _TRAILING_DAYS:
        return anchor - timedelta(days=_TRAILING_DAYS[preset] - 1), anchor
    if preset == "month-to-date":
        return anchor.replace(day=1), anchor
    if preset == "quarter-to-date":
        first_month_of_quarter = 3 * ((anchor.month - 1) // 3) + 1
        return date(anchor.year, first_month_of_quarter, 1), anchor
    if preset == "year-to-date":
        return date(anchor.year, 1, 1), anchor
    if preset == "last-year":
        return date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31)
    if preset == CUSTOM_PRESET:
        raise ValueError("The 'custom' preset has no range of its own; pass the chosen start and end dates instead.")
    raise ValueError(f"Unknown date preset {preset!r}; use one of: {', '.join(PRESETS)}.")


def comparison_range(
    start: date, end: date, comparison: str, calendar: str = DEFAULT_CALENDAR
) -> tuple[date, date]:
    """(start, end) of the period that `start`..`end` is compared with.

    "Same event last year" needs a range that is exactly one event of the
    shop's `calendar`; for any other range it compares the same weekdays,
    as `available_comparisons` leaves it out there.
    """
    if start > end:
        raise ValueError(f"Range start {start} is after its end {end}.")
    if comparison == PREVIOUS_PERIOD:
        previous_end = start - timedelta(days=1)
        return previous_end - (end - start), previous_end
    if comparison == SAME_EVENT_LAST_YEAR and (event := exact_event(start, end, calendar)):
        earlier = event_a_year_earlier(event, calendar)
        return earlier.start, earlier.end
    if comparison in (SAME_WEEKDAYS_LAST_YEAR, SAME_EVENT_LAST_YEAR):
        weeks = timedelta(weeks=WEEKS_IN_A_YEAR)
        return start - weeks, end - weeks
    if comparison == SAME_DATES_LAST_YEAR:
        return _one_year_earlier(start), _one_year_earlier(end)
    raise ValueError(f"Unknown comparison {comparison!r}; use one of: {', '.join(COMPARISONS)}.")


def exact_event(start: date, end: date, calendar: str = DEFAULT_CALENDAR) -> PeakEvent | None:
    """The calendar event whose days are exactly `start`..`end`, if any."""
    # A year's events may begin in the year before (the Chinese New Year shopping): look one year further.
    for year in (start.year, start.year + 1):
        for event in events_of_year(year, calendar):
            if (event.start, event.end) == (start, end):
                return event
    return None


def event_a_year_earlier(event: PeakEvent, calendar: str = DEFAULT_CALENDAR) -> PeakEvent:
    """The same event of the previous year (Black Friday to Cyber Monday moves with Thanksgiving).

    A year's events end in that year, even those that start in the December before.
    """
    return next(e for e in events_of_year(event.end.year - 1, calendar) if e.id == event.id)


def available_comparisons(start: date, end: date, calendar: str = DEFAULT_CALENDAR) -> tuple[str, ...]:
    """The comparisons that fit `start`..`end`: the event one only when the range is one event."""
    if exact_event(start, end, calendar):
        return COMPARISONS
    return tuple(c for c in COMPARISONS if c != SAME_EVENT_LAST_YEAR)


def _one_year_earlier(day: date) -> date:
    """The same calendar day a year earlier; 29 February has none, so 28 February."""
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def clamp_range(start: date, end: date, first: date, last: date) -> tuple[date, date] | None:
    """The part of `start`..`end` inside the data span `first`..`last`, or None
    when they do not overlap (so the caller can say "no data in this range"
    instead of querying an empty period)."""
    clamped_start, clamped_end = max(start, first), min(end, last)
    if clamped_start > clamped_end:
        return None
    return clamped_start, clamped_end
