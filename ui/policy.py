"""The stock-health thresholds the user sets on the Stock health page, and
the replenishment settings of the latest plan.

Thresholds are kept in session state under a key of their own, like the
sidebar filters, so the Overview's alerts use the same thresholds the user
last chose; the replenishment settings (service levels, ABC, review) are the
latest stored plan's, so every screen sets reorder points as the plan did.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from analytics.stock_health import StockPolicy
from i18n import _
from ui import loaders

POLICY_KEY = "stock_policy"
OVERSTOCK_KEY = "policy_overstock_cover_days"
DEAD_STOCK_KEY = "policy_dead_stock_days"

_SLIDERS = {OVERSTOCK_KEY: "overstock_cover_days", DEAD_STOCK_KEY: "dead_stock_days"}


def _thresholds() -> StockPolicy:
    return st.session_state.get(POLICY_KEY) or StockPolicy()


def current_policy(db_url: str) -> StockPolicy:
    return replace(_thresholds(), replenishment=loaders.policy_settings(db_url))


def policy_sliders(db_url: str) -> StockPolicy:
    """Draw the two threshold sliders side by side and return the policy they set."""
    policy = current_policy(db_url)
    for key, field_name in _SLIDERS.items():
        if st.session_state.get(key) != getattr(policy, field_name):
            st.session_state[key] = getattr(policy, field_name)
    left, right = st.columns(2)
    left.slider(
        _("Overstocked above (days of cover)"), min_value=15, max_value=365, step=5, key=OVERSTOCK_KEY,
        on_change=_on_slider, args=(OVERSTOCK_KEY,),
        help=_("A position with more days of cover than this is overstocked."),
    )  # fmt: skip
    right.slider(
        _("Dead stock after (days without a sale)"), min_value=15, max_value=365, step=5, key=DEAD_STOCK_KEY,
        on_change=_on_slider, args=(DEAD_STOCK_KEY,),
        help=_("Units on hand with no sale for this many days are dead stock."),
    )  # fmt: skip
    return policy


def _on_slider(key: str) -> None:
    st.session_state[POLICY_KEY] = replace(_thresholds(), **{_SLIDERS[key]: int(st.session_state[key])})
