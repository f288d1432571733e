"""ABC x XYZ: which products earn the money (the policy's ABC) and how
steady their demand is (XYZ, stored with each forecast run: computed from the
run's history with the run's own seasonal index), with the products, revenue
and stock value of each of the nine cells.

Both classes are the product's, shop-wide (a filter never reclassifies a
product); revenue and stock value in a cell are the selection's.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.policy import ABC_CLASSES
from analytics.stock_health import StockPolicy
from analytics.xyz import CLASSES as XYZ_CLASSES
from analytics.xyz import TOO_NEW
from data_access.filters import Filters
from services.reads import Reads
from services.replenishment import product_abc


def product_classes(reads: Reads, as_of: date, policy: StockPolicy) -> pd.DataFrame:
    """product_id, abc_class (as of `as_of`), xyz_class and cv (of the latest
    forecast run) of every product with revenue in the ABC window or in the
    run; a product the run does not know is too new, one without revenue C."""
    abc = product_abc(reads, as_of, policy.replenishment).rename("abc_class").rename_axis("product_id").reset_index()
    run = reads.latest_forecast_run()
    xyz = (reads.forecast_product_classes(run.run_id) if run is not None
           else pd.DataFrame({"product_id": pd.Series(dtype="int64"), "xyz_class": pd.Series(dtype="str"),
                              "cv": pd.Series(dtype="float64")}))  # fmt: skip
    frame = abc.merge(xyz[["product_id", "xyz_class", "cv"]], on="product_id", how="outer")
    return frame.fillna({"abc_class": ABC_CLASSES[-1], "xyz_class": TOO_NEW})


def class_matrix(classified: pd.DataFrame, revenue: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """One row per ABC class x XYZ class (too new last): products (with
    stock or sales in the selection), revenue (the selection's, per
    `revenue`: product_id, revenue) and stock_value (its positions')."""
    stock = classified.groupby("product_id", as_index=False)["stock_value"].sum()
    sold = revenue.loc[revenue["revenue"] != 0, ["product_id", "revenue"]]
    products = stock.merge(sold, on="product_id", how="outer").fillna({"stock_value": 0.0, "revenue": 0.0})
    products = products.merge(classes[["product_id", "abc_class", "xyz_class"]], on="product_id", how="left")
    products = products.fillna({"abc_class": ABC_CLASSES[-1], "xyz_class": TOO_NEW})
    cells = products.groupby(["abc_class", "xyz_class"]).agg(
        products=("product_id", "nunique"), revenue=("revenue", "sum"), stock_value=("stock_value", "sum")
    )
    every = pd.MultiIndex.from_product([ABC_CLASSES, (*XYZ_CLASSES, TOO_NEW)], names=["abc_class", "xyz_class"])
    cells = cells.reindex(every, fill_value=0).reset_index()
    cells["products"] = cells["products"].astype("int64")
    return cells


def abc_xyz_matrix(reads: Reads, f: Filters, policy: StockPolicy) -> pd.DataFrame:
    """`class_matrix` of the selection: stock as of its end, revenue over its dates."""
    classified = reads.classified_stock(f, f.end, policy, projected=True)
    return class_matrix(classified, reads.selection_revenue(f), reads.product_classes(f.end, policy))
