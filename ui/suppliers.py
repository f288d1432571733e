"""The Suppliers page's pieces: its formulas in words, the scorecard's
columns, and the monthly trend chart. Words through `_()` at draw time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import N_, _
from i18n.labels import abc_class_label, lead_time_source_label
from ui import tables

ON_TIME_HELP = N_(
    "On time = received on or before the expected date. On-time share = on-time orders / orders received in the "
    "period that had an expected date."
)
DELAY_HELP = N_("Delay = days received after the expected date (0 when on time), averaged over the orders received; "
                "worst = the largest.")  # fmt: skip
LEAD_TIME_HELP = N_(
    "Lead time = days from order to receipt of the orders received in the period: mean, standard deviation and "
    "90th percentile, computed as the replenishment policy computes them."
)
OPEN_HELP = N_("Open = placed by the end of the period and not received by then; value at unit cost; late = "
               "expected before the end of the period.")  # fmt: skip
UNRELIABILITY_HELP = N_(
    "Cost of unreliability = safety stock with the supplier's measured lead-time spread − safety stock with a "
    "spread of 0, all else equal (the policy's formula, service level, demand and mean lead time), summed over "
    "the supplier's stock positions as of the end of the period; in units and at unit cost."
)
HELP_TEXTS = (ON_TIME_HELP, DELAY_HELP, LEAD_TIME_HELP, OPEN_HELP, UNRELIABILITY_HELP)


def scorecard_columns() -> dict[str, object]:
    return {
        "supplier": st.column_config.TextColumn(_("Supplier")),
        "orders_received": tables.count(_("Orders received")),
        "units_received": tables.count(_("Units received")),
        "on_time_pct": tables.percent(_("On time"), help=_(ON_TIME_HELP)),
        "avg_delay": tables.decimal(_("Average delay (days)"), help=_(DELAY_HELP)),
        "worst_delay": tables.count(_("Worst delay (days)"), help=_(DELAY_HELP)),
        "lead_mean": tables.decimal(_("Lead time mean (days)"), help=_(LEAD_TIME_HELP)),
        "lead_sd": tables.decimal(_("Lead time SD (days)"), help=_(LEAD_TIME_HELP)),
        "lead_p90": tables.decimal(_("Lead time P90 (days)"), help=_(LEAD_TIME_HELP)),
        "open_orders": tables.count(_("Open orders"), help=_(OPEN_HELP)),
        "open_value": tables.money(_("Open value at cost"), help=_(OPEN_HELP)),
        "late_open_orders": tables.count(_("Late open orders"), help=_(OPEN_HELP)),
        "spread_units": tables.decimal(_("Safety stock for spread (units)"), help=_(UNRELIABILITY_HELP)),
        "spread_value": tables.money(_("Cost of unreliability"), help=_(UNRELIABILITY_HELP)),
    }


def with_percent(frame: pd.DataFrame) -> pd.DataFrame:
    """on_time_pct (0..100) beside the share, for percent columns."""
    return frame.assign(on_time_pct=frame["on_time_share"] * 100)


def positions_columns() -> dict[str, object]:
    return {
        "sku": st.column_config.TextColumn(_("SKU")),
        "name": st.column_config.TextColumn(_("Product")),
        "warehouse": st.column_config.TextColumn(_("Warehouse")),
        "abc": st.column_config.TextColumn(_("ABC")),
        "on_hand": tables.count(_("On hand")),
        "lead_mean": tables.decimal(_("Lead time mean (days)")),
        "lead_sd": tables.decimal(_("Lead time SD (days)")),
        "lead_from": st.column_config.TextColumn(_("Lead time from")),
        "safety_stock": tables.decimal(_("Safety stock")),
        "spread_units": tables.decimal(_("Safety stock for spread (units)"), help=_(UNRELIABILITY_HELP)),
        "spread_value": tables.money(_("Cost of unreliability"), cents=True, help=_(UNRELIABILITY_HELP)),
    }


def positions_in_words(positions: pd.DataFrame) -> pd.DataFrame:
    return positions.assign(abc=positions["abc_class"].map(abc_class_label),
                            lead_from=positions["lead_source"].map(lead_time_source_label))  # fmt: skip


def orders_columns() -> dict[str, object]:
    return {
        "po_id": st.column_config.NumberColumn(_("PO"), format="%d"),
        "sku": st.column_config.TextColumn(_("SKU")),
        "name": st.column_config.TextColumn(_("Product")),
        "warehouse": st.column_config.TextColumn(_("Warehouse")),
        "ordered_on": tables.day(_("Ordered")),
        "expected_on": tables.day(_("Expected")),
        "received_on": tables.day(_("Received")),
        "quantity": tables.count(_("Units")),
        "value": tables.money(_("Value at cost"), cents=True),
        "lead_days": tables.count(_("Lead time (days)")),
        "days_late": tables.count(_("Days late"), help=_("Received (or, while open, the period's end) − expected")),
    }
