"""Column formats for st.dataframe, so every table shows money (in the
shop's currency), counts and changes the same way, and a helper that draws a
table with its CSV button. Call them after `setup_page`: money columns take
the shop's currency when they are made.

A table longer than the INVENTORY_SHOWN_ROWS setting (500 rows by default)
sends only its first rows to the browser, in the order the caller gives (most
urgent first), with a caption of how many are shown and a choice to raise it
(4x and 20x the setting): a 160,000-position table would otherwise be sent
whole on every rerun. Its CSV holds every row and is built only when clicked.

The CSV holds what the table shows: its columns in its order, under its
headers (in the user's language), money rounded to the currency's decimals
and rates to the decimals shown; "all columns" is a second button where the
table leaves columns out. Change columns are coloured like the tiles: green
when better, red when worse, for the measure's own direction; a missing
change reads "n/a".
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from data_access.filters import Filters
from i18n import N_, _, ngettext
from i18n.formats import currency_decimals, format_number
from ui.downloads import download_csv
from ui.formatting import COUNT_FORMAT, DECIMAL_FORMAT, PERCENT_FORMAT, money_printf
from ui.metrics import Better
from ui.shop import current_shop

MISSING = N_("n/a")  # an empty cell's words: translate when drawn, _(MISSING)
BETTER_COLOUR, WORSE_COLOUR = "#09ab3b", "#ff2b2b"  # Streamlit's delta green and red, as on the tiles
SHOWN_ROWS_ENV, DEFAULT_SHOWN_ROWS = "INVENTORY_SHOWN_ROWS", 500
RAISED = (1, 4, 20)  # the row counts offered, as multiples of the setting: 500, 2,000 and 10,000 by default
MOST_URGENT_FIRST = N_("most urgent first")  # the order a limited table's caption names unless told another


class _Money(dict):
    """A money column's config; the CSV rounds it to the currency's decimals."""


class _Change(dict):
    """A change column's config, with the direction that is better for its measure."""

    better: Better = "higher"


def money(label: str, *, cents: bool = False, help: str | None = None) -> st.column_config.NumberColumn:
    return _Money(st.column_config.NumberColumn(label, format=money_printf(cents=cents), help=help))


def count(label: str, help: str | None = None) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format=COUNT_FORMAT, help=help)


def percent(label: str, help: str | None = None) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format=PERCENT_FORMAT, help=help)


def decimal(label: str, help: str | None = None) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format=DECIMAL_FORMAT, help=help)


def change_pct(label: str, better: Better = "higher") -> st.column_config.NumberColumn:
    change = st.column_config.NumberColumn(label, format="%+.1f%%", help=_("Change against the comparison period"))
    return _change(change, better)


def points(label: str, better: Better = "higher") -> st.column_config.NumberColumn:
    # Translators: a change in percentage points as a printf format; keep %+.1f
    shown = _("%+.1f pp")
    change = st.column_config.NumberColumn(label, format=shown, help=_("Difference in percentage points"))
    return _change(change, better)


def _change(config: Mapping, better: Better) -> _Change:
    change = _Change(config)
    change.better = better
    return change


def day(label: str) -> st.column_config.DateColumn:
    return st.column_config.DateColumn(label, format="YYYY-MM-DD")


def table_with_download(
    frame: pd.DataFrame,
    columns: dict[str, object],
    *,
    page: str,
    what: str,
    f: Filters,
    key: str,
    pinned: Sequence[str] = ("sku", "name"),
    all_columns: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
    rows: int | None = None,
    order: str | None = None,
    total: int | None = None,
    every_row: Callable[[], pd.DataFrame] | None = None,
    blank: str | None = None,
) -> pd.DataFrame:
    """Show `columns` of `frame` (name -> column config, in the order a
    manager acts on them), the identifying ones `pinned` while the rest
    scroll, and offer the same columns as CSV, both in a container keyed
    `table_<key>` (CSS class `st-key-table_<key>`, a stable hook for tests).
    `all_columns`: a second CSV with every column of that frame (or of what
    it reads, on a click); `rows`:
    show only that many first rows, without a choice (the CSV keeps them
    all). A longer frame than the shown-rows setting shows its first rows
    (`first_rows`): sort it so, and name its `order` unless most urgent first.
    A frame read with its first `rows_wanted` rows only gives the whole
    table's `total` and `every_row`, its reader for the CSV (on a click).
    `blank`: what an empty cell reads, where "n/a" would mislead (a figure
    the row's kind does not have). Returns the rows shown."""
    configs = {name: _pinned(config) if name in pinned else config for name, config in columns.items()}
    shown = frame[list(columns)]
    with st.container(key=f"table_{key}"):
        head = shown.head(rows) if rows else first_rows(shown, key=key, order=order, total=total)
        st.dataframe(_coloured(head, configs), column_config=configs, hide_index=True,
                     placeholder=_(MISSING) if blank is None else blank)
        every = shown if every_row is None else lambda: every_row()[list(columns)]
        download_csv(every, page=page, what=what, f=f, key=key, shaped=_shaper(configs), rows=total)
        if all_columns is not None:
            download_csv(
                all_columns, page=page, what=_("{what}, all columns").format(what=what), f=f, key=f"{key}_all",
                label=_("CSV, all columns"),
            )  # fmt: skip
    return head


