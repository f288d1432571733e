"""The sample-data simulator, its database build and its command line.

The simulation is checked on a small shop (25 SKUs, 3 warehouses, 400 days:
enough for one Black Friday and a whole year of seasons) by recomputing its
promises from the frames: stock flows balance, stock is never negative, the
calendar shows, both stockouts and overstock happen, and its ground truth
explains what was recorded (true demand against sales; the stored lead-time
behaviour against the purchase orders, on a bigger shop for statistical power).
The Chinese shop (`--locale zh`) is checked for what makes it Chinese: names,
cities, prices in yuan, its calendar in the sales, and suppliers that deliver
nothing during the Spring Festival.
"""

from __future__ import annotations

import math
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

import data_access.bulk as bulk
import data_access.engine as engine_module
import sample_data.build as build
from analytics.events import CHINA, DOUBLE_11, SHOPPING_618, SPRING_FESTIVAL, events_of_year, supplier_closures
from data_access.engine import DatabaseBusyError, make_engine
from data_access.sales_summary import refresh_sales_summary
from data_access.schema import GROUND_TRUTH_TABLES, TABLES_IN_LOAD_ORDER, daily_orders, daily_sales, spanning_orders
from sample_data.__main__ import main
from sample_data.build import DatabaseNotEmptyError, ensure_database, generate_into
from sample_data.simulator import SimulationConfig, simulate

END = date(2025, 12, 31)
SMALL = SimulationConfig(products=25, warehouses=3, days=400, end_date=END, seed=7)
TINY = SimulationConfig(products=8, warehouses=2, days=60, end_date=END, seed=3)
PAIR = ["product_id", "warehouse_id"]
PROJECT_ROOT = Path(__file__).resolve().parent.parent


IN_BLOCKS = {"cells_per_block": 8 * SMALL.days * SMALL.warehouses, "units_per_span": 2_000}
"""A big catalog's way through the simulator, at SMALL's size: blocks of 8 products, spans of a few weeks."""


@pytest.fixture(scope="module", params=["one pass", "in blocks"])
def frames(request) -> dict[str, pd.DataFrame]:
    """The small shop simulated in one pass, and in blocks of products and spans
    of days: every property below holds either way."""
    return simulate(SMALL, **(IN_BLOCKS if request.param == "in blocks" else {})).frames


def _daily_units(frames) -> pd.Series:
    lines = frames["order_lines"]
    sales = lines[lines["quantity"] > 0]
    return sales.groupby("order_date")["quantity"].sum()


# --- shape ---------------------------------------------------------------------------------------


def test_frames_have_exactly_the_schema_columns_and_ids_1_to_n(frames):
    for table in (*TABLES_IN_LOAD_ORDER, *GROUND_TRUTH_TABLES):
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


def test_same_seed_gives_identical_frames_and_another_seed_does_not(frames, request):
    again = simulate(SMALL, **(IN_BLOCKS if "in blocks" in request.node.callspec.id else {})).frames
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


# --- the Chinese shop ----------------------------------------------------------------------------

CHINESE = SimulationConfig(products=40, warehouses=3, days=400, end_date=END, seed=7, locale="zh")
HAN = r"[\u4e00-\u9fff]"


@pytest.fixture(scope="module")
def chinese_frames() -> dict[str, pd.DataFrame]:
    return simulate(CHINESE).frames


def test_the_chinese_shop_has_chinese_names_cities_and_prices_in_yuan(chinese_frames):
    products, warehouses = chinese_frames["products"], chinese_frames["warehouses"]
    assert products["name"].str.contains(HAN).all() and products["category"].str.contains(HAN).all()
    assert products["supplier"].str.contains(HAN).all()
    assert products["sku"].str.fullmatch(r"[A-Z]{3}-\d{4}").all()  # ids stay ASCII
    assert warehouses["code"].tolist() == ["SHA", "CAN", "PEK"]
    assert [name[:2] for name in warehouses["name"]] == ["上海", "广州", "北京"]
    prices = products["list_price"]
    cents = (prices * 100).round().astype(int)
    assert ((prices < 100) & (cents % 100 == 90) | (prices >= 100) & (cents % 1000 == 900)).all()  # ¥19.9, ¥129
    assert prices.median() > 50  # yuan, not euro


