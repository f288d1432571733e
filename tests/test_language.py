"""The dashboard in Chinese and English (AppTest): the language comes from the
link, the switch or the browser, survives page switches and stays in the URL
beside the filters; a link opens the same view in either language. The
shop's settings drive the pages: money in its currency's symbol and decimals
in both languages, and the Trends markers from its retail calendar.

That every text of every page is in the page's language is
tests/test_page_words.py's; these tests look at the language itself and at
what must not change with it (the view, the numbers, the data's ids)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from data_access.config import ENV_VAR
from i18n import SOURCE_LANGUAGE
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from tests.support.app_db import assert_clean, fresh_caches, open_app, simulated_url, use_simulated  # noqa: F401
from tests.support.language import test_speaks  # noqa: F401 (fixture)
from ui.language import LANGUAGE_KEY, SWITCH_KEY, initial_language

PAGES = {  # page -> its title in Chinese
    "app.py": "概览",
    "pages/1_Revenue.py": "销售额",
    "pages/2_Stock_health.py": "库存健康",
    "pages/3_Trends.py": "趋势",
    "pages/5_Forecast.py": "预测",
    "pages/6_Replenishment.py": "补货",
    "pages/7_Peak_readiness.py": "大促备货",
    "pages/8_Suppliers.py": "供应商",
    "pages/9_Cash.py": "资金与分类",
    "pages/4_Data.py": "数据",
}  # in the sidebar's order
CHINESE_SHOP = SimulationConfig(products=30, warehouses=3, days=120, end_date=date(2025, 12, 31), seed=4, locale="zh")


@pytest.mark.parametrize(
    "url, browser, language",
    [
        (["zh"], None, "zh"),
        (["zh"], "en-US", "zh"),  # the link wins over the browser
        ([], "zh-CN", "zh"),
        ([], "en-GB", "en"),
        ([], "fr-FR", "en"),
        ([], None, "en"),
        (["klingon"], "zh-TW", "zh"),  # a bad link value falls back to the browser
        (["en", "zh"], None, "zh"),  # the last value, as for the other keys
    ],
)
def test_the_first_language_of_a_session(url, browser, language):
    assert initial_language(url, browser) == language


def _sidebar_links(at) -> list[str]:
    return [link.proto.label for link in at.sidebar.get("page_link")]


def _switch(at):
    return at.sidebar.get("button_group")[0]


@pytest.mark.usefixtures("use_simulated")
@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_link_opens_every_page_in_chinese(page):
    at = open_app(page, query_params={"lang": "zh"})

    assert_clean(at)
    assert at.title[0].value == PAGES[page]
    assert _sidebar_links(at) == list(PAGES.values())
    assert _switch(at).value == "zh" and at.session_state[LANGUAGE_KEY] == "zh"
    assert at.query_params["lang"] == "zh"


@pytest.mark.usefixtures("use_simulated")
def test_without_a_link_or_a_browser_language_the_dashboard_speaks_english_and_says_so_in_the_url():
    at = open_app(query_params={"lang": "<script>"})  # a hostile value is ignored

    assert_clean(at)
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] == SOURCE_LANGUAGE


@pytest.mark.usefixtures("use_simulated")
def test_switching_language_keeps_the_view_and_the_language_follows_page_switches(test_speaks):
    at = open_app()
    at.sidebar.selectbox(key="filter_preset").set_value("last-30-days").run()
    at.sidebar.multiselect(key="filter_warehouses").set_value(["BER"]).run()
    english = {m.label: m.value for m in at.metric}
    filters = dict(at.query_params)

    _switch(at).set_value("zh").run()
    test_speaks("zh")

    assert_clean(at)
    assert at.title[0].value == "概览"
    assert at.query_params == {**filters, "lang": "zh"}
    assert at.sidebar.selectbox(key="filter_preset").value == "last-30-days"
    assert "近30天" in at.sidebar.selectbox(key="filter_preset").options
    assert at.sidebar.multiselect(key="filter_warehouses").value == ["BER"]
    assert [m.value for m in at.metric] == list(english.values())  # the same numbers, other words
    links = [link.proto.label for link in at.container("attention_links").get("page_link")]
    assert links[0].startswith("当前缺货："), links  # an alert's title and count

    for page in ("pages/3_Trends.py", "pages/2_Stock_health.py"):
        at.switch_page(page).run()
        assert_clean(at)
        assert at.title[0].value == PAGES[page] and at.session_state[SWITCH_KEY] == "zh"

    _switch(at).set_value("en").run()
    test_speaks("en")
    assert at.title[0].value == "Stock health" and at.query_params["lang"] == "en"


def test_a_link_made_in_one_language_opens_the_same_view_in_the_other(use_simulated):
    view = {"preset": "custom", "start": "2025-10-01", "end": "2025-11-30", "compare": "same-period-last-year",
            "warehouse": ["BER", "PAR"]}  # fmt: skip

    english = open_app("pages/1_Revenue.py", query_params={**view, "lang": "en"})
    chinese = open_app("pages/1_Revenue.py", query_params={**view, "lang": "zh"})

    assert_clean(chinese)
    assert chinese.title[0].value == "销售额" and english.title[0].value == "Revenue"
    assert len(chinese.dataframe) == len(english.dataframe) > 0
    for in_chinese, in_english in zip(chinese.dataframe, english.dataframe):
        pd.testing.assert_frame_equal(in_chinese.value, in_english.value)
    assert {key: value for key, value in chinese.query_params.items() if key != "lang"} == {
        key: value for key, value in english.query_params.items() if key != "lang"
    }


# --- the shop's currency and calendar -------------------------------------------------------------


@pytest.fixture(scope="module")
def chinese_shop_url(tmp_path_factory) -> str:
    url = f"duckdb:///{tmp_path_factory.mktemp('zh_shop') / 'shop.duckdb'}"
    generate_into(url, CHINESE_SHOP, replace=True)
    return url


def _tile_format(at, key: str) -> str:
    return at.container(f"metric_{key}").metric[0].proto.format


def _column_format(at, key: str, column: str) -> str:
    config = json.loads(at.container(f"table_{key}").dataframe[0].proto.columns)
    return config[column]["type_config"]["format"]


@pytest.mark.parametrize("language, symbol", [("zh", "¥"), ("en", "CN¥")])
def test_a_shop_in_yuan_shows_yuan_in_both_languages(chinese_shop_url, monkeypatch, language, symbol):
    monkeypatch.setenv(ENV_VAR, chinese_shop_url)

    overview = open_app(query_params={"lang": language})
    revenue = open_app("pages/1_Revenue.py", query_params={"lang": language})

    assert_clean(overview)
    assert_clean(revenue)
    assert _tile_format(overview, "net_revenue") == f"{symbol}%,.0f"
    assert _tile_format(overview, "average_order_value") == f"{symbol}%,.2f"
    assert _column_format(revenue, "top_products", "revenue") == f"{symbol}%,.0f"
    assert _column_format(revenue, "categories", "margin") == f"{symbol}%,.0f"


def test_the_currency_override_wins_over_the_stored_one(chinese_shop_url, monkeypatch):
    monkeypatch.setenv(ENV_VAR, chinese_shop_url)
    monkeypatch.setenv("INVENTORY_CURRENCY", "jpy")

    at = open_app(query_params={"lang": "zh"})

    assert _tile_format(at, "average_order_value") == "JP¥%,.0f"  # no minor unit


def test_a_bad_currency_override_is_one_error_panel(chinese_shop_url, monkeypatch):
    monkeypatch.setenv(ENV_VAR, chinese_shop_url)
    monkeypatch.setenv("INVENTORY_CURRENCY", "yuan")

    at = open_app()

    assert not at.exception
    assert "INVENTORY_CURRENCY: 'yuan' is not a currency code" in at.error[0].value


def test_the_trends_markers_follow_the_shop_s_calendar(chinese_shop_url, monkeypatch):
    monkeypatch.setenv(ENV_VAR, chinese_shop_url)

    at = open_app("pages/3_Trends.py", query_params={"lang": "zh"})

    assert_clean(at)
    (chart,) = [chart for chart in at.get("plotly_chart") if chart.key == "chart_trend"]
    marks = {annotation["text"] for annotation in json.loads(chart.proto.spec)["layout"]["annotations"]}
    assert marks == {"双11预售", "双11", "双12"}  # the last 90 days of 2025, in the Chinese calendar


@pytest.mark.parametrize(
    "url, says",
    [
        ("postgresql+psycopg://manager:Sup3rSecret@127.0.0.1:9/inventory", "无法打开数据库"),
        ("inventory database on the shared drive", "不是数据库 URL"),
    ],
)
def test_a_database_problem_is_explained_in_chinese_without_the_password(monkeypatch, url, says):
    monkeypatch.setenv(ENV_VAR, url)

    at = open_app(query_params={"lang": "zh"})

    assert not at.exception and len(at.error) == 1
    message = at.error[0].value
    assert says in message and "INVENTORY_DB_URL" in message and "Sup3rSecret" not in message
