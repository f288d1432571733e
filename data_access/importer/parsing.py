"""Text cells to dates and numbers, vectorised, with the reading rules
decided once per file and told to the user.

Each rule works on the distinct values of a column (a million rows hold a few
hundred dates and a few thousand prices), then spreads the results back.

Dates: year-first (2025-01-31, 2025/1/31, 20250131, 2025年1月31日), day-first
(31/01/2025, 31.1.25) or month-first (01/31/2025), each with or without a
time (which is dropped: the data is daily). When some day-or-month part is
over 12 the order follows from it; when every date reads both ways the user
must say which (`AmbiguousDates`): never a silent guess.

Numbers: thousands separators, currency symbols and codes (€ $ £ ¥ EUR USD
...), spaces, accounting negatives "(12.50)". The decimal separator is a
comma when the file shows one (1.234,56 or 12,5) and no decimal point
(1,234.56 or 12.5) anywhere; with both kinds in one file, each column
decides for itself.

Discounts: a value with a % sign or above 1 is a percentage, anything else
a fraction: 20, 20% and 0.2 are all a fifth off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from data_access.importer.errors import OptionProblem

_MAX_EXAMPLES = 3


def map_unique(series: pd.Series, parse: Callable[[pd.Series], pd.Series | pd.DataFrame]) -> pd.Series | pd.DataFrame:
    """`parse` applied to the distinct values only, spread back over `series`."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    spread = parse(pd.Series(uniques, dtype=series.dtype)).take(codes)
    spread.index = series.index
    return spread


# --- dates --------------------------------------------------------------------


class DateOrder(StrEnum):
    DAY_FIRST = "day first"
    MONTH_FIRST = "month first"


DATE_FORMAT_WORDS = {"DMY": DateOrder.DAY_FIRST, "MDY": DateOrder.MONTH_FIRST, "YMD": None, "ISO": None}


class AmbiguousDates(OptionProblem):
    """The dates do not tell their order: the user must choose. `detail` says
    why, for a page that asks with its own widget instead of an option."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"{detail} Choose the order: --date-format DMY (day first) or MDY (month first), or a format "
            "such as %d/%m/%Y."
        )
        self.detail = detail


@dataclass(frozen=True)
class DateReading:
    order: DateOrder | None = None  # for dates not written year-first
    strftime: str | None = None  # an explicit format overrides everything
    note: str = ""

    @property
    def as_option(self) -> str | None:
        """The --date-format value that reads dates this way (saved with a mapping)."""
        return self.strftime or {DateOrder.DAY_FIRST: "DMY", DateOrder.MONTH_FIRST: "MDY"}.get(self.order)


_DATE = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})"
    r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _date_parts(values: pd.Series) -> pd.DataFrame:
    """Columns a, b, c (text, NaN when the value is not a date) and year_first."""
    text = values.str.strip().str.replace(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?", r"\1-\2-\3", regex=True)
    text = text.str.replace(_COMPACT_DATE, r"\1-\2-\3", regex=True)
    parts = text.str.extract(_DATE)[["a", "b", "c"]]
    parts["year_first"] = parts["a"].str.len().eq(4)
    valid_year = parts["year_first"] | parts["c"].str.len().isin([2, 4])
    parts.loc[~valid_year.fillna(False).astype(bool), ["a", "b", "c"]] = np.nan
    return parts


def choose_date_reading(columns: Mapping[str, pd.Series], date_format: str | None) -> DateReading:
    """How this file's dates are written: from `date_format` if given, else from
    the dates themselves (raises `AmbiguousDates` when they cannot tell)."""
    if date_format:
        return _reading_from_option(date_format)
    if not columns:
        return DateReading()
    values = pd.concat([series.drop_duplicates() for series in columns.values()], ignore_index=True)
    parts = _date_parts(values.drop_duplicates()).dropna(subset=["a"])
    parts = parts[~parts["year_first"]]
    if parts.empty:
        return DateReading(note="Dates are written year first (ISO).")
    first, second = parts["a"].astype(int), parts["b"].astype(int)
    shown = values.loc[parts.index]
    day_first, month_first = shown[first > 12], shown[second > 12]
    if len(day_first) and len(month_first):
        raise AmbiguousDates(
            f"The dates mix two orders: {_examples(day_first)} can only be day first, "
            f"{_examples(month_first)} only month first. Correct the file, or choose the order and let the "
            "other dates be rejected."
        )
    if len(day_first):
        return DateReading(
            DateOrder.DAY_FIRST, note=f"Dates are read day first: {_examples(day_first)} can only be read that way."
        )
    if len(month_first):
        return DateReading(
            DateOrder.MONTH_FIRST,
            note=f"Dates are read month first: {_examples(month_first)} can only be read that way.",
        )
    if (first == second).all():
        return DateReading(DateOrder.DAY_FIRST, note="Dates read the same day first or month first.")
    raise AmbiguousDates(
        f"The dates are ambiguous: every one, such as {_examples(shown[first != second])}, can be read day "
        "first or month first."
    )


def _reading_from_option(date_format: str) -> DateReading:
    word = date_format.strip().upper().replace("-", "").replace("/", "")
    if word in DATE_FORMAT_WORDS:
        order = DATE_FORMAT_WORDS[word]
        return DateReading(order, note=f"Dates are read {order or 'year first'}, as chosen.")
    if "%" in date_format:
        return DateReading(strftime=date_format, note=f"Dates are read with the format {date_format}, as chosen.")
    raise OptionProblem(
        f"Unknown date format '{date_format}'. Use DMY (day first), MDY (month first), YMD, or a format "
        "such as %d/%m/%Y."
    )


def _examples(values: pd.Series) -> str:
    return ", ".join(f"'{v}'" for v in values.head(_MAX_EXAMPLES))


def parse_dates(series: pd.Series, reading: DateReading) -> pd.Series:
    """datetime64 days; NaT where blank or not a date as `reading` reads them."""
    return map_unique(series, lambda values: _parse_date_values(values, reading))


def _parse_date_values(values: pd.Series, reading: DateReading) -> pd.Series:
    if reading.strftime:
        return pd.to_datetime(values.str.strip(), format=reading.strftime, errors="coerce").dt.normalize()
    parts = _date_parts(values)
    a, b, c = (pd.to_numeric(parts[name], errors="coerce") for name in ("a", "b", "c"))
    other_year = c.where(c >= 100, c + np.where(c < 70, 2000, 1900))
    day_first = reading.order is DateOrder.DAY_FIRST
    year = a.where(parts["year_first"], other_year)
    month = b.where(parts["year_first"], b if day_first else a)
    day = c.where(parts["year_first"], a if day_first else b)
    if reading.order is None:  # only year-first dates were seen
        year, month, day = (s.where(parts["year_first"]) for s in (year, month, day))
    return pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce")


# --- numbers ------------------------------------------------------------------

_CURRENCY = re.compile(
    r"(?i)(?:US\$|[A-Z]{0,2}\$|[€£¥￥元₹₩₽]|\b(?:EUR|USD|GBP|CNY|RMB|JPY|CHF|AUD|CAD|HKD|SEK|NOK|DKK|PLN|INR)\b)"
)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_DECIMAL_COMMA = re.compile(r"\d,(?:\d{1,2}|\d{4,})$|\.\d{3},\d+$|^[+-]?0,\d+$")
_DECIMAL_POINT = re.compile(r"\d\.(?:\d{1,2}|\d{4,})(?:[eE][+-]?\d+)?$|,\d{3}\.\d+$|^[+-]?0\.\d+$")
_NUMBER = {
    ".": re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?(?:[eE][+-]?\d+)?"),
    ",": re.compile(r"[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+)?(?:,\d+)?"),
}


def currency_marks(series: pd.Series) -> set[str]:
    """The currency symbols and codes written in a column's numbers ("€", "EUR", "HK$")."""
    found = pd.Series(series.dropna().unique(), dtype="str").str.findall(_CURRENCY)
    return {mark for marks in found for mark in marks}


