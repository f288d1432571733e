"""Date presets for the sidebar and the period each one is compared with.

Presets are anchored on the latest day with sales, not on today: imported data
often ends days or weeks before today, and "Last 7 days" of an empty week
would show nothing. All ranges are inclusive at both ends.
"""

from __future__ import annotations

from datetime import date, timedelta

PRESETS: tuple[str, ...] = (
    "Last 7 days",
    "Last 30 days",
    "Last 90 days",
    "Month to date",
    "Quarter to date",
    "Year to date",
    "Last year",
    "Custom",
)
DEFAULT_PRESET = "Last 90 days"
CUSTOM_PRESET = "Custom"

_TRAILING_DAYS = {"Last 7 days": 7, "Last 30 days": 30, "Last 90 days": 90}

COMPARISONS: tuple[str, ...] = ("Previous period", "Same period last year")

COMPARISON_HELP = (
    "Previous period: the same number of days ending the day before the selected start. "
    "Same period last year: both dates moved back one year (29 February becomes 28 February)."
)


def preset_range(preset: str, anchor: date) -> tuple[date, date]:
    """(start, end) of a preset that ends on `anchor`, the latest day with sales.

    "Last year" is the whole calendar year before the anchor's year. "Custom"
    has no range of its own: the caller supplies the dates.
    """
    if preset in _TRAILING_DAYS:
        return anchor - timedelta(days=_TRAILING_DAYS[preset] - 1), anchor
    if preset == "Month to date":
        return anchor.replace(day=1), anchor
    if preset == "Quarter to date":
        first_month_of_quarter = 3 * ((anchor.month - 1) // 3) + 1
        return date(anchor.year, first_month_of_quarter, 1), anchor
    if preset == "Year to date":
        return date(anchor.year, 1, 1), anchor
    if preset == "Last year":
        return date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31)
    if preset == CUSTOM_PRESET:
        raise ValueError("The 'Custom' preset has no range of its own; pass the chosen start and end dates instead.")
    raise ValueError(f"Unknown date preset {preset!r}; use one of: {', '.join(PRESETS)}.")


def comparison_range(start: date, end: date, comparison: str) -> tuple[date, date]:
    """(start, end) of the period that `start`..`end` is compared with."""
    if start > end:
        raise ValueError(f"Range start {start} is after its end {end}.")
    if comparison == "Previous period":
        previous_end = start - timedelta(days=1)
        return previous_end - (end - start), previous_end
    if comparison == "Same period last year":
        return _one_year_earlier(start), _one_year_earlier(end)
    raise ValueError(f"Unknown comparison {comparison!r}; use one of: {', '.join(COMPARISONS)}.")


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
