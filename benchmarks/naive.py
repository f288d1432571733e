"""The naive approach most Streamlit dashboards take: read every row into
pandas once, then filter and group in Python for each chart.

`NaiveShop.load` is the read (the part that grows with the history);
one method per cached loader, taking that loader's arguments, is the group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.engine import Connection

from data_access.filters import Filters


def _dated(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.astype({column: "datetime64[ns]" for column in columns})


@dataclass
class NaiveShop:
    lines: pd.DataFrame  # every order line with its product's and warehouse's columns
    snapshots: pd.DataFrame  # every snapshot, likewise
    purchase_orders: pd.DataFrame
    products: pd.DataFrame
    warehouses: pd.DataFrame
    forecast_products: pd.DataFrame  # every forecast run's XYZ classes

    @classmethod
    def load(cls, conn: Connection) -> "NaiveShop":
        def table(name: str) -> pd.DataFrame:
            return pd.read_sql(f"SELECT * FROM {name}", conn)

        products = _dated(table("products"), "launched_on", "discontinued_on")
        warehouses = table("warehouses")
        dimensions = products[["product_id", "sku", "name", "category", "unit_cost", "lead_time_days", "launched_on"]]
        codes = warehouses[["warehouse_id", "code"]]

        def joined(frame: pd.DataFrame) -> pd.DataFrame:
            return frame.merge(dimensions, on="product_id").merge(codes, on="warehouse_id")

        orders = joined(_dated(table("purchase_orders"), "ordered_on", "expected_on", "received_on"))
        product_supplier = orders["product_id"].map(products.set_index("product_id")["supplier"])
        return cls(
            lines=joined(_dated(table("order_lines"), "order_date")),
            snapshots=joined(_dated(table("inventory_snapshots"), "snapshot_date")),
            purchase_orders=orders.assign(effective_supplier=orders["supplier"].fillna(product_supplier)),
            products=products,
            warehouses=warehouses,
            forecast_products=table("forecast_products"),
        )

    # --- selection helpers ---------------------------------------------------------

    @staticmethod
    def _dimensions(frame: pd.DataFrame, f: Filters) -> pd.Series:
        keep = pd.Series(True, index=frame.index)
        for column, values in (("code", f.warehouses), ("category", f.categories), ("sku", f.skus)):
            if values:
                keep &= frame[column].isin(values)
        return keep

    def _lines(self, f: Filters, start: date | None = None, end: date | None = None) -> pd.DataFrame:
        day = self.lines["order_date"]
        keep = self._dimensions(self.lines, f) & day.between(pd.Timestamp(start or f.start), pd.Timestamp(end or f.end))
        return self.lines[keep]

    @staticmethod
    def _sales(groups, with_orders: bool = False) -> pd.DataFrame:
        """The measures our layer returns; distinct orders only where it counts them."""
        orders = {"orders": ("order_id", "nunique")} if with_orders else {}
        frame = groups.agg(
            revenue=("net_revenue", "sum"), units=("quantity", "sum"), cost=("line_cost", "sum"),
            costed_revenue=("costed_revenue", "sum"), **orders,
        )  # fmt: skip
        return frame.assign(margin=frame["costed_revenue"] - frame["cost"])

    def _costed(self, f: Filters) -> pd.DataFrame:
        lines = self._lines(f)
        known = lines["unit_cost"].notna()
        return lines.assign(
            line_cost=lines["quantity"] * lines["unit_cost"].fillna(0),
            costed_revenue=lines["net_revenue"].where(known, 0),
        )

    # --- the loaders -----------------------------------------------------------------

    def data_extent(self, scope: tuple[str, ...] | None = None) -> tuple:
        """The span within the warehouses `scope` (None: every one), those warehouses and every category."""
        lines, snapshots, warehouses = self.lines, self.snapshots, self.warehouses
        if scope is not None:
            lines, snapshots = lines[lines["code"].isin(scope)], snapshots[snapshots["code"].isin(scope)]
            warehouses = warehouses[warehouses["code"].isin(scope)]
        span = (
            lines["order_date"].min(), lines["order_date"].max(),
            snapshots["snapshot_date"].min(), snapshots["snapshot_date"].max(),
        )  # fmt: skip
        return span, warehouses.sort_values("code"), sorted(self.products["category"].unique())

    def sales_totals(self, f: Filters) -> pd.DataFrame:
        return self._sales(self._costed(f).assign(all=1).groupby("all"), with_orders=True)

    def sales_by_category(self, f: Filters) -> pd.DataFrame:
        return self._sales(self._costed(f).groupby("category")).sort_values("revenue", ascending=False)

    @staticmethod
    def _period(days: pd.Series, grain: str) -> pd.Series:
        frequency = {"day": "D", "week": "W-SUN", "month": "M"}[grain]
        return days.dt.to_period(frequency).dt.start_time

    def sales_by_period(
        self, f: Filters, grain: str, split: str | None = None, with_orders: bool = False
    ) -> pd.DataFrame:
        lines = self._costed(f)
        keys = [self._period(lines["order_date"], grain).rename("period"), *self._split(lines, split)]
        return self._sales(lines.groupby(keys), with_orders)

    @staticmethod
    def _split(frame: pd.DataFrame, split: str | None) -> list[pd.Series]:
        return [] if split is None else [frame["category" if split == "category" else "code"]]

    def product_sales(self, f: Filters) -> pd.DataFrame:
        sold = self._sales(self._costed(f).groupby("product_id"))
        products = self.products
        active = (products["launched_on"].isna() | (products["launched_on"] <= pd.Timestamp(f.end))) & (
            products["discontinued_on"].isna() | (products["discontinued_on"] >= pd.Timestamp(f.start))
        )
        for column, values in (("category", f.categories), ("sku", f.skus)):
            if values:
                active &= products[column].isin(values)
        frame = (
            products[active]
            .merge(sold, left_on="product_id", right_index=True, how="left")
            .fillna({"revenue": 0, "units": 0, "cost": 0, "margin": 0, "costed_revenue": 0})
        )
        frame.loc[frame["unit_cost"].isna(), ["cost", "margin"]] = float("nan")
        return frame.sort_values(["revenue", "sku"], ascending=[False, True])

    def stock_positions(self, f: Filters, as_of: date, velocity_window_days: int) -> pd.DataFrame:
        keys = ["sku", "code"]
        on_order = self.open_purchase_orders(f, as_of).groupby(keys)["quantity"].sum().rename("on_order")
        return (
            self._stock_on_hand(f, as_of)
            .merge(self._velocity(f, as_of, velocity_window_days), left_on=keys, right_index=True, how="left")
            .merge(on_order, left_on=keys, right_index=True, how="left")
        )

    def receipt_histograms(self, f: Filters, as_of: date, history_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        orders = self.purchase_orders
        start = pd.Timestamp(as_of - timedelta(days=history_days - 1))
        received = orders[orders["received_on"].between(start, pd.Timestamp(as_of)) & orders["supplier"].notna()]
        received = received.assign(lead_days=(received["received_on"] - received["ordered_on"]).dt.days)
        chosen = received[self._dimensions(received, Filters(f.start, f.end, (), f.categories, f.skus))]
        own = chosen.groupby(["supplier", "product_id", "lead_days"]).size().rename("receipts").reset_index()
        return own, received.groupby(["supplier", "lead_days"]).size().rename("receipts").reset_index()

    def product_revenue(self, start: date, end: date) -> pd.DataFrame:
        lines = self.lines[self.lines["order_date"].between(pd.Timestamp(start), pd.Timestamp(end))]
        return lines.groupby("product_id")["net_revenue"].sum().rename("revenue").reset_index()

    def _stock_on_hand(self, f: Filters, as_of: date) -> pd.DataFrame:
        snapshots = self.snapshots[
            self._dimensions(self.snapshots, f) & (self.snapshots["snapshot_date"] <= pd.Timestamp(as_of))
        ]
        latest = snapshots.loc[snapshots.groupby(["product_id", "warehouse_id"])["snapshot_date"].idxmax()]
        return latest.assign(stock_value=latest["on_hand"] * latest["unit_cost"].fillna(0)).sort_values(["sku", "code"])

    def _snapshots(self, f: Filters) -> pd.DataFrame:
        day = self.snapshots["snapshot_date"]
        snapshots = self.snapshots[
            self._dimensions(self.snapshots, f) & day.between(pd.Timestamp(f.start), pd.Timestamp(f.end))
        ]
        return snapshots.assign(
            stockout=(snapshots["on_hand"] <= 0).astype("int64"),
            value=snapshots["on_hand"] * snapshots["unit_cost"].fillna(0),
        )

    def stock_history(self, f: Filters, grain: str, split: str | None = None) -> pd.DataFrame:
        snapshots = self._snapshots(f)
        keys = [self._period(snapshots["snapshot_date"], grain).rename("period"), *self._split(snapshots, split)]
        frame = snapshots.groupby(keys).agg(
            on_hand=("on_hand", "sum"), value=("value", "sum"), days=("snapshot_date", "nunique"),
            stockout_days=("stockout", "sum"), pair_days=("on_hand", "size"),
        )  # fmt: skip
        return frame.assign(
            avg_on_hand=frame["on_hand"] / frame["days"], avg_stock_value=frame["value"] / frame["days"]
        )

    def stockout_totals(self, f: Filters) -> pd.Series:
        snapshots = self._snapshots(f)
        return pd.Series({"stockout_days": snapshots["stockout"].sum(), "pair_days": len(snapshots)})

    def open_purchase_orders(self, f: Filters, as_of: date) -> pd.DataFrame:
        orders = self.purchase_orders
        day = pd.Timestamp(as_of)
        open_now = (orders["ordered_on"] <= day) & (orders["received_on"].isna() | (orders["received_on"] > day))
        frame = orders[open_now & self._dimensions(orders, f)]
        late = (day - frame["expected_on"]).dt.days.clip(lower=0)
        return frame.assign(days_late=late).sort_values(["expected_on", "po_id"])

    def _velocity(self, f: Filters, as_of: date, window_days: int) -> pd.DataFrame:
        lines = self.lines[self._dimensions(self.lines, f) & (self.lines["order_date"] <= pd.Timestamp(as_of))]
        window_start = pd.Timestamp(as_of - timedelta(days=window_days - 1))
        lines = lines.assign(
            window_units=lines["quantity"].where(lines["order_date"] >= window_start, 0),
            sale_date=lines["order_date"].where(lines["quantity"] > 0),
        )
        daily = lines.groupby(["sku", "code", "order_date"]).agg(
            units=("window_units", "sum"), sale_date=("sale_date", "max")
        )
        daily = daily.assign(squared=daily["units"] ** 2)
        return daily.groupby(level=["sku", "code"]).agg(
            units=("units", "sum"), units_squared=("squared", "sum"), last_sale_date=("sale_date", "max")
        )

    # --- the Suppliers and Cash pages (effective_supplier: the order's own, else its product's) ---

    def _received(self, f: Filters, start: date | None, end: date) -> pd.DataFrame:
        """Orders of the selection received from `start` (None: ever) to `end`."""
        orders, day = self.purchase_orders, self.purchase_orders["received_on"]
        keep = (day <= pd.Timestamp(end)) & (day >= pd.Timestamp(start) if start else True)
        return orders[keep & self._dimensions(orders, f)]

    def _open(self, f: Filters, as_of: date) -> pd.DataFrame:
        orders, day = self.purchase_orders, pd.Timestamp(as_of)
        open_now = (orders["ordered_on"] <= day) & (orders["received_on"].isna() | (orders["received_on"] > day))
        return orders[open_now & self._dimensions(orders, f)]

    def supplier_receipts(self, f: Filters) -> pd.DataFrame:
        received = self._received(f, f.start, f.end).dropna(subset=["effective_supplier"])
        received = received.assign(
            month=received["received_on"].dt.to_period("M").dt.start_time,
            lead_days=(received["received_on"] - received["ordered_on"]).dt.days,
            days_late=(received["received_on"] - received["expected_on"]).dt.days,
        )
        keys = ["effective_supplier", "month", "lead_days", "days_late"]
        return received.groupby(keys, dropna=False).agg(orders=("po_id", "size"), units=("quantity", "sum"))

    def supplier_open_orders(self, f: Filters, as_of: date) -> pd.DataFrame:
        orders = self._open(f, as_of).dropna(subset=["effective_supplier"])
        orders = orders.assign(
            value=orders["quantity"] * orders["unit_cost"].fillna(0),
            late=(orders["expected_on"] < pd.Timestamp(as_of)).astype("int64"),
        )
        return orders.groupby("effective_supplier").agg(
            open_orders=("po_id", "size"), open_units=("quantity", "sum"), open_value=("value", "sum"),
            late_open_orders=("late", "sum"),
        )  # fmt: skip

    def supplier_orders(self, f: Filters, supplier: str) -> pd.DataFrame:
        orders = pd.concat([self._received(f, f.start, f.end), self._open(f, f.end)]).drop_duplicates("po_id")
        orders = orders[orders["effective_supplier"] == supplier]
        end = pd.Timestamp(f.end)
        received = orders["received_on"].where(orders["received_on"] <= end)
        return orders.assign(
            received_on=received, value=orders["quantity"] * orders["unit_cost"].fillna(0),
            lead_days=(received - orders["ordered_on"]).dt.days,
            days_late=(received.fillna(end) - orders["expected_on"]).dt.days,
        ).sort_values(["ordered_on", "po_id"], ascending=False)  # fmt: skip

    def receipts_by_age(self, f: Filters, as_of: date, band_upper_days: tuple[int, ...]) -> pd.DataFrame:
        received = self._received(f, None, as_of)
        age = (pd.Timestamp(as_of) - received["received_on"]).dt.days
        band = pd.Series(len(band_upper_days), index=received.index)
        for number, upper in reversed(list(enumerate(band_upper_days))):
            band = band.mask(age <= upper, number)
        keys = [received["product_id"], received["warehouse_id"], band.rename("band")]
        return received.groupby(keys)["quantity"].sum().rename("units").reset_index()

    def untracked_held_since(self, f: Filters, as_of: date, since: date) -> pd.DataFrame:
        keys = ["product_id", "warehouse_id"]
        received = self._received(f, None, as_of).groupby(keys)["quantity"].sum().rename("received")
        stock = self._stock_on_hand(f, as_of).merge(received, left_on=keys, right_index=True, how="left")
        untracked = stock.loc[stock["on_hand"] > stock["received"].fillna(0), keys]
        day = self.snapshots["snapshot_date"]
        keep = self._dimensions(self.snapshots, f) & day.between(pd.Timestamp(since), pd.Timestamp(as_of))
        snapshots = self.snapshots[keep].merge(untracked, on=keys)
        last_empty = snapshots[snapshots["on_hand"] <= 0].groupby(keys)["snapshot_date"].max().rename("last_empty")
        held = snapshots[snapshots["on_hand"] > 0].merge(last_empty, left_on=keys, right_index=True, how="left")
        held = held[held["last_empty"].isna() | (held["snapshot_date"] > held["last_empty"])]
        return held.groupby(keys)["snapshot_date"].min().rename("held_since").reset_index()

    def selection_revenue(self, f: Filters) -> pd.DataFrame:
        return self._lines(f).groupby("product_id")["net_revenue"].sum().rename("revenue").reset_index()

    def forecast_product_classes(self, run_id: int) -> pd.DataFrame:
        classes = self.forecast_products
        return classes[classes["run_id"] == run_id].sort_values("product_id")

    def query(self, loader: str) -> Callable:
        return getattr(self, loader)
