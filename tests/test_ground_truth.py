"""The simulator's ground truth in a database, on every backend: written with
the rest of a generation and read back exactly (true demand by day and by
Monday-start week for a filter selection, checked against pandas over the
simulated rows; the lead-time behaviour), gone after a replace or an import of
activity, kept by an import of product attributes, and reported as missing,
never as a failure, where there is none."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access.engine import connect, make_engine, transaction
from data_access.filters import Filters
from data_access.ground_truth import (
    GroundTruthMissing,
    has_ground_truth,
    lead_time_behaviour,
    require_ground_truth,
    true_demand,
)
from data_access.migrations import upgrade
from data_access.schema import GROUND_TRUTH_TABLES, TABLES_IN_LOAD_ORDER, sim_true_demand
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig, simulate
from tests.fixtures_import import SALES_AND_STOCK, dump, import_text

SHOP = SimulationConfig(products=12, warehouses=3, days=100, end_date=date(2025, 12, 31), seed=5)
FIRST, LAST = pd.Timestamp(SHOP.first_day), pd.Timestamp(SHOP.end_date)
BEHAVIOUR_COLUMNS = [
    "supplier", "product_id", "sku", "nominal_lead_days", "on_time_rate", "max_early_days", "mean_delay_days",
    "max_delay_days",
]  # fmt: skip


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return simulate(SHOP).frames


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    """backend -> the URL of a database holding SHOP (generated once per backend, never changed)."""
    return {}


@pytest.fixture
def shop(backend, new_database, generated) -> str:
    if backend not in generated:
        url = new_database(backend)
        generate_into(url, SHOP, replace=False)
        generated[backend] = url
    return generated[backend]


def _read(url: str, reader, *args):
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            return reader(conn, *args)
    finally:
        engine.dispose()


def _truth_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            count = sa.select(sa.func.count())
            return {table.name: conn.execute(count.select_from(table)).scalar_one() for table in GROUND_TRUTH_TABLES}
    finally:
        engine.dispose()


# --- reference computations over the simulated rows ------------------------------------------------


def _expected_demand(frames, f: Filters, grain: str) -> pd.DataFrame:
    products = frames["products"][["product_id", "sku", "category"]]
    warehouses = frames["warehouses"][["warehouse_id", "code"]]
    truth = frames["sim_true_demand"].merge(products, on="product_id").merge(warehouses, on="warehouse_id")
    day = truth["demand_date"]
    chosen = day.between(pd.Timestamp(f.start), pd.Timestamp(f.end))
    for column, allowed in (("code", f.warehouses), ("category", f.categories), ("sku", f.skus)):
        if allowed:
            chosen &= truth[column].isin(allowed)
    truth = truth[chosen]
    day = truth["demand_date"].astype("datetime64[ns]")
    period = day if grain == "day" else day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    keys = ["product_id", "warehouse_id", "sku", "warehouse", "period"]
    expected = truth.assign(period=period, warehouse=truth["code"]).groupby(keys, as_index=False)["units"].sum()
    return expected.astype({"units": "int64"}).sort_values(["product_id", "warehouse_id", "period"], ignore_index=True)


def _selections(frames) -> list[Filters]:
    products = frames["products"]
    category = products["category"].iloc[0]
    other_sku = products.loc[products["category"] != category, "sku"].iloc[0]
    return [
        Filters(SHOP.first_day, SHOP.end_date),
        # From a Wednesday: the first week holds only the days selected.
        Filters(date(2025, 10, 15), date(2025, 12, 7), warehouses=("BER", "MAD"), categories=(category,)),
        Filters(date(2025, 11, 3), date(2025, 11, 30), skus=(other_sku,), warehouses=("PAR",)),
        Filters(date(2020, 1, 1), date(2020, 12, 31)),  # before the shop: nothing
    ]


# --- written and read back -------------------------------------------------------------------------


@pytest.mark.parametrize("grain", ["day", "week"])
def test_true_demand_of_a_selection_equals_pandas_over_the_simulated_rows(shop, frames, grain):
    assert _read(shop, has_ground_truth)
    for f in _selections(frames):
        expected = _expected_demand(frames, f, grain)
        got = _read(shop, true_demand, f, grain)
        assert list(got.columns) == ["product_id", "warehouse_id", "sku", "warehouse", "period", "units"]
        assert [str(got[c].dtype) for c in ("product_id", "warehouse_id", "period", "units")] == [
            "int64", "int64", "datetime64[ns]", "int64"
        ]  # fmt: skip
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        if grain == "week":
            assert (got["period"].dt.day_of_week == 0).all()
    assert len(_read(shop, true_demand, _selections(frames)[0], grain)) > 100


def test_weekly_demand_is_the_sum_of_the_daily_demand(shop, frames):
    f = Filters(date(2025, 11, 3), date(2025, 11, 30))  # four whole weeks
    daily, weekly = _read(shop, true_demand, f, "day"), _read(shop, true_demand, f, "week")
    monday = daily["period"] - pd.to_timedelta(daily["period"].dt.day_of_week, unit="D")
    keys = ["product_id", "warehouse_id", "sku", "warehouse", "period"]
    summed = daily.assign(period=monday).groupby(keys, as_index=False)["units"].sum()
    pd.testing.assert_frame_equal(weekly, summed, check_dtype=False)
    assert weekly["units"].sum() == frames["sim_true_demand"].set_index("demand_date")["units"].loc[
        pd.Timestamp(f.start) : pd.Timestamp(f.end)
    ].sum()


def test_lead_time_behaviour_is_stored_for_every_product(shop, frames):
    expected = (
        frames["sim_lead_time_behaviour"]
        .merge(frames["products"][["product_id", "sku"]], on="product_id")[BEHAVIOUR_COLUMNS]
        .sort_values("sku", ignore_index=True)
    )
    got = _read(shop, lead_time_behaviour)
    assert list(got.columns) == BEHAVIOUR_COLUMNS and len(got) == SHOP.products
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_exact=True)  # rates are DOUBLE everywhere
    nominal = frames["products"].set_index("sku").loc[got["sku"], "lead_time_days"]
    assert got["nominal_lead_days"].tolist() == nominal.tolist()  # what the products table promises


def test_products_carry_the_case_pack_as_pack_size_and_minimum_order(shop, frames):
    engine = make_engine(shop)
    with connect(engine) as conn:
        stored = pd.read_sql("SELECT sku, pack_size, min_order_qty FROM products ORDER BY sku", conn)
    engine.dispose()
    assert (stored["pack_size"] >= 1).all() and (stored["min_order_qty"] == stored["pack_size"]).all()
    assert stored["pack_size"].nunique() > 1
    orders = frames["purchase_orders"].merge(frames["products"][["product_id", "pack_size"]], on="product_id")
    assert (orders["quantity"] % orders["pack_size"] == 0).all()  # the buyer orders whole packs


def test_a_grain_other_than_day_or_week_is_refused(shop):
    with pytest.raises(ValueError, match="by day or week"):
        _read(shop, true_demand, Filters(SHOP.first_day, SHOP.end_date), "month")


# --- replaced, removed, kept -----------------------------------------------------------------------


def test_a_new_generation_replaces_the_truth_with_its_own(backend, new_database):
    url = new_database(backend)
    generate_into(url, SHOP, replace=False)
    smaller = SimulationConfig(**{**SHOP.__dict__, "products": 5, "seed": 6})
    generate_into(url, smaller, replace=True)
    new = simulate(smaller).frames
    assert _truth_counts(url) == {table.name: len(new[table.name]) for table in GROUND_TRUTH_TABLES}
    assert _read(url, lead_time_behaviour)["sku"].tolist() == sorted(new["products"]["sku"])


def test_an_import_in_replace_mode_empties_the_truth(backend, new_database):
    url = new_database(backend)
    generate_into(url, SHOP, replace=False)
    report = import_text(url, "SKU,Name\nZ-1,Rake\n", name="products.csv", mode="replace")
    assert not report.ground_truth_removed  # emptied with every other table, not singled out
    assert _truth_counts(url) == {table.name: 0 for table in GROUND_TRUTH_TABLES}
    assert not _read(url, has_ground_truth)


@pytest.mark.parametrize(
    "text, name",
    [
        (SALES_AND_STOCK, "sales.csv"),
        ("Date,Store,SKU,Stock\n2025-12-01,PAR,NEW-1,5\n", "stock.csv"),
        ("Supplier,SKU,Store,Ordered on,Qty\nAcme,NEW-1,PAR,2025-12-01,10\n", "orders.csv"),
    ],
    ids=["sales", "stock-levels", "purchase-orders"],
)
def test_an_appended_import_of_activity_removes_the_truth_and_nothing_else(backend, new_database, text, name):
    url = new_database(backend)
    generate_into(url, SHOP, replace=False)
    before = dump(url)
    dry = import_text(url, text, name=name, dry_run=True)
    assert dry.ground_truth_removed and _read(url, has_ground_truth)  # told, not done
    report = import_text(url, text, name=name)
    assert report.ground_truth_removed
    assert _truth_counts(url) == {table.name: 0 for table in GROUND_TRUTH_TABLES}
    after = dump(url)
    for table in TABLES_IN_LOAD_ORDER:  # the simulated rows stay; the file's are added
        assert set(before[table.name]) <= set(after[table.name]), table.name
    with pytest.raises(GroundTruthMissing):
        _read(url, true_demand, Filters(SHOP.first_day, SHOP.end_date))


def test_an_import_of_product_attributes_keeps_the_truth(backend, new_database, frames):
    url = new_database(backend)
    generate_into(url, SHOP, replace=False)
    sku = frames["products"]["sku"].iloc[0]
    report = import_text(url, f"SKU,Pack size,MOQ,Lead time\n{sku},4,8,9\n", name="products.csv")
    assert report.updated["products"] == 1 and not report.ground_truth_removed
    assert _truth_counts(url) == {table.name: len(frames[table.name]) for table in GROUND_TRUTH_TABLES}


# --- missing ---------------------------------------------------------------------------------------


def _readers() -> list:
    everything = Filters(date(2025, 1, 1), date(2025, 12, 31))
    return [
        lambda conn: require_ground_truth(conn),
        lambda conn: true_demand(conn, everything),
        lambda conn: true_demand(conn, everything, "week"),
        lambda conn: lead_time_behaviour(conn),
    ]


def test_a_database_of_imported_data_says_it_has_no_ground_truth(backend, new_database):
    url = new_database(backend)
    import_text(url, SALES_AND_STOCK)
    assert not _read(url, has_ground_truth)
    for reader in _readers():
        with pytest.raises(GroundTruthMissing, match=r"no simulator ground truth.*python -m sample_data"):
            _read(url, reader)


def test_a_database_made_before_the_truth_tables_existed_says_so_too(backend, new_database):
    url = new_database(backend, empty=True)
    engine = make_engine(url)
    upgrade(engine, "0001_baseline")  # the schema before the ground-truth revision
    engine.dispose()
    assert not _read(url, has_ground_truth)
    for reader in _readers():
        with pytest.raises(GroundTruthMissing):
            _read(url, reader)


def test_truth_without_any_demand_row_is_still_truth(new_database):
    """A shop whose customers wanted nothing: demand has no rows, yet the truth is known."""
    url = new_database("duckdb")
    generate_into(url, SHOP, replace=False)
    engine = make_engine(url)
    with transaction(engine) as conn:
        conn.execute(sim_true_demand.delete())
    engine.dispose()
    assert _read(url, has_ground_truth)
    assert _read(url, true_demand, Filters(SHOP.first_day, SHOP.end_date)).empty
