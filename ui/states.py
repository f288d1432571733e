"""The plain messages pages show instead of a chart or a traceback."""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

import streamlit as st

from data_access.config import redact_secrets
from data_access.filters import Filters
from i18n import _
from ui.escaping import escape_markdown
from ui.navigation import DATA, link_to


def stop_with_database_problem(message: str, db_url: str | None = None) -> NoReturn:
    """One error panel that names the problem and the fix, then end the run."""
    st.error(
        redact_secrets(message, db_url),
        title="The dashboard cannot use its database",
        icon=":material/database_off:",
    )
    st.stop()


def show_empty_database() -> None:
    st.info(
        "The database has no sales or stock yet. Import your orders, stock snapshots and purchase "
        "orders on the Data page, or point the dashboard at another database.",
        icon=":material/inbox:",
    )
    link_to(DATA, "Import data")


def show_nothing_selected(f: Filters, what: str, when: str | None = None) -> None:
    """Say what is missing and what to change, in place of an empty chart."""
    narrowed = []
    if f.warehouses:
        names = ", ".join(map(escape_markdown, f.warehouses))
        narrowed.append(f"warehouse{'s' if len(f.warehouses) > 1 else ''} {names}")
    if f.categories:
        names = ", ".join(map(escape_markdown, f.categories))
        narrowed.append(f"categor{'ies' if len(f.categories) > 1 else 'y'} {names}")
    scope = f" for {' and '.join(narrowed)}" if narrowed else ""
    when = when or f"between {f.start:%d %b %Y} and {f.end:%d %b %Y}"
    st.info(
        f"No {what}{scope} {when}. "
        "Widen the date range or change the warehouses and categories in the sidebar.",
        icon=":material/filter_alt_off:",
    )


def show_cached_during_outage(problem: str, span: tuple[datetime, datetime] | None, db_url: str) -> None:
    """The notice for figures served from the cache while the database is down."""
    if span is None:
        text = _("The database cannot be reached now, so this page shows what the dashboard still holds from "
                 "earlier reads and nothing that changed since. {problem}")  # fmt: skip
    else:
        text = _("The database cannot be reached now: the figures on this page come from the dashboard's cache, "
                 "read from the database between {first} and {last} UTC, and show nothing that changed since. "
                 "Parts that are not in the cache cannot be shown until it is back. {problem}")  # fmt: skip
    first, last = span or (None, None)
    when = "%d %b %Y %H:%M:%S"
    st.warning(
        redact_secrets(text.format(problem=problem, first=first and first.strftime(when),
                                  last=last and last.strftime(when)), db_url),
        icon=":material/cloud_off:",
    )  # fmt: skip
