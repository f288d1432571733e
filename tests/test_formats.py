"""Numbers, dates and money per language (CLDR through Babel), and the
formats the browser applies: the shop's currency with its own symbol and
decimals, in both languages."""

from __future__ import annotations

import contextvars
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol

import i18n
from i18n.formats import (
    LOCALES,
    MoneyFormat,
    current_currencies,
    currency_name,
    format_date,
    format_date_range,
    format_money,
    format_number,
    format_percent_points,
    money_format,
)
from services.shop import Shop
from ui import tables
from ui.charts import in_language_dates
from ui.filter_state import describe_range
from ui.formatting import money_printf
from ui.metrics import Kind, delta_text
from ui.shop import _shop


def test_numbers_and_percentages():
    assert format_number(1234567.4, language="en") == "1,234,567"
    assert format_number(1234.56, 1, language="zh") == "1,234.6"
    assert format_percent_points(12.345, language="en") == "12.3%"
    assert format_percent_points(-3.0, 0, language="zh") == "-3%"


@pytest.mark.parametrize(
    "language, day, span, long_span",
    [
        ("en", "11 Nov 2025", "1–11 Nov 2025", "1 Oct 2025\u2009–\u200911 Jan 2026"),  # thin spaces, as CLDR has
        ("zh", "2025年11月11日", "2025年11月1日至11日", "2025年10月1日至2026年1月11日"),
    ],
)
def test_dates_and_ranges(language, day, span, long_span):
    assert format_date(date(2025, 11, 11), language) == day
    assert format_date_range(date(2025, 11, 1), date(2025, 11, 11), language) == span
    assert format_date_range(date(2025, 10, 1), date(2026, 1, 11), language) == long_span
    assert format_date_range(date(2025, 11, 11), date(2025, 11, 11), language) == day


@pytest.mark.parametrize(
    "currency, language, exact, whole",
    [
        ("EUR", "en", "€1,234.50", "€1,234"),  # half to even, as Babel rounds
        ("EUR", "zh", "€1,234.50", "€1,234"),
        ("CNY", "zh", "¥1,234.50", "¥1,234"),
        ("CNY", "en", "CN¥1,234.50", "CN¥1,234"),  # in English, ¥ alone would be the yen
        ("JPY", "en", "JP¥1,234", "JP¥1,234"),  # the yen has no minor unit
    ],
)
def test_money_has_its_currency_s_symbol_and_decimals_in_each_language(currency, language, exact, whole):
    assert format_money(1234.5, currency, language=language) == exact
    assert format_money(1234.5, currency, whole=True, language=language) == whole


def test_money_formats_for_the_browser():
    assert money_format("CNY", "zh") == MoneyFormat("CNY", prefix="¥", suffix="", decimals=2)
    assert money_format("CNY", "en") == MoneyFormat("CNY", prefix="CN¥", suffix="", decimals=2)
    assert money_format("JPY", "zh").decimals == 0


@pytest.mark.parametrize("language", LOCALES)
def test_both_languages_group_and_mark_decimals_as_the_browser_formats_do(language):
    """st.column_config and Plotly write "1,234.5" whatever the language: right for both of ours."""
    assert (get_group_symbol(LOCALES[language]), get_decimal_symbol(LOCALES[language])) == (",", ".")


def _in(language: str, currency: str, draw):
    def run():
        i18n.set_language(language)
        _shop.set(Shop(currency, "europe", currency_stored=True))
        return draw()

    return contextvars.copy_context().run(run)


@pytest.mark.parametrize(
    "language, currency, whole, cents",
    [("en", "EUR", "€%,.0f", "€%,.2f"), ("zh", "CNY", "¥%,.0f", "¥%,.2f"), ("en", "JPY", "JP¥%,.0f", "JP¥%,.0f")],
)
def test_tiles_and_tables_format_money_in_the_shop_s_currency(language, currency, whole, cents):
    assert _in(language, currency, lambda: (money_printf(), money_printf(cents=True))) == (whole, cents)
    assert _in(language, currency, lambda: (Kind.MONEY.format, Kind.MONEY_CENTS.format)) == (whole, cents)


def test_a_change_in_money_from_nothing_shows_the_shop_s_symbol():
    assert _in("zh", "CNY", lambda: delta_text(1500.0, 0.0, Kind.MONEY)) == "+¥1,500"
    assert _in("en", "CNY", lambda: delta_text(-1500.0, 0.0, Kind.MONEY)) == "-CN¥1,500"
    assert delta_text(1500.0, 0.0, Kind.MONEY) == "+€1,500"  # no shop read yet: the default, euro


def test_the_currencies_a_shop_can_choose_are_today_s_with_names_in_each_language():
    codes = current_currencies()
    assert {"EUR", "CNY", "USD", "JPY", "GBP"} <= set(codes) and "DEM" not in codes  # no Deutsche Mark
    assert (currency_name("CNY", "zh"), currency_name("CNY", "en")) == ("人民币", "Chinese Yuan")


def test_without_a_language_the_current_one_is_used():
    assert contextvars.copy_context().run(lambda: (i18n.set_language("zh"), format_date(date(2026, 2, 17)))[1]) == (
        "2026年2月17日"
    )
    assert format_date(date(2026, 2, 17)) == "17 Feb 2026"


def _speaking(language: str, run):
    return contextvars.copy_context().run(lambda: (i18n.set_language(language), run())[1])


@pytest.mark.parametrize(
    "language, ninety_days, one_day",
    [
        ("en", "3 Oct\u2009–\u200931 Dec 2025 (90 days)", "31 Dec 2025 (1 day)"),  # thin spaces, as CLDR writes
        ("zh", "2025年10月3日至12月31日（90天）", "2025年12月31日（1天）"),
    ],
)
def test_the_sidebar_describes_a_range_in_each_language(language, ninety_days, one_day):
    assert _speaking(language, lambda: describe_range(date(2025, 10, 3), date(2025, 12, 31))) == ninety_days
    assert _speaking(language, lambda: describe_range(date(2025, 12, 31), date(2025, 12, 31))) == one_day


@pytest.mark.parametrize(
    "language, points, format_", [("en", "+1.2 pp", "%+.1f pp"), ("zh", "+1.2 个百分点", "%+.1f 个百分点")]
)
def test_a_change_in_percentage_points_reads_in_each_language(language, points, format_):
    assert _speaking(language, lambda: delta_text(13.7, 12.5, Kind.PERCENT)) == points
    assert _speaking(language, lambda: tables.points("Δ")["type_config"]["format"]) == format_


def test_chinese_charts_write_their_dates_in_chinese_and_leave_number_axes_alone():
    figure = go.Figure(go.Scatter(x=pd.to_datetime(["2025-11-03", "2025-11-10"]), y=[1, 2],
                                  hovertemplate="%{x|%d %b %Y}: %{y}<extra></extra>"))  # fmt: skip
    figure.add_trace(go.Bar(x=[1.0, 2.0], y=[3, 4], xaxis="x2", yaxis="y2"))

    shown = _speaking("zh", lambda: in_language_dates(figure.to_dict()))

    assert shown["data"][0]["hovertemplate"] == "%{x|%Y年%-m月%-d日}: %{y}<extra></extra>"
    assert shown["layout"]["xaxis"]["hoverformat"] == "%Y年%-m月%-d日"
    assert [stop["value"] for stop in shown["layout"]["xaxis"]["tickformatstops"]] == [
        "%-m月%-d日<br>%Y年", "%Y年%-m月", "%Y年"
    ]
    assert "tickformatstops" not in shown["layout"].get("xaxis2", {})  # a number axis keeps d3's number format
