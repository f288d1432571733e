"""`python -m planning plan` on every backend: the stored plan's numbers
against the raw rows and the stored forecast, packs and minimum orders, the
kept plans, the count every screen shares, exit codes and messages."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from analytics.stock_health import StockPolicy, count_needing_reorder
from data_access.engine import connect, make_engine
from data_access.filters import Filters
from data_access.plan_store import KEEP_PLANS
from planning.__main__ import main
from services.reads import ConnectionReads
from services.stock_health import classified_stock
from tests.conftest import BACKENDS
from tests.support.dataset import LAST_DAY, make_test_dataset, with_packs
from tests.support.dataset_fixtures import engine_with

DATASET = with_packs(make_test_dataset())


@pytest.fixture(scope="module", params=BACKENDS)
def url(request, new_database):
    """The hand-made shop with a forecast, and the plan that follows it."""
    url = new_database(request.param)
    engine_with(url, DATASET).dispose()
    assert main(["forecast", "--db", url, "--horizon-weeks", "12"]) == 0
    return url


def _run(capsys, *args) -> tuple[int, str]:
    code = main(["plan", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _sql(url: str, query: str) -> pd.DataFrame:
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        frame = pd.read_sql_query(sa.text(query), conn)
    engine.dispose()
    return frame


def _latest(url: str, table: str) -> pd.DataFrame:
    return _sql(url, f"SELECT * FROM {table} WHERE plan_id = (SELECT max(plan_id) FROM plan_runs)")


def test_the_forecast_command_stores_a_plan_after_its_run(url):
    runs = _sql(url, "SELECT plan_id, forecast_run_id, as_of, order_day, positions FROM plan_runs")
    forecast = _sql(url, "SELECT max(run_id) AS run_id FROM forecast_runs")
    assert len(runs) == 1 and runs["forecast_run_id"].iloc[0] == forecast["run_id"].iloc[0]
    assert pd.Timestamp(runs["as_of"].iloc[0]).date() == LAST_DAY
    assert pd.Timestamp(runs["order_day"].iloc[0]).date() == LAST_DAY + timedelta(days=1)


def test_the_stored_lines_add_up_from_the_raw_rows(url, capsys):
    code, output = _run(capsys, "--db", url)
    assert code == 0, output
    assert f"as of {LAST_DAY}" in output and "purchase lines" in output
    purchases = _latest(url, "plan_purchases")
    assert len(purchases) > 0
    frames = DATASET.frames
    snapshots = frames["inventory_snapshots"]
    latest = snapshots[snapshots["snapshot_date"] <= pd.Timestamp(LAST_DAY)].sort_values("snapshot_date")
    on_hand = latest.groupby(["product_id", "warehouse_id"])["on_hand"].last().clip(lower=0)
    orders = frames["purchase_orders"]
    open_ = orders[(orders["ordered_on"] <= pd.Timestamp(LAST_DAY))
                   & (orders["received_on"].isna() | (orders["received_on"] > pd.Timestamp(LAST_DAY)))]  # fmt: skip
    on_order = open_.groupby(["product_id", "warehouse_id"])["quantity"].sum()
    products = frames["products"].set_index("product_id")
    for line in purchases.itertuples():
        key = (line.product_id, line.warehouse_id)
        assert line.on_hand == on_hand[key]
        assert line.on_order == on_order.get(key, 0)
        needed = line.protection_demand + line.safety_stock - line.on_hand - line.on_order - line.transfer_in
        assert line.needed == pytest.approx(needed, abs=1e-6)
        pack = products.loc[line.product_id, "pack_size"]
        minimum = products.loc[line.product_id, "min_order_qty"]
        pack = 1 if pd.isna(pack) else int(pack)
        minimum = 1 if pd.isna(minimum) else int(minimum)
        assert (line.pack_size, line.min_order_qty) == (pack, minimum)
        assert line.quantity % pack == 0 and line.quantity >= max(minimum, line.needed)
        assert line.quantity - pack < max(minimum, line.needed)  # not a pack more than needed
        cost = products.loc[line.product_id, "unit_cost"]
        assert (pd.isna(line.cost) and pd.isna(cost)) or line.cost == pytest.approx(line.quantity * cost)
        assert line.protection_days == pytest.approx(7 + line.lead_days)
        assert line.reason in ("below-reorder-point", "top-up")
        assert (line.reason == "below-reorder-point") == (line.on_hand + line.on_order <= line.reorder_point)


def test_the_forecast_over_the_protection_interval_is_the_stored_forecast_day_by_day(url):
    purchases = _latest(url, "plan_purchases")
    values = _sql(url, "SELECT product_id, warehouse_id, week_start, forecast_units FROM forecast_values "
                       "WHERE run_id = (SELECT max(run_id) FROM forecast_runs)")  # fmt: skip
    values["week_start"] = pd.to_datetime(values["week_start"])
    order_day = pd.Timestamp(LAST_DAY + timedelta(days=1))
    for line in purchases.head(8).itertuples():
        weeks = values[(values["product_id"] == line.product_id) & (values["warehouse_id"] == line.warehouse_id)]
        weeks = weeks.sort_values("week_start")
        daily = np.concatenate(
            [np.full((weeks["week_start"].iloc[0] - order_day).days, weeks["forecast_units"].iloc[0] / 7)]
            + [np.full(7, units / 7) for units in weeks["forecast_units"]]
        )
        whole = math.floor(line.protection_days)
        expected = daily[:whole].sum() + (line.protection_days - whole) * daily[whole]
        assert line.protection_demand == pytest.approx(expected, rel=1e-6)


def test_every_screen_counts_the_positions_the_plan_finds_short(url):
    run = _sql(url, "SELECT positions_to_order FROM plan_runs ORDER BY plan_id DESC").iloc[0, 0]
    engine = make_engine(url)
    with connect(engine) as conn:
        classified = classified_stock(ConnectionReads(conn), Filters(date.min, LAST_DAY), LAST_DAY, StockPolicy())
    engine.dispose()
    assert count_needing_reorder(classified) == run
    purchases, transfers = _latest(url, "plan_purchases"), _latest(url, "plan_transfers")
    short = set(zip(purchases.loc[purchases["reason"] == "below-reorder-point", "product_id"],
                    purchases.loc[purchases["reason"] == "below-reorder-point", "warehouse_id"]))  # fmt: skip
    short |= set(zip(transfers["product_id"], transfers["to_warehouse_id"]))
    assert len(short) == run


def test_settings_given_are_stored_and_kept_by_the_next_plan(url, capsys):
    code, output = _run(capsys, "--db", url, "--service-levels", "99,97,92", "--review-day", "thursday")
    assert code == 0, output
    params = _sql(url, "SELECT params FROM plan_runs ORDER BY plan_id DESC")["params"][0]
    assert '"review_weekday": "thursday"' in params
    code, output = _run(capsys, "--db", url)
    assert code == 0, output
    params = _sql(url, "SELECT params FROM plan_runs ORDER BY plan_id DESC")["params"][0]
    assert '"service_levels": [0.99, 0.97, 0.92]' in params and "thursday" in params


def test_only_the_newest_plans_are_kept(url, capsys):
    for _ in range(KEEP_PLANS + 1):
        assert _run(capsys, "--db", url)[0] == 0
    runs = _sql(url, "SELECT plan_id FROM plan_runs ORDER BY plan_id")["plan_id"].tolist()
    assert len(runs) == KEEP_PLANS and runs == list(range(runs[0], runs[0] + KEEP_PLANS))
    for table in ("plan_purchases", "plan_transfers"):
        kept = set(_sql(url, f"SELECT DISTINCT plan_id FROM {table}")["plan_id"])
        assert kept <= set(runs)


def test_a_day_the_forecast_does_not_cover_is_refused(url, capsys):
    code, output = _run(capsys, "--db", url, "--as-of", "2025-10-20")
    assert code == 1
    assert "does not cover 2025-10-20" in output and "python -m planning forecast --as-of 2025-10-20" in output


def test_no_forecast_no_plan(new_database, capsys):
    url = new_database("duckdb")
    engine_with(url, DATASET).dispose()
    code, output = _run(capsys, "--db", url)
    assert code == 1 and "run `python -m planning forecast` first" in output
    assert _sql(url, "SELECT count(*) AS n FROM plan_runs")["n"][0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--service-levels", "98,95"], "3 percentages"),
        (["--service-levels", "100,95,90"], "service_levels"),
        (["--abc", "95,80"], "abc_thresholds"),
        (["--transfer-days", "-1"], "transfer_lead_days"),
    ],
)
def test_bad_settings_exit_2_naming_the_setting(url, capsys, args, message):
    try:
        code, output = _run(capsys, "--db", url, *args)
    except SystemExit as exit_:  # argparse refuses before the job starts
        code, output = exit_.code, capsys.readouterr().err
    assert code == 2 and message in output
