"""How numbers read on screen: the formats that st.metric, st.column_config
and Plotly share (the browser applies them), money in the shop's currency
with that currency's symbol and decimals in the current language (CLDR, via
`i18n.formats`).

The browser's printf and d3 formats group thousands with "," and mark
decimals with ".", as both languages do (tests/test_formats.py checks it).
"""

from __future__ import annotations

import math

from i18n import N_
from i18n.formats import MoneyFormat, money_format
from ui.shop import current_shop

# printf-style formats for st.metric(format=...) and st.column_config.NumberColumn.
COUNT_FORMAT = "%,d"
PERCENT_FORMAT = "%.1f%%"
DECIMAL_FORMAT = "%.1f"
DAYS_FORMAT = N_("%.0f d")  # words: translate when used, _(DAYS_FORMAT)


def money() -> MoneyFormat:
    """The shop's currency as the current language writes it."""
    return money_format(current_shop().currency)


def money_printf(*, cents: bool = False) -> str:
    """"€%,.0f"; with `cents`, the currency's own decimals ("€%,.2f", "JP¥%,.0f")."""
    shown = money()
    decimals = shown.decimals if cents else 0
    return f"{_printf_text(shown.prefix)}%,.{decimals}f{_printf_text(shown.suffix)}"


def _printf_text(text: str) -> str:
    return text.replace("%", "%%")


def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
