"""The sidebar choice as a URL query string, so a copied link reopens the same
view: ?preset=custom&start=2025-10-01&end=2025-10-31&compare=previous-period
&warehouse=BER&warehouse=MAD&category=Toys (lists repeat their key).

Presets and comparisons travel as their ids. Links made before those values
were ids carry the sidebar's English words instead ("Last 90 days", or
slugged, "last-90-days"): they are read as aliases and open the same view.
No Streamlit here; a link's bad values become notices, never exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from analytics.date_ranges import COMPARISONS, CUSTOM_PRESET, PRESETS
from i18n import N_, _
from services.dashboard_links import (  # the keys live beside the links the digest writes
    QUERY_CATEGORY,
    QUERY_COMPARISON,
    QUERY_END,
    QUERY_KEYS,
    QUERY_PRESET,
    QUERY_START,
    QUERY_WAREHOUSE,
)
from ui.escaping import escape_markdown
from ui.filter_state import FilterChoice, FilterOptions, default_choice, with_dates, with_preset


# The sidebar's words before its values became ids, as old links may carry them.
_LEGACY_PRESETS = {
    "Last 7 days": "last-7-days",
    "Last 30 days": "last-30-days",
    "Last 90 days": "last-90-days",
    "Month to date": "month-to-date",
    "Quarter to date": "quarter-to-date",
    "Year to date": "year-to-date",
    "Last year": "last-year",
    "Custom": "custom",
}
_LEGACY_COMPARISONS = {"Previous period": "previous-period", "Same period last year": "same-period-last-year"}


def _normalised(text: str) -> str:
    """"Last  90 Days" -> "last-90-days": how old links slugged the words."""
    return "-".join(text.lower().split())


def _parse(value: str, ids: Sequence[str], legacy: Mapping[str, str]) -> str | None:
    """The id `value` names, itself or as the words (or their slug) an old link carries."""
    known = {_normalised(words): id_ for words, id_ in legacy.items()} | {id_: id_ for id_ in ids}
    return known.get(_normalised(value))


def parse_preset(value: str) -> str | None:
    return _parse(value, PRESETS, _LEGACY_PRESETS)


def parse_comparison(value: str) -> str | None:
    return _parse(value, COMPARISONS, _LEGACY_COMPARISONS)


def to_query(choice: FilterChoice) -> dict[str, list[str]]:
    """The choice as query parameters; dates only for a custom range, since a
    preset follows the data when it grows."""
    query = {
        QUERY_PRESET: [choice.preset],
        QUERY_COMPARISON: [choice.comparison],
        QUERY_WAREHOUSE: list(choice.warehouses),
        QUERY_CATEGORY: list(choice.categories),
    }
    if choice.preset == CUSTOM_PRESET:
        query[QUERY_START] = [choice.start.isoformat()]
        query[QUERY_END] = [choice.end.isoformat()]
    return {key: values for key, values in query.items() if values}


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _last(values: Sequence[str]) -> str | None:
    return values[-1] if values else None


def from_query(query: Mapping[str, Sequence[str]], options: FilterOptions) -> tuple[FilterChoice, list[str]]:
    """The choice a link asks for, and a notice for each value it had to ignore.

    Unknown or malformed values fall back to the defaults; nothing raises.
    """
    choice = default_choice(options)
    notices: list[str] = []

    comparison_text = _last(query.get(QUERY_COMPARISON, ()))
    if comparison_text is not None:
        comparison = parse_comparison(comparison_text)
        if comparison:
            choice = replace(choice, comparison=comparison)
        else:
            notices.append(_("unknown comparison “{value}”").format(value=escape_markdown(comparison_text)))

    for key, known, field_name, notice in (
        (QUERY_WAREHOUSE, options.warehouses, "warehouses", N_("unknown warehouse {values}")),
        (QUERY_CATEGORY, options.categories, "categories", N_("unknown category {values}")),
    ):
        asked = list(dict.fromkeys(query.get(key, ())))
        unknown = [value for value in asked if value not in known]
        if unknown:
            notices.append(_(notice).format(values=", ".join(f"“{escape_markdown(v)}”" for v in unknown)))
        choice = replace(choice, **{field_name: tuple(v for v in asked if v in known)})

    preset_text = _last(query.get(QUERY_PRESET, ()))
    preset = parse_preset(preset_text) if preset_text is not None else None
    if preset_text is not None and preset is None:
        notices.append(_("unknown date preset “{value}”").format(value=escape_markdown(preset_text)))
    has_dates = QUERY_START in query or QUERY_END in query
    if preset and preset != CUSTOM_PRESET:
        return with_preset(choice, preset, options), notices
    if has_dates or preset == CUSTOM_PRESET:
        dates, problem = _dates_from_query(query, options)
        if dates:
            return with_dates(choice, *dates), notices
        notices.append(problem)
    return choice, notices


def _dates_from_query(query: Mapping[str, Sequence[str]], options: FilterOptions) -> tuple[tuple[date, date] | None, str]:
    start_text = _last(query.get(QUERY_START, ())) or ""
    end_text = _last(query.get(QUERY_END, ())) or ""
    start, end = _parse_day(start_text), _parse_day(end_text)
    if start is None or end is None:
        bad = _("bad dates “{start}” to “{end}” (use YYYY-MM-DD)")
        return None, bad.format(start=escape_markdown(start_text), end=escape_markdown(end_text))
    if start > end:
        return None, _("start {start} is after end {end}").format(start=start, end=end)
    clamped = options.clamp(start, end)
    if clamped is None:
        outside = _("dates {start} to {end} are outside the data ({first} to {last})")
        return None, outside.format(start=start, end=end, first=options.min_day, last=options.max_day)
    return clamped, ""
