"""The Data page asks for the shop's currency while the database stores none
(guessing it from the file's symbols when they name one), stores the choice
with the import, and warns about symbols that cannot be the shop's currency."""

from __future__ import annotations

import pytest

from data_access.config import ENV_VAR
from data_access.engine import connect, make_engine
from data_access.shop_settings import read_settings
from tests.fixtures_import import SALES_AND_STOCK, import_text
from tests.support.app_db import assert_clean, empty_database, fresh_caches, open_app  # noqa: F401 (fixture)

DATA_PAGE = "pages/4_Data.py"
YUAN_SALES = "Date,SKU,Qty,Price\n2025-03-01,A-1,2,¥12.50\n2025-03-02,A-1,1,¥12.50\n"


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = empty_database(tmp_path)
    monkeypatch.setenv(ENV_VAR, url)
    monkeypatch.setenv("INVENTORY_MAPPINGS_DIR", str(tmp_path / "mappings"))
    monkeypatch.delenv("INVENTORY_CURRENCY", raising=False)
    return url


def _upload(name: str, text: str):
    at = open_app(DATA_PAGE)
    return at.file_uploader(key="upload").set_value((name, text.encode(), "text/csv")).run()


def _stored(url: str) -> dict[str, str]:
    engine = make_engine(url)
    with connect(engine) as conn:
        settings = read_settings(conn)
    engine.dispose()
    return settings


def test_a_database_without_a_currency_asks_for_it_and_stores_the_choice(url):
    at = _upload("sales.csv", SALES_AND_STOCK)
    assert_clean(at)
    currency = at.selectbox(key="import_currency")
    assert currency.value == "EUR"  # no symbol in the file: what the pages show now

    currency.set_value("GBP").run()
    at.button(key="import").click().run()

    assert_clean(at)
    assert _stored(url) == {"currency": "GBP"}
    again = _upload("more.csv", SALES_AND_STOCK)
    assert not [box for box in again.selectbox if box.key == "import_currency"]  # asked once


def test_the_file_s_symbols_suggest_the_currency(url):
    at = _upload("yuan.csv", YUAN_SALES.replace("¥", "元"))
    assert at.selectbox(key="import_currency").value == "CNY"
    assert not at.warning


def test_symbols_that_cannot_be_the_shop_s_currency_are_warned_about(url):
    import_text(url, SALES_AND_STOCK, currency="EUR")

    at = _upload("yuan.csv", YUAN_SALES)

    assert_clean(at)
    assert any("carry ¥ (CNY or JPY), but the shop's amounts are in EUR" in w.value for w in at.warning)
