"""What the sidebar filters hold, as one plain value, and the rules for it:
defaults, presets, fitting it to the data.

No Streamlit here: plain functions, tested without running the app; words in the
current language (i18n).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from analytics.date_ranges import (
    COMPARISONS,
    CUSTOM_PRESET,
    DEFAULT_PRESET,
    SAME_WEEKDAYS_LAST_YEAR,
    available_comparisons,
    clamp_range,
    comparison_range,
    preset_range,
)
from analytics.events import DEFAULT_CALENDAR
from data_access.extent import DataSpan
from data_access.filters import Filters
from i18n import _, ngettext
from i18n.formats import format_date, format_date_range, format_number, format_weekday_range


@dataclass(frozen=True)
class FilterOptions:
    """What the data offers the filters: date bounds, warehouse codes, categories."""

    anchor: date  # default ranges end here: the latest day with sales
    min_day: date
    max_day: date
    warehouses: tuple[str, ...]
    categories: tuple[str, ...]
    calendar: str = DEFAULT_CALENDAR  # the shop's retail calendar, for "same event last year"

    @classmethod
    def from_data(
        cls,
        span: DataSpan,
        warehouses: Sequence[str],
        categories: Sequence[str],
        today: date,
        calendar: str = DEFAULT_CALENDAR,
    ) -> "FilterOptions":
        """Bounds reach back to January of the year before the data starts, so
        "Last year" and comparisons stay pickable; an empty database anchors on today."""
        firsts = [d for d in (span.first_sale, span.first_snapshot) if d]
        lasts = [d for d in (span.last_sale, span.last_snapshot) if d]
        anchor = span.last_day or today
        first = min(firsts, default=anchor)
        return cls(
            anchor=anchor,
            min_day=date(first.year - 1, 1, 1),
            max_day=max(lasts, default=anchor),
            warehouses=tuple(warehouses),
            categories=tuple(categories),
            calendar=calendar,
        )

    def clamp(self, start: date, end: date) -> tuple[date, date] | None:
        """The range cut to the bounds, or None when it lies wholly outside them."""
        return clamp_range(start, end, self.min_day, self.max_day)


@dataclass(frozen=True)
class FilterChoice:
    """Everything the user picked in the sidebar; becomes the `Filters` pair."""

    preset: str
    start: date
    end: date
    comparison: str = COMPARISONS[0]
    warehouses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def filters(self) -> Filters:
        return Filters(self.start, self.end, warehouses=self.warehouses, categories=self.categories)

    def comparison_filters(self, calendar: str = DEFAULT_CALENDAR) -> Filters:
        start, end = comparison_range(self.start, self.end, self.comparison, calendar)
        return self.filters().with_dates(start, end)


def default_choice(options: FilterOptions) -> FilterChoice:
    return with_preset(FilterChoice(DEFAULT_PRESET, options.anchor, options.anchor), DEFAULT_PRESET, options)


def with_preset(choice: FilterChoice, preset: str, options: FilterOptions) -> FilterChoice:
    """Apply a preset; "Custom" keeps the current dates for the user to edit."""
    if preset == CUSTOM_PRESET:
        return replace(choice, preset=CUSTOM_PRESET)
    start, end = options.clamp(*preset_range(preset, options.anchor)) or (options.anchor, options.anchor)
    return replace(choice, preset=preset, start=start, end=end)


def with_dates(choice: FilterChoice, start: date, end: date) -> FilterChoice:
    """Dates picked by hand make the range custom."""
    return replace(choice, preset=CUSTOM_PRESET, start=start, end=end)


def fitted_to(choice: FilterChoice, options: FilterOptions) -> FilterChoice:
    """The choice fitted to the data as it is now (an import may have changed
    it): a preset re-anchored on the latest sale, custom dates pulled inside
    the bounds (widgets reject values they do not offer), warehouses and
    categories the data no longer has dropped, and "same event last year"
    turned into "same weekdays last year" once the range is no event."""
    if choice.preset != CUSTOM_PRESET:
        choice = with_preset(choice, choice.preset, options)
    dates = options.clamp(choice.start, choice.end)
    if dates is None:
        return default_choice(options)
    comparison = choice.comparison
    if comparison not in available_comparisons(*dates, options.calendar):
        comparison = SAME_WEEKDAYS_LAST_YEAR
    return replace(
        choice,
        start=dates[0],
        end=dates[1],
        comparison=comparison,
        warehouses=tuple(w for w in choice.warehouses if w in options.warehouses),
        categories=tuple(c for c in choice.categories if c in options.categories),
    )


def comparison_gap_note(comparison: Filters, span: DataSpan) -> str | None:
    """A warning when the comparison period starts before the data does: its
    totals then cover part of the period or none of it, and the changes
    against it would read as growth that did not happen."""
    first_day = min((d for d in (span.first_sale, span.first_snapshot) if d), default=None)
    if first_day is None or comparison.start >= first_day:
        return None
    if comparison.end < first_day:
        return _(
            "The comparison period ends before the data starts ({day}), so there is nothing "
            "to compare with: changes show as amounts. Pick the previous period or a later range."
        ).format(day=format_date(first_day))
    return _(
        "The comparison period starts before the data does ({day}), so its totals cover only "
        "part of it and the changes look larger than they are."
    ).format(day=format_date(first_day))


def describe_range(start: date, end: date) -> str:
    """"3 Oct – 31 Dec 2025 (90 days)" / "2025年10月3日至12月31日（90天）"."""
    days = (end - start).days + 1
    length = ngettext("{count} day", "{count} days", days).format(count=format_number(days))
    return _("{range} ({length})").format(range=format_date_range(start, end), length=length)


def describe_weekdays(start: date, end: date) -> str:
    """"Fri, 29 Nov – Mon, 2 Dec 2024, 4 days": the weekdays show which days a comparison lines up."""
    days = (end - start).days + 1
    shown = format_weekday_range(start, end)
    if days == 1:
        return shown
    length = ngettext("{count} day", "{count} days", days).format(count=format_number(days))
    return _("{range}, {length}").format(range=shown, length=length)


def is_full_range(value: object) -> bool:
    """st.date_input returns a 1-tuple while the user is still picking the end."""
    return isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, date) for v in value)
