"""Headline measures, period-over-period changes and shares.

Every ratio is returned in percent (25.0 means 25 %), and a ratio over a zero
denominator is NaN rather than 0 or infinity: "no revenue" has no margin, and
showing 0 % would read as a real result. The functions accept plain numbers or
pandas Series alike.
"""

from __future__ import annotations

import math
from typing import TypeVar

import pandas as pd

Measure = TypeVar("Measure", float, pd.Series)

# Formula ids: `i18n.formulas.formula_text` holds their words in each language.
MARGIN_PCT_FORMULA = "margin-pct"
AVERAGE_ORDER_VALUE_FORMULA = "average-order-value"
STOCKOUT_RATE_FORMULA = "stockout-rate"
CHANGE_PCT_FORMULA = "change-pct"
SHARE_FORMULA = "share"
ROLLING_AVERAGE_FORMULA = "rolling-average"
INVENTORY_VALUE_FORMULA = "inventory-value"


def _ratio(numerator: Measure, denominator: Measure) -> Measure:
    """numerator / denominator, NaN where the denominator is 0 or missing."""
    if isinstance(denominator, pd.Series):
        return numerator / denominator.astype("float64").mask(denominator == 0)
    if denominator == 0 or pd.isna(denominator):
        return numerator * math.nan
    return numerator / float(denominator)


def margin_pct(costed_revenue: Measure, cost: Measure) -> Measure:
    """Gross margin as a percent of the revenue whose cost is known (a product
    without a unit cost has an unknown margin, not 100 %); NaN without such revenue."""
    return _ratio(costed_revenue - cost, costed_revenue) * 100


def uncosted_share(revenue: Measure, costed_revenue: Measure) -> Measure:
    """Percent of the revenue from products without a unit cost, left out of the margin."""
    return _ratio(revenue - costed_revenue, revenue) * 100


def average_order_value(revenue: Measure, orders: Measure) -> Measure:
    """Revenue per distinct order; NaN when there were no orders."""
    return _ratio(revenue, orders)


def stockout_rate(stockout_days: Measure, pair_days: Measure) -> Measure:
    """Percent of observed product x warehouse days with nothing on hand.

    Counted in days rather than products so that a product out of stock for
    one day weighs less than one out of stock all month.
    """
    return _ratio(stockout_days, pair_days) * 100


def change(current: float, previous: float) -> tuple[float, float | None]:
    """(current - previous, percent change or None when previous is 0).

    The percent is taken over |previous| so that a loss shrinking from -100
    to -50 reads as an improvement (+50 %), not a fall.
    """
    absolute = current - previous
    relative = _ratio(absolute, abs(previous)) * 100
    return absolute, None if math.isnan(relative) else relative


def share(values: pd.Series) -> pd.Series:
    """Each value as a percent of the total (NaN for all when the total is 0)."""
    total = values.sum()
    return values * math.nan if total == 0 else values / total * 100


def best_and_worst(products: pd.DataFrame, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `n` products with the most revenue and the `n` with the least, ties by sku."""
    best_first = products.sort_values(["revenue", "sku"], ascending=[False, True])
    worst_first = products.sort_values(["revenue", "sku"], ascending=[True, True])
    return best_first.head(n).reset_index(drop=True), worst_first.head(n).reset_index(drop=True)


def rolling_average(series: pd.Series, window: int) -> pd.Series:
    """Trailing mean over `window` rows, NaN until a full window is available.

    Rows are periods, so absent periods must be filled with 0 first (e.g.
    `series.asfreq("D", fill_value=0)` on a date index): the query layer leaves
    out days without sales, and skipping them would overstate the average.
    Partial windows at the start are not shown because they swing widely.
    """
    if window < 1:
        raise ValueError(f"Rolling window must be at least 1 period, got {window}.")
    return series.rolling(window, min_periods=window).mean()


def with_deltas(current: pd.DataFrame, previous: pd.DataFrame, key: str, measures: list[str]) -> pd.DataFrame:
    """Current and comparison aggregates side by side, one row per `key`.

    A key present in only one period (a category that sold only last month)
    counts as 0 in the other, so nothing silently drops out of the table.
    Columns: key, then for each measure `m`: m, m_prev, m_change, m_change_pct;
    when "revenue" and "cost" are among the measures also margin_pct,
    margin_pct_prev and margin_pct_change (in percentage points), over
    "costed_revenue" when that is among them too.
    Rows keep the order of `current`; keys only in `previous` follow.
    """
    current_values = current.set_index(key)[measures]
    previous_values = previous.set_index(key)[measures]
    keys = current_values.index.append(previous_values.index.difference(current_values.index, sort=False))
    current_values = current_values.reindex(keys, fill_value=0)
    previous_values = previous_values.reindex(keys, fill_value=0)

    result = pd.DataFrame(index=keys)
    for name in measures:
        result[name] = current_values[name]
        result[f"{name}_prev"] = previous_values[name]
        result[f"{name}_change"] = current_values[name] - previous_values[name]
        result[f"{name}_change_pct"] = _ratio(result[f"{name}_change"], previous_values[name].abs()) * 100
    if "revenue" in measures and "cost" in measures:
        base = "costed_revenue" if "costed_revenue" in measures else "revenue"
        result["margin_pct"] = margin_pct(current_values[base], current_values["cost"])
        result["margin_pct_prev"] = margin_pct(previous_values[base], previous_values["cost"])
        result["margin_pct_change"] = result["margin_pct"] - result["margin_pct_prev"]
    return result.rename_axis(key).reset_index()
