"""The reads services start from, as one object with one method per query.

A command passes `ConnectionReads(conn)`; the dashboard passes its cached
loaders (`ui.loaders.CachedReads`), which have the same methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import positions, purchasing, sales, shop_settings, stock
from data_access.filters import Filters
from data_access.periods import Grain
from data_access.sales import Split


class Reads(Protocol):
    def sales_totals(self, f: Filters) -> pd.Series: ...

    def sales_by_period(
        self, f: Filters, grain: Grain, split: Split = None, with_orders: bool = False
    ) -> pd.DataFrame: ...

    def stock_positions(
        self, f: Filters, as_of: date, velocity_window_days: int, lead_time_history_days: int
    ) -> pd.DataFrame: ...

    def stock_history(self, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame: ...

    def stockout_totals(self, f: Filters) -> pd.Series: ...

    def open_purchase_orders(self, f: Filters, as_of: date) -> pd.DataFrame: ...

    def shop_settings(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class ConnectionReads:
    """data_access's queries on one open connection."""

    conn: Connection

    def sales_totals(self, f: Filters) -> pd.Series:
        return sales.sales_totals(self.conn, f)

    def sales_by_period(
        self, f: Filters, grain: Grain, split: Split = None, with_orders: bool = False
    ) -> pd.DataFrame:
        return sales.sales_by_period(self.conn, f, grain, split, with_orders=with_orders)

    def stock_positions(
        self, f: Filters, as_of: date, velocity_window_days: int, lead_time_history_days: int
    ) -> pd.DataFrame:
        return positions.stock_positions(self.conn, f, as_of, velocity_window_days, lead_time_history_days)

    def stock_history(self, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame:
        return stock.stock_history(self.conn, f, grain, split)

    def stockout_totals(self, f: Filters) -> pd.Series:
        return stock.stockout_totals(self.conn, f)

    def open_purchase_orders(self, f: Filters, as_of: date) -> pd.DataFrame:
        return purchasing.open_purchase_orders(self.conn, f, as_of)

    def shop_settings(self) -> dict[str, str]:
        return shop_settings.read_settings(self.conn)
