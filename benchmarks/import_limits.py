"""Import limits, measured: the two files of issue 10 (one 150 MB cell in a
158 KB .xlsx; a million rows in an .xlsx of about 14 MB) through the real
import command, each in its own process, with its wall time and peak memory.

    python -m benchmarks.import_limits [--dir DIR]

Targets (reported, never asserted): the 150 MB cell refused within 1 GB and
30 s; the million rows imported or refused within 1 GB and 120 s. The files
are written as Excel writes them (shared strings), without openpyxl, so that
making them costs neither time nor memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

from data_access.config import PROJECT_ROOT

HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
PACKAGE = "http://schemas.openxmlformats.org/package/2006/"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml": f'<Types xmlns="{PACKAGE}content-types"><Default Extension="rels" '
    f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    f'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/><Override '
    f'PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PACKAGE}relationships"><Relationship Id="rId1" '
    f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook {MAIN.decode()} xmlns:r="{OFFICE}"><sheets><sheet name="Sheet1" sheetId="1" '
    'r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}relationships"><Relationship Id="rId1" '
    f'Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    f'Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


def write_workbook(path: Path, shared: list[bytes], rows: Iterable[list[bytes]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, HEAD + text.encode())
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(HEAD + b"<sst " + MAIN + b">" + b"".join(b"<si><t>%s</t></si>" % s for s in shared) + b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(HEAD + b"<worksheet " + MAIN + b"><sheetData>")
            for number, cells in enumerate(rows, start=1):
                part.write(b'<row r="%d">%s</row>' % (number, b"".join(cells)))
            part.write(b"</sheetData></worksheet>")


def shared(index: int) -> bytes:
    return b'<c t="s"><v>%d</v></c>' % index


def number(value: int | float) -> bytes:
    return b"<c><v>%s</v></c>" % str(value).encode()


def one_huge_cell(path: Path) -> None:
    strings = [b"Date", b"SKU", b"Qty", b"2025-01-01", b"x" * (150 * 1024 * 1024)]
    write_workbook(path, strings, [[shared(0), shared(1), shared(2)], [shared(3), shared(4), number(1)]])


def a_million_rows(path: Path, rows: int = 1_000_000) -> None:
    """Sales and stock: 1,500 lines a day in 3 stores and 500 SKUs."""
    stores = [b"BER", b"MAD", b"PAR"]
    skus = [b"SKU-%04d" % i for i in range(500)]
    days = [(dt.date(2024, 1, 1) + dt.timedelta(days=k)).isoformat().encode() for k in range(rows // 1500 + 1)]
    header = [b"Date", b"Store", b"SKU", b"Qty", b"Price", b"Stock", b"Order"]
    first_store, first_sku, first_day = len(header), len(header) + 3, len(header) + 3 + 500

    def lines() -> Iterable[list[bytes]]:
        yield [shared(i) for i in range(len(header))]
        for i in range(rows):
            yield [
                shared(first_day + i // 1500), shared(first_store + i % 3), shared(first_sku + (i // 3) % 500),
                number(1 + i % 7), number(f"{3 + i % 40}.{i % 100:02d}"), number(i % 250), number(7_000_000 + i // 4),
            ]  # fmt: skip

    write_workbook(path, [*header, *stores, *skus, *days], lines())


def measure(path: Path, db: Path) -> tuple[int, float, float, int]:
    """Exit code, wall seconds, CPU seconds and peak RSS (MB) of the import
    command on `path`. CPU seconds tell the cost on a machine busy with other work."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    command = [sys.executable, "-m", "data_access.importer", str(path), "--db", f"duckdb:///{db}", "--mode", "replace"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    message = process.stderr.read().decode().strip()
    if message:
        print(f"  {message[:300]}")
    return os.waitstatus_to_exitcode(status), seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_limits", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="where to write the files (default: a temporary directory)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.dir or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        files = ((one_huge_cell, "one_150mb_cell.xlsx", 30), (a_million_rows, "one_million_rows.xlsx", 120))
        for make, name, target in files:
            path = directory / name
            make(path)
            print(f"{name} ({path.stat().st_size / 1024:,.0f} KB):")
            code, seconds, cpu, peak = measure(path, directory / "import_limits.duckdb")
            outcome = {0: "imported", 1: "refused"}.get(code, f"exit {code}")
            print(f"  {outcome} in {seconds:.1f} s ({cpu:.1f} s of CPU), peak RSS {peak:,} MB "
                  f"(targets: {target} s, 1,024 MB)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
