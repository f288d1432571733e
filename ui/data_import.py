"""The Data page's steps: upload, map columns, review the plan, import.

All reading, parsing, validation and writing is `data_access.importer`'s;
this module only draws it. Streamlit reruns the page on every click, so the
read file and the plan are kept in session state under keys naming what
they depend on, and a new upload starts the mapping afresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from data_access.config import redact_secrets
from data_access.importer import (
    FIELDS,
    AmbiguousDates,
    ImportPlan,
    ImportRefused,
    ImportReport,
    RawTable,
    guess_mapping,
    plan_import,
    read_bytes,
    run_import,
)
from data_access.importer.currency import currencies_of, currency_mismatch
from data_access.importer.decoding import ENCODING_LABELS
from data_access.importer.limits import shorten
from data_access.importer.mappings import SavedMapping, delete_mapping, list_mappings, save_mapping
from data_access.importer.reading import excel_sheets, is_excel
from data_access.importer.rejects import rejects_csv
from data_access.importer.shapes import REQUIRED_FIELDS, Shape
from data_access.importer.templates import TEMPLATES, template_csv, template_file_name
from i18n import N_, _
from i18n.formats import currency_name, current_currencies, format_date_range, format_number
from i18n.importer_words import encoding_label, file_source, importer_message
from i18n.labels import import_field_label, import_shape_label, table_label
from services.access import Access
from ui import loaders, tables
from ui.escaping import escape_markdown
from ui.shop import current_shop

UNMAPPED = "—"
# Widget values are ids (a date format, an import mode), named through _() when drawn.
DATE_ORDERS = {"DMY": N_("Day first (31/01/2025)"), "MDY": N_("Month first (01/31/2025)")}
MODES = {"append": N_("Add and update (safe to repeat)"), "replace": N_("Replace all data in the database")}
IDEMPOTENCE_RULE = N_(
    "Importing the same file again changes nothing: its rows replace the rows with the same key. Sales lines "
    "are keyed by order, SKU and warehouse (a row without an order id belongs to the order "
    "`AUTO-<warehouse>-<yyyymmdd>`), stock levels by day, SKU and warehouse, purchase orders by supplier, SKU, "
    "warehouse and order date."
)
_PREVIEW_ROWS = 20
_SHOWN_REJECTS = 1000
_REPORT_KEY = "import_report"
Source = tuple[str, str | None, str | None]  # the upload's id, encoding and sheet: what a read depends on


def _remembered(slot: str, depends_on: tuple, compute: Callable[[], Any]) -> Any:
    """The value last computed for `slot`, recomputed when `depends_on` changes."""
    cached = st.session_state.get(slot)
    if cached is None or cached[0] != depends_on:
        cached = (depends_on, compute())
        st.session_state[slot] = cached
    return cached[1]


def _refused(problem: ImportRefused) -> None:
    st.error(escape_markdown(importer_message(str(problem))), icon=":material/error:")
    st.stop()


# --- 1. upload ----------------------------------------------------------------


def upload_step() -> tuple[RawTable, Source] | None:
    """The uploaded file, read; None before anything is uploaded. The second
    value names the file (and read options) the mapping widgets belong to."""
    upload = st.file_uploader(
        _("A CSV or Excel (`.xlsx`) export"), type=["csv", "txt", "tsv", "xlsx"], key=_uploader_key()
    )
    if upload is None:
        return None
    data = upload.getvalue()
    left, right = st.columns(2)
    if is_excel(data):
        sheets = _remembered("import_sheets", (upload.file_id,), lambda: _sheets_or_stop(data))
        sheet, encoding = left.selectbox(_("Sheet"), sheets, key="sheet"), None
    else:
        encodings = (None, *ENCODING_LABELS)  # None: detect
        sheet, encoding = None, left.selectbox(_("Encoding"), encodings, format_func=_encoding, key="encoding")
    source = (upload.file_id, encoding, sheet)
    try:
        table = _remembered(
            "import_table", source, lambda: read_bytes(upload.name, data, encoding=encoding, sheet=sheet)
        )
    except ImportRefused as problem:
        _refused(problem)
    read = _("{rows} rows · {source}")
    right.caption(read.format(rows=format_number(len(table.frame)), source=file_source(table.source)))
    return table, source


def _encoding(codec: str | None) -> str:
    return _("Detect") if codec is None else encoding_label(ENCODING_LABELS[codec])


def _sheets_or_stop(data: bytes) -> list[str]:
    try:
        return excel_sheets(data)
    except ImportRefused as problem:
        _refused(problem)


# --- 2. mapping ---------------------------------------------------------------


def mapping_step(table: RawTable, source: Source) -> tuple[dict[str, str], str | None]:
    """Field -> column as the user set it, and a saved mapping's date format."""
    saved = {m.name: m for m in list_mappings()}
    fitting = [name for name, m in saved.items() if m.fits(table.headers)]
    choice = st.selectbox(
        _("Start from"),
        [None, *fitting],  # None: guess from the headers
        format_func=lambda name: _("Guess from the headers") if name is None else name,
        index=1 if fitting else 0,
        key="saved_mapping",
        help=_("Mappings saved below; only those whose columns are all in this file are offered."),
    )
    if choice is None:
        start = SavedMapping("", guess_mapping(table.headers))  # a guess: never saved, so no name
    else:
        start = saved[choice]
    if st.session_state.get("mapping_for") != (source, choice):  # a new file or start: new defaults
        for field in FIELDS:
            st.session_state.pop(f"map_{field}", None)
        st.session_state["mapping_for"] = (source, choice)
    options = [UNMAPPED, *table.headers]
    mapping = {}
    with st.expander(_("Column mapping"), expanded=True):
        st.caption(
            _(
                "Which column holds each field. Required: a date and a SKU, with units sold and/or a stock level, "
                "for sales and stock; see the templates for the other kinds of file."
            )
        )
        columns = st.columns(4)
        for number, field in enumerate(FIELDS.values()):
            current = start.mapping.get(field.name)
            chosen = columns[number % 4].selectbox(
                import_field_label(field.name),
                options,
                index=options.index(current) if current in options else 0,
                key=f"map_{field.name}",
                help=_("field {name}").format(name=f"`{field.name}` (`--map {field.name}=COLUMN`)"),
            )
            if chosen != UNMAPPED:
                mapping[field.name] = chosen
    return mapping, start.date_format


