"""The shop's settings, stored with its data: the currency its amounts are in
and the retail calendar it follows. `python -m sample_data` stores both; the
importer stores the currency (`--currency`, or the Data page's choice).

Values are checked before they are written, so a reader can trust them:
a currency is an ISO 4217 code CLDR knows (Babel's list), a calendar one of
`analytics.events.CALENDARS`, passed in by the caller (data_access imports
nothing above it). `services.shop` adds the defaults and the override.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from babel.numbers import UnknownCurrencyError, validate_currency
from sqlalchemy.engine import Connection

from data_access.schema import shop_settings

CURRENCY = "currency"
CALENDAR = "calendar"
DEFAULT_CURRENCY = "EUR"
"""What amounts are shown in while none is stored: the dashboard showed euro before currencies were stored."""


def check_currency(code: str) -> str:
    """The ISO 4217 code `code` names ("cny" -> "CNY"); ValueError naming the fix otherwise."""
    normalised = code.strip().upper()
    try:
        validate_currency(normalised)
    except UnknownCurrencyError:
        raise ValueError(
            f"'{code}' is not a currency code. Use an ISO 4217 code such as EUR, CNY, USD, GBP or JPY."
        ) from None
    return normalised


def read_settings(conn: Connection) -> dict[str, str]:
    """Every stored setting by name; empty for a database that has none yet."""
    return {name: value for name, value in conn.execute(sa.select(shop_settings.c.name, shop_settings.c.value))}


def write_settings(conn: Connection, settings: Mapping[str, str]) -> None:
    """Store `settings` (name -> value), replacing those already stored, inside
    the caller's transaction: with the rows they describe."""
    stored = read_settings(conn)
    for name, value in settings.items():
        if name in stored:
            conn.execute(shop_settings.update().where(shop_settings.c.name == name).values(value=value))
        else:
            conn.execute(shop_settings.insert().values(name=name, value=value))
