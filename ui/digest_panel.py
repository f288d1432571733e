"""The Overview's "needs attention" section: the alerts (the same rules and
thresholds the digest sends), the positions whose status changed since the
last digest (or since the day before, before any digest), and the history of
what the digest sent where."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import streamlit as st

from analytics.alerts import STATUS_CHANGED, Alert, AlertThresholds
from analytics.stock_health import StockPolicy
from data_access.alert_log import FAILED, DigestRun
from i18n import _
from i18n.formats import format_date
from i18n.labels import alert_label, delivery_status_label, status_label
from services.alert_settings import SettingsError, alert_thresholds
from services.alerts import alert_stock_days
from services.digest import changes_since
from services.stock_health import StockDay
from ui import loaders, tables
from ui.alerts import draw_alerts
from ui.page import PageContext

HISTORY_ROWS = 500
HISTORY_KEY = "alert_history_open"  # its expander's state


def attention_stock_days(ctx: PageContext) -> tuple[StockDay, ...]:
    """The classifications `draw_attention` reads, for a page to compute ahead."""
    return alert_stock_days(ctx.filters, ctx.as_of, _changes_since(ctx))


def draw_attention(ctx: PageContext, policy: StockPolicy, page: str) -> None:
    thresholds = _thresholds()
    last = loaders.last_digest(ctx.db_url)
    since = _changes_since(ctx)
    alerts = loaders.stock_alerts(ctx.db_url, ctx.filters, ctx.as_of, policy, thresholds, since)
    draw_alerts(tuple(alert for alert in alerts if alert.kind != STATUS_CHANGED), ctx.filters, page, thresholds)
    (changed,) = (alert for alert in alerts if alert.kind == STATUS_CHANGED)
    _draw_changes(changed, since, last, ctx, page)
    if not ctx.access.is_scoped:  # the history names every warehouse's alerts and recipients
        _draw_history(ctx.db_url)


def _changes_since(ctx: PageContext) -> date:
    """The last digest's day, or the day before, before any digest."""
    last = loaders.last_digest(ctx.db_url)
    return changes_since(last.as_of if last else None, ctx.as_of)


def _thresholds() -> AlertThresholds:
    """The digest's thresholds, so the Overview and the digest agree."""
    try:
        return alert_thresholds()
    except SettingsError as exc:
        problem = _("The alert settings cannot be read ({problem}); default thresholds apply.").format(problem=exc)
        st.warning(problem, icon=":material/warning:")
        return AlertThresholds()


def _draw_changes(changed: Alert, since: date, last: DigestRun | None, ctx: PageContext, page: str) -> None:
    st.subheader(_("Changed since {day}").format(day=format_date(since)))
    if last is not None and since == last.as_of:
        sent = _("The last digest went out on {sent} UTC, for the data as of {day}.")
        when = f"{format_date(last.ran_at.date())} {last.ran_at:%H:%M}"
        st.caption(sent.format(sent=when, day=format_date(last.as_of)))
    else:
        st.caption(_("No digest covers this view yet, so changes are counted from the day before."))
    if changed.rows.empty:
        unchanged = _("No position changed status since {day}.").format(day=format_date(since))
        st.info(unchanged, icon=":material/check_circle:")
        return
    rows = changed.rows.assign(
        previous_status=changed.rows["previous_status"].map(status_label, na_action="ignore").astype("object"),
        status=changed.rows["status"].map(status_label, na_action="ignore").astype("object"),
    )
    tables.table_with_download(
        rows,
        {
            "sku": _("SKU"), "name": _("Product"), "warehouse": _("Warehouse"),
            "previous_status": _("Was"), "status": _("Now"), "on_hand": tables.count(_("On hand")),
        },
        page=page, what=alert_label(STATUS_CHANGED), f=ctx.filters, key="status_changes",
    )  # fmt: skip


@st.fragment
def _draw_history(db_url: str) -> None:
    """Drawn only while its expander is open (opening it reruns only this fragment): up to 500 rows the
    browser would otherwise receive and build, hidden, on every rerun of the Overview."""
    expander = st.expander(
        _("Alert history: what the digest sent, where, and what failed"), key=HISTORY_KEY, on_change="rerun"
    )
    with expander:
        if expander.open:
            _history_table(db_url)


def _history_table(db_url: str) -> None:
    """Where the digest sent what, and what failed: its last HISTORY_ROWS deliveries."""
    history = loaders.alert_history(db_url, HISTORY_ROWS)
    if history.empty:
        st.caption(_("No digest has been sent yet: `python -m planning digest` sends one (see the README)."))
        return
    shown = pd.DataFrame({
        "ran_at": history["ran_at"],
        "destination": history["destination"],
        "alert": history["kind"].map(alert_label),
        "item": history["alert_key"].map(lambda key: " · ".join(str(value) for value in json.loads(key))),
        "status": history["status"].map(delivery_status_label),
        "error": history["error"],
    })  # fmt: skip
    failed = int((history["status"] == FAILED).sum())
    if failed:
        note = _("{count} of the last {total} deliveries failed; they are sent again on the next run.")
        st.warning(note.format(count=failed, total=len(history)), icon=":material/error:")
    with st.container(key="table_alert_history"):
        st.dataframe(
            shown,
            column_config={
                "ran_at": st.column_config.DatetimeColumn(_("When (UTC)"), format="YYYY-MM-DD HH:mm"),
                "destination": _("Where"), "alert": _("Alert"), "item": _("Item"),
                "status": _("Delivery"), "error": _("Error"),
            },
            hide_index=True,
        )  # fmt: skip
