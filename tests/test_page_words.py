"""Every page speaks one language (issue 16): rendered with AppTest in
Chinese, no English word is left in any element's text but codes meant to be
shown (SKUs, warehouse codes: ALL CAPS) and the allow-list below; in English,
no Chinese character but the language switch's own name for Chinese.

The Chinese pages read a small Chinese sample shop, the English ones the
default European one, each with a forecast and a plan so that Forecast,
Replenishment and Peak readiness show their content, not an empty state.
Pages are found on disk (app.py and pages/*.py), so a page added later is
checked without touching this file. The empty states are checked too: every
page of an empty database, and the planning pages of a shop without a
forecast.
"""

from __future__ import annotations

from datetime import date

import pytest

from data_access.config import ENV_VAR, PROJECT_ROOT
from data_access.engine import make_engine
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from services import replenishment
from tests.support.app_db import SIMULATION, assert_clean, empty_database, fresh_caches, open_app  # noqa: F401
from tests.support.language import test_speaks  # noqa: F401 (fixture)
from tests.support.page_words import chinese_characters, english_words, texts_of

PAGES = ["app.py", *sorted(str(path.relative_to(PROJECT_ROOT)) for path in (PROJECT_ROOT / "pages").glob("*.py"))]
CHINESE_SHOP = SimulationConfig(products=30, warehouses=3, days=400, end_date=date(2025, 12, 31), seed=4, locale="zh")

ALLOWED_ENGLISH = {"English", "Language", "Excel", "Croston"}  # the switch's "English" and "Language · 语言"; names
ALLOWED_CHINESE = {"中文", "语言"}  # ... and Chinese in Chinese; its label is "Language · 语言"


def _shop_with_a_plan(directory, config: SimulationConfig) -> str:
    url = f"duckdb:///{directory / 'shop.duckdb'}"
    generate_into(url, config, replace=True)
    engine = make_engine(url)
    replenishment.forecast_then_plan(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def shops(tmp_path_factory) -> dict[str, str]:
    return {
        "zh": _shop_with_a_plan(tmp_path_factory.mktemp("zh_shop"), CHINESE_SHOP),
        "en": _shop_with_a_plan(tmp_path_factory.mktemp("en_shop"), SIMULATION),
    }


@pytest.fixture(scope="module")
def empty_shops(tmp_path_factory) -> dict[str, str]:
    """An empty database, and a Chinese shop that has never been forecast."""
    unplanned = f"duckdb:///{tmp_path_factory.mktemp('zh_unplanned') / 'shop.duckdb'}"
    generate_into(unplanned, CHINESE_SHOP, replace=True)
    return {"empty": empty_database(tmp_path_factory.mktemp("empty")), "unplanned": unplanned}


def _wrong_words(at, page: str, language: str) -> list[str]:
    wrong = []
    for text in texts_of(at):
        found = english_words(text, ALLOWED_ENGLISH) if language == "zh" else chinese_characters(text, ALLOWED_CHINESE)
        if found:
            wrong.append(f"{page}: {text!r} ({', '.join(dict.fromkeys(found))})")
    return list(dict.fromkeys(wrong))


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_text_of_every_page_is_in_the_page_language(shops, monkeypatch, page, language):
    monkeypatch.setenv(ENV_VAR, shops[language])

    at = open_app(page, query_params={"lang": language})

    assert_clean(at)
    assert list(texts_of(at)), "the page showed nothing to check"
    wrong = _wrong_words(at, page, language)
    assert not wrong, f"{len(wrong)} texts in the wrong language:\n" + "\n".join(wrong)


UNPLANNED_PAGES = ("app.py", "pages/2_Stock_health.py", "pages/5_Forecast.py", "pages/6_Replenishment.py",
                   "pages/7_Peak_readiness.py")  # fmt: skip
EMPTY_STATES = [("empty", page, language) for page in PAGES for language in ("zh", "en")] + [
    ("unplanned", page, "zh") for page in UNPLANNED_PAGES  # a Chinese shop: its data is Chinese in English too
]


@pytest.mark.parametrize("database, page, language", EMPTY_STATES)
def test_empty_states_are_in_the_page_language_too(empty_shops, monkeypatch, database, page, language):
    monkeypatch.setenv(ENV_VAR, empty_shops[database])

    at = open_app(page, query_params={"lang": language})

    assert not at.exception, [e.value for e in at.exception]
    wrong = _wrong_words(at, page, language)
    assert not wrong, f"{len(wrong)} texts in the wrong language:\n" + "\n".join(wrong)


def _widget(at, kind: str, key: str):
    (widget,) = [widget for widget in at.get(kind) if widget.key == key]
    return widget


# (page, the widgets a manager changes there, in order): the texts those choices draw.
INTERACTIONS = [
    ("pages/3_Trends.py", [("radio", "trend_grain", "day"), ("checkbox", "trend_rolling", True),
                           ("radio", "trend_split", "warehouse"), ("selectbox", "trend_metric", "stockout-rate")]),
    ("pages/3_Trends.py", [("radio", "trend_split", "category"), ("selectbox", "trend_metric", "stock-on-hand")]),
    ("pages/2_Stock_health.py", [("radio", "stock_status_measure", "stock-value")]),
    ("pages/5_Forecast.py", [("button_group", "forecast_breakdown", "demand-class")]),
    ("app.py", [("selectbox", "filter_comparison", "same-period-last-year")]),
]  # fmt: skip


@pytest.mark.parametrize("page, steps", INTERACTIONS, ids=[f"{page}-{steps[0][1]}" for page, steps in INTERACTIONS])
def test_what_the_widgets_draw_is_chinese_too(shops, monkeypatch, test_speaks, page, steps):
    monkeypatch.setenv(ENV_VAR, shops["zh"])
    at = open_app(page, query_params={"lang": "zh"})
    test_speaks("zh")

    for kind, key, value in steps:
        _widget(at, kind, key).set_value(value)
        at.run()
        assert _widget(at, kind, key).value == value

    assert_clean(at)
    wrong = _wrong_words(at, page, "zh")
    assert not wrong, f"{len(wrong)} texts in the wrong language:\n" + "\n".join(wrong)
