"""The Stock health position table in words: each status's label and each
position's reason, written at draw time from the cached ids and numbers (a
cached result never holds words of one language)."""

from __future__ import annotations

import pandas as pd

from analytics.stock_health import StockPolicy
from i18n.labels import status_label
from i18n.reasons import Thresholds, stock_reasons


def positions_in_words(classified: pd.DataFrame, policy: StockPolicy) -> pd.DataFrame:
    """The rows with `status` as words and a `reason` column."""
    thresholds = Thresholds(policy.velocity_window_days, policy.overstock_cover_days)
    return classified.assign(
        status=classified["status"].cat.rename_categories(status_label),
        reason=pd.Series(stock_reasons(classified, thresholds), index=classified.index, dtype="str"),
    )
