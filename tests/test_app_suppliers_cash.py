"""The Suppliers and Cash pages in AppTest, their numbers against the raw
rows of a small simulated shop with a plan: received orders, on-time share,
open value and one supplier's orders; stock value, dead stock value, the FIFO
ageing that adds up to the stock value, the ABC x XYZ matrix's products and
revenue; the Overview's two money tiles equal the Cash page's."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.app_db import (  # noqa: F401 (fixtures)
    assert_clean,
    default_selection,
    download_keys,
    forecast_url,
    fresh_caches,
    metric_values,
    open_app,
    RawRows,
    table,
    use_forecast,
)

SUPPLIERS_PAGE, CASH_PAGE = "pages/8_Suppliers.py", "pages/9_Cash.py"


@pytest.fixture(scope="module")
def raw(forecast_url) -> RawRows:
    return RawRows(forecast_url)


def _orders(raw: RawRows) -> pd.DataFrame:
    orders = raw.frames["purchase_orders"].merge(raw.frames["products"][["product_id", "sku", "supplier", "unit_cost"]],
                                                 on="product_id", suffixes=("", "_product"))  # fmt: skip
    orders["supplier"] = orders["supplier"].fillna(orders["supplier_product"])
    for column in ("ordered_on", "expected_on", "received_on"):
        orders[column] = pd.to_datetime(orders[column])
    return orders


def test_the_suppliers_page_counts_the_raw_orders(use_forecast, raw):
    at = open_app(SUPPLIERS_PAGE)
    assert_clean(at)
    selection = default_selection(raw)
    start, end = pd.Timestamp(selection.start), pd.Timestamp(selection.end)
    orders = _orders(raw)
    received = orders[orders["received_on"].between(start, end)]
    judged = received[received["expected_on"].notna()]
    open_now = orders[(orders["ordered_on"] <= end) & (orders["received_on"].isna() | (orders["received_on"] > end))]
    tiles = metric_values(at)
    assert tiles["Orders received"] == len(received)
    assert tiles["On time"] == pytest.approx((judged["received_on"] <= judged["expected_on"]).mean() * 100, abs=0.01)
    assert tiles["Open value at cost"] == pytest.approx((open_now["quantity"] * open_now["unit_cost"].fillna(0)).sum(),
                                                        abs=0.01)  # fmt: skip
    assert tiles["Cost of unreliability"] > 0
    scorecard = table(at, "supplier_scorecard").set_index("supplier")
    assert scorecard["orders_received"].to_dict() == {
        name: count for name, count in received.groupby("supplier").size().items()
    } | {name: 0 for name in set(scorecard.index) - set(received["supplier"])}
    lead = (received["received_on"] - received["ordered_on"]).dt.days
    by_supplier = lead.groupby(received["supplier"])
    means = by_supplier.mean()
    assert scorecard.loc[means.index, "lead_mean"].to_numpy() == pytest.approx(means.to_numpy())

    chosen = at.selectbox(key="supplier_chosen").value
    shown = table(at, "supplier_orders")
    in_view = orders["received_on"].between(start, end) | orders.index.isin(open_now.index)
    wanted = orders[(orders["supplier"] == chosen) & in_view]
    assert sorted(shown["po_id"]) == sorted(wanted["po_id"])
    products = table(at, "supplier_products")
    assert set(products["sku"]) <= set(raw.frames["products"].loc[raw.frames["products"]["supplier"] == chosen, "sku"])
    assert {"download_supplier_scorecard", "download_supplier_trend", "download_supplier_products",
            "download_supplier_orders"} <= set(download_keys(at))  # fmt: skip


def test_choosing_another_supplier_drills_into_its_orders(use_forecast, raw):
    at = open_app(SUPPLIERS_PAGE)
    options = at.selectbox(key="supplier_chosen").options
    other = next(name for name in options if name != at.selectbox(key="supplier_chosen").value)
    at.selectbox(key="supplier_chosen").set_value(other).run()
    assert_clean(at)
    shown = table(at, "supplier_orders")
    orders = _orders(raw)
    assert set(orders.loc[orders["po_id"].isin(shown["po_id"]), "supplier"]) <= {other}


def test_the_cash_page_adds_up_to_the_raw_stock(use_forecast, raw):
    at = open_app(CASH_PAGE)
    assert_clean(at)
    selection = default_selection(raw)
    stock = raw.stock_as_of(selection, selection.end)
    tiles = metric_values(at)
    assert tiles["Stock value"] == pytest.approx(stock["stock_value"].sum(), abs=0.01)
    ageing = table(at, "cash_ageing")
    bands = ageing.columns[3:]
    assert ageing[bands].to_numpy().sum() == pytest.approx(stock["stock_value"].clip(lower=0).sum(), abs=0.05)
    idle = table(at, "cash_idle")
    assert idle["dead_value"].sum() == pytest.approx(tiles["Dead stock value"], abs=0.01)
    assert idle["excess_carrying"].sum() == pytest.approx(0.25 * tiles["Excess stock value"], abs=0.01)
    assert tiles["Carrying cost per year"] == pytest.approx(
        0.25 * (tiles["Excess stock value"] + tiles["Dead stock value"]), abs=0.01)  # fmt: skip

    at.slider(key="cash_carrying_rate").set_value(10).run()
    assert metric_values(at)["Carrying cost per year"] == pytest.approx(
        0.10 * (tiles["Excess stock value"] + tiles["Dead stock value"]), abs=0.01)  # fmt: skip

    matrix = table(at, "cash_matrix")
    lines = raw.lines(selection)
    sold = lines.groupby("sku")["net_revenue"].sum()
    products = set(stock["sku"]) | set(sold[sold != 0].index)
    assert matrix.iloc[:, 1:].to_numpy().sum() == len(products)
    at.radio(key="cash_matrix_measure").set_value("revenue").run()
    assert table(at, "cash_matrix").iloc[:, 1:].to_numpy().sum() == pytest.approx(lines["net_revenue"].sum(), abs=0.05)


def test_the_overview_shows_the_cash_pages_excess_and_dead_stock(use_forecast):
    cash = metric_values(open_app(CASH_PAGE))
    tiles = metric_values(open_app())
    assert tiles["Excess stock value"] == pytest.approx(cash["Excess stock value"], abs=0.01)
    assert tiles["Dead stock value"] == pytest.approx(cash["Dead stock value"], abs=0.01)
