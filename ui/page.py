"""`setup_page`: the first call of every page.

It configures the page, signs the visitor in when sign-in is configured
(ui.access), resolves and prepares the database (filling the default one with
sample data on first start, with visible progress), draws the shared sidebar
and returns a `PageContext` whose filters never reach past the user's
warehouses. Every page calls it, so each page works when it is the first one
a user opens. Database problems end in one error panel, never a traceback;
cached figures shown while the database is down carry a notice saying so.
"""

from __future__ import annotations

import logging
import threading
import traceback
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
import streamlit as st

from analytics.date_ranges import SAME_EVENT_LAST_YEAR
from data_access.config import ENV_VAR, ConfigError, redact_secrets, redact_url, resolve_db_url
from data_access.engine import DatabaseUnavailableError
from data_access.extent import DataSpan, Warehouse
from data_access.filters import Filters
from i18n import N_, _
from i18n.database_words import database_message
from i18n.formats import format_date_range
from i18n.labels import forecast_step_label, sample_step_label
from sample_data.build import ensure_database
from services import replenishment
from services.access import Access
from ui import loaders
from ui.access import current_access
from ui.filter_state import FilterChoice, FilterOptions, comparison_gap_note, describe_weekdays
from ui.filters import comparison_words, sidebar_filters
from ui.language import language_switch, use_session_language
from ui.navigation import PageEntry, sidebar_navigation
from ui.shop import current_shop, use_shop
from ui.states import show_cached_during_outage, show_empty_database, stop_with_database_problem

APP_NAME = N_("Inventory analytics")
failure_log = logging.getLogger("inventory.failures")


@dataclass(frozen=True)
class PageContext:
    """What a page needs to draw: where the data is and what the user selected."""

    db_url: str
    access: Access  # who is looking: their role and the warehouses they may see
    span: DataSpan  # of the warehouses the user may see
    warehouses: tuple[Warehouse, ...]  # those warehouses, with their names and capacities
    choice: FilterChoice
    filters: Filters  # the selected range, warehouses and categories
    comparison: Filters  # the same selection over the comparison period

    @property
    def as_of(self) -> date:
        """Stock is shown as of the end of the selected range."""
        return self.filters.end

    @property
    def comparison_name(self) -> str:
        """The comparison's words inside a sentence: "previous period"."""
        words = comparison_words(self.choice.comparison, self.choice, current_shop().calendar)
        return words if self.choice.comparison == SAME_EVENT_LAST_YEAR else words.lower()

    @property
    def comparison_description(self) -> str:
        """"same weekdays last year (Fri 29 Nov – Mon 2 Dec 2024, 4 days)": which days are compared."""
        return _("{comparison} ({range})").format(
            comparison=self.comparison_name, range=describe_weekdays(self.comparison.start, self.comparison.end)
        )


def setup_page(page: PageEntry, *, needs_data: bool = True) -> PageContext:
    """Set up the page and its sidebar. With `needs_data` (the default) an empty
    database shows what to do and stops the page; the Data page passes False.

    The error boundary: anything unforeseen while setting up shows one short
    message and goes to the server's log in full (its URL redacted), never to
    the visitor; past setup, `client.showErrorDetails = "none"` does the same."""
    try:
        return _setup_page(page, needs_data=needs_data)
    except Exception as exc:  # st.stop() and st.rerun() raise BaseExceptions: they pass
        details = redact_secrets("".join(traceback.format_exception(exc)), _configured_url())
        failure_log.error("Setting up the page %s failed:\n%s", page.slug, details)
        st.error(
            _("Something went wrong while opening this page. Reload it; if it happens again, tell the "
              "dashboard's administrator (the details are in the server's log)."),
            icon=":material/error:",
        )  # fmt: skip
        st.stop()


def _configured_url() -> str | None:
    try:
        return resolve_db_url()
    except ConfigError:
        return None


