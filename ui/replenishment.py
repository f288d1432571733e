"""The Replenishment and Peak readiness pages' pieces: the plan's caption and
settings, the purchase lines' editor whose quantities last for the session,
the supplier totals that follow the edits, and the downloads (a CSV per
supplier, one Excel workbook). Words through `_()` at draw time."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from analytics.policy import ABC_CLASSES, PolicySettings
from analytics.policy.settings import WEEKDAYS
from data_access.export import to_excel_bytes
from data_access.filters import Filters
from data_access.plan_store import PlanRun
from i18n import _
from i18n.formats import format_date, format_date_range
from i18n.labels import abc_class_label, event_label, purchase_reason_label, weekday_label
from i18n.reasons import purchase_reasons, transfer_reasons
from services import replenishment
from ui import loaders, tables
from ui.downloads import csv_filename, download_csv
from ui.metrics import Kind, metric_with_delta

QUANTITIES_KEY = "plan_quantities"
"""Session state: {(plan id, product id, warehouse id): quantity} the user set in place of the plan's."""


def plan_caption(plan: PlanRun, settings: PolicySettings) -> str:
    levels = ", ".join(f"{abc_class_label(abc)} {level:.0%}"
                       for abc, level in zip(ABC_CLASSES, settings.service_levels, strict=True))  # fmt: skip
    return _(
        "Plan {plan} as of **{as_of}** (stock, open orders and receipts of that day), orders placed on {order_day}; "
        "service levels {levels}; review every {weekday}; transfers take {days} days."
    ).format(
        plan=plan.plan_id, as_of=format_date(plan.as_of), order_day=format_date(plan.order_day), levels=levels,
        weekday=weekday_label(settings.review_weekday), days=settings.transfer_lead_days,
    )  # fmt: skip


def settings_form(db_url: str, settings: PolicySettings) -> None:
    """Sliders for the policy's settings and a button that recomputes and stores the plan with them."""
    with st.expander(_("Policy settings")), st.form("plan_settings", border=False):
        a, b, c = st.columns(3)
        levels = [
            column.slider(_("Service level {abc}").format(abc=abc_class_label(abc)), 0.80, 0.995, float(level),
                          0.005, format="%.3f", key=f"plan_service_{abc}")  # fmt: skip
            for column, abc, level in zip((a, b, c), ABC_CLASSES, settings.service_levels, strict=True)
        ]
        left, right = st.columns(2)
        abc = left.slider(_("ABC thresholds (cumulative revenue)"), 0.5, 1.0, settings.abc_thresholds, 0.01,
                          key="plan_abc")  # fmt: skip
        weekday = right.selectbox(_("Review day"), WEEKDAYS, index=WEEKDAYS.index(settings.review_weekday),
                                  format_func=weekday_label, key="plan_review_day")  # fmt: skip
        transfer_days = right.number_input(_("Transfer lead time (days)"), 0, 30, settings.transfer_lead_days,
                                           key="plan_transfer_days")  # fmt: skip
        if not st.form_submit_button(_("Recompute the plan with these settings"), type="primary"):
            return
    try:
        chosen = replace(settings, service_levels=tuple(levels), abc_thresholds=tuple(abc), review_weekday=weekday,
                         transfer_lead_days=int(transfer_days))  # fmt: skip
    except ValueError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    with st.spinner(_("Planning every position…")):
        try:
            replenishment.run_plan(loaders.engine_for(db_url), settings=chosen)
        except replenishment.NothingToPlan as exc:
            st.error(str(exc), icon=":material/error:")
            return
    loaders.clear_caches()
    st.rerun()


def _quantities() -> dict:
    return st.session_state.setdefault(QUANTITIES_KEY, {})


