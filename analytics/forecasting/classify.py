"""Demand classes (Syntetos-Boylan-Croston) that decide each series' method.

ADI, the average number of weeks between weeks with demand, tells regular
from intermittent series; CV², the squared coefficient of variation of the
non-zero weekly quantities, tells steady from erratic sizes. The cut-offs
1.32 and 0.49 are the ones Syntetos, Boylan and Croston derived (2005).
Only exposed weeks count, so a stockout does not make a series look
intermittent; a series with little history is `new`, one that never sold is
`no-demand`.
"""

from __future__ import annotations

import numpy as np

from analytics.forecasting.history import WeeklyHistory

SMOOTH = "smooth"
ERRATIC = "erratic"
INTERMITTENT = "intermittent"
LUMPY = "lumpy"
NEW = "new"
NO_DEMAND = "no-demand"
CLASSES = (SMOOTH, ERRATIC, INTERMITTENT, LUMPY, NEW, NO_DEMAND)

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
MIN_EXPOSED_WEEKS = 13.0
"""Fewer fully exposed weeks than this make a series `new`."""
CLASS_WEEKS = 52
"""Classes look at the last year: a product's pattern changes over its life."""
MOSTLY_EXPOSED = 0.8


def adi_cv2(history: WeeklyHistory) -> tuple[np.ndarray, np.ndarray]:
    """[series] ADI and CV² over the last CLASS_WEEKS mostly exposed weeks."""
    window = slice(max(0, len(history.weeks) - CLASS_WEEKS), None)
    counted = history.exposure[:, window] >= MOSTLY_EXPOSED
    units = np.where(counted, history.units[:, window], 0.0)
    demand_weeks = (units > 0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        adi = counted.sum(axis=1) / demand_weeks
        mean = units.sum(axis=1) / demand_weeks
        cv2 = (units**2).sum(axis=1) / demand_weeks / mean**2 - 1
    return adi, np.nan_to_num(cv2)


def classify(history: WeeklyHistory) -> np.ndarray:
    """[series] one of CLASSES per series."""
    adi, cv2 = adi_cv2(history)
    exposed_weeks = history.exposure.sum(axis=1)
    classes = np.where(
        adi < ADI_CUTOFF,
        np.where(cv2 < CV2_CUTOFF, SMOOTH, ERRATIC),
        np.where(cv2 < CV2_CUTOFF, INTERMITTENT, LUMPY),
    ).astype(object)
    classes[history.units.sum(axis=1) == 0] = NO_DEMAND
    classes[exposed_weeks < MIN_EXPOSED_WEEKS] = NEW
    return classes
