"""Column formats for st.dataframe, so every table shows money (in the
shop's currency), counts and changes the same way, and a helper that draws a
table with its CSV button. Call them after `setup_page`: money columns take
the shop's currency when they are made."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.filters import Filters
from i18n import _
from ui.downloads import download_csv
from ui.formatting import COUNT_FORMAT, DECIMAL_FORMAT, PERCENT_FORMAT, money_printf


def money(label: str, *, cents: bool = False, help: str | None = None) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format=money_printf(cents=cents), help=help)


def count(label: str, help: str | None = None) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format=COUNT_FORMAT, help=help)


def percent(label: str, help: str | None = None) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format=PERCENT_FORMAT, help=help)


def decimal(label: str, help: str | None = None) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format=DECIMAL_FORMAT, help=help)


def change_pct(label: str) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format="%+.1f%%", help=_("Change against the comparison period"))


def points(label: str) -> st.column_config.NumberColumn:
    # Translators: a change in percentage points as a printf format; keep %+.1f
    shown = _("%+.1f pp")
    return st.column_config.NumberColumn(label, format=shown, help=_("Difference in percentage points"))


def day(label: str) -> st.column_config.DateColumn:
    return st.column_config.DateColumn(label, format="YYYY-MM-DD")


def table_with_download(
    frame: pd.DataFrame, columns: dict[str, object], *, page: str, what: str, f: Filters, key: str
) -> None:
    """Show `columns` of `frame` (name -> column config) and offer the same
    columns as CSV under the same headers, both in a container keyed
    `table_<key>` (CSS class `st-key-table_<key>`, a stable hook for tests)."""
    shown = frame[list(columns)]
    with st.container(key=f"table_{key}"):
        st.dataframe(shown, column_config=columns, hide_index=True)
        download_csv(shown, page=page, what=what, f=f, key=key, headers=headers_of(columns))


def headers_of(columns: dict[str, object]) -> dict[str, str]:
    """Each column's words on screen: its config's label, or the words given for it."""
    headers = {}
    for name, config in columns.items():
        label = config.get("label") if isinstance(config, dict) else config
        if isinstance(label, str) and label:
            headers[name] = label
    return headers
