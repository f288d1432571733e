"""The session's language: chosen in the sidebar, kept when switching pages
and in the URL (?lang=zh), and on a session's first run taken from the URL,
else the browser's language (`st.context.locale`), else English.

The choice lives in session state under a key of its own (`LANGUAGE_KEY`):
Streamlit drops a widget's key when its page is left, so every run copies the
choice into the switch before drawing it and the switch's on_change copies it
back. `use_session_language` runs before any word is drawn and sets
`i18n`'s language for the run; `language_switch` draws the switch. A link
keeps its view in the other language: everything else in the URL is ids.
"""

from __future__ import annotations

import streamlit as st

from i18n import LANGUAGES, SOURCE_LANGUAGE, current_language, language_name, set_language, supported_language

LANGUAGE_KEY = "language"
SWITCH_KEY = "language_switch"
QUERY_KEY = "lang"


def initial_language(url_values: list[str], browser_locale: str | None) -> str:
    """A session's first language: the URL's last valid value, else the
    browser's ("zh-CN" reads Chinese), else the source language."""
    for value in reversed(url_values):
        if language := supported_language(value):
            return language
    return supported_language(browser_locale) or SOURCE_LANGUAGE


def use_session_language() -> str:
    """Set the run's language (i18n) from the session, deciding it on the
    session's first run. Call before drawing any word."""
    language = st.session_state.get(LANGUAGE_KEY)
    if language not in LANGUAGES:
        language = initial_language(st.query_params.get_all(QUERY_KEY), st.context.locale)
        st.session_state[LANGUAGE_KEY] = language
    set_language(language)
    return language


def _on_switch() -> None:
    st.session_state[LANGUAGE_KEY] = st.session_state[SWITCH_KEY]


def language_switch() -> None:
    """The sidebar's switch, each language named in itself, and the URL's `lang`."""
    language = current_language()
    st.session_state[SWITCH_KEY] = language
    st.sidebar.segmented_control(
        "Language · 语言", LANGUAGES, format_func=language_name, required=True, key=SWITCH_KEY, on_change=_on_switch
    )
    if st.query_params.get_all(QUERY_KEY) != [language]:
        st.query_params[QUERY_KEY] = language
