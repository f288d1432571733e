"""Cash tied up in stock: how old it is, how much sits above what the plan
needs, how much is dead, and what holding it costs a year.

Ageing is first in, first out: sales use up the oldest units, so the units
on hand are the most recent receipts. Receipts come summed per position and
age band (days from receipt to the as-of date), youngest band first; units
on hand beyond every recorded receipt are aged from the first snapshot of
the stretch that has held stock since the position last stood empty, and
counted as untracked, so a page can say how much is aged that way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.stock_health import DEAD_STOCK, OUT_OF_STOCK, StockPolicy

AGE_BANDS: tuple[str, ...] = ("0-30", "31-90", "91-180", "181-365", "over-365")
"""Age band ids, youngest first; a band holds ages up to its upper day."""
BAND_UPPER_DAYS: tuple[int, ...] = (30, 90, 180, 365)
DEFAULT_CARRYING_RATE = 0.25
"""Yearly cost of holding stock as a share of its value (capital, storage, insurance, shrinkage)."""


def age_band(days: np.ndarray | pd.Series) -> np.ndarray:
    """The index in AGE_BANDS of each age in days (0 and negative ages are the youngest band)."""
    return np.searchsorted(np.asarray(BAND_UPPER_DAYS), np.asarray(days, dtype="float64"), side="left")


def fifo_ages(on_hand: np.ndarray, receipts: np.ndarray, held_band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """([position, band] units on hand per age band, [position] untracked
    units) from [position, band] units received per band (youngest first)
    and [position] the band where untracked units go."""
    on_hand = np.maximum(np.asarray(on_hand, dtype="float64"), 0.0)
    received = np.asarray(receipts, dtype="float64")
    before = np.cumsum(received, axis=1) - received  # received more recently than each band
    aged = np.clip(on_hand[:, None] - before, 0.0, received)
    untracked = on_hand - aged.sum(axis=1)
    rows = np.flatnonzero(untracked > 0)
    aged[rows, np.asarray(held_band)[rows]] += untracked[rows]
    return aged, untracked


def excess_units(classified: pd.DataFrame, planned: bool, policy: StockPolicy) -> pd.Series:
    """[position] units above the order-up-to level (`planned`), else above
    the overstock threshold's cover; 0 for dead stock and empty positions."""
    on_hand = classified["on_hand"].clip(lower=0).astype("float64")
    if planned:
        limit = classified["order_up_to"].astype("float64")
    else:
        limit = policy.overstock_cover_days * classified["avg_daily_units"].astype("float64").fillna(0).clip(lower=0)
    excess = (on_hand - limit).clip(lower=0)
    return excess.where(~classified["status"].isin([DEAD_STOCK, OUT_OF_STOCK]), 0.0)


def cash_positions(classified: pd.DataFrame, planned: bool, policy: StockPolicy) -> pd.DataFrame:
    """`classified` with excess_units, excess_value and dead_value (at unit cost, 0 without one)."""
    cost = pd.to_numeric(classified["unit_cost"]).astype("float64").fillna(0.0)
    excess = excess_units(classified, planned, policy)
    dead = classified["status"].eq(DEAD_STOCK)
    return classified.assign(excess_units=excess, excess_value=excess * cost,
                             dead_value=np.where(dead, classified["on_hand"].clip(lower=0) * cost, 0.0))  # fmt: skip
