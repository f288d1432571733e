"""The reads services start from, as one object with one method per query.

A command passes `ConnectionReads(conn)`; the dashboard passes its cached
loaders (`ui.loaders.CachedReads`), which have the same methods. Two methods
are derived, not queries: `classified_stock`, the stock-health classification
several services start from, and `product_classes`, every product's ABC and
XYZ class (shop-wide, so one per day), so that the dashboard computes each
once for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

import pandas as pd
from sqlalchemy.engine import Connection

from analytics.stock_health import StockPolicy
from data_access import (
    ageing,
    demand_history,
    extent,
    forecast_store,
    plan_store,
    policy_reads,
    positions,
    purchasing,
    sales,
    shop_settings,
    stock,
    supplier_reads,
)
from data_access.extent import Warehouse
from data_access.filters import Filters
from data_access.forecast_store import ForecastRun
from data_access.periods import Grain
from data_access.plan_store import PlanRun
from data_access.sales import Split


class Reads(Protocol):
    def sales_totals(self, f: Filters) -> pd.Series: ...

    def sales_by_period(
        self, f: Filters, grain: Grain, split: Split = None, with_orders: bool = False
    ) -> pd.DataFrame: ...

    def stock_positions(self, f: Filters, as_of: date, velocity_window_days: int) -> pd.DataFrame: ...

    def classified_stock(
        self, f: Filters, as_of: date, policy: StockPolicy, projected: bool = False
    ) -> pd.DataFrame: ...

    def receipt_histograms(
        self, f: Filters, as_of: date, history_days: int
    ) -> tuple[pd.DataFrame, pd.DataFrame]: ...

    def product_revenue(self, start: date, end: date) -> pd.DataFrame: ...

    def stock_history(self, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame: ...

    def stockout_totals(self, f: Filters) -> pd.Series: ...

    def open_purchase_orders(self, f: Filters, as_of: date) -> pd.DataFrame: ...

    def latest_forecast_run(self) -> ForecastRun | None: ...

    def weekly_units(self, f: Filters) -> pd.DataFrame: ...

    def weekly_forecast(self, run_id: int, f: Filters) -> pd.DataFrame: ...

    def forecast_values(self, run_id: int, f: Filters) -> pd.DataFrame: ...

    def forecast_summary(
        self, run_id: int, f: Filters, first_week: date, weeks: tuple[int, ...], limit: int | None = None
    ) -> pd.DataFrame: ...

    def forecast_hidden_units(self, run_id: int, f: Filters) -> tuple[float, float]: ...

    def backtest_score_sums(self, run_id: int, f: Filters, by: str | None = None) -> pd.DataFrame: ...

    def backtest_totals(self, run_id: int, f: Filters) -> pd.DataFrame: ...

    def forecast_series_count(self, run_id: int, f: Filters) -> int: ...

    def shop_settings(self) -> dict[str, str]: ...

    def warehouse_list(self) -> tuple[Warehouse, ...]: ...

    def forecast_policy_series(self, run_id: int, f: Filters) -> pd.DataFrame: ...

    def forecast_series_weeks(self, run_id: int, f: Filters) -> pd.DataFrame: ...

    def latest_plan(self) -> PlanRun | None: ...

    def plan_purchases(self, plan_id: int, f: Filters) -> pd.DataFrame: ...

    def plan_transfers(self, plan_id: int, f: Filters) -> pd.DataFrame: ...

    def selection_revenue(self, f: Filters) -> pd.DataFrame: ...

    def forecast_product_classes(self, run_id: int) -> pd.DataFrame: ...

    def product_classes(self, as_of: date, policy: StockPolicy) -> pd.DataFrame: ...

    def supplier_receipts(self, f: Filters) -> pd.DataFrame: ...

    def supplier_open_orders(self, f: Filters, as_of: date) -> pd.DataFrame: ...

    def supplier_orders(self, f: Filters, supplier: str) -> pd.DataFrame: ...

    def receipts_by_age(self, f: Filters, as_of: date, band_upper_days: tuple[int, ...]) -> pd.DataFrame: ...

    def untracked_held_since(self, f: Filters, as_of: date, since: date) -> pd.DataFrame: ...


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

    def stock_positions(self, f: Filters, as_of: date, velocity_window_days: int) -> pd.DataFrame:
        return positions.stock_positions(self.conn, f, as_of, velocity_window_days)

    def classified_stock(
        self, f: Filters, as_of: date, policy: StockPolicy, projected: bool = False
    ) -> pd.DataFrame:
        from services.stock_health import classified_stock  # computed from this object's reads

        return classified_stock(self, f, as_of, policy, projected)

    def receipt_histograms(
        self, f: Filters, as_of: date, history_days: int
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        return policy_reads.receipt_histograms(self.conn, f, as_of, history_days)

    def product_revenue(self, start: date, end: date) -> pd.DataFrame:
        return policy_reads.product_revenue(self.conn, start, end)

    def stock_history(self, f: Filters, grain: Grain, split: Split = None) -> pd.DataFrame:
        return stock.stock_history(self.conn, f, grain, split)

    def stockout_totals(self, f: Filters) -> pd.Series:
        return stock.stockout_totals(self.conn, f)

    def open_purchase_orders(self, f: Filters, as_of: date) -> pd.DataFrame:
        return purchasing.open_purchase_orders(self.conn, f, as_of)

    def latest_forecast_run(self) -> ForecastRun | None:
        return forecast_store.latest_run(self.conn)

    def weekly_units(self, f: Filters) -> pd.DataFrame:
        return demand_history.weekly_units(self.conn, f)

    def weekly_forecast(self, run_id: int, f: Filters) -> pd.DataFrame:
        return forecast_store.weekly_forecast(self.conn, run_id, f)

    def forecast_values(self, run_id: int, f: Filters) -> pd.DataFrame:
        return forecast_store.series_values(self.conn, run_id, f)

    def forecast_summary(
        self, run_id: int, f: Filters, first_week: date, weeks: tuple[int, ...], limit: int | None = None
    ) -> pd.DataFrame:
        return forecast_store.series_summary(self.conn, run_id, f, first_week, weeks, limit)

    def forecast_hidden_units(self, run_id: int, f: Filters) -> tuple[float, float]:
        return forecast_store.hidden_units(self.conn, run_id, f)

    def backtest_score_sums(self, run_id: int, f: Filters, by: str | None = None) -> pd.DataFrame:
        return forecast_store.score_sums(self.conn, run_id, f, by)

    def backtest_totals(self, run_id: int, f: Filters) -> pd.DataFrame:
        return forecast_store.totals(self.conn, run_id, f)

    def forecast_series_count(self, run_id: int, f: Filters) -> int:
        return forecast_store.series_count(self.conn, run_id, f)

    def shop_settings(self) -> dict[str, str]:
        return shop_settings.read_settings(self.conn)

    def warehouse_list(self) -> tuple[Warehouse, ...]:
        return extent.warehouse_list(self.conn)

    def forecast_policy_series(self, run_id: int, f: Filters) -> pd.DataFrame:
        return forecast_store.policy_series(self.conn, run_id, f)

    def forecast_series_weeks(self, run_id: int, f: Filters) -> pd.DataFrame:
        return forecast_store.series_weeks(self.conn, run_id, f)

    def latest_plan(self) -> PlanRun | None:
        return plan_store.latest_plan(self.conn)

    def plan_purchases(self, plan_id: int, f: Filters) -> pd.DataFrame:
        return plan_store.purchases(self.conn, plan_id, f)

    def plan_transfers(self, plan_id: int, f: Filters) -> pd.DataFrame:
        return plan_store.transfers(self.conn, plan_id, f)

    def selection_revenue(self, f: Filters) -> pd.DataFrame:
        return sales.revenue_by_product(self.conn, f)

    def forecast_product_classes(self, run_id: int) -> pd.DataFrame:
        return forecast_store.product_classes(self.conn, run_id)

    def product_classes(self, as_of: date, policy: StockPolicy) -> pd.DataFrame:
        from services.classes import product_classes  # computed from this object's reads

        return product_classes(self, as_of, policy)

    def supplier_receipts(self, f: Filters) -> pd.DataFrame:
        return supplier_reads.receipt_counts(self.conn, f)

    def supplier_open_orders(self, f: Filters, as_of: date) -> pd.DataFrame:
        return supplier_reads.open_order_totals(self.conn, f, as_of)

    def supplier_orders(self, f: Filters, supplier: str) -> pd.DataFrame:
        return supplier_reads.supplier_orders(self.conn, f, supplier)

    def receipts_by_age(self, f: Filters, as_of: date, band_upper_days: tuple[int, ...]) -> pd.DataFrame:
        return ageing.receipts_by_age(self.conn, f, as_of, band_upper_days)

    def untracked_held_since(self, f: Filters, as_of: date, since: date) -> pd.DataFrame:
        return ageing.untracked_held_since(self.conn, f, as_of, since)
