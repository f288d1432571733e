"""Engines and summaries: the dashboard's DuckDB engine stays warm between
queries but never keeps another process out for long, and summaries are
rebuilt on demand after lines were written behind the importer's back."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import duckdb
import pytest
import sqlalchemy as sa

from data_access import engine as engine_module
from data_access.config import PROJECT_ROOT
from data_access.engine import connect, make_engine, transaction
from data_access.migrations import prepare_schema
from data_access.schema import daily_orders, daily_sales, order_lines, products, warehouses
from i18n import set_language
from i18n.database_words import database_message

WRITE_ONE_WAREHOUSE = """
import sys
from data_access.engine import make_engine, transaction
from data_access.schema import warehouses
with transaction(make_engine(sys.argv[1])) as conn:
    conn.execute(warehouses.insert().values(warehouse_id=1, code="W1", name="One", region="North"))
"""


def _duckdb_url(tmp_path) -> str:
    url = f"duckdb:///{tmp_path / 'shop.duckdb'}"
    prepare_schema(make_engine(url))
    return url


def _count_warehouses(url: str) -> int:
    with connect(make_engine(url)) as conn:
        return conn.execute(sa.text("SELECT count(*) FROM warehouses")).scalar_one()


def _file_opens_elsewhere(path: str) -> bool:
    """Whether another process can open the file for writing right now, without waiting."""
    script = "import duckdb, sys; duckdb.connect(sys.argv[1]).close()"
    return subprocess.run([sys.executable, "-c", script, path], capture_output=True).returncode == 0


def test_a_warm_engine_holds_the_file_while_warm(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "KEEP_WARM_SECONDS", 600)  # far longer than a subprocess takes to start
    warm = make_engine(_duckdb_url(tmp_path), keep_warm=True)
    with connect(warm) as conn:
        conn.execute(sa.text("SELECT 1"))
    assert not _file_opens_elsewhere(str(tmp_path / "shop.duckdb"))  # still warm: held open
    warm.dispose()


def test_a_warm_engine_holds_the_file_only_briefly_after_its_last_query(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "KEEP_WARM_SECONDS", 0.5)
    warm = make_engine(_duckdb_url(tmp_path), keep_warm=True)
    with connect(warm) as conn:
        conn.execute(sa.text("SELECT 1"))
    assert engine_module.wait_until_released(warm, timeout=60)  # the event, not a guess at the delay
    assert _file_opens_elsewhere(str(tmp_path / "shop.duckdb"))


def test_an_import_while_the_dashboard_is_warm_waits_and_succeeds(tmp_path):
    url = _duckdb_url(tmp_path)
    with connect(make_engine(url, keep_warm=True)) as conn:
        conn.execute(sa.text("SELECT count(*) FROM warehouses"))
    writer = subprocess.run(
        [sys.executable, "-c", WRITE_ONE_WAREHOUSE, url], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert writer.returncode == 0, writer.stderr
    assert _count_warehouses(url) == 1


def test_a_plain_engine_releases_the_file_with_its_connection(tmp_path):
    url = _duckdb_url(tmp_path)
    with connect(make_engine(url)) as conn:
        conn.execute(sa.text("SELECT 1"))
    assert _file_opens_elsewhere(str(tmp_path / "shop.duckdb"))


def _lines_written_directly(engine, quantities: tuple[int, ...]) -> None:
    """One product in one warehouse selling `quantities` on one day, one order
    per line, written without the importer (so no summaries are refreshed)."""
    with transaction(engine) as conn:
        conn.execute(warehouses.insert().values(warehouse_id=1, code="W1", name="One", region="North"))
        conn.execute(products.insert().values(product_id=1, sku="A", name="A", category="C"))
        conn.execute(
            order_lines.insert(),
            [
                dict(line_id=n, order_id=f"SO-{n}", order_date=date(2026, 1, 1), product_id=1, warehouse_id=1,
                     quantity=quantity, unit_price=5, net_revenue=5 * quantity)
                for n, quantity in enumerate(quantities, start=1)
            ],
        )  # fmt: skip


def _summary_rows(engine) -> tuple[list, list]:
    with connect(engine) as conn:
        sums = conn.execute(sa.select(daily_sales.c.units, daily_sales.c.sold_units, daily_sales.c.revenue)).all()
        return sums, conn.execute(sa.select(daily_orders.c.orders)).scalars().all()


def test_summaries_are_rebuilt_after_lines_written_behind_the_importers_back(tmp_path):
    url = _duckdb_url(tmp_path)
    engine = make_engine(url)
    _lines_written_directly(engine, (2,))
    assert _summary_rows(engine) == ([], [])
    command = [sys.executable, "-m", "data_access.refresh_summaries", "--db", url]
    result = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert _summary_rows(engine) == ([(2, 2, 10.0)], [1])


def test_rebuilding_summaries_of_an_unreachable_database_says_so(tmp_path):
    url = "postgresql+psycopg://inventory:hunter2@127.0.0.1:1/shop"
    command = [sys.executable, "-m", "data_access.refresh_summaries", "--db", url]
    result = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 1
    assert "Cannot rebuild the summaries" in result.stderr and "hunter2" not in result.stderr


def _settings(engine) -> tuple[str, int]:
    with connect(engine) as conn:
        return tuple(conn.exec_driver_sql("SELECT current_setting('memory_limit'), current_setting('threads')").one())


def test_duckdb_gets_an_explicit_memory_limit_and_threads_from_the_environment(tmp_path, monkeypatch):
    url = _duckdb_url(tmp_path)
    monkeypatch.delenv(engine_module.MEMORY_LIMIT_ENV, raising=False)
    monkeypatch.delenv(engine_module.THREADS_ENV, raising=False)
    one_gb = duckdb.connect(config={"memory_limit": "1GB"})
    assert _settings(make_engine(url))[0] == one_gb.execute("SELECT current_setting('memory_limit')").fetchone()[0]  # DuckDB's own default: 80% of the RAM
    monkeypatch.setenv(engine_module.MEMORY_LIMIT_ENV, "512MB")
    monkeypatch.setenv(engine_module.THREADS_ENV, "1")
    warm = make_engine(url, keep_warm=True)  # the dashboard's engine
    assert _settings(warm) == ("488.2 MiB", 1)
    with connect(warm):  # open, while a plain engine of a script or test connects beside it
        plain = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with plain.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM warehouses").scalar() == 0
        plain.dispose()
    warm.dispose()


@pytest.mark.parametrize("variable, value", [("INVENTORY_DUCKDB_MEMORY_LIMIT", "lots"),
                                             ("INVENTORY_DUCKDB_THREADS", "0")])  # fmt: skip
def test_a_bad_duckdb_setting_is_named_with_its_fix(tmp_path, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(engine_module.DatabaseUnavailableError, match=f"{variable}='{value}' is not a") as refused:
        make_engine(f"duckdb:///{tmp_path / 'shop.duckdb'}")
    set_language("zh")  # the error panel's words
    try:
        assert database_message(str(refused.value)).startswith(f"{variable}='{value}' 不是")
    finally:
        set_language("en")
