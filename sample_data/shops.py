"""The sample shops by locale: `python -m sample_data --locale en|zh`."""

from __future__ import annotations

from sample_data.catalog import EUROPEAN_SHOP, ShopProfile
from sample_data.catalog_zh import CHINESE_SHOP

DEFAULT_LOCALE = "en"
SHOPS: dict[str, ShopProfile] = {shop.locale: shop for shop in (EUROPEAN_SHOP, CHINESE_SHOP)}