def test_chinese_suppliers_deliver_nothing_while_closed_for_the_spring_festival(chinese_frames):
    (closure,) = supplier_closures(CHINESE.first_day, END, CHINA)
    orders = chinese_frames["purchase_orders"]
    received = orders["received_on"]
    in_closure = received.between(pd.Timestamp(closure.start), pd.Timestamp(closure.end))
    expected_then = orders["expected_on"].between(pd.Timestamp(closure.start), pd.Timestamp(closure.end))
    assert expected_then.sum() > 10 and not in_closure.any()
    launched = chinese_frames["products"]["launched_on"]
    assert not launched.between(pd.Timestamp(closure.start), pd.Timestamp(closure.end)).any()
    per_day = received.value_counts()
    assert per_day[pd.Timestamp(closure.end + timedelta(days=1))] > 3 * per_day.median()  # the held deliveries


def test_the_chinese_calendar_shows_in_the_sales(chinese_frames):
    daily = _daily_units(chinese_frames)
    events = {event.id: event for event in events_of_year(2025, CHINA)}

    def mean(event_id: str) -> float:
        event = events[event_id]
        return daily[pd.Timestamp(event.start) : pd.Timestamp(event.end)].mean()

    assert mean(SPRING_FESTIVAL) < 0.7 * daily.median()
    assert mean(DOUBLE_11) > 2 * daily.median()
    assert mean(SHOPPING_618) > 1.15 * daily.median()


def test_an_unknown_locale_is_refused():
    with pytest.raises(ValueError, match="locale must be one of en, zh"):
        SimulationConfig(locale="fr")


# --- ground truth: true demand -------------------------------------------------------------------


def _demand_and_sales(frames) -> pd.DataFrame:
    """Every pair-day on sale (a snapshot) with its flows and its true demand (0 without a row)."""
    flows = _flows(frames)
    truth = frames["sim_true_demand"].set_index([*PAIR, "demand_date"])["units"].rename("demand")
    truth.index = truth.index.set_names(flows.index.names)
    assert truth.index.isin(flows.index).all(), "demand on a day the product was not on sale"
    return flows.join(truth).fillna({"demand": 0})


def test_true_demand_is_never_below_sales_and_equals_them_unless_the_day_ended_out_of_stock(frames):
    assert (frames["sim_true_demand"]["units"] > 0).all()  # sparse: a day without demand has no row
    days = _demand_and_sales(frames)
    assert (days["demand"] >= days["sold"]).all()
    in_stock = days["on_hand"] > 0
    assert (days.loc[in_stock, "demand"] == days.loc[in_stock, "sold"]).all()
    lost = days["demand"] - days["sold"]
    assert (lost[~in_stock] > 0).mean() > 0.3  # stockouts do hide demand
    assert days["demand"].sum() > days["sold"].sum()


def test_sales_are_the_demand_the_shelf_could_serve(frames):
    """sold = min(demand, stock at the start of the day + the day's receipts + the day's restocked returns)."""
    days = _demand_and_sales(frames)
    previous = days.groupby(level=PAIR)["on_hand"].shift(1)
    known = previous.notna()
    available = previous + days["received"] + days["returned"]
    assert known.mean() > 0.99
    assert (days["sold"][known] == np.minimum(days["demand"], available)[known]).all()


# --- ground truth: lead-time behaviour ------------------------------------------------------------

SUPPLIERS = SimulationConfig(products=200, warehouses=6, days=730, end_date=END, seed=12)
"""Enough purchase orders (about 14,000, 12,000 of them decided by the last day) to test each supplier."""
Z_BOUND = 4.0
"""Standard errors a statistic may stray: two-sided, 1 in 16,000 per check (the seed is fixed anyway)."""


@pytest.fixture(scope="module")
def supplier_frames() -> dict[str, pd.DataFrame]:
    return simulate(SUPPLIERS).frames


