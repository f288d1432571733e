"""One helper for "download this frame as CSV", used beside every table and chart."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from data_access.export import export_filename, to_csv_bytes
from data_access.filters import Filters


def csv_filename(page: str, what: str, f: Filters) -> str:
    """Named after the page, the table or chart, and the filters that shaped it
    (an empty selection reads "all")."""
    return export_filename(page, [what, f.warehouses, f.categories], f.start, f.end)


def download_csv(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    page: str,
    what: str,
    f: Filters,
    key: str,
    label: str = "CSV",
    shaped: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> None:
    """A download button whose bytes are built only when it is clicked (a
    callable), and whose click does not rerun the app. A large table can be
    passed as a function that reads it, so it is read only on a click too;
    `shaped` turns the frame into what the file holds (headers, rounding), on the click."""
    rows = "" if callable(frame) else f" ({len(frame):,} rows)"

    def data() -> bytes:
        rows_read = frame() if callable(frame) else frame
        return to_csv_bytes(shaped(rows_read) if shaped else rows_read)

    st.download_button(
        label,
        data=data,
        file_name=csv_filename(page, what, f),
        mime="text/csv",
        on_click="ignore",
        key=f"download_{key}",
        icon=":material/download:",
        help=f"Download {what.lower()} as CSV{rows}",
    )
