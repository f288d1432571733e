"""The Stock health position table in words: each status's label and each
position's reason, written at draw time from the cached ids and numbers (a
cached result never holds words of one language), and the status filter
above it, kept in the URL (?status=out-of-stock) so a link opens it
filtered to the status it is about."""

from __future__ import annotations

import pandas as pd

import streamlit as st

from analytics.stock_health import STATUSES, StockPolicy
from i18n import _
from i18n.labels import status_label
from i18n.reasons import Thresholds, stock_reasons
from services.dashboard_links import QUERY_STATUS


def positions_in_words(classified: pd.DataFrame, policy: StockPolicy) -> pd.DataFrame:
    """The rows with `status` as words and a `reason` column."""
    thresholds = Thresholds(policy.velocity_window_days, policy.overstock_cover_days)
    return classified.assign(
        status=classified["status"].cat.rename_categories(status_label),
        reason=pd.Series(stock_reasons(classified, thresholds), index=classified.index, dtype="str"),
    )


def status_filter(key: str) -> list[str]:
    """The statuses picked (ids), all of them by default; a link's ?status=
    picks the first time the page draws. The URL follows each change."""
    if key not in st.session_state:
        asked = [status for status in st.query_params.get_all(QUERY_STATUS) if status in STATUSES]
        st.session_state[key] = asked or list(STATUSES)
    picked = st.multiselect(_("Status"), STATUSES, format_func=status_label, key=key)
    wanted = [] if set(picked) == set(STATUSES) else [status for status in STATUSES if status in picked]
    if st.query_params.get_all(QUERY_STATUS) != wanted:
        if wanted:
            st.query_params[QUERY_STATUS] = wanted
        else:
            del st.query_params[QUERY_STATUS]
    return picked
