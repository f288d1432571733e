"""The shop the current script run shows: its currency and retail calendar.

`setup_page` reads it once per run (`use_shop`); money formats and the event
marks read it from here (`current_shop`) at draw time. A context variable, like
the language (`i18n`): each session's run has its own, and nothing cached
depends on it unless passed in as an argument.
"""

from __future__ import annotations

from contextvars import ContextVar

from services.shop import DEFAULT_SHOP, Shop, ShopSettingsError
from ui import loaders
from ui.states import stop_with_database_problem

_shop: ContextVar[Shop] = ContextVar("shop", default=DEFAULT_SHOP)


def use_shop(db_url: str) -> Shop:
    """Read the shop's settings for this run; a setting that cannot be used
    (a bad INVENTORY_CURRENCY) ends the run in the error panel."""
    try:
        shop = loaders.shop(db_url)
    except ShopSettingsError as problem:
        stop_with_database_problem(str(problem), db_url)
    _shop.set(shop)
    return shop


def current_shop() -> Shop:
    return _shop.get()