def _setup_page(page: PageEntry, *, needs_data: bool) -> PageContext:
    use_session_language()  # before any word
    st.set_page_config(page_title=f"{page.title} · {_(APP_NAME)}", page_icon=page.icon, layout="wide")
    sidebar_navigation()
    language_switch()
    st.title(page.title)
    access = current_access()
    db_url = _database_url()
    try:
        _prepare_database(db_url)
        extent = loaders.data_extent(db_url, access.warehouses)  # a scoped user's span is theirs
        use_shop(db_url)  # its currency and calendar, for this run
    except (DatabaseUnavailableError, sa.exc.SQLAlchemyError, OSError, ImportError) as exc:
        stop_with_database_problem(_describe_failure(exc, db_url, access), db_url)
    if problem := loaders.unreachable(db_url):  # everything above came from the cache
        show_cached_during_outage(problem, loaders.read_times().span(db_url), db_url)
    span = extent.span
    if span.is_empty and needs_data:
        show_empty_database(access.warehouses)
        st.stop()
    codes = tuple(w.code for w in extent.warehouses)
    options = FilterOptions.from_data(
        span, codes, extent.categories, today=date.today(), calendar=current_shop().calendar
    )
    choice = sidebar_filters(options, page=page.slug, scoped=access.is_scoped)
    filters = choice.filters().within(access.warehouses)
    comparison = choice.comparison_filters(options.calendar).within(access.warehouses)
    if gap := comparison_gap_note(comparison, span):
        st.sidebar.warning(gap, icon=":material/warning:")
    _sidebar_footer(db_url if access.can_import else None, span)
    return PageContext(
        db_url=db_url, access=access, span=span, warehouses=extent.warehouses, choice=choice, filters=filters,
        comparison=comparison,
    )


def _database_url() -> str:
    try:
        return resolve_db_url()
    except ConfigError as exc:
        stop_with_database_problem(f"{database_message(str(exc))} {_where_to_set()}")


def _where_to_set() -> str:
    return _("Set `{variable}` (or `url` under `[connections.inventory]` in `.streamlit/secrets.toml`).").format(
        variable=ENV_VAR
    )


def _describe_failure(exc: Exception, db_url: str, access: Access) -> str:
    """The problem and its fix in one message; DatabaseUnavailableError already has both.
    Only an admin is shown where the database is, and then with its secrets hidden."""
    if isinstance(exc, DatabaseUnavailableError):
        return database_message(str(exc))
    shown = redact_url(db_url) if access.can_import else _("(its address is shown to admins)")
    if isinstance(exc, ImportError):
        return _(
            "The driver for {database} is not installed ({problem}). Install it into the virtual environment, "
            "or use a database whose driver is installed (DuckDB, SQLite, PostgreSQL via psycopg). {where}"
        ).format(database=shown, problem=exc, where=_where_to_set())
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first_line = detail[0] if detail else type(exc).__name__
    return _(
        "Cannot read the database {database}: {problem}. Check that the server is running and that the "
        "database holds the dashboard's tables. {where}"
    ).format(database=shown, problem=first_line, where=_where_to_set())


@dataclass
class _PreparedDatabases:
    """URLs already prepared by this server process, and a lock so two first
    visitors do not both fill the sample database."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    urls: set[str] = field(default_factory=set)


@st.cache_resource(show_spinner=False)
def _prepared_databases() -> _PreparedDatabases:
    return _PreparedDatabases()


def _prepare_database(db_url: str) -> None:
    """Run ensure_database once per URL and process. Progress appears only when
    it reports any (filling sample data takes seconds; creating tables does not)."""
    prepared = _prepared_databases()
    if db_url in prepared.urls:
        return
    with prepared.lock:
        if db_url in prepared.urls:
            return
        progress = _ProgressPanel()
        generated = ensure_database(db_url, progress=lambda fraction, step: progress(fraction, sample_step_label(step)))
        if generated is not None:  # a new sample shop gets its forecast and plan too
            engine = loaders.engine_for(db_url)
            replenishment.forecast_then_plan(
                engine, progress=lambda fraction, step: progress(fraction, forecast_step_label(step))
            )
        progress.close()
        if progress.shown:
            loaders.clear_caches()
            st.toast(_("Sample data is ready."), icon=":material/check_circle:")
        prepared.urls.add(db_url)


class _ProgressPanel:
    """A progress callback that opens a status box with a bar on its first report."""

    def __init__(self) -> None:
        self._slot = st.empty()
        self._bar = None

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def __call__(self, fraction: float, message: str) -> None:
        if self._bar is None:
            # Not a `with` block: leaving one marks the status complete at once.
            preparing = _("Preparing the sample database (first start only)…")
            status = self._slot.status(preparing, expanded=True, state="running")
            self._bar = status.progress(0.0)
        self._bar.progress(min(max(float(fraction), 0.0), 1.0), text=message)

    def close(self) -> None:
        self._slot.empty()


def _sidebar_footer(db_url: str | None, span: DataSpan) -> None:
    """The data's span for everyone; the database's address (secrets hidden) for admins only."""
    with st.sidebar:
        st.divider()
        if span.first_sale and span.last_sale:
            sales = _("Sales data: {range}").format(range=format_date_range(span.first_sale, span.last_sale))
            st.caption(sales)
        if db_url:
            st.caption(_("Database: {url}").format(url=f"`{redact_url(db_url)}`"))
