"""The shared sidebar: date range with presets, comparison, warehouses,
categories and a reset button.

Streamlit drops a widget's key when its page is left, so the choice lives in
session state under a key of its own (`CHOICE_KEY`). Every run copies it into
the widget keys before drawing; each widget's on_change copies its value back.
The URL query string mirrors the choice, so a copied link reopens the view;
the URL is read once, on a session's first run.

A half-picked date range (st.date_input gives a 1-tuple until the second
date is picked) is left in its widget, not overwritten, while the filters
keep the last full range; `PICKING_KEY` records on which page that happens,
since a page switch leaves the old page's widget value behind for one run.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from analytics.date_ranges import SAME_EVENT_LAST_YEAR, PRESETS, available_comparisons, exact_event
from i18n import _
from i18n.labels import comparison_label, event_label, preset_label
from ui.filter_links import QUERY_KEYS, from_query, to_query
from ui.filter_state import (
    FilterChoice,
    FilterOptions,
    default_choice,
    describe_range,
    fitted_to,
    is_full_range,
    with_dates,
    with_preset,
)

CHOICE_KEY = "filter_choice"
URL_READ_KEY = "filter_url_read"
PICKING_KEY = "filter_dates_picking"

PRESET_KEY = "filter_preset"
DATES_KEY = "filter_dates"
COMPARISON_KEY = "filter_comparison"
WAREHOUSES_KEY = "filter_warehouses"
CATEGORIES_KEY = "filter_categories"
RESET_KEY = "filter_reset"


def _comparison_help() -> str:
    return _(
        "Previous period: the same number of days ending the day before the selected start. "
        "Same weekdays last year: 52 weeks (364 days) earlier, so a Friday is compared with a Friday. "
        "Same event last year (offered when the range is exactly one event of the shop's calendar, such as "
        "Black Friday to Cyber Monday): that event's days last year. "
        "Same dates last year: both dates moved back one year (29 February becomes 28 February)."
    )


def comparison_words(comparison: str, choice: FilterChoice, calendar: str) -> str:
    """A comparison's words; the event one names the event the chosen range is."""
    event = exact_event(choice.start, choice.end, calendar)
    if comparison == SAME_EVENT_LAST_YEAR and event:
        return _("{event} last year").format(event=event_label(event.id))
    return comparison_label(comparison)


def sidebar_filters(options: FilterOptions, page: str, *, scoped: bool = False) -> FilterChoice:
    """Draw the filters in the sidebar of `page` and return the user's current choice.
    `scoped`: the user may see only `options.warehouses`, so an empty pick means those, not all."""
    choice = _current_choice(options)
    _copy_into_widgets(choice, page)
    with st.sidebar:
        st.header(_("Filters"))
        st.selectbox(
            _("Date range"), PRESETS, format_func=preset_label, key=PRESET_KEY, on_change=_on_preset, args=(options,)
        )
        st.date_input(
            _("From – to"),
            min_value=options.min_day,
            max_value=options.max_day,
            format="YYYY-MM-DD",
            key=DATES_KEY,
            on_change=_on_dates,
            args=(page,),
        )
        _describe_dates(choice, page)
        st.selectbox(
            _("Compare with"), available_comparisons(choice.start, choice.end, options.calendar),
            format_func=lambda comparison: comparison_words(comparison, choice, options.calendar),
            key=COMPARISON_KEY, help=_comparison_help(),
            on_change=_on_comparison,
        )  # fmt: skip
        st.multiselect(
            _("Warehouses"), options.warehouses, key=WAREHOUSES_KEY,
            placeholder=_warehouses_placeholder(options, scoped),
            on_change=_on_list, args=("warehouses", WAREHOUSES_KEY),
        )  # fmt: skip
        st.multiselect(
            _("Categories"), options.categories, key=CATEGORIES_KEY, placeholder=_("All categories"),
            on_change=_on_list, args=("categories", CATEGORIES_KEY),
        )  # fmt: skip
        st.button(_("Reset filters"), key=RESET_KEY, icon=":material/restart_alt:", on_click=_on_reset, args=(options,))
    _mirror_to_url(choice)
    return choice