def _clean_number_text(values: pd.Series) -> pd.DataFrame:
    """Columns: text (symbols and spaces gone), negative (accounting brackets), percent."""
    text = values.str.strip()
    negative = text.str.fullmatch(r"\(.*\)")
    text = text.where(~negative, text.str[1:-1])
    percent = text.str.contains("%", regex=False)
    text = text.str.replace("%", "", regex=False).str.replace(_CURRENCY, "", regex=True)
    text = text.str.replace(_SPACES, "", regex=True)
    return pd.DataFrame({"text": text, "negative": negative, "percent": percent})


def decimal_separators(columns: Mapping[str, pd.Series]) -> dict[str, str]:
    """The decimal separator of each column: the file's when it shows one kind
    only (a point when it shows none), else each column's own."""
    evidence: dict[str, set[str]] = {}
    for name, series in columns.items():
        text = _clean_number_text(pd.Series(series.unique(), dtype=series.dtype))["text"]
        evidence[name] = {
            sep for sep, pattern in ((",", _DECIMAL_COMMA), (".", _DECIMAL_POINT)) if text.str.contains(pattern).any()
        }
    seen = set().union(*evidence.values()) if evidence else set()
    if len(seen) <= 1:
        return dict.fromkeys(columns, next(iter(seen), "."))
    return {name: next(iter(found)) if len(found) == 1 else "." for name, found in evidence.items()}


@dataclass(frozen=True)
class ParsedNumbers:
    values: pd.Series  # float64; NaN where blank or not a number
    percent: pd.Series  # bool: the value carried a % sign


def parse_numbers(series: pd.Series, decimal: str) -> ParsedNumbers:
    parsed = map_unique(series, lambda values: _parse_number_values(values, decimal))
    return ParsedNumbers(parsed["value"], parsed["percent"])


def _parse_number_values(values: pd.Series, decimal: str) -> pd.DataFrame:
    parts = _clean_number_text(values)
    text = parts["text"]
    valid = text.str.fullmatch(_NUMBER[decimal]) & text.str.contains(r"\d")
    if decimal == ",":
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    numbers = pd.to_numeric(text.where(valid), errors="coerce").astype("float64")
    return pd.DataFrame({"value": numbers.where(~parts["negative"], -numbers), "percent": parts["percent"]})


def as_fraction(numbers: ParsedNumbers) -> pd.Series:
    """A discount as a fraction: with % or above 1 it is a percentage."""
    values = numbers.values
    return values.where(~(numbers.percent | (values > 1)), values / 100)
