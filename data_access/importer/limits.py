"""What a file may expand to, checked before (or while) it is read.

A 158 KB .xlsx can hold a 150 MB cell (zip compresses a repeated value
a thousand times), and a 20 MB one a million rows: without limits one upload
took 2 GB of server memory and crashed the browser's tab through the preview.
Each limit is a setting (environment variable), stated in the README:

- INVENTORY_MAX_EXPANDED_MB: an .xlsx's parts together, uncompressed, read
  from the zip directory before anything is decompressed;
- INVENTORY_MAX_CELL_CHARS: the longest value of one cell (Excel's own limit,
  32,767), checked in the workbook's XML (shared strings and sheets) as it
  streams by, never holding one value whole, and in every cell read;
- INVENTORY_MAX_ROWS: data rows of one file.

Values shown back to the user (previews, messages, rejects) are shortened.
"""

from __future__ import annotations

import io
import os
import zipfile
import re

import pandas as pd

from data_access.importer.errors import FileProblem, OptionProblem

MAX_EXPANDED_ENV, DEFAULT_MAX_EXPANDED_MB = "INVENTORY_MAX_EXPANDED_MB", 600
MAX_CELL_ENV, DEFAULT_MAX_CELL_CHARS = "INVENTORY_MAX_CELL_CHARS", 32_767
MAX_ROWS_ENV, DEFAULT_MAX_ROWS = "INVENTORY_MAX_ROWS", 2_000_000
SHOWN_CHARS = 200  # of a value shown back to the user
_SHARED_STRINGS = "xl/sharedStrings.xml"
_SHEETS = "xl/worksheets/"
_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
DECLARATIONS_REFUSED = (
    "The workbook holds XML entity declarations or references to outside files, which Excel never writes and "
    "which can make a small file expand without end; it is refused. Open it in Excel or LibreOffice and save it "
    "again as .xlsx."
)
_READ_BYTES = 1 << 20


def _setting(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1
    if value <= 0:
        raise OptionProblem(f"{name}={raw!r} is not a positive number.")
    return value


def max_cell_chars() -> int:
    return int(_setting(MAX_CELL_ENV, DEFAULT_MAX_CELL_CHARS))


def max_rows() -> int:
    return int(_setting(MAX_ROWS_ENV, DEFAULT_MAX_ROWS))


def shorten(value: object, chars: int = SHOWN_CHARS) -> str:
    """`value` as text, cut to `chars` with a note of its full length."""
    text = str(value)
    return text if len(text) <= chars else f"{text[:chars]}… ({len(text):,} characters)"


def check_row_count(rows: int, limit: int | None = None) -> None:
    limit = limit or max_rows()
    if rows > limit:
        raise FileProblem(
            f"The file has more than {limit:,} data rows. Split it into several files, or raise the limit with the "
            f"{MAX_ROWS_ENV} setting."
        )


def check_cells(frame: pd.DataFrame, first_row: int = 2) -> None:
    """Refuse a cell longer than the limit, naming its row (as a spreadsheet
    numbers it) and column; `first_row` is the row of the frame's first line."""
    limit = max_cell_chars()
    for position, column in enumerate(frame.columns):
        lengths = frame.iloc[:, position].str.len().to_numpy()
        if len(lengths) and lengths.max() > limit:
            index = int(lengths.argmax())
            raise _too_long(int(lengths[index]), limit, f"row {first_row + index}, column '{shorten(column, 60)}'")


def _too_long(length: int, limit: int, where: str, *, at_least: bool = False) -> FileProblem:
    size = f"more than {limit:,} characters long" if at_least else f"{length:,} characters long"
    return FileProblem(
        f"The value in {where} is {size}, over the {limit:,} a cell may hold. Shorten it, or raise the limit "
        f"with the {MAX_CELL_ENV} setting."
    )


def check_workbook(data: bytes) -> None:
    """An .xlsx's uncompressed size from its zip directory, then the lengths
    of its values and any XML declarations, streamed: before openpyxl reads anything."""
    limit_mb = _setting(MAX_EXPANDED_ENV, DEFAULT_MAX_EXPANDED_MB)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        expanded = sum(member.file_size for member in archive.infolist())
        if expanded > limit_mb * 1024 * 1024:
            raise FileProblem(
                f"The workbook expands to {expanded / 1024 / 1024:,.0f} MB when unpacked, over the limit of "
                f"{limit_mb:g} MB. Split it, save it as CSV, or raise the limit with the {MAX_EXPANDED_ENV} setting."
            )
        for member in archive.namelist():
            if member == _SHARED_STRINGS or (member.startswith(_SHEETS) and member.endswith(".xml")):
                with archive.open(member) as stream:
                    _scan_values(stream, max_cell_chars())


def _scan_values(stream, limit: int) -> None:
    """The longest run of text between two tags, counted in C over 1 MB
    pieces (a value's text never holds a raw `<`), so a 150 MB value is refused
    after its first megabytes. Bytes, not characters: a run over 4 bytes per
    allowed character is surely too long; `check_cells` checks the exact
    length of every cell read. A DTD (entity declarations) is refused outright."""
    run = 0  # the text run still open at the end of the last piece read
    tail = b""
    while chunk := stream.read(_READ_BYTES):
        if _DECLARATIONS.search(tail + chunk):
            raise FileProblem(DECLARATIONS_REFUSED)
        pieces = chunk.split(b"<")
        if len(pieces) == 1:
            run += len(chunk)
            longest = run
        else:
            longest = max(run + len(pieces[0]), max(map(len, pieces[1:-1]), default=0), len(pieces[-1]))
            run = len(pieces[-1])
        if longest > 4 * limit:
            raise _too_long(longest, limit, "a cell", at_least=True)
        tail = chunk[-16:]
