"""The Overview's headline figures for one period."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.cash import cash_positions
from analytics.kpis import average_order_value, margin_pct, stockout_rate
from analytics.stock_health import StockPolicy, count_needing_reorder
from data_access.filters import Filters
from services.reads import Reads
from services.stock_health import StockDay


@dataclass(frozen=True)
class Headline:
    """The Overview's numbers for one period (NaN where a ratio has no base)."""

    revenue: float
    units: int
    orders: int
    average_order_value: float
    margin_pct: float  # over the revenue whose cost is known
    uncosted_revenue: float  # from products without a unit cost: left out of the margin
    inventory_value: float
    stockout_rate: float
    stock_days_observed: int  # product x warehouse days with a snapshot in the range
    reorder_positions: int
    excess_value: float  # above the order-up-to levels, as of the last day (analytics.cash.cash_positions)
    dead_value: float  # of the dead-stock positions

    @property
    def is_empty(self) -> bool:
        """Nothing sold and no stock observed: the selection matches no data."""
        return self.orders == 0 and self.stock_days_observed == 0


def headline_stock_day(f: Filters, comparison: bool = False) -> StockDay:
    """The classification `headline` reads: the range's last day, projected
    like the alerts of that day, so that the two share it; a comparison's
    without run-out days, which nothing reads for a past period."""
    return StockDay(f, f.end, projected=not comparison)


def headline(reads: Reads, f: Filters, policy: StockPolicy, comparison: bool = False) -> Headline:
    """Sales over the range; stock and reorder needs as of its last day
    (`comparison`: the range is the one the current figures are compared with)."""
    totals = reads.sales_totals(f)
    stockouts = reads.stockout_totals(f)
    classified = headline_stock_day(f, comparison).read(reads, policy)
    cash = cash_positions(classified, reads.latest_plan() is not None, policy)
    return Headline(
        revenue=float(totals["revenue"]),
        units=int(totals["units"]),
        orders=int(totals["orders"]),
        average_order_value=average_order_value(totals["revenue"], totals["orders"]),
        margin_pct=margin_pct(totals["costed_revenue"], totals["cost"]),
        uncosted_revenue=float(totals["revenue"] - totals["costed_revenue"]),
        inventory_value=float(classified["stock_value"].sum()),
        stockout_rate=stockout_rate(stockouts["stockout_days"], stockouts["pair_days"]),
        stock_days_observed=int(stockouts["pair_days"]),
        reorder_positions=count_needing_reorder(classified),
        excess_value=float(cash["excess_value"].sum()),
        dead_value=float(cash["dead_value"].sum()),
    )