def with_session_quantities(lines: pd.DataFrame, plan_id: int, *, edits: bool = True) -> pd.DataFrame:
    """The plan's purchase lines with the quantities set in this session
    (none without `edits`), and their cost; `suggested` keeps the plan's quantity."""
    chosen = _quantities() if edits else {}
    keys = zip(lines["product_id"], lines["warehouse_id"], strict=True)
    quantity = [chosen.get((plan_id, product, warehouse), suggested)
                for (product, warehouse), suggested in zip(keys, lines["quantity"], strict=True)]  # fmt: skip
    frame = lines.assign(suggested=lines["quantity"], quantity=pd.array(quantity, dtype="int64"))
    return frame.assign(cost=frame["quantity"] * frame["unit_cost"])


def purchase_editor(
    lines: pd.DataFrame, plan_id: int, settings: PolicySettings, key: str, *, editable: bool = True
) -> pd.DataFrame:
    """The lines in a table whose quantities can be changed (read-only unless
    `editable`: viewers do not edit plans); returns them with the quantities
    as edited (kept in the session for this plan)."""
    shown = lines.assign(
        reason=lines["reason"].map(purchase_reason_label),
        abc_class=lines["abc_class"].map(abc_class_label),
        why=purchase_reasons(lines, settings.review_days),
    )
    columns = {
        "supplier": st.column_config.TextColumn(_("Supplier")),
        "sku": st.column_config.TextColumn(_("SKU")),
        "name": st.column_config.TextColumn(_("Product")),
        "warehouse": st.column_config.TextColumn(_("Warehouse")),
        "quantity": st.column_config.NumberColumn(_("Quantity"), min_value=0, step=1, format="%d",
                                                  help=_("Change it for this session; totals follow.")),  # fmt: skip
        "suggested": tables.count(_("Suggested")),
        "cost": tables.money(_("Cost"), cents=True),
        "order_by": tables.day(_("Order by")),
        "expected_on": tables.day(_("Expected")),
        "reason": st.column_config.TextColumn(_("Reason")),
        "abc_class": st.column_config.TextColumn(_("ABC")),
        "why": st.column_config.TextColumn(_("Why"), width="large"),
    }
    edited = st.data_editor(
        shown[list(columns)], column_config=columns,
        disabled=True if not editable else [name for name in columns if name != "quantity"],
        hide_index=True, key=key,
    )  # fmt: skip
    if not editable:
        return lines
    quantity = pd.to_numeric(edited["quantity"], errors="coerce").fillna(0).clip(lower=0).round().astype("int64")
    chosen = _quantities()
    for product, warehouse, value, suggested in zip(lines["product_id"], lines["warehouse_id"], quantity,
                                                    lines["suggested"], strict=True):  # fmt: skip
        if value == suggested:
            chosen.pop((plan_id, product, warehouse), None)
        else:
            chosen[(plan_id, product, warehouse)] = int(value)
    result = lines.assign(quantity=quantity.to_numpy())
    return result.assign(cost=result["quantity"] * result["unit_cost"])


def supplier_totals(lines: pd.DataFrame) -> pd.DataFrame:
    """Per supplier: lines, units, cost (empty costs count 0) and the earliest order-by date, dearest first."""
    ordered = lines[lines["quantity"] > 0]
    totals = ordered.groupby(ordered["supplier"].fillna(""), as_index=False).agg(
        lines=("quantity", "size"), units=("quantity", "sum"), cost=("cost", "sum"), order_by=("order_by", "min")
    )
    return totals.sort_values(["cost", "supplier"], ascending=[False, True]).reset_index(drop=True)


def _order_sheet(lines: pd.DataFrame) -> pd.DataFrame:
    """A supplier's order as it is sent: what, where, how many, by when, at what cost."""
    columns = {
        "sku": _("SKU"), "name": _("Product"), "warehouse": _("Warehouse"), "quantity": _("Quantity"),
        "unit_cost": _("Unit cost"), "cost": _("Cost"), "order_by": _("Order by"), "expected_on": _("Expected"),
    }  # fmt: skip
    return lines[lines["quantity"] > 0][list(columns)].rename(columns=columns).reset_index(drop=True)