def shown_rows_limit(*, warn: bool = False) -> int:
    """The INVENTORY_SHOWN_ROWS setting: how many rows a table sends to the
    browser before the user raises it; the default, with a warning drawn
    when asked to `warn`, for a value that is not a positive whole number."""
    raw = os.environ.get(SHOWN_ROWS_ENV, "").strip()
    if not raw:
        return DEFAULT_SHOWN_ROWS
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    if warn:
        st.warning(
            _("The {setting} setting is {value}, not a positive whole number: tables show {default} rows. Set it to "
              "a number of rows such as 500, or remove it.").format(setting=SHOWN_ROWS_ENV, value=repr(raw),
                                                                    default=DEFAULT_SHOWN_ROWS),
            icon=":material/warning:",
        )  # fmt: skip
    return DEFAULT_SHOWN_ROWS


def first_rows(
    frame: pd.DataFrame, *, key: str, order: str | None = None, total: int | None = None
) -> pd.DataFrame:
    """The rows of `frame` the browser gets: all of a short frame; of a
    longer one, its first `shown_rows_limit()` rows, with a caption of how
    many of how many are shown in which `order` (words, most urgent first
    unless told) and a choice, keyed `shown_rows_<key>`, to raise it to 4x
    or 20x that. `total`: the whole table's rows when `frame` holds only
    the first `rows_wanted(key)` of them."""
    limit = shown_rows_limit(warn=True)
    total = len(frame) if total is None else total
    if total <= limit:
        return frame
    wanted = st.selectbox(
        _("Rows shown"), [limit * times for times in RAISED], format_func=format_number, key=f"shown_rows_{key}",
        help=_("The download holds every row; showing more makes the page slower."), width=160,
    )  # fmt: skip
    shown = min(wanted, total)
    st.caption(
        ngettext("Showing {shown} of {total} row, {order}.", "Showing {shown} of {total} rows, {order}.", total)
        .format(shown=format_number(shown), total=format_number(total), order=order or _(MOST_URGENT_FIRST))
    )  # fmt: skip
    return frame.head(shown)


def rows_wanted(key: str) -> int:
    """How many first rows the table keyed `key` shows on this run (the
    user's choice, else the setting): for a page that reads only those
    (ORDER BY ... LIMIT) and passes the whole table's `total`."""
    return int(st.session_state.get(f"shown_rows_{key}") or shown_rows_limit())


def download_shown(
    frame: pd.DataFrame, columns: dict[str, object], *, page: str, what: str, f: Filters, key: str
) -> None:
    """A chart's CSV as the chart reads: `columns` (name -> column config) under their headers, rounded as shown."""
    download_csv(frame[list(columns)], page=page, what=what, f=f, key=key, shaped=_shaper(columns))


def _shaper(configs: Mapping[str, object]):
    """`as_shown` for a click later: the currency's decimals are read now, in the page's run (the shop is
    known there, not in the download's own request)."""
    decimals = currency_decimals(current_shop().currency)
    return lambda rows: as_shown(rows, configs, decimals)


def _pinned(config: object) -> dict:
    pinned = type(config)(config) if isinstance(config, dict) else st.column_config.Column(str(config))
    if isinstance(config, _Change):
        pinned.better = config.better
    pinned["pinned"] = True
    return pinned


def _coloured(shown: pd.DataFrame, configs: Mapping[str, object]) -> pd.DataFrame | pd.io.formats.style.Styler:
    """Change columns green when better and red when worse (the tiles' colours)."""
    changes = {name: config.better for name, config in configs.items() if isinstance(config, _Change)}
    if not changes:
        return shown
    styler = shown.style
    for name, better in changes.items():
        styler = styler.map(lambda value, better=better: _change_colour(value, better), subset=[name])
    return styler


def _change_colour(value: float, better: Better) -> str:
    if better == "neither" or pd.isna(value) or value == 0:
        return ""
    improved = (value > 0) == (better == "higher")
    return f"color: {BETTER_COLOUR if improved else WORSE_COLOUR}"


def as_shown(
    shown: pd.DataFrame, configs: Mapping[str, object], money_decimals: int | None = None
) -> pd.DataFrame:
    """The table as the user reads it, for its CSV: the shown headers, money
    at the currency's decimals (`money_decimals`, else the current shop's),
    other numbers at the decimals they show."""
    if money_decimals is None:
        money_decimals = currency_decimals(current_shop().currency)
    exported = shown.copy()
    for name, config in configs.items():
        decimals = money_decimals if isinstance(config, _Money) else _decimals(config)
        if decimals is not None and pd.api.types.is_float_dtype(exported[name]):
            exported[name] = exported[name].round(decimals)
    exported.columns = [_header(name, configs[name]) for name in exported.columns]
    return exported


def _decimals(config: object) -> int | None:
    number_format = config.get("type_config", {}).get("format") if isinstance(config, dict) else None
    if not number_format:
        return None
    places = re.search(r"\.(\d+)f", number_format)
    return int(places.group(1)) if places else 0


def _header(name: str, config: object) -> str:
    if isinstance(config, dict):
        return config.get("label") or name
    return str(config)
