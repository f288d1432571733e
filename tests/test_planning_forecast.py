"""`python -m planning forecast` on every backend: the CSV contract, history
cut at --as-of, the stored run and its retention, exit codes and messages."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from analytics.forecasting.levels import METHODS, ZERO
from analytics.forecasting.model import group_profiles
from analytics.xyz import xyz_classes
from data_access import forecast_store
from data_access.bulk import Dataset, write_dataset
from data_access.engine import connect, make_engine, transaction
from data_access.filters import Filters
from data_access.migrations import prepare_schema
from data_access.forecast_store import KEEP_RUNS
from data_access.schema import FORECAST_TABLES, forecast_runs, forecast_values, products, warehouses
from planning.__main__ import main
from services.forecast import CSV_COLUMNS, load_history, write_csv
from tests.conftest import BACKENDS
from tests.support.dataset import LAST_DAY, make_test_dataset

DATASET = make_test_dataset()
AS_OF = date(2025, 11, 20)  # a Thursday: the forecast starts on Monday 24 November


def _database(new_database, backend: str, dataset: Dataset = DATASET) -> str:
    url = new_database(backend)
    engine = make_engine(url)
    prepare_schema(engine)
    with transaction(engine) as conn:
        write_dataset(conn, dataset)
    engine.dispose()
    return url


@pytest.fixture(scope="module", params=BACKENDS)
def url(request, new_database):
    return _database(new_database, request.param)


def _forecast(capsys, *args) -> tuple[int, str]:
    code = main(["forecast", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _pairs_until(day: date) -> set[tuple[str, str]]:
    """Product x warehouse pairs with a positive sale or a snapshot on or before `day`, by sku and code."""
    frames = DATASET.frames
    lines = frames["order_lines"]
    sold = lines[(lines["quantity"] > 0) & (lines["order_date"] <= pd.Timestamp(day))]
    snapshots = frames["inventory_snapshots"]
    stocked = snapshots[snapshots["snapshot_date"] <= pd.Timestamp(day)]
    pairs = pd.concat([sold[["product_id", "warehouse_id"]], stocked[["product_id", "warehouse_id"]]]).drop_duplicates()
    pairs = pairs.merge(frames["products"], on="product_id").merge(frames["warehouses"], on="warehouse_id")
    return set(zip(pairs["sku"], pairs["code"], strict=True))


def test_the_csv_has_one_row_per_series_and_week(url, tmp_path, capsys):
    out = tmp_path / "forecast.csv"
    code, output = _forecast(capsys, "--db", url, "--as-of", AS_OF, "--horizon-weeks", 5, "--csv", out)
    assert code == 0, output
    assert "as of 2025-11-20" in output and "from 2025-11-24" in output
    csv = pd.read_csv(out)
    assert list(csv.columns) == list(CSV_COLUMNS)
    mondays = [str(date(2025, 11, 24) + timedelta(weeks=k)) for k in range(5)]
    assert sorted(csv["week_start"].unique()) == mondays
    pairs = _pairs_until(AS_OF)
    assert len(csv) == 5 * len(pairs)
    assert set(zip(csv["sku"], csv["warehouse"], strict=True)) == pairs
    assert not csv.duplicated(["week_start", "sku", "warehouse"]).any()
    assert set(csv["method"]) <= {*METHODS, ZERO}
    assert (csv["low"] <= csv["forecast_units"] + 1e-9).all() and (csv["forecast_units"] <= csv["high"] + 1e-9).all()

    engine = make_engine(url)
    with engine.connect() as conn:
        run = conn.execute(sa.select(forecast_runs).order_by(forecast_runs.c.run_id.desc())).first()
        columns = (products.c.sku, warehouses.c.code, forecast_values.c.week_start, forecast_values.c.forecast_units)
        stmt = (
            sa.select(*columns)
            .join_from(forecast_values, products, products.c.product_id == forecast_values.c.product_id)
            .join(warehouses, warehouses.c.warehouse_id == forecast_values.c.warehouse_id)
            .where(forecast_values.c.run_id == run.run_id)
        )
        stored = pd.DataFrame(conn.execute(stmt).all())
    engine.dispose()
    assert str(run.as_of)[:10] == "2025-11-20" and run.horizon_weeks == 5 and run.status == "done"
    stored["week_start"] = pd.to_datetime(stored["week_start"]).dt.strftime("%Y-%m-%d")
    merged = csv.merge(stored, left_on=["sku", "warehouse", "week_start"], right_on=["sku", "code", "week_start"])
    assert len(merged) == len(csv)
    assert (merged["forecast_units_x"] - merged["forecast_units_y"]).abs().max() < 1e-3


@pytest.mark.parametrize("backend", BACKENDS)
def test_only_history_on_or_before_the_as_of_date_is_used(backend, new_database, tmp_path, capsys):
    """A database cut at the as-of date forecasts exactly what the full one does."""
    frames = DATASET.frames
    cut = {
        "order_lines": frames["order_lines"][frames["order_lines"]["order_date"] <= pd.Timestamp(AS_OF)],
        "inventory_snapshots": frames["inventory_snapshots"][
            frames["inventory_snapshots"]["snapshot_date"] <= pd.Timestamp(AS_OF)
        ],
        "purchase_orders": frames["purchase_orders"][frames["purchase_orders"]["ordered_on"] <= pd.Timestamp(AS_OF)],
    }
    full_url = _database(new_database, backend)
    cut_url = _database(new_database, backend, Dataset({**frames, **cut}))
    outputs = []
    for db in (full_url, cut_url):
        out = tmp_path / f"{len(outputs)}.csv"
        code, output = _forecast(capsys, "--db", db, "--as-of", AS_OF, "--horizon-weeks", 3, "--csv", out)
        assert code == 0, output
        outputs.append(pd.read_csv(out))
    pd.testing.assert_frame_equal(outputs[0], outputs[1])


def test_without_as_of_the_last_day_with_data_is_used(url, tmp_path, capsys):
    out = tmp_path / "latest.csv"
    code, output = _forecast(capsys, "--db", url, "--horizon-weeks", 2, "--csv", out)
    assert code == 0, output
    monday_after = LAST_DAY + timedelta(days=7 - LAST_DAY.weekday())
    assert sorted(pd.read_csv(out)["week_start"].unique()) == [str(monday_after), str(monday_after + timedelta(7))]


def test_only_the_newest_runs_are_kept(url, capsys):
    for _ in range(KEEP_RUNS + 1):
        assert _forecast(capsys, "--db", url, "--as-of", AS_OF, "--horizon-weeks", 1)[0] == 0
    engine = make_engine(url)
    with engine.connect() as conn:
        runs = conn.execute(sa.select(forecast_runs.c.run_id).order_by(forecast_runs.c.run_id)).scalars().all()
        children = {
            table.name: set(conn.execute(sa.select(table.c.run_id).distinct()).scalars())
            for table in FORECAST_TABLES
            if table is not forecast_runs
        }
    engine.dispose()
    assert len(runs) == KEEP_RUNS and runs == sorted(runs)
    for name, ids in children.items():
        assert ids <= set(runs), name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "20-11-2025"], "is not a date: use YYYY-MM-DD"),
        (["--horizon-weeks", "0"], "1 to 52"),
        (["--horizon-weeks", "53"], "1 to 52"),
        (["--csv", "/no/such/folder/out.csv"], "does not exist"),
    ],
)
def test_bad_usage_exits_2(tmp_path, capsys, args, message):
    url = f"duckdb:///{tmp_path / 'unused.duckdb'}"
    try:
        code = main(["forecast", "--db", url, *args])
    except SystemExit as exit_:  # argparse rejects bad values itself
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_an_as_of_before_any_data_exits_1_and_stores_nothing(url, capsys):
    engine = make_engine(url)
    with engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(forecast_runs)).scalar_one()
    code, output = _forecast(capsys, "--db", url, "--as-of", "2020-01-01")
    with engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(forecast_runs)).scalar_one()
    engine.dispose()
    assert code == 1
    assert "no sales or stock on or before 2020-01-01" in output and len(output.strip().splitlines()) == 1
    assert after == before


def test_an_unreachable_server_exits_1_without_showing_the_password(capsys):
    code, output = _forecast(capsys, "--db", "postgresql+psycopg://planner:hunter2@127.0.0.1:9/inventory")
    assert code == 1
    assert "hunter2" not in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


def test_a_server_database_behind_the_schema_exits_1_naming_the_migrate_command(new_database, capsys):
    url = new_database("postgresql", empty=True)
    code, output = _forecast(capsys, "--db", url)
    assert code == 1
    assert "python -m data_access.migrate" in output and len(output.strip().splitlines()) == 1
    engine = make_engine(url)
    with engine.connect() as conn:
        assert not sa.inspect(conn).has_table("forecast_runs")  # a server database is never migrated here
    engine.dispose()


def test_a_new_file_database_is_migrated_by_the_command(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code, output = _forecast(capsys, "--db", url)
    assert code == 1 and "no sales or stock yet" in output  # migrated, then nothing to forecast
    engine = make_engine(url)
    with engine.connect() as conn:
        assert sa.inspect(conn).has_table("forecast_runs")
    engine.dispose()


def test_the_csv_neutralises_formula_like_text(tmp_path):
    rows = pd.DataFrame(
        {
            "week_start": pd.to_datetime(["2026-12-07"]),
            "sku": ["=HYPERLINK(\"http://x\")"],
            "warehouse": ["+BER"],
            "forecast_units": [2.123456],
            "low": [0.0],
            "high": [4.5],
            "method": ["ses"],
        }
    )
    path = tmp_path / "out.csv"
    write_csv(rows, path)
    assert path.read_text(encoding="utf-8").splitlines() == [
        "week_start,sku,warehouse,forecast_units,low,high,method",
        "2026-12-07,\"'=HYPERLINK(\"\"http://x\"\")\",'+BER,2.123,0.0,4.5,ses",
    ]


def test_the_run_stores_each_products_xyz_class_from_its_own_history(url, capsys):
    assert _forecast(capsys, "--db", url, "--as-of", AS_OF, "--horizon-weeks", 2)[0] == 0
    engine = make_engine(url)
    history = load_history(engine, AS_OF).weekly
    with connect(engine) as conn:
        stored = forecast_store.product_classes(conn, forecast_store.latest_run(conn).run_id)
    engine.dispose()
    expected = xyz_classes(history, group_profiles(history))
    assert stored["product_id"].tolist() == expected["product_id"].tolist()
    assert stored["xyz_class"].tolist() == expected["xyz_class"].tolist()
    assert stored["cv"].to_numpy() == pytest.approx(expected["cv"].to_numpy(), nan_ok=True)
    assert set(stored["xyz_class"]) <= {"x", "y", "z", "too-new"}


def test_the_policy_reads_each_forecast_week_as_days_after_the_runs_first(url, capsys):
    """`series_weeks` hands the week over as a day count (no date per row):
    the same rows as the stored ones, each Monday as days after the first week's."""
    assert _forecast(capsys, "--db", url, "--as-of", AS_OF, "--horizon-weeks", 3)[0] == 0
    engine = make_engine(url)
    with connect(engine) as conn:
        run = forecast_store.latest_run(conn)
        read = forecast_store.series_weeks(conn, run.run_id, Filters(AS_OF, AS_OF))
        stored = pd.DataFrame(conn.execute(
            sa.select(forecast_values.c.product_id, forecast_values.c.warehouse_id, forecast_values.c.week_start,
                      forecast_values.c.forecast_units).where(forecast_values.c.run_id == run.run_id)
        ).all())  # fmt: skip
    engine.dispose()
    stored["week_day"] = [(pd.Timestamp(day).date() - run.first_week).days for day in stored["week_start"]]
    columns = ["product_id", "warehouse_id", "week_day", "forecast_units"]
    expected = stored[columns].sort_values(columns[:3]).reset_index(drop=True)
    assert run.first_week == AS_OF + timedelta(days=4)  # Thursday's forecast starts on the Monday after
    assert sorted(read["week_day"].unique()) == [0, 7, 14]
    pd.testing.assert_frame_equal(read[columns].sort_values(columns[:3]).reset_index(drop=True), expected,
                                  check_dtype=False)  # fmt: skip
