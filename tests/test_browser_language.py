"""The dashboard in Chinese in a real browser (Chromium with Debian's
fonts-noto-cjk, so the screenshots show Chinese, not boxes): a `lang=zh`
link, a Chinese browser without one, the sidebar switch keeping the view, a
shop in yuan, and every page of a Chinese shop in Chinese. Each leaves a
screenshot in test-artifacts/screenshots/ (zh_<page>.png for the pages: the
README's Chinese screenshots). That no English word is left on a page is
tests/test_page_words.py's (AppTest reads every element's text)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from data_access.engine import make_engine
from i18n import translations
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from services import replenishment
from tests.support.browser import (  # expect: playwright's, None without it
    OVERVIEW,
    PAGES,
    TIMEOUT_MS,
    VIEWPORT,
    BrowserPage,
    expect,
    expect_query,
    metric_value,
    open_page,
    save_screenshot,
    sidebar_link,
    wait_for_page,
)

pytest_plugins = ["tests.support.browser_fixtures"]

OVERVIEW_ZH = BrowserPage("概览", "", "chart_revenue_trend", "overview_zh")
CHINESE_TITLES = ("概览", "销售额", "库存健康", "趋势", "预测", "数据")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _switch_button(page, words: str):
    return page.locator(".st-key-language_switch button").filter(has_text=words)


def test_the_overview_in_chinese_from_a_link(page, app_server):
    open_page(page, app_server, OVERVIEW_ZH, "lang=zh")

    assert page.title() == "概览 · 库存分析"
    for title in CHINESE_TITLES:
        expect(sidebar_link(page, title)).to_be_visible()
    expect(page.locator(".st-key-attention_links a", has_text="当前缺货：").filter(visible=True)).to_be_visible()
    expect(page.locator(".st-key-filter_preset input")).to_have_value("近90天")
    expect(_switch_button(page, "中文")).to_be_visible()
    text = page.locator('[data-testid="stApp"]').inner_text()
    assert len(HAN.findall(text)) > 50, text[:500]
    expect_query(page, lang=["zh"], preset=["last-90-days"])
    path = save_screenshot(page, "overview_zh")
    assert path.stat().st_size > 20_000, f"{path} is suspiciously small"


def test_a_chinese_browser_gets_chinese_without_asking(browser, app_server):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        open_page(page, app_server, OVERVIEW_ZH, chart=False)
        expect_query(page, lang=["zh"])
    finally:
        context.close()


def test_the_switch_keeps_the_view(page, app_server):
    open_page(page, app_server, OVERVIEW, "preset=last-30-days&warehouse=BER", chart=False)
    revenue = metric_value(page, "net_revenue").inner_text()

    _switch_button(page, "中文").click()

    wait_for_page(page, OVERVIEW_ZH, chart=False)
    expect_query(page, lang=["zh"], preset=["last-30-days"], warehouse=["BER"])
    expect(page.locator(".st-key-filter_warehouses [data-tag] [title]")).to_have_text(["BER"])
    expect(metric_value(page, "net_revenue")).to_have_text(revenue)  # the same number, other words
    sidebar_link(page, "趋势").click()
    wait_for_page(page, BrowserPage("趋势", "Trends", "chart_trend", "trends_zh"), chart=False)
    expect_query(page, lang=["zh"], preset=["last-30-days"], warehouse=["BER"])


@pytest.fixture(scope="module")
def chinese_shop(tmp_path_factory) -> str:
    """A Chinese shop with a forecast and a plan, so every page shows its content."""
    path = tmp_path_factory.mktemp("zh_shop") / "shop.duckdb"
    config = SimulationConfig(products=40, warehouses=3, days=400, end_date=date(2025, 12, 31), seed=5, locale="zh")
    generate_into(f"duckdb:///{path}", config, replace=True)
    engine = make_engine(f"duckdb:///{path}")
    replenishment.forecast_then_plan(engine)
    engine.dispose()
    return f"duckdb:///{path}"


@pytest.fixture(scope="module")
def chinese_server(browser, chinese_shop, new_app_server):
    with new_app_server(chinese_shop) as base_url:
        yield base_url


def _in_chinese(target: BrowserPage) -> BrowserPage:
    title = translations("zh").gettext(target.title)
    return BrowserPage(title, target.path, target.chart_key, f"zh_{target.screenshot}")


@pytest.mark.parametrize("target", PAGES, ids=[p.screenshot for p in PAGES])
def test_every_page_of_a_chinese_shop_in_chinese_leaves_a_screenshot(page, chinese_server, target):
    chinese = _in_chinese(target)
    open_page(page, chinese_server, chinese, "lang=zh")

    assert page.title().startswith(chinese.title)
    for other in PAGES:
        expect(sidebar_link(page, _in_chinese(other).title)).to_be_visible()
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert len(HAN.findall(text)) > 40, text[:500]
    path = save_screenshot(page, chinese.screenshot)
    assert path.stat().st_size > 20_000, f"{path} is suspiciously small"


def test_a_chinese_shop_in_yuan(page, browser, chinese_shop, new_app_server):
    with new_app_server(chinese_shop) as base_url:
        open_page(page, base_url, OVERVIEW_ZH, "lang=zh")
        expect(metric_value(page, "net_revenue")).to_have_text(re.compile(r"^¥\d{1,3}(,\d{3})*$"))
        expect(metric_value(page, "average_order_value")).to_have_text(re.compile(r"^¥[\d,]+\.\d\d$"))
        expect(page.locator(".st-key-filter_warehouses input")).to_be_visible()
        path = save_screenshot(page, "overview_zh_shop")
        assert path.stat().st_size > 20_000, f"{path} is suspiciously small"
