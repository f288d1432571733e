"""ABC classes: which products earn the shop's money.

Products are ranked by their revenue over the last 12 months, shop-wide (a
class is the product's, whatever warehouse or category a screen shows); A
runs until `a` of the cumulative revenue (the product that crosses it
included), B until `b`, C is the rest, and so is every product without
positive revenue. Ties rank by product id, so classes never depend on row order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

A, B, C = "a", "b", "c"
CLASSES: tuple[str, ...] = (A, B, C)
ABC_RULE = "abc"


def abc_classes(revenue: pd.Series, thresholds: tuple[float, float]) -> pd.Series:
    """A, B or C (their ids) per index value (product id) of `revenue`, in its order."""
    a, b = thresholds
    values = revenue.astype("float64").fillna(0.0).clip(lower=0.0)
    order = np.lexsort((values.index.to_numpy(), -values.to_numpy()))
    ranked = values.to_numpy()[order]
    total = ranked.sum()
    share_before = (np.cumsum(ranked) - ranked) / total if total > 0 else np.ones(len(ranked))
    ranked_class = np.where(share_before < a, A, np.where(share_before < b, B, C))
    ranked_class[ranked <= 0] = C
    classes = np.empty(len(values), dtype=object)
    classes[order] = ranked_class
    return pd.Series(classes, index=revenue.index, dtype="str")