# --- 3. plan ------------------------------------------------------------------


def plan_step(table: RawTable, source: Source, mapping: dict[str, str], date_format: str | None) -> ImportPlan:
    """The plan, asking for the date order first when the dates are ambiguous
    (never a silent guess)."""
    try:
        return _plan(table, source, mapping, date_format)
    except AmbiguousDates as problem:
        st.warning(escape_markdown(importer_message(problem.detail)), icon=":material/help:")
        order = st.radio(
            _("How are the dates written?"), tuple(DATE_ORDERS), format_func=lambda order: _(DATE_ORDERS[order]),
            index=None, key="date_order",
        )  # fmt: skip
        if order is None:
            st.stop()
    except ImportRefused as problem:
        _refused(problem)
    try:
        return _plan(table, source, mapping, order)
    except ImportRefused as problem:
        _refused(problem)


def _plan(table: RawTable, source: Source, mapping: dict[str, str], date_format: str | None) -> ImportPlan:
    depends_on = (source, tuple(sorted(mapping.items())), date_format)
    return _remembered("import_plan", depends_on, lambda: plan_import(table, mapping, date_format))


def _shortened(frame: pd.DataFrame) -> pd.DataFrame:
    """Long texts cut for the preview: a browser tab must not draw megabytes per cell."""
    texts = [column for column in frame.columns if not pd.api.types.is_numeric_dtype(frame[column])]
    return frame.assign(**{column: frame[column].map(shorten, na_action="ignore") for column in texts})


