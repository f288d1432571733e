"""Reading files: delimiters, encodings, Excel sheets, row numbers, and the
files that cannot be read at all."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from data_access.importer import FileProblem, OptionProblem, read_bytes, read_path
from data_access.importer.reading import excel_sheets

ROWS = [["Date", "SKU", "Qty"], ["2025-01-31", "A-1", "3"], ["2025-02-01", "B-2", "4"]]


def _text(delimiter: str) -> str:
    return "".join(delimiter.join(row) + "\n" for row in ROWS)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"])
def test_every_common_delimiter_is_sniffed(delimiter):
    table = read_bytes("data.csv", _text(delimiter).encode())
    assert table.headers == ROWS[0]
    assert table.frame.values.tolist() == ROWS[1:]


def test_quoted_values_may_hold_the_delimiter():
    table = read_bytes("data.csv", b'Date,SKU,Name\n2025-01-31,A-1,"Hose, 20 m"\n')
    assert table.frame["Name"].tolist() == ["Hose, 20 m"]


TEXT = "日期;商品名称;数量\n2025-01-31;Crème brûlée 牛奶;3\n"
LATIN = "Date;Name;Qty\n2025-01-31;Müller Käse;3\n2025-02-01;Crème brûlée;4\n"


@pytest.mark.parametrize(
    ("text", "data", "label"),
    [
        (TEXT, TEXT.encode(), "UTF-8"),
        (TEXT, TEXT.encode("utf-8-sig"), "UTF-8 with BOM"),
        (
            "日期;商品名称;数量\n2025-01-31;牛奶巧克力;3\n",
            "日期;商品名称;数量\n2025-01-31;牛奶巧克力;3\n".encode("gbk"),
            "GBK",
        ),
        (LATIN, LATIN.encode("latin-1"), "Windows-1252 (Latin-1)"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "latin-1"],
)
def test_encodings_are_detected(text, data, label):
    table = read_bytes("data.csv", data)
    assert label in table.source
    expected = [line.split(";") for line in text.splitlines()]
    assert table.headers == expected[0]
    assert table.frame.values.tolist() == expected[1:]


def test_a_named_encoding_wins_over_detection():
    data = "Date;Name\n2025-01-31;Müller\n".encode("latin-1")
    assert read_bytes("data.csv", data, encoding="latin-1").frame["Name"].tolist() == ["Müller"]
    assert read_bytes("data.csv", "Date;Name\n1;2\n".encode("utf-8-sig"), encoding="utf-8").headers == ["Date", "Name"]


def test_a_wrong_or_unknown_encoding_is_refused_with_the_line():
    with pytest.raises(FileProblem, match="not valid UTF-8: line 2"):
        read_bytes("data.csv", "Date;Name\n2025-01-31;Müller\n".encode("latin-1"), encoding="utf-8")
    with pytest.raises(OptionProblem, match="Unknown encoding 'klingon'"):
        read_bytes("data.csv", b"a,b\n1,2\n", encoding="klingon")


def test_a_mix_of_encodings_is_refused():
    data = "Date;Name\n2025-01-31;Müller\n".encode() + "2025-02-01;Crème\n".encode("latin-1")
    with pytest.raises(FileProblem, match="mixes encodings: line 2 is UTF-8 but line 3 is not"):
        read_bytes("data.csv", data)


def test_rows_keep_the_numbers_a_spreadsheet_shows():
    table = read_bytes("data.csv", b"Date,SKU,Qty\n2025-01-31,A,1\n\n  ,,\n2025-02-01,B,2\n")
    assert table.frame.index.tolist() == [2, 5]
    assert table.blank_rows == 2


def test_a_trailing_delimiter_is_fine_but_an_extra_value_is_not():
    assert read_bytes("data.csv", b"a,b\n1,2,\n3,4,\n").frame.values.tolist() == [["1", "2"], ["3", "4"]]
    with pytest.raises(FileProblem, match="line 3 has more values than the header's 2 columns"):
        read_bytes("data.csv", b"a,b\n1,2\n3,4,5\n")
    with pytest.raises(FileProblem, match="line 3 has 4 values but the header has 2 columns"):
        read_bytes("data.csv", b"a,b\n1,2\n3,4,5,6\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b" \r\n\n", "The file is empty"),
        (b"Date,SKU,Qty\n", "header but no data rows"),
        (b"Date,SKU,Qty\n,,\n\n", "header but no data rows"),
        (b"Qty,SKU,qty\n1,2,3\n", "names 'qty' twice \\(columns 1 and 3\\)"),
        (bytes(range(256)) * 40, "not a text \\(CSV\\) file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "not a text \\(CSV\\) file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel .xls format"),
    ],
    ids=["empty", "blank", "header-only", "header-and-blank-rows", "duplicate-headers", "garbage", "png", "old-xls"],
)
def test_unreadable_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(FileProblem, match=message):
        read_bytes("data.csv", data)


def test_a_renamed_non_workbook_is_refused():
    with pytest.raises(FileProblem, match=r"not a valid \.xlsx"):
        read_bytes("data.xlsx", b"Date,SKU\n2025-01-01,A\n")


def _workbook() -> bytes:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["Read me"])
    notes.append(["nothing to import here"])
    sales = workbook.create_sheet("Sales")
    sales.append(["Date", "SKU", "Qty", "Price"])
    sales.append([datetime(2025, 1, 31), "A-1", 3, 24.9])
    sales.append([])
    sales.append(["01/02/2025", 1001, 4.0, "12,50"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_reads_the_first_sheet_by_default_and_a_named_one_on_request():
    data = _workbook()
    assert excel_sheets(data) == ["Notes", "Sales"]
    assert read_bytes("data.xlsx", data).headers == ["Read me"]
    table = read_bytes("data.xlsx", data, sheet="Sales")
    assert table.source == "Excel sheet 'Sales'"
    assert table.frame.to_dict("index") == {
        2: {"Date": "2025-01-31", "SKU": "A-1", "Qty": "3", "Price": "24.9"},
        4: {"Date": "01/02/2025", "SKU": "1001", "Qty": "4", "Price": "12,50"},
    }


def test_an_unknown_sheet_names_the_sheets():
    with pytest.raises(OptionProblem, match=r"no sheet 'Stock'\. Its sheets are: Notes, Sales"):
        read_bytes("data.xlsx", _workbook(), sheet="Stock")


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(b"Date,SKU,Qty\n" + b"2025-01-31,A,1\n" * 1000)
    monkeypatch.setenv("INVENTORY_MAX_UPLOAD_MB", "0.01")
    with pytest.raises(FileProblem, match=r"over the import limit of 0\.01 MB"):
        read_path(path)
    monkeypatch.setenv("INVENTORY_MAX_UPLOAD_MB", "1")
    assert len(read_path(path).frame) == 1000


def test_a_missing_file_is_a_usage_problem(tmp_path):
    with pytest.raises(OptionProblem, match="No such file"):
        read_path(tmp_path / "nope.csv")
