"""A CSV or .xlsx file to a table of text cells, nothing interpreted yet.

Every cell stays text so that parsing can report the value exactly as the
user typed it. Rows are indexed by the row number a spreadsheet shows (the
header is row 1, the first data row is row 2), so a reject names the row the
user can find; blank rows are dropped but keep that numbering.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException
from openpyxl.utils.exceptions import InvalidFileException
from xml.etree.ElementTree import ParseError

from data_access.importer.decoding import decode
from data_access.importer.errors import FileProblem, ImportRefused, OptionProblem
from data_access.importer.limits import (
    DECLARATIONS_REFUSED,
    check_cells,
    check_row_count,
    check_workbook,
    max_cell_chars,
    max_rows,
    shorten,
)

MAX_UPLOAD_ENV = "INVENTORY_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 200
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SNIFF_LINES = 50
_SPARE = "\x00spare"  # cannot clash with a header: NUL is refused in text
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


@dataclass(frozen=True)
class RawTable:
    """A file's cells as text; the index is the spreadsheet row number."""

    file_name: str
    frame: pd.DataFrame
    source: str  # how it was read, for the user: "CSV, UTF-8, comma-separated"
    blank_rows: int
    sha256: str = ""  # of the file's bytes, for the import audit

    @property
    def headers(self) -> list[str]:
        return list(self.frame.columns)


def max_upload_megabytes() -> float:
    raw = os.environ.get(MAX_UPLOAD_ENV, "")
    try:
        return float(raw) if raw else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        raise OptionProblem(f"{MAX_UPLOAD_ENV}={raw!r} is not a number of megabytes.") from None


def check_size(size: int) -> None:
    limit = max_upload_megabytes()
    if size > limit * 1024 * 1024:
        raise FileProblem(
            f"The file is {size / 1024 / 1024:.3g} MB, over the import limit of {limit:g} MB. "
            f"Split the file, or raise the limit with the {MAX_UPLOAD_ENV} setting."
        )


def read_path(path: Path, *, encoding: str | None = None, sheet: str | None = None) -> RawTable:
    """Read a file from disk, refusing it before reading when it is too big."""
    if not path.is_file():
        raise OptionProblem(f"No such file: {path}")
    check_size(path.stat().st_size)
    return read_bytes(path.name, path.read_bytes(), encoding=encoding, sheet=sheet)


def read_bytes(file_name: str, data: bytes, *, encoding: str | None = None, sheet: str | None = None) -> RawTable:
    """The file's cells, with the hash of its bytes that the import audit records."""
    table = _read_bytes(file_name, data, encoding, sheet)
    return replace(table, sha256=hashlib.sha256(data).hexdigest())


def _read_bytes(file_name: str, data: bytes, encoding: str | None, sheet: str | None) -> RawTable:
    check_size(len(data))
    if is_excel(data):
        return _read_excel(file_name, data, sheet)
    if data.startswith(_OLE_MAGIC):
        raise FileProblem("The file is in the old Excel .xls format. Save it as .xlsx or CSV and try again.")
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise FileProblem("The file is not a valid .xlsx workbook (it may be damaged or renamed).")
    return _read_csv(file_name, data, encoding)


def is_excel(data: bytes) -> bool:
    return data.startswith(_ZIP_MAGIC)


def excel_sheets(data: bytes) -> list[str]:
    return _open_workbook(data).sheetnames


# --- CSV ----------------------------------------------------------------------


def _read_csv(file_name: str, data: bytes, encoding: str | None) -> RawTable:
    decoded = decode(data, encoding)
    text = decoded.text
    if not text.strip():
        raise FileProblem("The file is empty.")
    first_lines = text[: 1 << 20].splitlines()[:_SNIFF_LINES]
    try:
        delimiter = sniff_delimiter(first_lines)
        headers = _clean_headers(next(csv.reader(first_lines[:1], delimiter=delimiter)))
    except csv.Error as exc:  # a value over the csv module's 131,072 characters, or a stray NUL
        raise FileProblem(
            f"The file cannot be read as CSV ({exc}). A cell may hold at most {max_cell_chars():,} characters: "
            "check the first lines for a value that is far too long or a quote that is never closed."
        ) from None
    # The header line is read as a row too (header=None): that way a longer data
    # row is an error instead of silently becoming pandas' index. One spare
    # column takes a trailing separator.
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=[*headers, _SPARE],
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        ).iloc[1:]
    except pd.errors.ParserError as exc:
        raise FileProblem(f"The file cannot be read as CSV: {_parser_message(exc, len(headers))}") from None
    _refuse_values_past_header(frame[_SPARE], len(headers))
    source = f"CSV, {decoded.label}, {DELIMITER_NAMES[delimiter]}-separated"
    del text, decoded  # the frame holds the cells now
    check_row_count(len(frame))
    check_cells(frame.drop(columns=_SPARE))
    return _finish(file_name, frame.drop(columns=_SPARE), source)


