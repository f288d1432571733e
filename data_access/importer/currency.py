"""Which currencies a file's amounts may be in, from the symbols and codes the
number parser strips ("¥12.50", "EUR 9", "HK$30"), and a warning when none
of them can be the shop's currency: amounts are imported as written, never
converted, so "¥" in a euro shop is most likely the wrong shop or the wrong
file.

A symbol names every currency that CLDR writes with it in the languages
where the symbols are at home (Babel's data): "¥" is CNY or JPY, "$" any
dollar, "€" only EUR. A code names itself; "RMB" and "元" mean CNY.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from babel.numbers import get_currency_symbol, list_currencies

# Locales whose symbols together cover the marks the parser strips (€ £ ¥ ₹ ₩ ₽ $ and X$ forms).
_SYMBOL_LOCALES = ("en", "zh", "ja", "ko", "hi", "ru")
_ALIASES = {"RMB": "CNY", "元": "CNY"}


@cache
def _symbols() -> dict[str, frozenset[str]]:
    """Every currency symbol of those locales -> the codes it stands for."""
    symbols: dict[str, set[str]] = {}
    for locale in _SYMBOL_LOCALES:
        for code in list_currencies():
            symbols.setdefault(get_currency_symbol(code, locale), set()).add(code)
    return {symbol: frozenset(codes) for symbol, codes in symbols.items()}


def normalised_mark(mark: str) -> str:
    """"￥" -> "¥", "eur" -> "EUR": one spelling per mark."""
    return unicodedata.normalize("NFKC", mark).strip().upper()


@cache
def currencies_of(mark: str) -> frozenset[str]:
    """The ISO codes a mark may stand for; empty when none is known."""
    mark = normalised_mark(mark)
    if mark in _ALIASES:
        return frozenset({_ALIASES[mark]})
    if mark.isalpha() and mark.isascii():
        return frozenset({mark}) & frozenset(list_currencies())
    if len(mark) > 1:  # "HK$", "US$": that exact symbol
        return _symbols().get(mark, frozenset())
    # A bare symbol: itself, or the same sign after a country's letters ("CN¥", "A$").
    return frozenset(
        code
        for symbol, codes in _symbols().items()
        if symbol == mark or (symbol.endswith(mark) and symbol[:-1].isalpha() and len(symbol) <= 3)
        for code in codes
    )


def currency_mismatch(marks: Iterable[str], currency: str) -> str | None:
    """A warning naming each mark that cannot be `currency`; None when all can."""
    foreign = []
    for mark in sorted({normalised_mark(m) for m in marks}):
        candidates = currencies_of(mark)
        if currency not in candidates:
            known = f" ({' or '.join(sorted(candidates))})" if candidates and len(candidates) <= 3 else ""
            foreign.append(f"{mark}{known}")
    if not foreign:
        return None
    return (
        f"The file's amounts carry {', '.join(foreign)}, but the shop's amounts are in {currency}. They are "
        "imported as written, without conversion: check that the file belongs to this shop."
    )
