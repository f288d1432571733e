"""The importer's messages on the Data page in Chinese (i18n.importer_words):
the messages the importer really writes for bad files, notes and rejects
come out in Chinese with their data (column names, values, line numbers)
kept; in English they are the importer's own words; a message of a shape
the table does not know is shown as it is."""

from __future__ import annotations

import contextvars

import pytest

import i18n
from data_access.importer import ImportRefused, guess_mapping, plan_import, read_bytes
from data_access.importer.currency import currency_mismatch
from data_access.importer.limits import MAX_ROWS_ENV, MAX_SHEET_ROWS_ENV
from i18n.importer_words import importer_message
from tests.support.page_words import english_words
from tests.test_importer_limits import workbook

BAD_FILES = {
    "empty": b"",
    "header only": b"Date,SKU,Stock\n",
    "a header twice": b"Qty,SKU,Qty\n1,A,2\n",
    "binary": b"\x00\x01\x02binary\x00" * 20,
    "a value past the header": b"Date,SKU,Stock\n2025-01-01,A,1,extra\n",
    "old Excel": b"\xd0\xcf\x11\xe0" + b"\x00" * 100,
}


def _in_chinese(message: str) -> str:
    return contextvars.copy_context().run(lambda: (i18n.set_language("zh"), importer_message(message))[1])


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_bytes(name, data)
    return str(refused.value)


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_refused_file_says_why_in_chinese(case):
    message = _refusal("old.xls" if case == "old Excel" else "file.csv", BAD_FILES[case])

    shown = _in_chinese(message)

    assert shown != message
    codecs = {"utf", "le", "be"}  # utf-16-le and the like: names the user types
    assert not english_words(shown, {"Qty", "Excel", "xls", "xlsx", "csv", "UTF", "extra"} | codecs), shown
    assert importer_message(message) == message  # English: the importer's own words


def test_a_file_without_the_columns_it_needs_names_them_in_chinese():
    table = read_bytes("stock.csv", b"Date,Note\n2025-01-01,hello\n")
    with pytest.raises(ImportRefused) as refused:
        plan_import(table, {"date": "Date"}, None)

    shown = _in_chinese(str(refused.value))

    assert "sku（SKU）" in shown and "Date, Note" in shown
    field_ids = {"sku", "quantity", "on", "hand"}  # quantity, on_hand: the fields' ids, as --map takes them
    assert not english_words(shown, field_ids | {"Date", "Note", "FIELD", "COLUMN", "map"}), shown


def test_notes_reasons_and_the_currency_warning_in_chinese():
    text = (
        "Date,Order,Store,SKU,Qty,Price,Discount,Stock,Extra\n"
        "2025-03-01,SO-1,BER,A-1,2,10.00,20%,40,x\n"
        "2025-03-01,SO-1,BER,A-1,lots,10.00,150%,-3,x\n"
        "1890-03-01,SO-2,BER,B-1,,,,,x\n"
        "2025-03-02,SO-3,BER,C-1,2,,,4,x\n"
    )
    table = read_bytes("bad.csv", text.encode())
    mapping = {field: column for field, column in guess_mapping(table.headers).items() if column != "Extra"}
    plan = plan_import(table, mapping, None)
    messages = [*plan.notes, *plan.rejects["reason"].unique(), currency_mismatch(["$"], "CNY")]

    for message in messages:
        shown = _in_chinese(message)
        assert shown != message, message
        assert not english_words(shown, {"Extra", "CSV", "UTF", "CNY", "ISO", "USD"}), shown
    assert _in_chinese("not a number") == "不是数字"


def test_a_message_of_an_unknown_shape_is_shown_as_it_is():
    assert _in_chinese("Something new went wrong.") == "Something new went wrong."


@pytest.mark.parametrize("name", ["rows.csv", "rows.xlsx"])
def test_the_row_limits_say_why_in_chinese(name, monkeypatch):
    monkeypatch.setenv(MAX_ROWS_ENV if name.endswith("csv") else MAX_SHEET_ROWS_ENV, "2")
    rows = [["2025-01-01", "A", day] for day in range(1, 5)]
    data = workbook(*rows) if name.endswith("xlsx") else b"Date,SKU,Qty\n" + b"2025-01-01,A,1\n" * 4
    message = _refusal(name, data)

    shown = _in_chinese(message)

    assert shown != message and "2" in shown
    assert not english_words(shown, {"CSV", "UTF", "INVENTORY", "MAX", "ROWS", "SHEET"}), shown