def show_plan(plan: ImportPlan) -> None:
    for note in plan.notes:
        st.caption(escape_markdown(importer_message(note)))
    if plan.cost_warning:
        st.warning(escape_markdown(importer_message(plan.cost_warning)), icon=":material/price_check:")
    read, valid, rejected = st.columns(3)
    read.metric(_("Rows read"), format_number(plan.rows_read))
    valid.metric(_("Will be imported"), format_number(len(plan.accepted)))
    rejected.metric(_("Rejected"), format_number(len(plan.rejected_rows)))
    preview = _("Preview of the values as they will be imported ({kind} file):")
    st.caption(preview.format(kind=import_shape_label(plan.shape.value).lower()))
    headers = {"_index": _("Row"), **{field: import_field_label(field) for field in plan.values.columns}}
    st.container(key="table_preview").dataframe(_shortened(plan.values.head(_PREVIEW_ROWS)), column_config=headers)
    if len(plan.rejects):
        st.subheader(_("Rejected rows"))
        st.caption(_("Row numbers are those a spreadsheet shows (the header is row 1)."))
        shown = plan.rejects.head(_SHOWN_REJECTS)
        st.container(key="table_rejects").dataframe(
            shown.assign(reason=shown["reason"].map(importer_message)),
            column_config={
                "row": _("Row"), "column": _("Column"), "value": _("Value in the file"), "reason": _("Reason")
            },  # fmt: skip
            hide_index=True,
        )
        st.download_button(
            _("Download the rejects (CSV)"),
            data=lambda: rejects_csv({plan.table.file_name: plan.rejects}),
            file_name=f"{plan.table.file_name}.rejects.csv",
            mime="text/csv",
            on_click="ignore",
            key="download_rejects",
            icon=":material/download:",
        )


# --- 4. import ----------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What one import did, kept across the rerun that refreshes the page."""

    file_name: str
    rows_read: int
    rows_imported: int
    rows_rejected: int
    date_span: str
    tables: pd.DataFrame  # table, added or changed, in the database now
    backup: str | None = None  # where a replace kept the previous database file

    @classmethod
    def of(cls, report: ImportReport) -> ImportSummary:
        changed = {**report.written, **{t: report.created[t] + report.updated[t] for t in ("warehouses", "products")}}
        tables = pd.DataFrame(
            {
                "table": [table_label(t) for t in report.totals],
                "changed": [changed.get(t, 0) for t in report.totals],
                "total": list(report.totals.values()),
            }
        )
        span = report.date_span
        return cls(
            ", ".join(p.table.file_name for p in report.plans),
            report.rows_read,
            report.rows_imported,
            report.rows_rejected,
            format_date_range(*span) if span else _("no dates"),
            tables,
            str(report.backup) if report.backup else None,
        )


def currency_step(plan: ImportPlan) -> str | None:
    """The currency to store with the import: asked for while the database
    stores none (guessed from the file's symbols when they name one), None
    once it does. Warns when the file's symbols cannot be the shop's currency."""
    shop = current_shop()
    chosen = None
    if not shop.currency_stored:
        codes = current_currencies()
        named = [code for mark in plan.currency_marks for code in currencies_of(mark)]
        guess = named[0] if len(set(named)) == 1 else shop.currency
        chosen = st.selectbox(
            _("Currency of the amounts"), codes, index=codes.index(guess) if guess in codes else 0,
            format_func=lambda code: f"{code} · {currency_name(code)}", key="import_currency",
            help=_("Stored with the data: every page shows amounts in it. Amounts are never converted."),
        )  # fmt: skip
    if warning := currency_mismatch(plan.currency_marks, chosen or shop.currency):
        st.warning(importer_message(warning), icon=":material/currency_exchange:")
    return chosen


def import_step(db_url: str, plan: ImportPlan, who: str) -> None:
    """The mode, the confirmations and the Import button; the import is
    recorded in the audit as `who`'s."""
    st.caption(_(IDEMPOTENCE_RULE))
    currency = currency_step(plan)
    mode = st.radio(_("Mode"), tuple(MODES), format_func=lambda mode: _(MODES[mode]), key="mode", horizontal=True)
    confirmed = mode == "append" or st.checkbox(
        _("Yes, delete everything in the database first"), key="confirm_replace"
    )
    partial = bool(len(plan.rejects)) and st.checkbox(
        _("Import the {valid} valid rows and leave the {rejected} rejected ones out").format(
            valid=format_number(len(plan.accepted)), rejected=format_number(len(plan.rejected_rows))
        ),
        key="allow_partial",
    )
    blocked = bool(len(plan.rejects)) and not partial
    if blocked:
        st.info(_("A file with rejected rows imports nothing: fix the rows, or choose to import only the valid ones."))
    if not st.button(
        _("Import"), type="primary", disabled=blocked or not confirmed or not len(plan.accepted), key="import"
    ):
        return
    bar = st.progress(0.0, text=_("Starting"))
    try:
        report = run_import(
            loaders.engine_for(db_url),
            [plan],
            mode=mode,
            allow_partial=partial,
            progress=lambda fraction, message: bar.progress(min(fraction, 1.0), text=message),
            currency=currency,
            who=who,
        )
    except Exception as error:  # the transaction was rolled back: say so, never a traceback
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        failed = _("Nothing was imported: {problem}")
        st.error(failed.format(problem=escape_markdown(importer_message(redact_secrets(detail, db_url)))),
                 icon=":material/error:")  # fmt: skip
        return
    loaders.clear_caches()  # st.cache_data.clear(): every page shows the new rows
    _release_upload()
    st.session_state[_REPORT_KEY] = ImportSummary.of(report)
    st.rerun()  # redraw the sidebar's date range and lists from the new data


