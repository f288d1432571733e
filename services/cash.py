"""Cash in stock: its age (first in, first out), the excess above what the
plan needs, dead stock, and the yearly cost of carrying them, per position
and per warehouse x category, as of the selection's last day.

Positions and their statuses are Stock health's (`Reads.classified_stock`,
the same cached computation), so dead stock here is dead stock there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd

from analytics.cash import AGE_BANDS, BAND_UPPER_DAYS, age_band, cash_positions, fifo_ages
from analytics.position_rows import position_rows
from analytics.stock_health import StockPolicy
from data_access.filters import Filters
from services.reads import Reads

GROUP = ["warehouse", "category"]


@dataclass(frozen=True)
class CashReport:
    positions: pd.DataFrame
    """Per position: the classified columns, excess_units, excess_value,
    dead_value, untracked_units, and a value column per age band id."""
    planned: bool
    """Whether excess is measured against a plan's order-up-to levels (else the overstock threshold)."""

    @property
    def excess_value(self) -> float:
        return float(self.positions["excess_value"].sum())

    @property
    def dead_value(self) -> float:
        return float(self.positions["dead_value"].sum())

    @property
    def untracked_units(self) -> int:
        return int(self.positions["untracked_units"].sum())

    def ageing(self) -> pd.DataFrame:
        """Per warehouse x category: stock_value and the value in each age band."""
        return self.positions.groupby(GROUP, as_index=False)[["stock_value", *AGE_BANDS]].sum()

    def idle(self, carrying_rate: float) -> pd.DataFrame:
        """Per warehouse x category: excess_value, dead_value and their yearly carrying costs at `carrying_rate`."""
        frame = self.positions.groupby(GROUP, as_index=False)[["stock_value", "excess_value", "dead_value"]].sum()
        return frame.assign(excess_carrying=frame["excess_value"] * carrying_rate,
                            dead_carrying=frame["dead_value"] * carrying_rate)  # fmt: skip


def cash_report(reads: Reads, f: Filters, policy: StockPolicy) -> CashReport:
    planned = reads.latest_plan() is not None
    positions = cash_positions(reads.classified_stock(f, f.end, policy, projected=True), planned, policy)
    positions = positions.reset_index(drop=True)
    receipts = reads.receipts_by_age(f, f.end, BAND_UPPER_DAYS)
    received = np.zeros((len(positions), len(AGE_BANDS)))
    rows = position_rows(positions, receipts["product_id"], receipts["warehouse_id"])
    known = rows >= 0
    np.add.at(received, (rows[known], receipts["band"].to_numpy()[known]), receipts["units"].to_numpy()[known])
    held = reads.untracked_held_since(f, f.end, f.end - timedelta(days=BAND_UPPER_DAYS[-1] + 1))  # older: the last band
    held_rows = position_rows(held, positions["product_id"], positions["warehouse_id"])
    since = pd.to_datetime(np.append(held["held_since"].to_numpy(), np.datetime64("NaT"))[held_rows])
    held_days = (pd.Timestamp(f.end) - pd.Series(since)).dt.days.fillna(0).to_numpy()
    aged, untracked = fifo_ages(positions["on_hand"].to_numpy(), received, age_band(held_days))
    cost = pd.to_numeric(positions["unit_cost"]).astype("float64").fillna(0.0).to_numpy()
    bands = {band: aged[:, number] * cost for number, band in enumerate(AGE_BANDS)}
    return CashReport(positions.assign(untracked_units=untracked, **bands), planned)
