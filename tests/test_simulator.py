"""The sample-data simulator, its database build and its command line.

The simulation is checked on a small shop (25 SKUs, 3 warehouses, 400 days:
enough for one Black Friday and a whole year of seasons) by recomputing its
promises from the frames: stock flows balance, stock is never negative, the
calendar shows, both stockouts and overstock happen.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

import data_access.engine as engine_module
import sample_data.build as build
from data_access.engine import DatabaseBusyError, make_engine
from data_access.schema import TABLES_IN_LOAD_ORDER
from sample_data.__main__ import main
from sample_data.build import DatabaseNotEmptyError, ensure_database, generate_into
from sample_data.simulator import SimulationConfig, simulate

END = date(2025, 12, 31)
SMALL = SimulationConfig(products=25, warehouses=3, days=400, end_date=END, seed=7)
TINY = SimulationConfig(products=8, warehouses=2, days=60, end_date=END, seed=3)
PAIR = ["product_id", "warehouse_id"]
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return simulate(SMALL).frames


def _daily_units(frames) -> pd.Series:
    lines = frames["order_lines"]
    sales = lines[lines["quantity"] > 0]
    return sales.groupby("order_date")["quantity"].sum()


# --- shape ---------------------------------------------------------------------------------------


def test_frames_have_exactly_the_schema_columns_and_ids_1_to_n(frames):
    for table in TABLES_IN_LOAD_ORDER:
        frame = frames[table.name]
        assert list(frame.columns) == [c.name for c in table.columns], table.name
        if len(table.primary_key.columns) == 1:
            (key,) = table.primary_key.columns
            assert frame[key.name].tolist() == list(range(1, len(frame) + 1)), table.name
    assert not frames["inventory_snapshots"].duplicated(["snapshot_date", *PAIR]).any()


def test_default_size_aims_at_half_a_million_lines_or_more():
    assert SimulationConfig().target_order_lines >= 500_000
    assert SimulationConfig().end_date == date.today() - timedelta(days=1)


def test_requested_line_count_is_roughly_met():
    lines = simulate(SimulationConfig(products=20, warehouses=2, days=200, end_date=END, order_lines=30_000))
    assert 0.85 * 30_000 < len(lines.frames["order_lines"]) < 1.15 * 30_000


@pytest.mark.parametrize(
    "bad", [dict(products=0), dict(warehouses=0), dict(warehouses=9), dict(days=0), dict(seed=-1), dict(order_lines=0)]
)
def test_config_rejects_impossible_values(bad):
    with pytest.raises(ValueError):
        SimulationConfig(**bad)


# --- reproducibility -----------------------------------------------------------------------------


def test_same_seed_gives_identical_frames_and_another_seed_does_not(frames):
    again = simulate(SMALL).frames
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[name])
    other = simulate(SimulationConfig(**{**SMALL.__dict__, "seed": 8})).frames
    assert not frames["order_lines"].equals(other["order_lines"])
    assert not frames["products"].equals(other["products"])


# --- stock ---------------------------------------------------------------------------------------


def test_stock_is_never_negative(frames):
    assert (frames["inventory_snapshots"]["on_hand"] >= 0).all()


def _flows(frames) -> pd.DataFrame:
    """Snapshots with each pair-day's received, sold and returned units."""
    lines = frames["order_lines"]
    keys = [*PAIR, "order_date"]
    sold = lines[lines["quantity"] > 0].groupby(keys)["quantity"].sum().rename("sold")
    returned = -lines[lines["quantity"] < 0].groupby(keys)["quantity"].sum().rename("returned")
    receipts = frames["purchase_orders"].dropna(subset=["received_on"])
    received = receipts.groupby([*PAIR, "received_on"])["quantity"].sum().rename("received")
    snapshots = frames["inventory_snapshots"].set_index([*PAIR, "snapshot_date"]).sort_index()
    for flow in (sold, returned, received):
        flow.index = flow.index.set_names(snapshots.index.names)
        assert flow.index.isin(snapshots.index).all(), f"{flow.name} on a day without a snapshot"
    return snapshots.join([sold, returned, received]).fillna(0)


