"""What the shop is, for every page and command: the currency its amounts
are in and the retail calendar it follows.

Both are stored with the data (`data_access.shop_settings`). A database that
stores no currency shows euro, as the dashboard always did, and the Data page
asks for it; `INVENTORY_CURRENCY` overrides the stored one (for a database
whose currency cannot be stored, or to correct a wrong one without
re-importing). A database without a calendar follows the European one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from analytics.events import DEFAULT_CALENDAR, check_calendar
from data_access.shop_settings import CALENDAR, CURRENCY, DEFAULT_CURRENCY, check_currency
from services.reads import Reads

CURRENCY_ENV_VAR = "INVENTORY_CURRENCY"


@dataclass(frozen=True)
class Shop:
    currency: str  # ISO 4217 code
    calendar: str  # one of analytics.events.CALENDARS
    currency_stored: bool = False  # False: the database holds none; the Data page asks for it


DEFAULT_SHOP = Shop(DEFAULT_CURRENCY, DEFAULT_CALENDAR)


class ShopSettingsError(ValueError):
    """A setting cannot be used; the message names it and the fix."""


def currency_override() -> str | None:
    """INVENTORY_CURRENCY's code, checked; None when unset."""
    value = os.environ.get(CURRENCY_ENV_VAR, "").strip()
    if not value:
        return None
    try:
        return check_currency(value)
    except ValueError as problem:
        raise ShopSettingsError(f"{CURRENCY_ENV_VAR}: {problem}") from None


def shop(reads: Reads) -> Shop:
    """The shop's settings: stored values, the override, then the defaults."""
    stored = reads.shop_settings()
    try:
        calendar = check_calendar(stored.get(CALENDAR, DEFAULT_CALENDAR))
    except ValueError as problem:  # written by a newer version that knows more calendars
        raise ShopSettingsError(f"The database's retail calendar cannot be used: {problem}") from None
    currency = currency_override() or stored.get(CURRENCY) or DEFAULT_CURRENCY
    return Shop(currency=currency, calendar=calendar, currency_stored=CURRENCY in stored)