def order_workbook(lines: pd.DataFrame, totals: pd.DataFrame) -> bytes:
    """An Excel workbook: a summary sheet (`supplier_totals`), then one sheet
    per supplier with its order lines (quantities as edited, none of 0)."""
    summary = totals.rename(columns={"supplier": _("Supplier"), "lines": _("Lines"), "units": _("Units"),
                                     "cost": _("Cost"), "order_by": _("Order by")})  # fmt: skip
    orders = [(supplier or _("No supplier"), _order_sheet(lines[lines["supplier"].fillna("") == supplier]))
              for supplier in totals["supplier"]]  # fmt: skip
    return to_excel_bytes([(_("Summary"), summary), *orders])


def supplier_downloads(lines: pd.DataFrame, totals: pd.DataFrame, *, page: str, f: Filters) -> None:
    """A CSV of one chosen supplier's order, and every supplier's in one workbook."""
    suppliers = totals["supplier"].tolist()
    if not suppliers:
        return
    left, right = st.columns([3, 1])
    supplier = left.selectbox(_("Order for"), suppliers, key="plan_download_supplier")
    with left:
        download_csv(lambda: _order_sheet(lines[lines["supplier"].fillna("") == supplier]), page=page,
                     what=_("purchase order {supplier}").format(supplier=supplier), f=f,
                     key="plan_supplier")  # fmt: skip
    right.download_button(
        _("Excel"), icon=":material/download:", on_click="ignore", key="download_plan_workbook",
        data=lambda: order_workbook(lines, totals),
        file_name=csv_filename(page, _("purchase orders"), f).removesuffix(".csv") + ".xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        help=_("One workbook: a summary and a sheet per supplier, with the quantities as edited"),
    )  # fmt: skip


def transfers_in_words(transfers: pd.DataFrame) -> pd.DataFrame:
    """With the reason of each, and "another warehouse" for a partner the user may not see."""
    unnamed = _("another warehouse")
    return transfers.assign(
        why=transfer_reasons(transfers),
        from_warehouse=transfers["from_warehouse"].fillna(unnamed),
        to_warehouse=transfers["to_warehouse"].fillna(unnamed),
    )


def money_tiles(columns, plan_cost: float, readiness) -> None:
    """The money the plan commits and the stock value it would hold through
    the peak, in two of `columns` (both pages show them)."""
    with columns[0]:
        metric_with_delta(
            _("Money the plan commits"), plan_cost, None, kind=Kind.MONEY, key="plan_cost",
            help=_("The purchase lines' quantities x unit cost (lines without a cost count 0)"),
        )  # fmt: skip
    with columns[1]:
        peak = readiness.peak if readiness is not None else None
        label = _("Stock value through {peak}").format(peak=event_label(peak.id)) if peak else _("Stock value")
        value = readiness.peak_stock_value if readiness is not None and readiness.within_horizon else None
        metric_with_delta(label, value, None, kind=Kind.MONEY, key="plan_peak_value",
                          help=_("Stock at cost, averaged over the peak's days, projected with the plan's orders "
                                 "(blank when the peak lies past the forecast's horizon)"))  # fmt: skip


PEAK_QUERY = "peak"


def _peak_words(peak) -> str:
    return _("{event} ({dates})").format(event=event_label(peak.id), dates=format_date_range(peak.start, peak.end))


def choose_peak(peaks: list):
    """A peak of the calendar: the one the URL names (?peak=black-friday, its
    next occurrence), else the next; the choice is written back to the URL."""
    wanted = st.query_params.get(PEAK_QUERY)
    index = next((i for i, peak in enumerate(peaks) if peak.id == wanted), 0)
    peak = st.selectbox(_("Peak"), peaks, index=index, key="peak_choice", format_func=_peak_words)
    if st.query_params.get(PEAK_QUERY) != peak.id:
        st.query_params[PEAK_QUERY] = peak.id
    return peak
