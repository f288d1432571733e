"""The benchmark command refuses bad options with a message, and never shows a password; its shop is pinned,
and a database generated for another pinning is not reused."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from benchmarks import dataset
from data_access.config import PROJECT_ROOT
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig


def _benchmark(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmarks", *args], capture_output=True, text=True, cwd=PROJECT_ROOT)


@pytest.mark.parametrize(
    "args, says",
    [
        (["--runs", "0"], "--runs: must be at least 1"),
        (["--order-lines", "many"], "--order-lines: 'many' is not a whole number"),
        (["--db", "not a url"], "is not a database URL"),
    ],
)
def test_bad_options_exit_2_with_the_fix(args, says):
    result = _benchmark(*args)
    assert result.returncode == 2
    assert says in result.stderr


def test_an_unreachable_database_exits_1_without_its_password():
    result = _benchmark("--db", "postgresql+psycopg://shop:hunter2@127.0.0.1:1/shop", "--order-lines", "1000")
    assert result.returncode == 1
    assert "python -m benchmarks: error:" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout


def test_the_pinned_shop_has_two_full_years_of_weeks_before_each_backtest_cutoff():
    """Cutoffs every 4 weeks over the last 52 weeks: the earliest still has 104 whole Monday-start weeks before it."""
    last_day = date.fromisoformat(dataset.SHOP["end_date"])
    first_day = last_day - timedelta(days=dataset.SHOP["days"] - 1)
    assert last_day.weekday() == 6  # the history ends with a whole week
    first_monday = first_day + timedelta(days=-first_day.weekday() % 7)
    earliest_cutoff = last_day - timedelta(weeks=52)
    assert (earliest_cutoff - first_monday).days + 1 >= 104 * 7


def test_a_database_is_reused_only_for_its_size_and_pinning(tmp_path):
    url = f"duckdb:///{tmp_path / 'bench.duckdb'}"
    config = SimulationConfig(products=5, warehouses=2, days=30, end_date=date(2025, 12, 31))
    lines = generate_into(url, config, replace=False).rows["order_lines"]
    record = {"order_lines_requested": 1000, "order_lines": lines, "seconds": 1.0, "peak_rss_mb": 1.0}
    assert dataset.is_reusable({**record, "shop": dataset.SHOP}, url, 1000)
    assert not dataset.is_reusable(record, url, 1000)  # recorded before the shop was pinned
    assert not dataset.is_reusable({**record, "shop": {**dataset.SHOP, "days": 730}}, url, 1000)
    assert not dataset.is_reusable({**record, "shop": dataset.SHOP}, url, 2000)
    assert not dataset.is_reusable({**record, "shop": dataset.SHOP, "order_lines": lines + 1}, url, 1000)
    assert not dataset.is_reusable(None, url, 1000)


def test_a_big_catalog_file_made_elsewhere_is_reused_only_when_it_holds_that_shop(tmp_path):
    url = f"duckdb:///{tmp_path / 'big.duckdb'}"
    shop = {**dataset.BIG_CATALOG, "products": 6, "warehouses": 2, "days": 40}
    end = date.fromisoformat(shop["end_date"])
    config = SimulationConfig(products=6, warehouses=2, days=40, end_date=end, seed=shop["seed"], order_lines=3000)
    lines = generate_into(url, config, replace=False).rows["order_lines"]
    assert dataset.holds_shop(url, lines, shop)
    assert not dataset.holds_shop(url, lines, {**shop, "products": 7})
    assert not dataset.holds_shop(url, lines, {**shop, "warehouses": 3})
    assert not dataset.holds_shop(url, lines, {**shop, "days": 30})
    assert not dataset.holds_shop(url, lines, {**shop, "end_date": "2026-12-13"})
    assert not dataset.holds_shop(url, 2 * lines, shop)
    assert not dataset.holds_shop(f"duckdb:///{tmp_path / 'empty.duckdb'}", lines, shop)
