"""One helper for "download this frame as CSV", used beside every table and
chart. The file's headers are the words the screen shows, in the user's
language (a table's own headers, `ui.tables.as_shown`, or `headers`: column
-> words, else the data column's usual words); the cells stay data
(numbers, ISO dates, ids), so a file reads back the same in either language."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from data_access.export import export_filename, to_csv_bytes
from data_access.filters import Filters
from i18n import _, current_language, ngettext, set_language
from i18n.labels import column_label


def csv_filename(page: str, what: str, f: Filters) -> str:
    """Named after the page, the table or chart, and the filters that shaped it
    (an empty selection reads "all")."""
    return export_filename(page, [what, f.warehouses, f.categories], f.start, f.end)


def headed(frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The frame with its columns named as on screen (`headers`, else the
    data column's usual words); other columns, such as categories pivoted
    into columns, keep their names."""
    given = dict(headers or {})
    words = {column: given.get(column) or column_label(str(column)) for column in frame.columns}
    return frame.rename(columns={column: text for column, text in words.items() if text})


def csv_builder(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    shaped: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Callable[[], bytes]:
    """The file's bytes, made when called: every row of `frame` (or of what
    it reads), however few a table shows; `shaped` or `headers` name them.
    Words made on the click are in the language of the page's run, which
    the download's own request does not carry."""
    language = current_language()

    def build() -> bytes:
        set_language(language)
        rows_read = frame() if callable(frame) else frame
        return to_csv_bytes(shaped(rows_read) if shaped else headed(rows_read, headers))

    return lambda: contextvars.copy_context().run(build)


def download_csv(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    page: str,
    what: str,
    f: Filters,
    key: str,
    label: str = "CSV",
    shaped: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    headers: Mapping[str, str] | None = None,
    rows: int | None = None,
) -> None:
    """A download button whose bytes are built only when it is clicked (a
    callable), and whose click does not rerun the app. A large table can be
    passed as a function that reads it, so it is read only on a click too;
    `shaped` turns the frame into what the file holds (headers, rounding), on
    the click; without it, the columns are named by `headers` (`headed`).
    The file holds every row (`csv_builder`), also of a table that shows few;
    `rows`: how many a callable `frame` reads, when known, for the help."""
    if callable(frame) and rows is None:
        described = _("Download {what} as CSV").format(what=what)
    else:
        count = rows if callable(frame) else len(frame)
        described = ngettext(
            "Download {what} as CSV ({count} row)", "Download {what} as CSV ({count} rows)", count
        ).format(what=what, count=f"{count:,}")
    st.download_button(
        label,
        data=csv_builder(frame, shaped=shaped, headers=headers),
        file_name=csv_filename(page, what, f),
        mime="text/csv",
        on_click="ignore",
        key=f"download_{key}",
        icon=":material/download:",
        help=described,
    )
