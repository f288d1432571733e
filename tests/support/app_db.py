"""Small databases for the AppTest suites, and reference numbers computed from
their raw rows with pandas: independent of the queries the pages use.

`simulated_database` holds a small simulated shop (3 warehouses, 40 products,
120 days ending on END_DAY); `edge_case_database` holds the hand-made dataset
with a warehouse without snapshots and a category without sales.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.pool import NullPool
from streamlit.testing.v1 import AppTest

from data_access.bulk import write_dataset
from data_access.config import ENV_VAR, PROJECT_ROOT
from data_access.engine import make_engine, transaction
from data_access.migrations import prepare_schema
from planning.__main__ import main as planning
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from tests.support.dataset import make_test_dataset

APP_PATH = str(PROJECT_ROOT / "app.py")
END_DAY = date(2025, 12, 31)
SIMULATION = SimulationConfig(products=40, warehouses=3, days=120, end_date=END_DAY, seed=11)
APP_TIMEOUT_SECONDS = 30


# --- databases ----------------------------------------------------------------


def simulated_database(directory: Path) -> str:
    url = f"duckdb:///{directory / 'simulated.duckdb'}"
    generate_into(url, SIMULATION, replace=True)
    return url


def edge_case_database(directory: Path) -> str:
    url = f"duckdb:///{directory / 'edge_cases.duckdb'}"
    engine = make_engine(url)
    prepare_schema(engine)
    with transaction(engine) as conn:
        write_dataset(conn, make_test_dataset())
    engine.dispose()
    return url


def empty_database(directory: Path) -> str:
    url = f"duckdb:///{directory / 'empty.duckdb'}"
    engine = make_engine(url)
    prepare_schema(engine)
    engine.dispose()
    return url


def clear_streamlit_caches() -> None:
    """st.cache_data and st.cache_resource live for the whole test process."""
    st.cache_data.clear()
    st.cache_resource.clear()


# --- the app ------------------------------------------------------------------


def open_app(
    page: str = "app.py", query_params: dict | None = None, *, secrets: dict | None = None, user: dict | None = None
) -> AppTest:
    """A new session whose first page is `page` (switching before the first run
    opens it directly, as a deep link does). `secrets` and `user` stand in for
    secrets.toml and the signed-in user's ID-token claims (`st.user`)."""
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT_SECONDS)
    at.secrets.update(secrets or {})
    if user is not None:
        at.user = user
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    if page != "app.py":
        at.switch_page(page)
    return at.run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric_values(at: AppTest) -> dict[str, float | None]:
    return {m.label: (None if m.value == "—" else float(m.value)) for m in at.metric}


def metric_deltas(at: AppTest) -> dict[str, str]:
    return {m.label: m.proto.delta for m in at.metric}


def figure(at: AppTest, key: str) -> dict:
    charts = [chart for chart in at.get("plotly_chart") if chart.key == key]
    assert charts, f"no chart {key!r}; charts: {[c.key for c in at.get('plotly_chart')]}"
    return json.loads(charts[0].proto.spec)