_UPLOADS_KEY = "uploads_released"
_READ_SLOTS = ("import_sheets", "import_table", "import_plan")


def _uploader_key() -> str:
    released = st.session_state.get(_UPLOADS_KEY, 0)
    return "upload" if released == 0 else f"upload_{released}"


def _release_upload() -> None:
    """After an import, forget the file: its bytes (a new uploader key drops
    Streamlit's copy), its cells and its plan, which can take hundreds of MB."""
    for slot in _READ_SLOTS:
        st.session_state.pop(slot, None)
    st.session_state[_UPLOADS_KEY] = st.session_state.get(_UPLOADS_KEY, 0) + 1


def show_last_import() -> None:
    summary: ImportSummary | None = st.session_state.get(_REPORT_KEY)
    if summary is None:
        return
    with st.container(border=True, key="import_summary"):
        imported = _("Imported {file}.").format(file=escape_markdown(summary.file_name))
        st.success(imported, icon=":material/check_circle:")
        if summary.backup:
            kept = _("The data before the replace is kept in `{path}`: copy that file back over the database file "
                     "(with the dashboard stopped) to undo the replace.")  # fmt: skip
            st.info(kept.format(path=summary.backup), icon=":material/history:")
        columns = st.columns(4)
        columns[0].metric(_("Rows read"), format_number(summary.rows_read))
        columns[1].metric(_("Imported"), format_number(summary.rows_imported))
        columns[2].metric(_("Rejected"), format_number(summary.rows_rejected))
        columns[3].metric(_("Dates"), summary.date_span)
        st.container(key="table_import_summary").dataframe(
            summary.tables,
            column_config={"table": _("Table"), "changed": _("Added or changed"), "total": _("In the database now")},
            hide_index=True,
        )


AUDIT_ROWS = 200


def show_audit(db_url: str) -> None:
    """The import audit, for admins: who imported which file, when, and how."""
    with st.expander(_("Import history: who imported which file, when, and how")):
        audit = loaders.recent_imports(db_url, AUDIT_ROWS)
        if audit.empty:
            st.caption(_("Nothing has been imported into this database yet."))
            return
        with st.container(key="table_import_audit"):
            st.dataframe(
                audit.drop(columns="audit_id").assign(mode=audit["mode"].map(lambda mode: _(MODES.get(mode, mode)))),
                column_config={
                    "imported_at": st.column_config.DatetimeColumn(_("When (UTC)"), format="YYYY-MM-DD HH:mm:ss"),
                    "imported_by": _("Who"), "mode": _("Mode"), "file_name": _("File"), "sha256": _("SHA-256"),
                    "rows_read": tables.count(_("Rows read")), "rows_imported": tables.count(_("Imported")),
                    "rows_rejected": tables.count(_("Rejected")),
                },
                hide_index=True,
            )  # fmt: skip


# --- saved mappings and templates ---------------------------------------------


def save_mapping_step(mapping: dict[str, str], date_format: str | None) -> None:
    with st.expander(_("Save this mapping for the next export")):
        name = st.text_input(_("Name"), key="mapping_name", placeholder=_("e.g. Shop export"))
        if st.button(_("Save mapping"), key="save_mapping", disabled=not name.strip()):
            try:
                save_mapping(SavedMapping(name.strip(), mapping, date_format))
            except (ImportRefused, OSError) as problem:
                not_saved = _("The mapping was not saved: {problem}")
                st.error(not_saved.format(problem=escape_markdown(importer_message(str(problem)))))
                return
            saved = _("Saved “{name}”. It is offered for every file that has its columns.")
            st.success(saved.format(name=escape_markdown(name.strip())))


