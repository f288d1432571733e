"""Words for people, kept apart from the ids the logic uses.

Logic, URLs, cache keys and stored data hold stable ids ("last-90-days",
"out-of-stock"); only the user interface (and later the digest) turns an id
into words, through the label functions of `i18n.labels`. Every word goes
through `_()`, standard gettext, so a catalog replaces the words without
touching a caller.

The catalogs are gettext .po files managed with Babel (`pybabel extract /
update`, see the README's "Translations"): `locale/<language>/LC_MESSAGES/
inventory.po`. They are compiled in memory the first time a language is
used, so a fresh checkout needs no build step and no .mo file can be stale.

The current language is a context variable rather than a global, so that each
Streamlit session (each script run is a thread with its own context) and each
command can speak its own language. This package imports nothing else of the
project and no Streamlit: `ui/` and the command-line jobs share it.
"""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "inventory"
LOCALE_DIR = Path(__file__).parent / "locale"  # <language>/LC_MESSAGES/inventory.po; inventory.pot beside them
SOURCE_LANGUAGE = "en"
LANGUAGES: tuple[str, ...] = ("en", "zh")
"""Language ids, as in the URL (?lang=zh). "zh" is Simplified Chinese (zh_Hans)."""

# Each language's own name for itself, the same in every language, so a reader
# finds theirs in a switch they cannot read.
_ENDONYMS = {"en": "English", "zh": "中文"}

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def current_language() -> str:
    return _language.get()


def set_language(language: str) -> None:
    """Speak `language` for the rest of the current context (a session's
    script run, a command)."""
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; known: {', '.join(LANGUAGES)}.")
    _language.set(language)


def supported_language(tag: str | None) -> str | None:
    """The language of ours a tag asks for ("zh-CN", "zh", "EN-gb"), or None:
    for a URL's value and the browser's `navigator.language` alike."""
    if not tag:
        return None
    return negotiate_locale([tag.strip().replace("_", "-").lower()], LANGUAGES, sep="-")


def language_name(language: str) -> str:
    """"English", "中文": what a language switch shows."""
    try:
        return _ENDONYMS[language]
    except KeyError:
        raise ValueError(f"Unknown language {language!r}; known: {', '.join(LANGUAGES)}.") from None


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of `language`, compiled from its .po file (fuzzy entries
    left out, as `pybabel compile` does); the source language has none."""
    path = catalog_path(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """`message` in the current language."""
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """`singular` or `plural` by `count`, as the current language counts (Chinese has one form)."""
    return translations(_language.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet: for words
    kept in tables at import time and passed through `_()` when shown."""
    return message
