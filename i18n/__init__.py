"""Words for people, kept apart from the ids the logic uses.

Logic, URLs, cache keys and stored data hold stable ids ("last-90-days",
"out-of-stock"); only the user interface (and later the digest) turns an id
into words, through the label functions of `i18n.labels`. Every word goes
through `_()`, standard gettext, so a translation catalog can replace the
words without touching a caller.

No catalogs are shipped yet: every language reads the source (English) words.
The current language is a context variable rather than a global, so that each
Streamlit session (each script run is a thread with its own context) and each
command can speak its own language. This package imports nothing else of the
project and no Streamlit: `ui/` and the command-line jobs share it.
"""

from __future__ import annotations

import gettext
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "inventory"
LOCALE_DIR = Path(__file__).parent / "locale"  # <language>/LC_MESSAGES/inventory.mo, once there are catalogs
SOURCE_LANGUAGE = "en"

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def current_language() -> str:
    return _language.get()


def set_language(language: str) -> None:
    """Speak `language` for the rest of the current context (a session's
    script run, a command)."""
    _language.set(language)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of `language`; without one, the identity (the source words)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """`message` in the current language."""
    return translations(_language.get()).gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet: for words
    kept in tables at import time and passed through `_()` when shown."""
    return message
