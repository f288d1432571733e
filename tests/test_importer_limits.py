"""Files that would take the server's memory or show a traceback: refused
before they are read, with a message that names the problem and the fix, on
the command line (exit 1, no traceback) and on the Data page (no server path).
Small generated files exceed lowered limits; the full-size measurements are in
the README ("Import limits": `python -m benchmarks.import_limits`)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from data_access.config import ENV_VAR
from data_access.importer import FileProblem, read_bytes
from data_access.importer.limits import DECLARATIONS_REFUSED, MAX_CELL_ENV, MAX_EXPANDED_ENV, MAX_ROWS_ENV
from tests.fixtures_import import plan_text, run_cli
from tests.support.app_db import empty_database, fresh_caches, open_app  # noqa: F401 (fixture)

HEADER = ["Date", "SKU", "Qty"]


def workbook(*rows: list, header: list = HEADER) -> bytes:
    book = openpyxl.Workbook()
    for row in (header, *rows):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet_prefix(data: bytes, prefix: bytes, replace: tuple[bytes, bytes] = (b"", b"")) -> bytes:
    """The workbook with `prefix` before its sheet's root element (a DTD)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<worksheet", prefix + b"<worksheet", 1)
                content = content.replace(*replace) if replace[0] else content
            target.writestr(member.filename, content)
    return out.getvalue()


GOOD = workbook(["2025-01-01", "A", 1], ["2025-01-02", "B", 2])
BROKEN = {
    "truncated": GOOD[: len(GOOD) // 2],
    "cut at the end": GOOD[:-40],
    "entity expansion": with_sheet_prefix(
        GOOD, b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>', (b"B2", b"B2")
    ),
    "external entity": with_sheet_prefix(
        GOOD, b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>', (b">A<", b">&x;<")
    ),
}
MESSAGES = {
    "truncated": "damaged or incomplete",
    "cut at the end": "damaged or incomplete",
    "entity expansion": DECLARATIONS_REFUSED,
    "external entity": DECLARATIONS_REFUSED,
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_damaged_or_hostile_workbook_is_explained(case):
    with pytest.raises(FileProblem) as refused:
        read_bytes("shop.xlsx", BROKEN[case])
    assert MESSAGES[case] in str(refused.value)


def test_a_csv_value_longer_than_the_csv_modules_limit_is_explained():
    with pytest.raises(FileProblem, match="A cell may hold at most 32,767 characters"):
        read_bytes("shop.csv", b"Date,SKU,Qty\n2025-01-01," + b"x" * 140_000 + b",1\n")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_read_and_named(encoding):
    text = "Date,SKU,Qty\n2025-01-01,Äpfel-北京,1\n"
    table = read_bytes("shop.csv", text.encode(encoding))
    assert table.frame.to_numpy().tolist() == [["2025-01-01", "Äpfel-北京", "1"]]
    assert "UTF-32" in table.source if "32" in encoding else "UTF-16" in table.source


def test_a_cell_over_the_limit_is_refused_before_openpyxl_reads_it(monkeypatch):
    monkeypatch.setenv(MAX_CELL_ENV, "100")
    with pytest.raises(FileProblem, match=f"more than 100 characters.*{MAX_CELL_ENV}"):
        read_bytes("shop.xlsx", workbook(["2025-01-01", "x" * 1_000, 1]))


def test_a_cell_just_over_the_limit_is_named_by_row_and_column(monkeypatch):
    monkeypatch.setenv(MAX_CELL_ENV, "100")
    with pytest.raises(FileProblem, match="row 3, column 'SKU' is 150 characters long"):
        read_bytes("shop.xlsx", workbook(["2025-01-01", "A", 1], ["2025-01-02", "y" * 150, 1]))
    with pytest.raises(FileProblem, match="row 3, column 'SKU' is 150 characters long"):
        read_bytes("shop.csv", ("Date,SKU,Qty\n2025-01-01,A,1\n2025-01-02," + "y" * 150 + ",1\n").encode())


def test_a_workbook_that_expands_too_far_is_refused_from_its_directory(monkeypatch):
    monkeypatch.setenv(MAX_EXPANDED_ENV, "0.001")  # about 1 KB
    with pytest.raises(FileProblem, match=f"expands to .* MB when unpacked.*{MAX_EXPANDED_ENV}"):
        read_bytes("shop.xlsx", GOOD)


@pytest.mark.parametrize("name", ["shop.csv", "shop.xlsx"])
def test_too_many_rows_are_refused(name, monkeypatch):
    monkeypatch.setenv(MAX_ROWS_ENV, "5")
    rows = [[f"2025-01-{day:02d}", "A", day] for day in range(1, 11)]
    data = workbook(*rows) if name.endswith("xlsx") else ("Date,SKU,Qty\n" + "".join(
        f"{d},{s},{q}\n" for d, s, q in rows)).encode()  # fmt: skip
    with pytest.raises(FileProblem, match=f"more than 5 data rows.*{MAX_ROWS_ENV}"):
        read_bytes(name, data)


def test_long_rejected_values_are_shortened():
    plan = plan_text("Date,SKU,Qty\n2025-01-01,A," + "9" * 5_000 + "\n")
    value = plan.rejects["value"].iloc[0]
    assert len(value) < 300 and value.endswith("(5,000 characters)")


@pytest.mark.parametrize("case", ["truncated", "entity expansion"])
def test_the_command_line_explains_without_a_traceback(case, tmp_path):
    path = tmp_path / "shop.xlsx"
    path.write_bytes(BROKEN[case])
    result = run_cli(path, "--db", f"duckdb:///{tmp_path / 'shop.duckdb'}")
    assert result.returncode == 1
    assert MESSAGES[case] in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", ["truncated", "external entity"])
def test_the_data_page_explains_without_a_server_path(case, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, empty_database(tmp_path))
    at = open_app("pages/4_Data.py")
    at = at.file_uploader(key="upload").set_value(("shop.xlsx", BROKEN[case], "application/octet-stream")).run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert {"truncated": "damaged or incomplete", "external entity": "XML entity declarations"}[case] in message
    assert str(tmp_path) not in message and "site-packages" not in message
