"""The plain messages pages show instead of a chart or a traceback."""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

import streamlit as st

from data_access.config import redact_secrets
from data_access.filters import Filters
from i18n import _
from i18n.database_words import database_message
from i18n.formats import format_date
from ui.escaping import escape_markdown
from ui.navigation import DATA, link_to


def stop_with_database_problem(message: str, db_url: str | None = None) -> NoReturn:
    """One error panel that names the problem and the fix, then end the run."""
    st.error(
        redact_secrets(message, db_url),
        title=_("The dashboard cannot use its database"),
        icon=":material/database_off:",
    )
    st.stop()


def show_empty_database(scope: tuple[str, ...] | None = None) -> None:
    """What to do when there is no data; for a user scoped to the warehouses
    `scope`, none in those (whatever the others hold)."""
    if scope is not None:
        st.info(
            _("Your warehouses ({warehouses}) have no sales or stock yet. Ask an admin to import their data, or to "
              "check the warehouse codes given to you under [access] in secrets.toml.").format(
                warehouses=escape_markdown(", ".join(scope))),
            icon=":material/inbox:",
        )  # fmt: skip
        return
    st.info(
        _(
            "The database has no sales or stock yet. Import your orders, stock snapshots and purchase "
            "orders on the Data page, or point the dashboard at another database."
        ),
        icon=":material/inbox:",
    )
    link_to(DATA, _("Import data"))


def show_nothing_selected(f: Filters, what: str, when: str | None = None) -> None:
    """Say what is missing and what to change, in place of an empty chart.
    `what` is a noun in the current language ("sales"); `when` a phrase
    ("on or before 31 Dec 2025"), by default the selected range."""
    narrowed = []
    if f.warehouses:
        narrowed.append(_("warehouses {codes}").format(codes=", ".join(map(escape_markdown, f.warehouses))))
    if f.categories:
        narrowed.append(_("categories {names}").format(names=", ".join(map(escape_markdown, f.categories))))
    when = when or _("between {start} and {end}").format(start=format_date(f.start), end=format_date(f.end))
    if narrowed:
        missing = _("No {what} for {scope} {when}.").format(what=what, scope=_(" and ").join(narrowed), when=when)
    else:
        missing = _("No {what} {when}.").format(what=what, when=when)
    widen = _("Widen the date range or change the warehouses and categories in the sidebar.")
    st.info(f"{missing} {widen}", icon=":material/filter_alt_off:")


def show_cached_during_outage(problem: str, span: tuple[datetime, datetime] | None, db_url: str) -> None:
    """The notice for figures served from the cache while the database is down."""
    if span is None:
        text = _("The database cannot be reached now, so this page shows what the dashboard still holds from "
                 "earlier reads and nothing that changed since. {problem}")  # fmt: skip
    else:
        text = _("The database cannot be reached now: the figures on this page come from the dashboard's cache, "
                 "read from the database between {first} and {last} UTC, and show nothing that changed since. "
                 "Parts that are not in the cache cannot be shown until it is back. {problem}")  # fmt: skip
    first, last = (_moment(moment) for moment in (span or (None, None)))
    st.warning(
        redact_secrets(text.format(problem=database_message(problem), first=first, last=last), db_url),
        icon=":material/cloud_off:",
    )  # fmt: skip


def _moment(moment: datetime | None) -> str | None:
    """"3 Dec 2026 07:26:48" / "2026年12月3日 07:26:48"."""
    return moment and f"{format_date(moment.date())} {moment:%H:%M:%S}"