def _refuse_values_past_header(spare: pd.Series, columns: int) -> None:
    beyond = spare.ne("").to_numpy()
    if beyond.any():
        line = int(np.argmax(beyond)) + 2
        raise FileProblem(
            f"The file cannot be read as CSV: line {line} has more values than the header's {columns} "
            "columns. A value that contains the separator must be in double quotes."
        )


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the header and most lines into the same,
    largest number of fields (quotes respected); comma when nothing splits."""

    def score(delimiter: str) -> tuple[float, int]:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
        header_count = counts[0] if counts else 1
        if header_count < 2:
            return (0.0, 0)
        return (sum(count == header_count for count in counts) / len(counts), header_count)

    best = max(DELIMITERS, key=score)
    return best if score(best)[1] >= 2 else ","


def _parser_message(exc: Exception, columns: int) -> str:
    found = re.search(r"fields in line (\d+), saw (\d+)", str(exc))
    if found:
        line, values = found.groups()
        return (
            f"line {line} has {values} values but the header has {columns} columns. A value that contains the "
            "separator must be in double quotes."
        )
    return str(exc).strip().splitlines()[-1]


# --- Excel --------------------------------------------------------------------


# What a damaged, cut-short or hostile workbook raises inside openpyxl and zipfile.
_WORKBOOK_ERRORS = (
    InvalidFileException, KeyError, OSError, ValueError, TypeError, IndexError,
    zipfile.BadZipFile, zlib.error, EOFError, DefusedXmlException, ParseError,
)  # fmt: skip
_CHUNK_ROWS = 50_000  # rows turned into columns at a time, so Python objects never pile up


def _open_workbook(data: bytes) -> openpyxl.Workbook:
    try:
        check_workbook(data)
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _WORKBOOK_ERRORS as exc:
        raise _workbook_problem(exc) from None


def _workbook_problem(exc: BaseException) -> FileProblem:
    """What went wrong, in the user's words, from the exception or its causes."""
    causes = []
    while exc is not None and len(causes) < 10:
        causes.append(exc)
        exc = exc.__cause__ or exc.__context__
    if any(isinstance(cause, DefusedXmlException) for cause in causes):
        return FileProblem(DECLARATIONS_REFUSED)
    if any(isinstance(cause, (zipfile.BadZipFile, zlib.error, EOFError)) for cause in causes):
        return FileProblem(
            "The workbook is damaged or incomplete (cut short while copying or uploading?). Open it in Excel and "
            "save it again, or export it again."
        )
    return FileProblem(f"The workbook cannot be opened ({type(causes[0]).__name__}); save it again as .xlsx.")


def _read_excel(file_name: str, data: bytes, sheet: str | None) -> RawTable:
    """The sheet read row by row (openpyxl's read-only mode streams the XML),
    turned into text columns a chunk at a time."""
    workbook = _open_workbook(data)
    try:
        name = sheet or workbook.sheetnames[0]
        if name not in workbook.sheetnames:
            sheets = shorten(", ".join(workbook.sheetnames))
            raise OptionProblem(f"The workbook has no sheet '{shorten(name)}'. Its sheets are: {sheets}.")
        worksheet = workbook[name]
        check_row_count((worksheet.max_row or 1) - 1)  # the sheet's own dimension, when it states one
        rows = worksheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(cell is None for cell in header):
            raise FileProblem(f"Sheet '{shorten(name)}' is empty (its first row should hold the column names).")
        check_cells(pd.DataFrame([[_cell_text(cell) for cell in header]]), first_row=1)
        headers = _clean_headers([_cell_text(cell) for cell in header])
        frame = pd.concat(_text_chunks(rows, headers), ignore_index=True)
    except ImportRefused:
        raise
    except _WORKBOOK_ERRORS as exc:
        raise _workbook_problem(exc) from None
    finally:
        workbook.close()
    return _finish(file_name, frame, f"Excel sheet '{shorten(name)}'")


def _text_chunks(rows: Iterator[tuple], headers: list[str]) -> Iterable[pd.DataFrame]:
    width = len(headers)
    limit = max_rows()
    yield pd.DataFrame({header: pd.Series(dtype=str) for header in headers})
    read = 0
    while chunk := [row for _, row in zip(range(_CHUNK_ROWS), rows)]:
        read += len(chunk)
        check_row_count(read, limit)
        cells = pd.DataFrame([(*row[:width], *(None,) * (width - len(row))) for row in chunk], dtype=object)
        frame = pd.DataFrame({header: cells[i].map(_cell_text).astype(str) for i, header in enumerate(headers)})
        check_cells(frame, first_row=read - len(chunk) + 2)
        yield frame


def _cell_text(value: object) -> str:
    """A cell as the user would type it: dates in ISO, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


# --- shared -------------------------------------------------------------------


def _clean_headers(raw: list[str]) -> list[str]:
    """Trimmed names; a blank one becomes "Column N"; a repeated one is refused,
    since a mapping could not tell the two apart."""
    headers = [h.strip() or f"Column {i}" for i, h in enumerate(raw, start=1)]
    first_seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        key = header.casefold()
        if key in first_seen:
            raise FileProblem(
                f"The header names '{header}' twice (columns {first_seen[key]} and {position}). "
                "Rename one of them so that each column has its own name."
            )
        first_seen[key] = position
    return headers


def _finish(file_name: str, frame: pd.DataFrame, source: str) -> RawTable:
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    blank = np.logical_and.reduce([frame[c].str.strip().eq("").to_numpy() for c in frame.columns])
    frame = frame[~blank]
    if frame.empty:
        raise FileProblem("The file has a header but no data rows.")
    return RawTable(file_name, frame, source, int(blank.sum()))