def test_stock_flow_balances_for_every_pair_and_day(frames):
    flows = _flows(frames)
    previous = flows.groupby(level=PAIR)["on_hand"].shift(1)
    launched = frames["products"].set_index("product_id")["launched_on"]
    first_rows = previous.isna()
    first_dates = flows.index.get_level_values("snapshot_date")[first_rows]
    first_products = flows.index.get_level_values("product_id")[first_rows]
    launched_in_period = first_dates > pd.Timestamp(SMALL.first_day)
    assert (first_dates[launched_in_period] == launched.reindex(first_products[launched_in_period]).to_numpy()).all()
    # A launched product starts from nothing; others from stock we cannot see.
    previous[first_rows & (flows.index.get_level_values("snapshot_date") > pd.Timestamp(SMALL.first_day))] = 0
    known = previous.notna()
    balance = previous + flows["received"] - flows["sold"] + flows["returned"]
    assert known.sum() > 0.99 * len(flows)
    assert (balance[known] == flows["on_hand"][known]).all()


def test_one_snapshot_per_pair_and_day_from_launch_to_the_end(frames):
    snapshots = frames["inventory_snapshots"]
    products = frames["products"].set_index("product_id")
    start = products["launched_on"].clip(lower=pd.Timestamp(SMALL.first_day))
    expected_days = (pd.Timestamp(END) - start).dt.days + 1
    counts = snapshots.groupby(PAIR).size()
    assert len(counts) == SMALL.products * SMALL.warehouses
    assert (counts.to_numpy() == expected_days.reindex(counts.index.get_level_values("product_id")).to_numpy()).all()
    assert snapshots["snapshot_date"].max() == pd.Timestamp(END)


def test_stockouts_and_overstock_both_happen(frames):
    snapshots = frames["inventory_snapshots"]
    stockout_rate = (snapshots["on_hand"] == 0).mean()
    assert 0.005 < stockout_rate < 0.2
    last = snapshots[snapshots["snapshot_date"] == pd.Timestamp(END)].set_index(PAIR)["on_hand"]
    lines = frames["order_lines"]
    recent = lines[(lines["order_date"] > pd.Timestamp(END - timedelta(days=90))) & (lines["quantity"] > 0)]
    daily = recent.groupby(PAIR)["quantity"].sum().reindex(last.index, fill_value=0) / 90
    days_of_cover = last / daily  # inf where stock no longer sells
    assert (days_of_cover > 90).sum() >= 3
    assert (days_of_cover < 30).sum() >= 3


def test_launched_and_discontinued_products_behave(frames):
    products = frames["products"].set_index("product_id")
    new = products.index[products["launched_on"] > pd.Timestamp(SMALL.first_day)]
    ended = products.index[products["discontinued_on"].notna()]
    assert len(new) and len(ended)
    lines = frames["order_lines"].join(products[["launched_on", "discontinued_on"]], on="product_id")
    assert (lines["order_date"] >= lines["launched_on"]).all()
    orders = frames["purchase_orders"].join(products[["discontinued_on"]], on="product_id")
    assert not (orders["ordered_on"] >= orders["discontinued_on"]).any()


# --- sales ---------------------------------------------------------------------------------------


def test_black_friday_and_christmas_sell_well_above_the_average_day(frames):
    daily = _daily_units(frames)
    peak = daily[pd.Timestamp(2025, 11, 28) : pd.Timestamp(2025, 12, 22)]
    assert peak.mean() > 1.3 * daily.mean()
    assert daily[pd.Timestamp(2025, 11, 28)] > 1.5 * daily.median()


def test_weekdays_differ(frames):
    by_weekday = _daily_units(frames).groupby(lambda day: day.day_of_week).mean()
    assert by_weekday[0] > 1.15 * by_weekday[5]  # Monday vs Saturday