@pytest.fixture(scope="module")
def decided_orders(supplier_frames) -> pd.DataFrame:
    """Purchase orders placed early enough that even the longest delay arrives by the last day, with
    their product's stored behaviour. Later orders are left out whether received or not: keeping only
    the received ones would keep the early ones (censoring)."""
    orders = supplier_frames["purchase_orders"].merge(
        supplier_frames["sim_lead_time_behaviour"], on=["supplier", "product_id"], how="left", validate="many_to_one"
    )
    assert orders["nominal_lead_days"].notna().all(), "an order's supplier x product has no stored behaviour"
    latest = orders["ordered_on"] + pd.to_timedelta(orders["nominal_lead_days"] + orders["max_delay_days"], unit="D")
    decided = orders[latest <= pd.Timestamp(END)]
    return decided.assign(
        lead=(decided["received_on"] - decided["ordered_on"]).dt.days,
        promised=(decided["expected_on"] - decided["ordered_on"]).dt.days,
        on_time=decided["received_on"] <= decided["expected_on"],
    )


def test_only_orders_that_could_still_be_on_their_way_are_open(supplier_frames, decided_orders):
    assert len(decided_orders) > 5_000
    assert decided_orders["received_on"].notna().all()
    orders = supplier_frames["purchase_orders"]
    still_open = orders[orders["received_on"].isna()].merge(
        supplier_frames["sim_lead_time_behaviour"], on=["supplier", "product_id"]
    )
    assert len(still_open) > 0
    shortest = np.maximum(1, still_open["nominal_lead_days"] - still_open["max_early_days"])
    longest = still_open["nominal_lead_days"] + still_open["max_delay_days"]
    earliest, latest = (still_open["ordered_on"] + pd.to_timedelta(lead, unit="D") for lead in (shortest, longest))
    assert (latest > pd.Timestamp(END)).all()
    assert (earliest <= pd.Timestamp(END)).any()  # some are open because they are late, not only young


def test_lead_times_stay_within_the_stored_bounds(decided_orders):
    orders = decided_orders
    assert (orders["promised"] == orders["nominal_lead_days"]).all()
    on_time, late = orders[orders["on_time"]], orders[~orders["on_time"]]
    shortest = np.maximum(1, on_time["nominal_lead_days"] - on_time["max_early_days"])
    assert on_time["lead"].between(shortest, on_time["nominal_lead_days"]).all()
    delay = late["lead"] - late["nominal_lead_days"]
    assert (delay >= 1).all() and (delay <= late["max_delay_days"]).all()


def _binomial_tails(successes: int, trials: int, p: float) -> tuple[float, float]:
    """P(X <= successes) and P(X >= successes) for X ~ Binomial(trials, p), exactly."""
    k = np.arange(trials + 1)
    log_pmf = (
        math.lgamma(trials + 1)
        - np.array([math.lgamma(i + 1) + math.lgamma(trials - i + 1) for i in k])
        + k * math.log(p)
        + (trials - k) * math.log1p(-p)
    )
    pmf = np.exp(log_pmf)
    return float(pmf[: successes + 1].sum()), float(pmf[successes:].sum())


def test_each_suppliers_on_time_share_is_within_a_binomial_bound_of_its_stored_rate(decided_orders):
    smallest_tail = 2 * (1 - 0.5 * (1 + math.erf(Z_BOUND / math.sqrt(2))))
    checked = 0
    for supplier, orders in decided_orders.groupby("supplier"):
        rates = orders["on_time_rate"].unique()
        assert len(rates) == 1, f"{supplier}: one on-time rate per supplier in this simulator"
        lower, upper = _binomial_tails(int(orders["on_time"].sum()), len(orders), float(rates[0]))
        assert min(lower, upper) > smallest_tail / 2, (supplier, len(orders), orders["on_time"].mean(), rates[0])
        checked += 1
    assert checked >= 20
    expected = decided_orders["on_time_rate"]
    z = (decided_orders["on_time"].sum() - expected.sum()) / math.sqrt((expected * (1 - expected)).sum())
    assert abs(z) < Z_BOUND


