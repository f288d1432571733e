"""CSV downloads (and Excel workbooks) that open cleanly in Excel and cannot
smuggle in formulas.

Excel needs a byte-order mark to read UTF-8 (without it "Café" and Chinese
names turn into mojibake). Product names and categories come from imported
files, so a name like "=HYPERLINK(...)" would run as a formula when a manager
opens the export ("CSV injection"); such text cells get a leading quote, which
Excel shows as plain text. Numeric columns are left alone so they stay numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from io import BytesIO

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_FILENAME_BYTES = 150  # well under the 255-byte limit of common file systems, in UTF-8
MAX_LIST_ITEMS_IN_FILENAME = 3


def neutralise(value: object) -> object:
    """Text that a spreadsheet would read as a formula, prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _is_text_column(column: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(column)
        or pd.api.types.is_bool_dtype(column)
        or pd.api.types.is_datetime64_any_dtype(column)
        or pd.api.types.is_timedelta64_dtype(column)
    )


def _iso_dates(column: pd.Series) -> pd.Series:
    """Dates as YYYY-MM-DD, or with the time when there is one."""
    has_time = (column.dropna() != column.dropna().dt.normalize()).any()
    return column.dt.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV with a byte-order mark, without the index.

    Text cells and headers starting with = + - @ tab or carriage return are
    prefixed with ' ; numbers (including negative ones) are written as numbers;
    dates as ISO 8601; missing values as empty cells.
    """
    columns = {}
    for position in range(frame.shape[1]):  # by position: column names may repeat
        column = frame.iloc[:, position].reset_index(drop=True)
        if pd.api.types.is_datetime64_any_dtype(column):
            column = _iso_dates(column)
        elif _is_text_column(column):
            column = column.astype(object).map(neutralise, na_action="ignore")
        columns[position] = column
    safe = pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))
    safe.columns = [neutralise(str(name)) for name in frame.columns]
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _slug(text: str) -> str:
    """Letters and digits of any script, everything else collapsed to single hyphens."""
    normalised = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\W_]+", "-", normalised).strip("-")


def _part_slug(part: str | Iterable[str]) -> str:
    if isinstance(part, str):
        return _slug(part)
    items = [slug for slug in (_slug(item) for item in part) if slug]
    if not items:
        return "all"
    if len(items) > MAX_LIST_ITEMS_IN_FILENAME:
        extra = len(items) - MAX_LIST_ITEMS_IN_FILENAME
        items = [*items[:MAX_LIST_ITEMS_IN_FILENAME], f"and-{extra}-more"]
    return "-".join(items)


def export_filename(page: str, parts: Iterable[str | Iterable[str]], start: date, end: date) -> str:
    """A safe, readable file name such as
    `revenue_by-category_BER-PAR_2025-09-01_2025-11-29.csv`.

    Each part is a label ("by category") or a filter selection (("BER", "PAR"));
    an empty selection means no restriction and reads "all". Long selections
    are shortened ("A-B-C-and-9-more") and the middle is cut so the name stays
    under MAX_FILENAME_BYTES; the page and the dates are always kept.
    """
    head = _slug(page) or "export"
    middle = "_".join(slug for slug in (_part_slug(part) for part in parts) if slug)
    tail = f"_{start.isoformat()}_{end.isoformat()}.csv"
    room = MAX_FILENAME_BYTES - len(head.encode()) - len(tail.encode()) - 1
    if room <= 0:
        return _truncate_utf8(head, MAX_FILENAME_BYTES - len(tail.encode())) + tail
    middle = _truncate_utf8(middle, room).rstrip("-_")
    return f"{head}_{middle}{tail}" if middle else f"{head}{tail}"


def _truncate_utf8(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding fits in `max_bytes`."""
    return text.encode()[:max_bytes].decode(errors="ignore")


MAX_SHEET_NAME = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Excel sheet names for `titles`: its forbidden characters replaced, at
    most 31 characters, never blank, and unique (Excel compares them without
    case): a repeat gets " (2)", " (3)"..."""
    names: list[str] = []
    taken: set[str] = set()
    for title in titles:
        base = _SHEET_FORBIDDEN.sub("-", str(title)).strip().strip("'") or "Sheet"
        name, number = base[:MAX_SHEET_NAME], 1
        while name.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def to_excel_bytes(sheets: Iterable[tuple[str, pd.DataFrame]]) -> bytes:
    """A workbook (.xlsx) with one sheet per (title, frame), in order, named by
    `sheet_names` (so two titles alike still get a sheet each): a bold header
    row, numbers as numbers, dates as dates, and text that a spreadsheet would
    read as a formula prefixed with a quote, as in the CSV files."""
    from openpyxl import Workbook  # imported on first use: most pages never build a workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = list(sheets)
    for name, (_title, frame) in zip(sheet_names(title for title, _frame in sheets), sheets, strict=True):
        sheet = workbook.create_sheet(name)
        sheet.append([neutralise(str(column)) for column in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        columns = [_excel_values(frame.iloc[:, position]) for position in range(frame.shape[1])]
        for row in zip(*columns):
            sheet.append(row)
        for column in sheet.columns:
            width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_values(column: pd.Series) -> list:
    """Plain Python cell values: dates as dates, missing as empty, text neutralised."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return [None if pd.isna(value) else value.date() for value in column]
    if _is_text_column(column):
        return [None if pd.isna(value) else neutralise(str(value)) for value in column]
    return [None if pd.isna(value) else value.item() if hasattr(value, "item") else value for value in column]
