"""The command: exit codes 0/1/2, a corpus of bad files that each get a clear
message and leave the database exactly as it was, a busy database, and a
process killed in the middle of an import."""

from __future__ import annotations

import io
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pytest

from data_access.importer.__main__ import build_mapping, main
from data_access.importer.mappings import SavedMapping, save_mapping
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from tests.fixtures_import import (
    EXPECTED_SALES,
    SALES_AND_STOCK,
    cli_command,
    cli_environment,
    dump,
    run_cli,
    sales,
    warehouse_rows,
    write_file,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def url(tmp_path):
    """A database holding the reference file's rows."""
    url = f"duckdb:///{tmp_path / 'inventory.duckdb'}"
    assert main([str(write_file(tmp_path, "first.csv", SALES_AND_STOCK)), "--db", url]) == 0
    return url


def _run(*args, capsys) -> tuple[int, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_exit_0_prints_what_was_imported(tmp_path):
    path = write_file(tmp_path, "sales.csv", SALES_AND_STOCK)
    url = f"duckdb:///{tmp_path / 'new' / 'inventory.duckdb'}"
    result = run_cli(path, "--db", url)
    assert result.returncode == 0, result.stderr
    for line in (
        "rows read:     4",
        "rows imported: 4",
        "rows rejected: 0",
        "dates:         2025-03-01 to 2025-03-02",
        "products:      2 created",
        "written:       order_lines 3, inventory_snapshots 4",
    ):
        assert line in result.stdout
    assert sales(url) == EXPECTED_SALES
    assert "Traceback" not in result.stderr


def test_an_import_into_a_simulated_shop_says_that_its_ground_truth_was_removed(tmp_path, capsys):
    url = f"duckdb:///{tmp_path / 'shop.duckdb'}"
    generate_into(url, SimulationConfig(products=5, warehouses=2, days=30, end_date=date(2025, 12, 31)), replace=False)
    code, output = _run(write_file(tmp_path, "sales.csv", SALES_AND_STOCK), "--db", url, capsys=capsys)
    assert code == 0
    assert "The simulator's ground truth (true demand, supplier lead-time behaviour) was removed" in output
    code, output = _run(write_file(tmp_path, "more.csv", SALES_AND_STOCK), "--db", url, capsys=capsys)
    assert code == 0 and "ground truth" not in output  # said once, when it happened


def test_exit_1_for_invalid_data_writes_the_rejects_and_nothing_else(tmp_path, url):
    before = dump(url)
    path = write_file(tmp_path, "bad.csv", SALES_AND_STOCK + "2025-03-03,SO-9,BER,A-1,Hose,Garden,lots,10.00,,1\n")
    result = run_cli(path, "--db", url)
    assert result.returncode == 1
    assert "row 6, column 'Qty', value 'lots': not a number" in result.stdout
    assert "1 row(s) failed validation, so nothing was imported" in result.stderr
    assert dump(url) == before
    assert result.stdout.splitlines()[0].startswith(f"Rejected rows written to {tmp_path / 'bad.rejects.csv'}")
    rejects = pd.read_csv(tmp_path / "bad.rejects.csv", encoding="utf-8-sig", dtype=str)
    assert rejects.to_dict("records") == [
        {"file": "bad.csv", "row": "6", "column": "Qty", "value": "lots", "reason": "not a number"}
    ]


def test_products_without_a_unit_cost_are_named_in_a_warning(tmp_path, url, capsys):
    path = write_file(tmp_path, "products.csv", "SKU,Product name,Category,Unit cost\nA-1,Hose,Garden,4.50\nB-2,Rake,Garden,\n")
    code, output = _run(path, "--db", url, capsys=capsys)
    assert code == 0
    assert "Warning: 1 product(s) have no unit cost (B-2): their margin is unknown" in output


def test_exit_2_for_bad_usage(tmp_path, url):
    path = write_file(tmp_path, "sales.csv", SALES_AND_STOCK)
    for args, message in (
        ((path, "--db", url, "--map", "units=Qty"), "unknown field 'units'"),
        ((tmp_path / "nope.csv", "--db", url), "No such file"),
    ):
        result = run_cli(*args)
        assert (result.returncode, message in result.stderr) == (2, True), result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--map", "quantity=Units"), "no column 'Units'"),
        (("--map", "quantity"), "should look like FIELD=COLUMN"),
        (("--encoding", "klingon"), "Unknown encoding"),
        (("--date-format", "sometimes"), "Unknown date format"),
        (("--db", "not a url"), "is not a database URL"),
    ],
)
def test_every_bad_option_is_a_usage_error(tmp_path, url, capsys, options, message):
    args = [write_file(tmp_path, "sales.csv", SALES_AND_STOCK), *options]
    code, output = _run(*args, *(("--db", url) if "--db" not in options else ()), capsys=capsys)
    assert (code, message in output) == (2, True), output
    with pytest.raises(SystemExit) as exited:
        main([str(args[0]), "--mode", "merge"])
    assert exited.value.code == 2
    assert "invalid choice: 'merge'" in capsys.readouterr().err