def test_on_time_orders_are_early_by_zero_to_max_early_days_uniformly(decided_orders):
    on_time = decided_orders[decided_orders["on_time"]]
    unclamped = on_time[on_time["nominal_lead_days"] > on_time["max_early_days"]]
    assert (unclamped["max_early_days"] == 2).all()
    early = (unclamped["nominal_lead_days"] - unclamped["lead"]).value_counts().sort_index()
    assert list(early.index) == [0, 1, 2]
    n, share = len(unclamped), 1 / 3
    assert ((early - n * share).abs() < Z_BOUND * math.sqrt(n * share * (1 - share))).all()


def _capped_geometric_moments(mean: np.ndarray, cap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of min(G, cap) for G geometric on 1, 2, ... with mean `mean`."""
    days = np.arange(1, int(cap.max()) + 1)[None, :]
    p = 1 / mean[:, None]
    pmf = np.where(days < cap[:, None], p * (1 - p) ** (days - 1), 0.0)
    pmf = np.where(days == cap[:, None], (1 - p) ** (cap[:, None] - 1), pmf)  # everything from the cap on
    first = (pmf * days).sum(axis=1)
    return first, (pmf * days**2).sum(axis=1) - first**2


def test_late_orders_mean_delay_is_within_its_confidence_interval(decided_orders):
    late = decided_orders[~decided_orders["on_time"]]
    mean, variance = _capped_geometric_moments(
        late["mean_delay_days"].to_numpy(), late["max_delay_days"].to_numpy()
    )
    late = late.assign(delay=late["lead"] - late["nominal_lead_days"], expected=mean, variance=variance)
    assert len(late) > 1_000
    for supplier, orders in [("all suppliers", late), *late.groupby("supplier")]:
        z = (orders["delay"].sum() - orders["expected"].sum()) / math.sqrt(orders["variance"].sum())
        assert abs(z) < Z_BOUND, (supplier, len(orders), orders["delay"].mean(), orders["expected"].mean())


# --- building a database -------------------------------------------------------------------------


def _row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            count = sa.select(sa.func.count())
            tables = (*TABLES_IN_LOAD_ORDER, *GROUND_TRUTH_TABLES)
            return {t.name: conn.execute(count.select_from(t)).scalar_one() for t in tables}
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

    write_pieces = build.write_pieces

    def fail_midway(conn, pieces, after_each=None):  # after the products and warehouses went in
        def until_fire():
            for table, frame in pieces:
                if table == "order_lines":
                    raise RuntimeError("disk on fire")
                yield table, frame

        write_pieces(conn, until_fire(), after_each)

    monkeypatch.setattr(build, "write_pieces", fail_midway)
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
        (("--locale", "fr"), "--locale"),
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


def test_cli_makes_the_chinese_shop(capsys, tmp_path):
    code, out, err = _run_cli(capsys, *TINY_ARGS, "--locale", "zh", "--db", f"duckdb:///{tmp_path}/zh.duckdb")
    assert code == 0 and "amounts in CNY; retail calendar: china" in out


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


def test_a_duckdb_file_built_piece_by_piece_has_the_summaries_of_one_refresh(tmp_path, monkeypatch):
    """The DuckDB build commits after each piece and refreshes the daily sums a
    few days at a time: the summaries come out as one whole refresh makes them."""
    monkeypatch.setattr(bulk, "SUMMARY_STEP_DAYS", 7)
    url = f"duckdb:///{tmp_path}/shop.duckdb"
    generate_into(url, TINY, replace=False)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tables = (daily_sales, daily_orders, spanning_orders)
            stepped = {t.name: sorted(conn.execute(sa.select(t)).all()) for t in tables}
            refresh_sales_summary(conn)
            whole = {t.name: sorted(conn.execute(sa.select(t)).all()) for t in tables}
            conn.rollback()
    finally:
        engine.dispose()
    assert stepped["daily_sales"] and stepped == whole
