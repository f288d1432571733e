"""The import audit on every backend: each import and replace leaves one row
per file (who, when, name, sha256, rows, mode), a failed or dry run none, a
replace keeps the earlier rows; the importer command records "local".
A replace of a file database keeps the previous file beside it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import make_url

from data_access.engine import connect, make_engine
from data_access.import_audit import recent_imports
from data_access.importer import ImportRefused
from data_access.importer.__main__ import main
from tests.fixtures_import import SALES_AND_STOCK, import_text, sales, write_file

BAD_ROW = SALES_AND_STOCK + "not-a-date,SKU-X,BER,1,1\n"


def audit(url: str) -> pd.DataFrame:
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            return recent_imports(conn, 100).sort_values("audit_id").reset_index(drop=True)
    finally:
        engine.dispose()


def test_every_import_and_replace_is_recorded_and_a_replace_keeps_the_record(backend, new_database):
    url = new_database(backend)
    started = datetime.now(UTC).replace(tzinfo=None)
    import_text(url, SALES_AND_STOCK, name="first.csv", who="ana@example.com")
    import_text(url, SALES_AND_STOCK, name="again.csv", dry_run=True)  # rolled back: no row
    with pytest.raises(ImportRefused):
        import_text(url, BAD_ROW, name="bad.csv")  # refused: no row
    import_text(url, BAD_ROW, name="partial.csv", who="bo@example.com", allow_partial=True)
    import_text(url, SALES_AND_STOCK, name="fresh.csv", mode="replace")
    rows = audit(url)
    assert rows["file_name"].tolist() == ["first.csv", "partial.csv", "fresh.csv"]
    assert rows["imported_by"].tolist() == ["ana@example.com", "bo@example.com", "local"]
    assert rows["mode"].tolist() == ["append", "append", "replace"]
    assert rows[["rows_read", "rows_imported", "rows_rejected"]].values.tolist() == [[4, 4, 0], [5, 4, 1], [4, 4, 0]]
    assert rows["sha256"].tolist() == [
        hashlib.sha256(text.encode()).hexdigest() for text in (SALES_AND_STOCK, BAD_ROW, SALES_AND_STOCK)
    ]
    assert (pd.to_datetime(rows["imported_at"]) >= pd.Timestamp(started).floor("s")).all()


def test_the_importer_command_records_its_files_as_local(tmp_path):
    url = f"duckdb:///{tmp_path / 'inventory.duckdb'}"
    path = write_file(tmp_path, "shop.csv", SALES_AND_STOCK)
    assert main([str(path), "--db", url]) == 0
    assert main([str(path), "--db", url, "--mode", "replace"]) == 0
    rows = audit(url)
    assert rows[["imported_by", "mode", "file_name"]].values.tolist() == [
        ["local", "append", "shop.csv"], ["local", "replace", "shop.csv"],
    ]  # fmt: skip
    assert set(rows["sha256"]) == {hashlib.sha256(path.read_bytes()).hexdigest()}


def _file_url(url: str, path: Path) -> str:
    return make_url(url).set(database=str(path)).render_as_string(hide_password=False)


@pytest.mark.parametrize("file_backend", ["duckdb", "sqlite"])
def test_a_replace_keeps_the_previous_file_beside_it_the_newest_copies_only(file_backend, new_database, monkeypatch):
    monkeypatch.setenv("INVENTORY_REPLACE_BACKUPS", "2")
    url = new_database(file_backend)
    import_text(url, SALES_AND_STOCK, name="first.csv")
    before = sales(url)
    replacement = "Date,SKU,Store,Qty\n2025-04-01,Z-9,PAR,1\n"
    first = import_text(url, replacement, mode="replace").backup
    assert first is not None and first.name.startswith(Path(make_url(url).database).stem + ".before-replace-")
    assert sales(_file_url(url, first)) == before  # the copy holds what the replace removed
    assert sales(url) != before
    later = [import_text(url, replacement, mode="replace").backup for _ in range(2)]
    assert sorted(first.parent.glob("*.before-replace-*")) == sorted(later)  # the newest two only


def test_a_server_database_is_not_copied(new_database):
    url = new_database("postgresql")
    import_text(url, SALES_AND_STOCK)
    assert import_text(url, SALES_AND_STOCK, mode="replace").backup is None


def test_the_command_says_where_the_previous_data_is(tmp_path, capsys):
    url = f"duckdb:///{tmp_path / 'inventory.duckdb'}"
    path = write_file(tmp_path, "shop.csv", SALES_AND_STOCK)
    assert main([str(path), "--db", url]) == 0
    capsys.readouterr()
    assert main([str(path), "--db", url, "--mode", "replace"]) == 0
    (copy,) = tmp_path.glob("inventory.before-replace-*.duckdb")
    assert f"previous data: kept in {copy}" in capsys.readouterr().out
