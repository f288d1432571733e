"""Dates, numbers and discounts as real exports write them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data_access.importer import AmbiguousDates, OptionProblem
from data_access.importer.parsing import (
    DateOrder,
    as_fraction,
    choose_date_reading,
    decimal_separators,
    parse_dates,
    parse_numbers,
)


def _text(*values: str) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def _read_dates(*values: str, date_format: str | None = None) -> tuple[list[str | None], str]:
    series = _text(*values)
    reading = choose_date_reading({"date": series}, date_format)
    parsed = parse_dates(series, reading)
    return [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in parsed], reading.note


@pytest.mark.parametrize(
    ("values", "expected", "note"),
    [
        (
            ("2025-01-31", "2025/2/1", "20250203", "2025年2月4日"),
            ["2025-01-31", "2025-02-01", "2025-02-03", "2025-02-04"],
            "year first",
        ),
        (("2025-01-31 14:22", "2025-02-01T08:00:05Z"), ["2025-01-31", "2025-02-01"], "year first"),
        (("31/01/2025", "01/02/2025", "3.2.25"), ["2025-01-31", "2025-02-01", "2025-02-03"], "day first: '31/01/2025'"),
        (("01/31/2025", "02/01/2025 3:45 PM"), ["2025-01-31", "2025-02-01"], "month first: '01/31/2025'"),
        (("13-01-2025 09:15:00", "01-02-2025"), ["2025-01-13", "2025-02-01"], "day first"),
        (("05/05/2025", "2025-01-01"), ["2025-05-05", "2025-01-01"], "read the same"),
    ],
    ids=["iso-forms", "iso-with-time", "day-first", "month-first-with-time", "day-first-with-time", "same-either-way"],
)
def test_dates_in_every_common_form(values, expected, note):
    parsed, told = _read_dates(*values)
    assert parsed == expected
    assert note in told


def test_ambiguous_dates_are_never_guessed():
    with pytest.raises(AmbiguousDates, match=r"ambiguous.*'01/02/2025'.*--date-format DMY"):
        _read_dates("01/02/2025", "03/04/2025")


@pytest.mark.parametrize(
    ("date_format", "expected"),
    [("DMY", "2025-02-01"), ("MDY", "2025-01-02"), ("%d/%m/%Y", "2025-02-01"), ("%m/%d/%Y", "2025-01-02")],
)
def test_ambiguous_dates_read_as_the_user_says(date_format, expected):
    assert _read_dates("01/02/2025", date_format=date_format)[0] == [expected]


def test_a_chosen_order_does_not_accept_dates_it_cannot_read():
    assert _read_dates("31/01/2025", "not a date", "", date_format="MDY")[0] == [None, None, None]
    assert _read_dates("31/01/2025", date_format="YMD")[0] == [None]


def test_a_mix_of_orders_must_be_settled_by_the_user():
    with pytest.raises(AmbiguousDates, match="mix two orders: '31/01/2025' can only be day first, '01/31/2025'"):
        _read_dates("31/01/2025", "01/31/2025")


def test_an_unknown_date_format_is_refused():
    with pytest.raises(OptionProblem, match="Unknown date format 'sometimes'"):
        _read_dates("2025-01-01", date_format="sometimes")


def test_impossible_dates_are_not_dates():
    assert _read_dates("31/02/2025", "31/01/2025")[0] == [None, "2025-01-31"]


def test_the_date_order_is_decided_across_all_date_columns():
    reading = choose_date_reading({"ordered_on": _text("01/02/2025"), "received_on": _text("20/02/2025")}, None)
    assert reading.order is DateOrder.DAY_FIRST


def _numbers(*values: str, decimal: str | None = None) -> list[float | None]:
    series = _text(*values)
    decimal = decimal or decimal_separators({"x": series})["x"]
    return [None if math.isnan(v) else v for v in parse_numbers(series, decimal).values]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("1,234.56", "1234.5", "12"), [1234.56, 1234.5, 12.0]),
        (("1.234,56", "12,5", "3"), [1234.56, 12.5, 3.0]),
        (("€ 12.50", "$1,000", "£3", "¥88", "12 EUR", "USD 7.25", "CNY 5"), [12.5, 1000.0, 3.0, 88.0, 12.0, 7.25, 5.0]),
        (("1 234,50 €", "2 000,00 €"), [1234.5, 2000.0]),
        (("(12.50)", "-3", "+4"), [-12.5, -3.0, 4.0]),
        (("1.5e3",), [1500.0]),
        (("abc", "12abc", "1,2,3", "", "--1"), [None, None, None, None, None]),
    ],
    ids=[
        "thousands-comma",
        "decimal-comma",
        "currencies",
        "spaces-as-thousands",
        "negatives",
        "exponent",
        "not-numbers",
    ],
)
def test_numbers_as_exports_write_them(values, expected):
    assert _numbers(*values) == expected


def test_the_decimal_comma_is_decided_for_the_whole_file():
    separators = decimal_separators({"quantity": _text("1.234", "5"), "unit_price": _text("12,50")})
    assert separators == {"quantity": ",", "unit_price": ","}
    assert _numbers("1.234", decimal=",") == [1234.0]


def test_with_both_separators_in_a_file_each_column_decides():
    separators = decimal_separators({"a": _text("1.234,5"), "b": _text("2.5"), "c": _text("7")})
    assert separators == {"a": ",", "b": ".", "c": "."}


@pytest.mark.parametrize("written", ["20", "20%", "0.2", "20 %", "0,2"])
def test_a_discount_of_20_or_20_percent_or_0_2_is_a_fifth(written):
    decimal = decimal_separators({"discount": _text(written)})["discount"]
    assert as_fraction(parse_numbers(_text(written), decimal)).tolist() == [pytest.approx(0.2)]


def test_discount_edges():
    fractions = as_fraction(parse_numbers(_text("1", "0", "100", "0.5%", "150"), "."))
    assert fractions.tolist() == pytest.approx([1.0, 0.0, 1.0, 0.005, 1.5])
