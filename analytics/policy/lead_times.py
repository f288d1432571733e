"""Lead-time statistics per supplier x product from received purchase orders.

A supplier x product with at least `min_receipts` receipts gets its own mean,
standard deviation and 90th percentile; otherwise the supplier's figures
pooled over all its products (with as many receipts), otherwise the
product's nominal lead time (no spread), otherwise the default. Every row
says which source it used (an id of LEAD_TIME_SOURCES).

Receipts arrive as a histogram (how many orders took each whole number of
days), which the database counts cheaply and which holds everything the
statistics need: lead times are small integers, so a year of orders is a few
dozen rows per supplier x product.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.policy.settings import PolicySettings

OWN_RECEIPTS = "purchase-orders"
SUPPLIER_POOLED = "supplier-pooled"
PRODUCT_SETTING = "product-setting"
DEFAULT = "default"
LEAD_TIME_SOURCES: tuple[str, ...] = (OWN_RECEIPTS, SUPPLIER_POOLED, PRODUCT_SETTING, DEFAULT)

LEAD_TIME_RULE = "lead-time"


def histogram_stats(histogram: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per `keys`: receipts (n), lead_mean, lead_sd (sample, n - 1) and
    lead_p90 (linear between order statistics, as numpy's default), from
    rows of `keys`, lead_days and receipts (the count of orders with it; a
    key and day may repeat). Sorted by `keys`; rows without a key (orders
    without a supplier) pool with nothing."""
    weight = histogram["receipts"].to_numpy(dtype="float64")
    known = weight > 0
    key_values = [histogram[key].to_numpy() for key in keys]
    for values in key_values:
        known &= pd.notna(values)
    combined = np.zeros(int(known.sum()), dtype=np.int64)
    for values in key_values:  # one sorted code per key, combined: no tuples built per row
        key_codes, uniques = pd.factorize(values[known], sort=True)
        combined = combined * len(uniques) + key_codes
    _, first, codes = np.unique(combined, return_index=True, return_inverse=True)
    days = histogram["lead_days"].to_numpy(dtype="float64")[known]
    order = np.lexsort((days, codes))
    group, days, weight = codes[order], days[order], weight[known][order]
    groups = len(first)
    n = np.bincount(group, weight, groups)
    mean = np.bincount(group, weight * days, groups) / np.where(n > 0, n, 1)
    squares = np.bincount(group, weight * (days - mean[group]) ** 2, groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.where(n > 1, np.sqrt(squares / (n - 1)), 0.0)
    return pd.DataFrame({
        **{key: values[known][first] for key, values in zip(keys, key_values, strict=True)},
        "receipts": n.astype("int64"), "lead_mean": mean, "lead_sd": sd,
        "lead_p90": _quantile(days, weight, group, n, 0.9),
    })  # fmt: skip


def _quantile(days: np.ndarray, weight: np.ndarray, group: np.ndarray, n: np.ndarray, q: float) -> np.ndarray:
    """[group] the q-quantile of each group's expanded sample (rows sorted by group, then days)."""
    if not len(n):
        return np.zeros(0)
    cumulative = np.cumsum(weight)
    before = np.concatenate([[0.0], np.cumsum(n)[:-1]])  # receipts of the groups ahead
    rank = q * (n - 1)
    low, high = np.floor(rank), np.minimum(np.floor(rank) + 1, n - 1)

    def value_at(order: np.ndarray) -> np.ndarray:
        return days[np.searchsorted(cumulative, before + order, side="right")]

    return value_at(low) + (rank - low) * (value_at(high) - value_at(low))


def lead_time_stats(
    own: pd.DataFrame, pooled: pd.DataFrame, products: pd.DataFrame, settings: PolicySettings
) -> pd.DataFrame:
    """One row per row of `products` (product_id, supplier, lead_time_days:
    the nominal one, may be empty), in its order: product_id, supplier,
    receipts, lead_mean, lead_sd, lead_p90 and lead_source.

    `own` counts received orders per supplier, product_id and lead_days
    (`receipts`), `pooled` per supplier and lead_days over all the supplier's
    products."""
    enough = settings.min_receipts
    frame = products[["product_id", "supplier"]].reset_index(drop=True)
    own = histogram_stats(own, ["supplier", "product_id"])
    pooled = histogram_stats(pooled, ["supplier"])
    own_row = pd.MultiIndex.from_frame(own[["supplier", "product_id"]]).get_indexer(
        pd.MultiIndex.from_frame(frame[["supplier", "product_id"]])
    )
    pooled_row = pd.Index(pooled["supplier"]).get_indexer(frame["supplier"])

    def at(stats: pd.DataFrame, rows: np.ndarray, column: str) -> np.ndarray:
        """The column's value per row of `frame`, NaN where `rows` is -1 (the appended NaN)."""
        return np.append(stats[column].to_numpy(dtype="float64"), np.nan)[rows]

    nominal = pd.to_numeric(products["lead_time_days"]).to_numpy(dtype="float64", na_value=np.nan)
    nominal = np.where(nominal >= 0, nominal, np.nan)
    use_own = at(own, own_row, "receipts") >= enough
    use_pooled = ~use_own & (at(pooled, pooled_row, "receipts") >= enough)
    use_nominal = ~use_own & ~use_pooled & ~np.isnan(nominal)
    fallback = np.where(np.isnan(nominal), float(settings.default_lead_time_days), nominal)
    fallbacks = {"receipts": 0.0, "lead_mean": fallback, "lead_sd": 0.0, "lead_p90": fallback}
    columns = {
        column: np.where(use_own, at(own, own_row, column), np.where(use_pooled, at(pooled, pooled_row, column),
                                                                      otherwise))
        for column, otherwise in fallbacks.items()
    }  # fmt: skip
    source = np.select([use_own, use_pooled, use_nominal], [OWN_RECEIPTS, SUPPLIER_POOLED, PRODUCT_SETTING], DEFAULT)
    return pd.DataFrame({
        "product_id": frame["product_id"].to_numpy(), "supplier": frame["supplier"].to_numpy(),
        "receipts": columns.pop("receipts").astype("int64"), **columns, "lead_source": pd.array(source, dtype="str"),
    })  # fmt: skip