DELETED_KEY = "mapping_deleted"
admin_log = logging.getLogger("inventory.admin")


def manage_mappings_step(access: Access) -> None:
    """Delete a saved mapping, after a confirmation: admins only (the page
    shows this to no one else, and the deletion checks again). Logged on the
    `inventory.admin` logger with who deleted what; mappings are files, not
    data, so the import audit does not hold them."""
    if not access.can_import:
        return
    saved = [mapping.name for mapping in list_mappings()]
    with st.expander(_("Saved column mappings ({count})").format(count=len(saved))):
        if outcome := st.session_state.pop(DELETED_KEY, None):
            deleted, problem = outcome
            if problem is None:
                st.success(_("Deleted “{name}”.").format(name=escape_markdown(deleted)), icon=":material/delete:")
            else:
                not_deleted = _("“{name}” was not deleted: {problem}").format(
                    name=escape_markdown(deleted), problem=escape_markdown(problem))
                st.error(not_deleted, icon=":material/error:")
        if not saved:
            st.caption(_("No column mapping is saved. Save one below the mapping of an uploaded file."))
            return
        name = st.selectbox(_("Mapping"), saved, key="delete_mapping_name")
        confirmed = st.checkbox(
            _("Yes, delete “{name}” for everyone").format(name=escape_markdown(name)), key="confirm_delete_mapping"
        )
        st.button(_("Delete mapping"), key="delete_mapping", icon=":material/delete:", disabled=not confirmed,
                  on_click=_delete_mapping, args=(access, name))  # fmt: skip


def _delete_mapping(access: Access, name: str) -> None:
    if not access.can_import or not st.session_state.get("confirm_delete_mapping"):
        return
    try:
        path, problem = delete_mapping(name), None
    except ImportRefused:  # another admin deleted it meanwhile: it is gone either way
        path, problem = "already gone", None
    except OSError as exc:  # e.g. the folder is read-only for the dashboard's account
        path, problem = None, exc.strerror or type(exc).__name__
    if problem is None:
        admin_log.info("%s deleted the saved column mapping %r (%s)", access.user, name, path)
    st.session_state[DELETED_KEY] = (name, problem)
    for key in ("confirm_delete_mapping", "delete_mapping_name"):
        st.session_state.pop(key, None)
    if st.session_state.get("saved_mapping") == name:  # the mapping step must not start from it any more
        st.session_state.pop("saved_mapping")


SHAPE_HELP = {
    "sales and stock": N_("one row per day, store and product with units sold and the stock level"),
    "sales": N_("order lines; negative quantities are returns"),
    "stock levels": N_("end-of-day units on hand"),
    "products": N_("product attributes; list price, cost, supplier, lead time"),
    "warehouses": N_("codes, names, regions and capacities"),
    "purchase orders": N_("supplier orders, open while not received"),
}


def templates_step() -> None:
    required = "; ".join(
        _("{kind}: {fields}").format(kind=import_shape_label(shape), fields=", ".join(fields))
        for shape, fields in _required_by_shape().items()
    )
    st.caption(_("Headers the importer recognises, with a few example rows. Required fields: {fields}.").format(
        fields=required
    ))
    for shape in TEMPLATES:
        st.download_button(
            _("{kind} template").format(kind=import_shape_label(shape)),
            data=template_csv(shape),
            file_name=template_file_name(shape),
            mime="text/csv",
            on_click="ignore",
            key=f"template_{shape.replace(' ', '_')}",
            help=_(SHAPE_HELP[shape]),
            icon=":material/download:",
        )


def _required_by_shape() -> dict[str, list[str]]:
    """Each kind of file's required fields, as the mapping names them."""
    required = {
        shape.value: [import_field_label(field) for field in fields] for shape, fields in REQUIRED_FIELDS.items()
    }
    either = _("{one} or {other}").format(one=import_field_label("quantity"), other=import_field_label("on_hand"))
    required[Shape.ACTIVITY.value].append(either)
    return required
