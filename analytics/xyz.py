"""XYZ classes: how steady each product's demand is once its season is taken out.

The forecast's category index (season, trend, calendar events) divides each
week's units, and its censoring correction keeps stockout weeks out, so a
product that only sells at Christmas is not called erratic for it. Per
product, over the last XYZ_WEEKS mostly exposed weeks: CV = standard
deviation / mean of the weekly deseasonalised rate; X up to 0.5, Y up to
1.0, Z above (a product without demand in those weeks is Z). Fewer than
MIN_WEEKS such weeks are too new to judge.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.forecasting.classify import MIN_EXPOSED_WEEKS, MOSTLY_EXPOSED
from analytics.forecasting.history import WeeklyHistory
from analytics.forecasting.model import deseasonalised_products
from analytics.forecasting.profiles import GroupProfiles

X, Y, Z, TOO_NEW = "x", "y", "z", "too-new"
CLASSES: tuple[str, ...] = (X, Y, Z)
THRESHOLDS = (0.5, 1.0)
XYZ_WEEKS = 52
MIN_WEEKS = int(MIN_EXPOSED_WEEKS)


def xyz_from_rates(rates: np.ndarray, counted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[product] CV and class from [product, week] weekly rates where `counted` is True."""
    weeks = counted.sum(axis=1)
    values = np.where(counted, rates, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = values.sum(axis=1) / weeks
        variance = (np.where(counted, (rates - mean[:, None]) ** 2, 0.0)).sum(axis=1) / (weeks - 1)
        cv = np.sqrt(variance) / mean
    x, y = THRESHOLDS
    classes = np.where(cv <= x, X, np.where(cv <= y, Y, Z)).astype(object)
    classes[(mean <= 0) | ~np.isfinite(cv)] = Z
    classes[weeks < MIN_WEEKS] = TOO_NEW
    return np.where(weeks >= MIN_WEEKS, cv, np.nan), classes


def xyz_classes(history: WeeklyHistory, profiles: GroupProfiles) -> pd.DataFrame:
    """product_id, weeks (counted), cv and xyz_class (X, Y, Z or TOO_NEW ids) per product of the history."""
    product_ids, units, exposure = deseasonalised_products(history, profiles)
    window = slice(max(0, units.shape[1] - XYZ_WEEKS), None)
    units, exposure = units[:, window], exposure[:, window]
    counted = exposure >= MOSTLY_EXPOSED
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = units / exposure
    cv, classes = xyz_from_rates(rates, counted)
    return pd.DataFrame({"product_id": product_ids, "weeks": counted.sum(axis=1), "cv": cv,
                         "xyz_class": pd.array(classes, dtype="str")})  # fmt: skip
