"""Extreme quantities, prices, costs and dates through the importer and every
query, on every backend, compared with pandas over the same rows.

A real shop file (UCI Online Retail) holds one line of 80,995 units and its
cancellation; its squared units overflowed DuckDB's 32-bit integers. The
property-based test feeds such values (and the importer's limits: quantities
and stock up to 2^31 - 1, dates from 1900 to 2100) through a CSV import in
replace mode, then checks each query against an independent computation.
Examples are fixed (see the "fixed" profile in conftest): no run depends on luck.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data_access import positions, sales, stock
from data_access.engine import connect, make_engine
from data_access.filters import Filters
from data_access.importer.fields import INT32_MAX
from tests.conftest import BACKENDS
from tests.fixtures_import import import_text

SKUS = ("A", "B", "C")
STORES = ("BER", "MAD")
WINDOW_DAYS = 28
MAX_LINES = 8
MAX_UNITS = INT32_MAX // MAX_LINES  # a day's units of one position must fit the summary's integer column
MAX_LINE_CENTS = 10**13  # a line's revenue within the money columns (12 digits and cents)
MAX_COST_CENTS = 10**14 - 1  # the largest unit cost the importer takes


@pytest.fixture(scope="module", params=BACKENDS)
def url(request, new_database) -> str:
    return new_database(request.param)


@st.composite
def shop_files(draw) -> pd.DataFrame:
    """Rows of a sales-and-stock export: one per day, SKU and store."""
    first = draw(st.dates(date(1900, 1, 1), date(2100, 12, 31) - timedelta(days=60)))
    keys = draw(
        st.lists(
            st.tuples(st.integers(0, 60), st.sampled_from(SKUS), st.sampled_from(STORES)),
            min_size=1,
            max_size=MAX_LINES,
            unique=True,
        )
    )
    costs = {sku: draw(st.integers(0, MAX_COST_CENTS)) for sku in SKUS}
    rows = []
    for number, (offset, sku, store) in enumerate(keys):
        units = draw(st.integers(-MAX_UNITS, MAX_UNITS).filter(bool))
        price = draw(st.integers(0, min(10**10, MAX_LINE_CENTS // abs(units))))
        on_hand = draw(st.integers(0, INT32_MAX))
        rows.append((first + timedelta(days=offset), f"O{number}", store, sku, units, price, costs[sku], on_hand))
    return pd.DataFrame(rows, columns=["date", "order", "store", "sku", "units", "price", "cost", "on_hand"])


def _csv(rows: pd.DataFrame) -> str:
    lines = ["Date,Order,Store,SKU,Category,Qty,Price,Cost,Stock"]
    for r in rows.itertuples():
        lines.append(
            f"{r.date:%Y-%m-%d},{r.order},{r.store},{r.sku},Cat-{r.sku},{r.units},"
            f"{r.price / 100:.2f},{r.cost / 100:.2f},{r.on_hand}"
        )
    return "\n".join(lines) + "\n"


def _close(actual: float, expected: float) -> bool:
    return actual == pytest.approx(expected, rel=1e-9, abs=0.01)


@given(rows=shop_files())
def test_extreme_values_survive_every_query(url, rows):
    report = import_text(url, _csv(rows), mode="replace")
    assert report.rows_rejected == 0
    everything = Filters(rows["date"].min(), rows["date"].max())
    as_of = everything.end
    units = rows["units"].astype("float64")  # pandas' int64 would overflow where the database must not
    revenue = units * rows["price"] / 100
    cost = units * rows["cost"] / 100
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            totals = sales.sales_totals(conn, everything)
            assert totals["units"] == rows["units"].sum()
            assert _close(totals["revenue"], revenue.sum())
            assert _close(totals["cost"], cost.sum())
            assert totals["orders"] == len(rows)

            by_category = sales.sales_by_category(conn, everything).set_index("category")
            expected_units = rows.groupby("Cat-" + rows["sku"])["units"].sum()
            assert by_category["units"].to_dict() == expected_units.to_dict()

            by_month = sales.sales_by_period(conn, everything, "month")
            assert by_month["units"].sum() == rows["units"].sum()
            assert _close(by_month["revenue"].sum(), revenue.sum())

            per_product = sales.product_sales(conn, everything).set_index("sku")
            assert per_product["units"].to_dict() == rows.groupby("sku")["units"].sum().to_dict()

            _check_positions(positions.stock_positions(conn, everything, as_of, WINDOW_DAYS), rows, as_of)

            history = stock.stock_history(conn, everything, "day")
            value = rows["on_hand"].astype("float64") * rows["cost"] / 100
            assert _close(history["avg_on_hand"].sum(), rows.groupby("date")["on_hand"].sum().sum())
            assert _close(history["avg_stock_value"].sum(), value.sum())
            assert stock.stockout_totals(conn, everything)["stockout_days"] == (rows["on_hand"] == 0).sum()
    finally:
        engine.dispose()


def _check_positions(actual: pd.DataFrame, rows: pd.DataFrame, as_of: date) -> None:
    latest = rows.sort_values("date").groupby(["sku", "store"]).last()
    window = rows[rows["date"] > as_of - timedelta(days=WINDOW_DAYS)]
    daily = window.groupby(["sku", "store", "date"])["units"].sum().astype("float64")
    units = daily.groupby(["sku", "store"]).sum()
    mean = units / WINDOW_DAYS
    std = np.sqrt(((daily**2).groupby(["sku", "store"]).sum() / WINDOW_DAYS - mean**2).clip(lower=0))
    actual = actual.set_index(["sku", "warehouse"])
    assert len(actual) == len(latest)
    for (sku, store), row in latest.iterrows():
        position = actual.loc[(sku, store)]
        assert position["on_hand"] == row["on_hand"]
        assert _close(position["stock_value"], float(row["on_hand"]) * row["cost"] / 100)
        assert position["units"] == units.get((sku, store), 0)
        assert position["avg_daily_units"] == pytest.approx(mean.get((sku, store), 0.0), rel=1e-9)
        assert position["std_daily_units"] == pytest.approx(std.get((sku, store), 0.0), rel=1e-6, abs=1e-6)


def test_a_line_of_80995_units_and_its_cancellation(backend, new_database):
    """UCI Online Retail: the line and its cancellation a day apart."""
    url = new_database(backend)
    import_text(
        url,
        "Date,Order,Store,SKU,Qty,Price,Stock\n"
        "2011-12-08,581483,UK,23843,80995,2.08,0\n"
        "2011-12-09,C581484,UK,23843,-80995,2.08,80995\n",
    )
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            december = Filters(date(2011, 12, 1), date(2011, 12, 9))
            found = positions.stock_positions(conn, december, date(2011, 12, 9), 28)
    finally:
        engine.dispose()
    assert found["units"].tolist() == [0]
    assert found["std_daily_units"].iloc[0] == pytest.approx(np.sqrt(2 * 80995**2 / 28))
