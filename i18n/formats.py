"""Numbers, percentages, dates and money as each language writes them, by
Babel from CLDR's data: "11 Nov 2025" / "2025年11月11日", "€1,234.50" /
"¥1,234.50", and a currency's own symbol and decimals (JPY has none).

Streamlit-free, so the dashboard and the commands (the digest) write alike.
Each function takes an optional `language` (one of `i18n.LANGUAGES`) and
defaults to the current one. The browser formats some numbers itself
(st.column_config, Plotly); `money_format` gives it the symbol, its place and
the decimals, so those agree with these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.core import get_global
from babel.dates import format_date as babel_date
from babel.dates import format_interval, format_skeleton
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    get_territory_currencies,
)

from i18n import current_language

# The CLDR locale each language formats with: British English writes
# "11 Nov 2025" (American English would write "Nov 11, 2025").
LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}


@cache
def babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(LOCALES[language])
    except KeyError:
        raise ValueError(f"Unknown language {language!r}; known: {', '.join(LOCALES)}.") from None


def _locale(language: str | None) -> Locale:
    return babel_locale(language or current_language())


def format_number(value: float, decimals: int = 0, language: str | None = None) -> str:
    """1234.5 -> "1,235" (or "1,234.5" with one decimal), with the language's separators."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(language), decimal_quantization=True)


def format_percent_points(value: float, decimals: int = 1, language: str | None = None) -> str:
    """A value already in percent (12.5 for 12.5 %) -> "12.5%"."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(value / 100, format=pattern, locale=_locale(language))


def format_date(day: date, language: str | None = None) -> str:
    """"11 Nov 2025" / "2025年11月11日"."""
    return babel_date(day, format="medium", locale=_locale(language))


def format_date_range(start: date, end: date, language: str | None = None) -> str:
    """Both ends, sharing what they share: "1–11 Nov 2025" / "2025年11月1日至11日"."""
    if start == end:
        return format_date(start, language)
    return format_interval(start, end, skeleton="yMMMd", locale=_locale(language))


def format_weekday_range(start: date, end: date, language: str | None = None) -> str:
    """With weekdays, to show which days line up: "Fri, 29 Nov – Mon, 2 Dec 2024" / "2024年11月29日周五至12月2日周一"."""
    if start == end:
        return format_skeleton("yMMMEd", start, locale=_locale(language))
    return format_interval(start, end, skeleton="yMMMEd", locale=_locale(language))


def currency_decimals(currency: str) -> int:
    """The currency's minor digits (CLDR): 2 for EUR and CNY, 0 for JPY."""
    return get_currency_precision(currency)


@cache
def current_currencies() -> list[str]:
    """Every currency some territory pays in today (CLDR), sorted: what a shop may be in."""
    today = date.today()
    territories = get_global("territory_currencies")
    return sorted({code for territory in territories for code in get_territory_currencies(territory, today)})


def currency_name(currency: str, language: str | None = None) -> str:
    """"Euro" / "欧元"."""
    return get_currency_name(currency, locale=_locale(language))


def format_money(value: float, currency: str, *, whole: bool = False, language: str | None = None) -> str:
    """"€1,234.50" / "¥1,234.50"; `whole` rounds to whole units ("€1,235")."""
    locale = _locale(language)
    if not whole:
        return format_currency(value, currency, locale=locale)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    whole_pattern = pattern.replace("#,##0.00", "#,##0")
    return format_currency(value, currency, format=whole_pattern, locale=locale, currency_digits=False)


@dataclass(frozen=True)
class MoneyFormat:
    """How one currency's amounts read in one language, for formats the
    browser applies: prefix and suffix around the number, and the decimals."""

    currency: str
    prefix: str  # "€", "¥"; empty where the symbol follows the number
    suffix: str  # " €" in locales that write it after; empty in ours
    decimals: int


def money_format(currency: str, language: str | None = None) -> MoneyFormat:
    """From the locale's currency pattern ("¤#,##0.00") and the currency's symbol there."""
    return _money_format(currency, language or current_language())


@cache
def _money_format(currency: str, language: str) -> MoneyFormat:
    locale = babel_locale(language)
    symbol = get_currency_symbol(currency, locale=locale)
    pattern = locale.currency_formats["standard"]
    return MoneyFormat(
        currency=currency,
        prefix=pattern.prefix[0].replace("¤", symbol),
        suffix=pattern.suffix[0].replace("¤", symbol),
        decimals=currency_decimals(currency),
    )