def test_ambiguous_dates_need_the_date_format_option(tmp_path, url, capsys):
    before = dump(url)
    path = write_file(tmp_path, "us.csv", "Date,SKU,Qty,Price\n01/02/2025,A-1,1,2\n03/04/2025,A-1,1,2\n")
    code, output = _run(path, "--db", url, capsys=capsys)
    assert code == 2
    assert "--date-format" in output
    assert dump(url) == before
    code, output = _run(path, "--db", url, "--date-format", "MDY", capsys=capsys)
    assert code == 0
    assert "dates:         2025-01-02 to 2025-03-04" in output


def test_the_ambiguous_dates_advice_is_given_once(tmp_path, url, capsys):
    path = write_file(tmp_path, "us.csv", "Date,SKU,Qty\n01/02/2025,A-1,1\n")
    code = main([str(path), "--db", url])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("Choose the order: --date-format DMY") == 1, err
    assert err.startswith("Error: us.csv: The dates are ambiguous"), err


def test_map_takes_a_column_away_from_the_field_it_was_guessed_for(tmp_path, url, capsys):
    warehouses = write_file(tmp_path, "warehouses.csv", "Warehouse,Name,Region\nBER,Berlin,DE\n")
    assert _run(warehouses, "--db", url, capsys=capsys)[0] == 0
    path = write_file(
        tmp_path, "shop.csv", "Day,Product,Warehouse,Units Sold,Net Sales\n2025-03-03,A-1,BER,1,10.00\n"
    )
    code, output = _run(path, "--db", url, "--map", "sku=Product", capsys=capsys)
    assert code == 0, output
    assert "sku <- 'Product'" in output and "warehouse_name <-" not in output
    assert ("BER", "Berlin", "DE", None) in warehouse_rows(url)


def test_build_mapping_gives_an_explicitly_mapped_column_to_that_field_only():
    headers = ["Day", "Product", "Warehouse", "Units Sold", "Net Sales"]
    assert build_mapping(headers, {}, {"sku": "Product"}) == {
        "date": "Day",
        "warehouse": "Warehouse",
        "quantity": "Units Sold",
        "revenue": "Net Sales",
        "sku": "Product",
    }
    # a column the user maps to two fields feeds both
    both = build_mapping(headers, {}, {"sku": "Product", "product_name": "Product"})
    assert (both["sku"], both["product_name"]) == ("Product", "Product") and "warehouse_name" not in both
    # a saved mapping's column is taken from a guess the same way
    assert "warehouse_name" not in build_mapping(headers, {"sku": "Product"}, {})