def _warehouses_placeholder(options: FilterOptions, scoped: bool) -> str:
    if scoped:
        return _("All my warehouses ({count})").format(count=len(options.warehouses))
    return _("All warehouses")


def _current_choice(options: FilterOptions) -> FilterChoice:
    """The stored choice; on a session's first run, the one its URL asks for."""
    if URL_READ_KEY not in st.session_state:
        st.session_state[URL_READ_KEY] = True
        st.session_state[CHOICE_KEY] = _choice_from_url(options)
    stored = st.session_state.get(CHOICE_KEY) or default_choice(options)
    choice = fitted_to(stored, options)
    st.session_state[CHOICE_KEY] = choice
    return choice


def _choice_from_url(options: FilterOptions) -> FilterChoice:
    query = {key: st.query_params.get_all(key) for key in QUERY_KEYS if key in st.query_params}
    if not query:
        return default_choice(options)
    choice, notices = from_query(query, options)
    if notices:
        st.toast(_("Ignored in the link: {notices}.").format(notices="; ".join(notices)), icon=":material/link_off:")
    return choice


def _copy_into_widgets(choice: FilterChoice, page: str) -> None:
    """Write every widget key from the choice, on every run: after a page switch
    a key may still hold the old page's value while the new widget has none."""
    wanted = {
        PRESET_KEY: choice.preset,
        COMPARISON_KEY: choice.comparison,
        WAREHOUSES_KEY: list(choice.warehouses),
        CATEGORIES_KEY: list(choice.categories),
    }
    if not _is_picking(page):
        wanted[DATES_KEY] = (choice.start, choice.end)
        st.session_state.pop(PICKING_KEY, None)
    for key, value in wanted.items():
        st.session_state[key] = value


def _is_picking(page: str) -> bool:
    """True while the user has picked a start date on this page but no end yet."""
    return st.session_state.get(PICKING_KEY) == page and not is_full_range(st.session_state.get(DATES_KEY))


def _describe_dates(choice: FilterChoice, page: str) -> None:
    shown = describe_range(choice.start, choice.end)
    if _is_picking(page):
        st.caption(_("Pick the end date to apply a new range. Still showing {range}.").format(range=shown))
    else:
        st.caption(shown)


def _store(choice: FilterChoice) -> None:
    st.session_state[CHOICE_KEY] = choice


def _stored() -> FilterChoice:
    return st.session_state[CHOICE_KEY]


def _on_preset(options: FilterOptions) -> None:
    choice = with_preset(_stored(), st.session_state[PRESET_KEY], options)
    _store(choice)
    st.session_state.pop(PICKING_KEY, None)  # a preset ends a half-picked range


def _on_dates(page: str) -> None:
    picked = st.session_state[DATES_KEY]
    if is_full_range(picked):
        _store(with_dates(_stored(), *picked))
    else:
        st.session_state[PICKING_KEY] = page


def _on_comparison() -> None:
    _store(replace(_stored(), comparison=st.session_state[COMPARISON_KEY]))


def _on_list(field_name: str, widget_key: str) -> None:
    _store(replace(_stored(), **{field_name: tuple(st.session_state[widget_key])}))


def _on_reset(options: FilterOptions) -> None:
    _store(default_choice(options))
    st.session_state.pop(PICKING_KEY, None)


def _mirror_to_url(choice: FilterChoice) -> None:
    """Rewrite only the query keys that changed: each write is a message to the browser."""
    wanted = to_query(choice)
    for key in QUERY_KEYS:
        values = wanted.get(key, [])
        if st.query_params.get_all(key) == values:
            continue
        if values:
            st.query_params[key] = values
        else:
            del st.query_params[key]