def test_a_few_best_sellers_and_a_long_tail(frames):
    lines = frames["order_lines"]
    units = lines[lines["quantity"] > 0].groupby("product_id")["quantity"].sum().sort_values(ascending=False)
    top_fifth = units.iloc[: len(units) // 5].sum()
    assert top_fifth > 0.5 * units.sum()


def test_returns_are_negative_lines_of_their_own_orders(frames):
    lines = frames["order_lines"]
    returns = lines[lines["quantity"] < 0]
    assert 0.005 < len(returns) / len(lines) < 0.15
    assert (returns["net_revenue"] < 0).all()
    assert not returns["order_id"].isin(lines.loc[lines["quantity"] > 0, "order_id"]).any()


def test_order_lines_look_like_a_shop(frames):
    lines = frames["order_lines"]
    assert lines["order_id"].str.fullmatch(r"SO-\d{7}").all()
    assert (lines["quantity"] != 0).all() and lines["quantity"].abs().max() <= 5
    assert (lines["quantity"].abs() == 1).mean() > 0.6
    per_order = lines.groupby("order_id").agg(
        lines=("line_id", "size"), dates=("order_date", "nunique"), warehouses=("warehouse_id", "nunique")
    )
    assert (per_order["lines"] > 1).mean() > 0.1
    assert (per_order["dates"] == 1).all() and (per_order["warehouses"] == 1).all()
    gross = lines["quantity"] * lines["unit_price"]
    assert (np.sign(lines["net_revenue"]) == np.sign(lines["quantity"])).all()
    assert (lines["net_revenue"].abs() <= gross.abs() + 0.005).all()
    assert (lines["net_revenue"].abs() < gross.abs() - 0.005).mean() > 0.03  # some discounts
    assert (lines["net_revenue"].round(2) == lines["net_revenue"]).all()


# --- purchasing ----------------------------------------------------------------------------------


def test_purchase_orders_arrive_some_late_and_some_are_still_open(frames):
    orders = frames["purchase_orders"]
    received = orders.dropna(subset=["received_on"])
    assert (received["received_on"] > received["expected_on"]).sum() > 0
    assert (received["received_on"] <= received["expected_on"]).mean() > 0.6
    assert (received["received_on"] > received["ordered_on"]).all()
    open_orders = orders[orders["received_on"].isna()]
    assert len(open_orders) > 0
    assert (open_orders["ordered_on"] > pd.Timestamp(END - timedelta(days=120))).all()
    assert (orders["quantity"] > 0).all()


# --- building a database -------------------------------------------------------------------------


def _row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            count = sa.select(sa.func.count())
            return {t.name: conn.execute(count.select_from(t)).scalar_one() for t in TABLES_IN_LOAD_ORDER}
    finally:
        engine.dispose()


def test_generate_refuses_existing_data_unless_replacing(new_database, backend):
    url = new_database(backend)
    summary = generate_into(url, TINY, replace=False)
    assert _row_counts(url) == summary.rows
    assert summary.rows["order_lines"] > 0 and 0 <= summary.stockout_rate < 1
    assert "order_lines" in summary.format()

    with pytest.raises(DatabaseNotEmptyError, match="--replace"):
        generate_into(url, TINY, replace=False)
    bigger = SimulationConfig(**{**TINY.__dict__, "products": 10})
    replaced = generate_into(url, bigger, replace=True)
    assert _row_counts(url) == replaced.rows
    assert replaced.rows["products"] == 10
    if backend == "duckdb":
        path = Path(make_url(url).database)
        assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left


def test_a_failed_duckdb_build_leaves_the_old_file_intact(tmp_path, monkeypatch):
    url = f"duckdb:///{tmp_path}/shop.duckdb"
    before = generate_into(url, TINY, replace=False).rows

    def fail(conn, dataset):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(build, "write_dataset", fail)
    with pytest.raises(RuntimeError):
        generate_into(url, SimulationConfig(**{**TINY.__dict__, "seed": 4}), replace=True)
    assert _row_counts(url) == before
    assert [p.name for p in tmp_path.iterdir()] == ["shop.duckdb"]


def test_files_of_killed_builds_are_cleaned_up_but_running_ones_kept(tmp_path):
    killed = tmp_path / ".shop.duckdb.999999999.0badcafe.building"
    running = tmp_path / f".shop.duckdb.{os.getpid()}.0badcafe.building"
    for leftover in (killed, killed.with_name(killed.name + ".wal"), running):
        leftover.write_bytes(b"half a database")
    generate_into(f"duckdb:///{tmp_path}/shop.duckdb", TINY, replace=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name, "shop.duckdb"]


@contextmanager
def _held_open_by_another_process(path: Path):
    script = "import duckdb, sys, time; held = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_duckdb_file_in_use_is_not_overwritten(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "LOCK_RETRY_SECONDS", 0.3)
    path = tmp_path / "shop.duckdb"
    url = f"duckdb:///{path}"
    generate_into(url, TINY, replace=False)
    with _held_open_by_another_process(path):
        with pytest.raises(DatabaseBusyError):
            generate_into(url, TINY, replace=True)
    assert _row_counts(url)["products"] == TINY.products


def test_ensure_database_fills_only_the_default_file(tmp_path, monkeypatch):
    default_url = f"duckdb:///{tmp_path}/default.duckdb"
    monkeypatch.setattr(build, "is_default_database", lambda url: url == default_url)
    monkeypatch.setattr(build, "SimulationConfig", lambda: TINY)
    summary = ensure_database(default_url)
    assert summary is not None and _row_counts(default_url)["order_lines"] > 0
    assert ensure_database(default_url) is None  # already has data: left alone

    other_url = f"sqlite:///{tmp_path}/own.db"
    assert ensure_database(other_url) is None
    assert set(_row_counts(other_url).values()) == {0}  # tables, no rows


# --- command line --------------------------------------------------------------------------------


def _run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


TINY_ARGS = ("--products", "8", "--warehouses", "2", "--days", "60", "--end-date", "2025-12-31", "--seed", "3")


@pytest.mark.parametrize(
    "args, named",
    [
        (("--products", "-5"), "--products"),
        (("--products", "many"), "--products"),
        (("--warehouses", "9"), "--warehouses"),
        (("--warehouses", "0"), "--warehouses"),
        (("--days", "0"), "--days"),
        (("--order-lines", "-1"), "--order-lines"),
        (("--end-date", "2025-13-01"), "--end-date"),
        (("--seed", "-3"), "--seed"),
        (("--db", "not a url"), "not a database URL"),
        (("--db", "nosuchdb://somewhere/x"), "cannot use the database URL"),
    ],
)
def test_bad_input_is_a_one_line_usage_error(capsys, tmp_path, args, named):
    code, out, err = _run_cli(capsys, *args)
    assert code == 2
    assert named in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_unreachable_database_is_a_runtime_error_without_the_password(capsys):
    code, out, err = _run_cli(capsys, *TINY_ARGS, "--db", "postgresql+psycopg://shop:s3cret@127.0.0.1:1/shop")
    assert code == 1
    assert "s3cret" not in err and "Cannot open the database" in err
    assert "Traceback" not in err


def test_cli_writes_then_refuses_then_replaces(capsys, tmp_path):
    url = f"duckdb:///{tmp_path}/cli.duckdb"
    code, out, err = _run_cli(capsys, *TINY_ARGS, "--db", url)
    assert code == 0 and "order_lines" in out and "[100%]" in err

    code, out, err = _run_cli(capsys, *TINY_ARGS, "--db", url)
    assert code == 1 and "--replace" in err and len(err.strip().splitlines()) == 2  # the "Generating" line + error

    code, out, err = _run_cli(capsys, *TINY_ARGS, "--products", "9", "--db", url, "--replace")
    assert code == 0 and _row_counts(url)["products"] == 9


def test_cli_reports_a_locked_database(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "LOCK_RETRY_SECONDS", 0.3)
    path = tmp_path / "busy.duckdb"
    generate_into(f"duckdb:///{path}", TINY, replace=False)
    with _held_open_by_another_process(path):
        code, out, err = _run_cli(capsys, *TINY_ARGS, "--db", f"duckdb:///{path}", "--replace")
    assert code == 1 and "another process" in err and "Traceback" not in err


def test_module_entry_point_exits_with_the_usage_code():
    result = subprocess.run(
        [sys.executable, "-m", "sample_data", "--warehouses", "12"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert re.fullmatch(r"python -m sample_data: error: .*--warehouses.*\n", result.stderr)