def _workbook_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Cover"
    sheet = workbook.create_sheet("Data")
    for row in SALES_AND_STOCK.splitlines():
        sheet.append(row.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "missing-column.csv": (b"Date,Qty\n2025-03-01,1\n", 1, "needs a column for: sku"),
    "text-in-number.csv": (b"Date,SKU,Qty\n2025-03-01,A-1,three\n", 1, "value 'three': not a number"),
    "bad-dates.csv": (b"Date,SKU,Qty\nsoon,A-1,1\n", 1, "value 'soon': not a date"),
    "ambiguous-dates.csv": (b"Date,SKU,Qty\n01/02/2025,A-1,1\n", 2, "--date-format"),
    "empty.csv": (b"", 1, "The file is empty"),
    "header-only.csv": (b"Date,SKU,Qty\n", 1, "header but no data rows"),
    "duplicate-headers.csv": (b"Date,SKU,Qty,Qty\n2025-03-01,A-1,1,2\n", 1, "names 'Qty' twice"),
    "garbage.csv": (bytes(np.random.default_rng(3).integers(0, 256, 5000, dtype=np.uint8)), 1, "not a text (CSV) file"),
    "mixed-encodings.csv": (
        "Date,SKU,Product,Qty\n2025-03-01,A-1,Müller,1\n".encode() + "2025-03-01,B-2,Crème,1\n".encode("latin-1"),
        1,
        "mixes encodings",
    ),
    "negative-stock.csv": (b"Date,SKU,Stock\n2025-03-01,A-1,-3\n", 1, "value '-3': a negative stock level"),
    "too-many-values.csv": (b"Date,SKU,Qty\n2025-03-01,A-1,1,2\n", 1, "more values than the header"),
    "renamed.xlsx": (b"Date,SKU,Qty\n2025-03-01,A-1,1\n", 1, "not a valid .xlsx"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_files_give_a_clear_message_and_an_unchanged_database(tmp_path, url, capsys, name):
    data, exit_code, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = dump(url)
    code, output = _run(path, "--db", url, capsys=capsys)
    assert (code, message in output) == (exit_code, True), output
    assert f"{name}: " in output or "row" in output
    assert dump(url) == before


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, url, capsys, monkeypatch):
    path = write_file(tmp_path, "big.csv", SALES_AND_STOCK * 20)
    monkeypatch.setenv("INVENTORY_MAX_UPLOAD_MB", "0.001")
    before = dump(url)
    code, output = _run(path, "--db", url, capsys=capsys)
    assert code == 1 and "over the import limit of 0.001 MB" in output
    assert dump(url) == before


def test_a_failed_import_into_a_new_database_creates_nothing(tmp_path, capsys):
    url = f"duckdb:///{tmp_path / 'fresh.duckdb'}"
    code, _ = _run(write_file(tmp_path, "bad.csv", "Date,SKU,Qty\nsoon,A,1\n"), "--db", url, capsys=capsys)
    assert code == 1
    assert not (tmp_path / "fresh.duckdb").exists()


def test_allow_partial_imports_the_valid_rows_and_keeps_the_rejects(tmp_path, url, capsys):
    path = write_file(tmp_path, "mixed.csv", "Date,SKU,Stock\n2025-03-05,A-1,9\n2025-03-05,B-2,-1\n")
    rejects = tmp_path / "out" / "rejects.csv"
    rejects.parent.mkdir()
    code, output = _run(path, "--db", url, "--allow-partial", "--rejects", rejects, capsys=capsys)
    assert code == 0
    assert "rows read:     2" in output and "rows imported: 1" in output and "rows rejected: 1" in output
    assert "a negative stock level" in rejects.read_text(encoding="utf-8-sig")


def test_rejects_that_cannot_be_written_stop_the_import(tmp_path, url, capsys):
    before = dump(url)
    path = write_file(tmp_path, "mixed.csv", "Date,SKU,Stock\n2025-03-05,A-1,9\n2025-03-05,B-2,-1\n")
    nowhere = tmp_path / "missing-folder" / "rejects.csv"
    code, output = _run(path, "--db", url, "--allow-partial", "--rejects", nowhere, capsys=capsys)
    assert code == 2 and "Cannot write the rejects" in output
    assert dump(url) == before


def test_dry_run_reports_and_writes_nothing(tmp_path, url, capsys):
    before = dump(url)
    path = write_file(tmp_path, "more.csv", "Date,SKU,Store,Stock\n2025-03-05,Z-1,OSL,9\n")
    code, output = _run(path, "--db", url, "--dry-run", capsys=capsys)
    assert code == 0
    assert "dry run, nothing written" in output and "warehouses:    1 created" in output
    assert dump(url) == before


def test_map_sheet_and_replace_options(tmp_path, url, capsys):
    path = tmp_path / "export.xlsx"
    path.write_bytes(_workbook_bytes())
    code, output = _run(
        path,
        "--db",
        url,
        "--sheet",
        "Data",
        "--map",
        "discount=",
        "--map",
        "warehouse=Store",
        "--mode",
        "replace",
        capsys=capsys,
    )
    assert code == 0, output
    assert "Columns not imported: Discount" in output
    assert [line[-1] for line in sales(url)] == [-10.0, 20.0, 5.0]  # no discount taken off
    code, output = _run(path, "--db", url, "--sheet", "Stock", capsys=capsys)
    assert code == 2 and "Its sheets are: Cover, Data" in output


def test_a_saved_mapping_is_reused_and_map_still_wins(tmp_path, url, capsys, monkeypatch):
    monkeypatch.setenv("INVENTORY_MAPPINGS_DIR", str(tmp_path / "mappings"))
    save_mapping(
        SavedMapping("Odd shop", {"date": "Tag", "sku": "Nummer", "on_hand": "Bestand", "warehouse": "Lager"}, "DMY")
    )
    path = write_file(tmp_path, "odd.csv", "Tag;Nummer;Bestand;Lager\n01/02/2025;A-1;5;BER\n")
    code, output = _run(path, "--db", url, "--saved-mapping", "odd shop", "--map", "warehouse=", capsys=capsys)
    assert code == 0, output
    assert "dates:         2025-02-01 to 2025-02-01" in output
    code, output = _run(path, "--db", url, "--saved-mapping", "other", capsys=capsys)
    assert code == 2 and "No saved mapping 'other'" in output


def test_the_password_is_never_printed(tmp_path):
    path = write_file(tmp_path, "sales.csv", SALES_AND_STOCK)
    result = run_cli(path, "--db", "postgresql+psycopg://manager:s3cret-pw@127.0.0.1:9/inventory")
    assert result.returncode == 1
    assert "s3cret-pw" not in result.stdout + result.stderr
    assert "Cannot open the database" in result.stderr and "Traceback" not in result.stderr


def test_a_busy_database_stops_with_exit_1_and_writes_nothing(tmp_path, url):
    before = dump(url)
    path = write_file(tmp_path, "more.csv", "Date,SKU,Stock\n2025-03-05,A-1,9\n")
    holder = duckdb.connect(url.removeprefix("duckdb:///"))
    try:
        result = run_cli(path, "--db", url)
    finally:
        holder.close()
    assert result.returncode == 1
    assert "being written by another process" in result.stderr
    assert dump(url) == before


def _big_export(tmp_path, rows: int):
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({
        "Date": pd.Timestamp("2025-01-01") + pd.to_timedelta(np.arange(rows) // 2000, unit="D"),
        "Store": "BER",
        "SKU": [f"S-{i % 2000:04d}" for i in range(rows)],
        "Units Sold": rng.integers(0, 5, rows),
        "Price": 9.99,
        "Stock": rng.integers(0, 50, rows),
    })  # fmt: skip
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False, date_format="%Y-%m-%d")
    return path


def _start_until_planned(path: Path, url: str) -> subprocess.Popen:
    """Start the command and return once it has checked the file and is about
    to write (it prints the plan first; unbuffered, so we see it at once)."""
    process = subprocess.Popen(
        cli_command(path, "--db", url),
        env=cli_environment({"PYTHONUNBUFFERED": "1"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    for line in process.stdout:
        if "Rows read:" in line:
            return process
    raise AssertionError(f"the import ended before writing (exit {process.wait()})")


def test_killing_the_import_at_any_moment_leaves_before_or_after_never_between(tmp_path, url):
    path = _big_export(tmp_path, 80_000)
    reference = tmp_path / "reference.duckdb"
    shutil.copy(url.removeprefix("duckdb:///"), reference)
    before = dump(url)
    timed = _start_until_planned(path, f"duckdb:///{reference}")
    started = time.monotonic()
    assert timed.wait() == 0
    timed.stdout.close()
    writing = time.monotonic() - started
    after = dump(f"duckdb:///{reference}")
    states = []
    for share in (0.0, 0.3, 0.6, 0.9, 1.5):
        process = _start_until_planned(path, url)
        time.sleep(writing * share)
        process.kill()
        process.wait()
        process.stdout.close()
        state = dump(url)
        assert state in (before, after)  # never anything in between
        states.append("before" if state == before else "after")
        if state == after:
            break
    assert states[0] == "before"  # killed while writing at least once
