"""ABC x XYZ: which products earn the money (the policy's ABC) and how
steady their demand is (XYZ after the forecast's seasonal index), with the
products, revenue and stock value of each of the nine cells.

Both classes are the product's, shop-wide (a filter never reclassifies a
product); revenue and stock value in a cell are the selection's.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from analytics.forecasting.history import from_weekly_rows
from analytics.forecasting.model import group_profiles
from analytics.policy import ABC_CLASSES
from analytics.stock_health import StockPolicy
from analytics.xyz import CLASSES as XYZ_CLASSES
from analytics.xyz import TOO_NEW, XYZ_WEEKS, xyz_classes
from data_access.filters import Filters
from services.reads import Reads
from services.replenishment import product_abc

HISTORY_WEEKS = 2 * XYZ_WEEKS
"""Two years: enough for the category index to learn the season and trend."""


def product_xyz(reads: Reads, as_of: date) -> pd.DataFrame:
    """product_id, sku, weeks, cv, xyz_class of every product with history
    up to `as_of`, all warehouses (`analytics.xyz.xyz_classes`)."""
    everything = Filters(as_of - timedelta(weeks=HISTORY_WEEKS), as_of)
    series = reads.demand_series(everything)
    if series.empty:
        return pd.DataFrame({"product_id": pd.Series(dtype="int64"), "sku": pd.Series(dtype="str"),
                             "weeks": pd.Series(dtype="int64"), "cv": pd.Series(dtype="float64"),
                             "xyz_class": pd.Series(dtype="str")})  # fmt: skip
    history = from_weekly_rows(reads.weekly_demand(everything), series.assign(group=series["category"]), as_of)
    classes = xyz_classes(history, group_profiles(history))
    skus = series.drop_duplicates("product_id").set_index("product_id")["sku"]
    return classes.assign(sku=classes["product_id"].map(skus))[["product_id", "sku", "weeks", "cv", "xyz_class"]]


def product_classes(reads: Reads, as_of: date, policy: StockPolicy) -> pd.DataFrame:
    """product_id, sku, abc_class, xyz_class, cv of every product with
    revenue in the ABC window or history (a product without history is too
    new; one without revenue C)."""
    abc = product_abc(reads, as_of, policy.replenishment).rename("abc_class").rename_axis("product_id").reset_index()
    xyz = product_xyz(reads, as_of)[["product_id", "sku", "xyz_class", "cv"]]
    frame = abc.merge(xyz, on="product_id", how="outer")
    return frame.fillna({"abc_class": ABC_CLASSES[-1], "xyz_class": TOO_NEW})


def class_matrix(classified: pd.DataFrame, sales: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """One row per ABC class x XYZ class (too new last): products (with
    stock or sales in the selection), revenue (the selection's, per `sales`:
    sku, revenue) and stock_value (its positions')."""
    stock = classified.groupby("sku", as_index=False)["stock_value"].sum()
    sold = sales.loc[sales["revenue"] != 0, ["sku", "revenue"]]
    products = stock.merge(sold, on="sku", how="outer").fillna({"stock_value": 0.0, "revenue": 0.0})
    products = products.merge(classes[["sku", "abc_class", "xyz_class"]].dropna(subset=["sku"]), on="sku",
                              how="left")  # fmt: skip
    products = products.fillna({"abc_class": ABC_CLASSES[-1], "xyz_class": TOO_NEW})
    cells = products.groupby(["abc_class", "xyz_class"]).agg(
        products=("sku", "nunique"), revenue=("revenue", "sum"), stock_value=("stock_value", "sum")
    )
    every = pd.MultiIndex.from_product([ABC_CLASSES, (*XYZ_CLASSES, TOO_NEW)], names=["abc_class", "xyz_class"])
    cells = cells.reindex(every, fill_value=0).reset_index()
    cells["products"] = cells["products"].astype("int64")
    return cells


def abc_xyz_matrix(reads: Reads, f: Filters, policy: StockPolicy) -> pd.DataFrame:
    """`class_matrix` of the selection as of its end."""
    classified = reads.classified_stock(f, f.end, policy, projected=True)
    return class_matrix(classified, reads.product_sales(f), reads.product_classes(f.end, policy))