def trace_values(array: list | dict) -> list:
    """Plotly sends numeric arrays as base64 typed arrays ({"dtype", "bdata"},
    and "shape" for a matrix)."""
    if isinstance(array, dict) and "bdata" in array:
        values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        if "shape" in array:
            values = values.reshape([int(n) for n in str(array["shape"]).split(",")])
        return values.tolist()
    return list(array)


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The frame shown in the container keyed `table_<key>`."""
    return at.container(f"table_{key}").dataframe[0].value


def download_keys(at: AppTest) -> list[str]:
    return [button.key for button in at.get("download_button")]


# --- reference numbers from the raw rows --------------------------------------


@dataclass(frozen=True)
class Selection:
    start: date
    end: date
    warehouses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def shifted(self, start: date, end: date) -> "Selection":
        return Selection(start, end, self.warehouses, self.categories)


class RawRows:
    """Every row of the test database, read with plain SELECT * statements."""

    def __init__(self, url: str) -> None:
        engine = sa.create_engine(url, poolclass=NullPool)
        with engine.connect() as conn:
            self.frames = {
                name: pd.read_sql_query(sa.text(f"SELECT * FROM {name}"), conn)
                for name in ("warehouses", "products", "order_lines", "inventory_snapshots", "purchase_orders")
            }
        engine.dispose()
        for name, column in (("order_lines", "order_date"), ("inventory_snapshots", "snapshot_date")):
            self.frames[name][column] = pd.to_datetime(self.frames[name][column])

    @property
    def last_sale(self) -> date:
        return self.frames["order_lines"]["order_date"].max().date()

    def _with_dimensions(self, name: str) -> pd.DataFrame:
        products = self.frames["products"][["product_id", "sku", "category", "unit_cost"]]
        warehouses = self.frames["warehouses"][["warehouse_id", "code"]]
        return self.frames[name].merge(products, on="product_id").merge(warehouses, on="warehouse_id")

    @staticmethod
    def _keep(frame: pd.DataFrame, s: Selection) -> pd.DataFrame:
        keep = pd.Series(True, index=frame.index)
        if s.warehouses:
            keep &= frame["code"].isin(s.warehouses)
        if s.categories:
            keep &= frame["category"].isin(s.categories)
        return frame[keep]

    def lines(self, s: Selection) -> pd.DataFrame:
        lines = self._keep(self._with_dimensions("order_lines"), s)
        in_range = lines["order_date"].between(pd.Timestamp(s.start), pd.Timestamp(s.end))
        lines = lines[in_range].copy()
        lines["cost"] = lines["quantity"] * lines["unit_cost"].fillna(0)
        return lines

    def sales(self, s: Selection) -> dict[str, float]:
        lines = self.lines(s)
        revenue, cost, orders = lines["net_revenue"].sum(), lines["cost"].sum(), lines["order_id"].nunique()
        costed = lines.loc[lines["unit_cost"].notna(), "net_revenue"].sum()  # no cost: unknown margin, left out
        return {
            "revenue": revenue,
            "units": lines["quantity"].sum(),
            "orders": orders,
            "cost": cost,
            "average_order_value": revenue / orders if orders else float("nan"),
            "costed_revenue": costed,
            "margin_pct": (costed - cost) / costed * 100 if costed else float("nan"),
        }

    def snapshots(self, s: Selection) -> pd.DataFrame:
        snapshots = self._keep(self._with_dimensions("inventory_snapshots"), s)
        return snapshots[snapshots["snapshot_date"].between(pd.Timestamp(s.start), pd.Timestamp(s.end))]

    def stockout_rate(self, s: Selection) -> float:
        snapshots = self.snapshots(s)
        return (snapshots["on_hand"] <= 0).mean() * 100

    def stock_as_of(self, s: Selection, as_of: date) -> pd.DataFrame:
        """The latest snapshot of every product x warehouse on or before `as_of`."""
        snapshots = self._keep(self._with_dimensions("inventory_snapshots"), s)
        snapshots = snapshots[snapshots["snapshot_date"] <= pd.Timestamp(as_of)]
        latest = snapshots.sort_values("snapshot_date").groupby(["product_id", "warehouse_id"]).tail(1)
        return latest.assign(stock_value=latest["on_hand"] * latest["unit_cost"].fillna(0))


def previous_period(start: date, end: date) -> tuple[date, date]:
    length = end - start
    return start - length - timedelta(days=1), start - timedelta(days=1)


def same_period_last_year(start: date, end: date) -> tuple[date, date]:
    return start.replace(year=start.year - 1), end.replace(year=end.year - 1)


def expected_delta(current: float, previous: float, unit: str = "") -> str:
    """The delta a tile shows for an amount, worked out here on its own: the
    change in percent, the change itself when the comparison is 0, "0" when equal."""
    if round(current - previous, 6) == 0:
        return "0"
    if previous:
        return f"{(current - previous) / abs(previous) * 100:+.1f} %"
    return f"{'+' if current > previous else '-'}{unit}{abs(current - previous):,.0f}"


# --- fixtures -----------------------------------------------------------------


@pytest.fixture(scope="module")
def simulated_url(tmp_path_factory) -> str:
    """Built once per test module."""
    return simulated_database(tmp_path_factory.mktemp("simulated"))


@pytest.fixture(scope="module")
def raw(simulated_url) -> RawRows:
    return RawRows(simulated_url)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Autouse in every module that imports it: no test sees another's cache."""
    clear_streamlit_caches()
    yield
    clear_streamlit_caches()


@pytest.fixture
def use_simulated(simulated_url, monkeypatch) -> str:
    """Point the app at the simulated database."""
    monkeypatch.setenv(ENV_VAR, simulated_url)
    return simulated_url


@pytest.fixture(scope="module")
def forecast_url(tmp_path_factory) -> str:
    """The simulated shop with a stored 8-week forecast, which the Forecast and
    plan pages read (the plan follows the forecast); built once per test module."""
    url = simulated_database(tmp_path_factory.mktemp("forecast"))
    assert planning(["forecast", "--db", url, "--horizon-weeks", "8"]) == 0
    return url


@pytest.fixture
def use_forecast(forecast_url, monkeypatch) -> str:
    """Point the app at the shop with a stored forecast."""
    monkeypatch.setenv(ENV_VAR, forecast_url)
    return forecast_url


def default_selection(raw: RawRows) -> Selection:
    """Last 90 days ending on the last day with sales: the sidebar's default."""
    return Selection(raw.last_sale - timedelta(days=89), raw.last_sale)
