"""How numbers read on screen: one place for the currency and the formats that
st.metric and st.column_config share (the browser applies them)."""

from __future__ import annotations

import math

CURRENCY = "€"

# printf-style formats for st.metric(format=...) and st.column_config.NumberColumn.
MONEY_FORMAT = f"{CURRENCY}%,.0f"
MONEY_CENTS_FORMAT = f"{CURRENCY}%,.2f"
COUNT_FORMAT = "%,d"
PERCENT_FORMAT = "%.1f%%"
DECIMAL_FORMAT = "%.1f"
DAYS_FORMAT = "%.0f d"


def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
