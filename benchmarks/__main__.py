"""The performance benchmark: every page's data queries, side by side with the
naive pandas approach and a hand-written SQL floor, plus memory, generation
and import throughput.

    python -m benchmarks [--db URL] [--order-lines N] [--runs N] [--json PATH]
    python -m benchmarks --soak [--soak-sessions 20] [--soak-minutes 5] [--soak-think-seconds 10]
                                [--db URL] [--json PATH]
    python -m benchmarks --catalog big [--db URL] [--order-lines N] [--no-forecast] [--json PATH]

The database is generated once per size with `python -m sample_data` and then
reused. Each stage runs in its own process so that its memory is its own.
Targets are reported, never asserted: this is not a test.

`--catalog big` benchmarks the big catalog instead (20,000 SKUs x 8
warehouses, two years, 50M order lines unless --order-lines says otherwise):
a --db file already holding that shop is reused whoever generated it, and the
naive stage (it cannot load 50M lines on this machine), the import and the
browser stage (both about the default shop) are left out.

`--soak` runs the load soak instead (benchmarks/stage_soak.py): browser
sessions clicking through the default shop's pages and filters against a
real server on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from sqlalchemy.engine import make_url

from benchmarks import dataset, report
from benchmarks.processes import StageFailed, run_python
from data_access.config import ConfigError, check_url, redact_url
from data_access.engine import DatabaseUnavailableError

DEFAULT_ORDER_LINES = 10_000_000
DEFAULT_IMPORT_ROWS = 1_000_000
PACKAGES = ("streamlit", "pandas", "sqlalchemy", "duckdb", "duckdb-engine", "psycopg")


def _at_least_one(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _database_url(text: str) -> str:
    try:
        check_url(text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db",
        type=_database_url,
        metavar="URL",
        help="database to benchmark (default: a scratch DuckDB file per size)",
    )
    parser.add_argument(
        "--order-lines",
        type=_at_least_one,
        metavar="N",
        help=f"order lines to generate when the database is new (default {DEFAULT_ORDER_LINES:,}; "
        f"{dataset.BIG_ORDER_LINES:,} with --catalog big)",
    )
    parser.add_argument(
        "--catalog", choices=("default", "big"), default="default",
        help="default: the 300-SKU shop; big: 20,000 SKUs in 8 warehouses (pages and generation only)",
    )  # fmt: skip
    parser.add_argument(
        "--no-forecast", action="store_true",
        help="skip the forecast and plan stages (the Forecast and Replenishment pages read what is stored)",
    )  # fmt: skip
    parser.add_argument("--runs", type=_at_least_one, default=5, metavar="N", help="warm runs per page (default 5)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the result as JSON here")
    parser.add_argument(
        "--browser-db",
        type=_database_url,
        metavar="URL",
        help="database the browser stage serves (default: the default shop, sample_data/inventory.duckdb)",
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the browser stage (needs Chromium)")
    parser.add_argument(
        "--import-rows",
        type=_at_least_one,
        default=DEFAULT_IMPORT_ROWS,
        metavar="N",
        help=f"rows in the import CSV (default {DEFAULT_IMPORT_ROWS:,})",
    )
    parser.add_argument(
        "--import-db",
        type=_database_url,
        metavar="URL",
        help="database the CSV is imported into, replaced each run (default: a scratch DuckDB file)",
    )
    parser.add_argument(
        "--soak", action="store_true",
        help="run the load soak instead: browser sessions clicking through the default shop (--db to use another)",
    )  # fmt: skip
    parser.add_argument("--soak-sessions", type=_at_least_one, default=20, metavar="N",
                        help="concurrent browser sessions in the soak (default 20)")  # fmt: skip
    parser.add_argument("--soak-minutes", type=float, default=5.0, metavar="M",
                        help="how long the soak's sessions click (default 5)")  # fmt: skip
    parser.add_argument("--soak-think-seconds", type=float, default=10.0, metavar="S",
                        help="average pause between a page being ready and a session's next click (default 10; "
                             "0 clicks at once: a stress test)")  # fmt: skip
    return parser


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gib": round(memory_kib / 2**20, 1),
        "python": platform.python_version(),
        "packages": {name: version(name) for name in PACKAGES},
    }


def measure_import(rows: int, target_url: str) -> dict:
    csv = dataset.import_csv_path(rows)
    target = make_url(target_url)
    if target.get_backend_name() == "duckdb" and target.database:
        for leftover in (Path(target.database), Path(target.database + ".wal")):
            leftover.unlink(missing_ok=True)
    print(f"Importing {rows:,} rows from {csv.name} ...", flush=True)
    run = run_python("-m", "data_access.importer", str(csv), "--db", target_url, "--mode", "replace", quiet=True)
    return {
        "rows": rows,
        "seconds": round(run.seconds, 2),
        "rows_per_second": round(rows / run.seconds),
        "peak_rss_mb": round(run.peak_rss_mb, 1),
    }


def combine(pages: dict, naive: dict | None, targets: dict[str, float]) -> dict:
    """Per page: our numbers, the floor's, the naive approach's, and the ratios:
    against the floor the database reads alone (like for like), against the
    naive approach everything the page's loaders do (the conservative side)."""
    combined = {}
    for title, page in pages.items():
        reads, ours = page["queries"]["warm_median_ms"], page["loaders"]["warm_median_ms"]
        naive_ms = naive["load_ms"] + naive["pages"][title]["compute_ms"] if naive else None
        floor_ms = (page.get("floor") or {}).get("warm_median_ms")
        combined[title] = {
            **page,
            "naive_ms": None if naive_ms is None else round(naive_ms, 1),
            "speedup_vs_naive": round(naive_ms / ours, 1) if ours and naive_ms is not None else None,
            "vs_floor": round(reads / floor_ms, 2) if floor_ms else None,
        }
        combined[title]["targets_met"] = report.page_verdicts(combined[title], targets)
    return combined


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _soak(args, argv) if args.soak else _benchmark(args, argv)
    except (StageFailed, DatabaseUnavailableError) as exc:
        print(f"python -m benchmarks: error: {exc}", file=sys.stderr)
        return 1


def _soak(args: argparse.Namespace, argv: list[str] | None) -> int:
    with tempfile.TemporaryDirectory(prefix="benchmark-") as scratch:
        out = Path(scratch) / "soak.json"
        options = ["--sessions", str(args.soak_sessions), "--minutes", str(args.soak_minutes),
                   "--think-seconds", str(args.soak_think_seconds), "--out", str(out)]  # fmt: skip
        run_python("-m", "benchmarks.stage_soak", *options, *(["--db", args.db] if args.db else []))
        soak = json.loads(out.read_text())
    result = {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "soak": soak,
    }
    print()
    print("\n".join(report.soak_lines(soak)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, default=str))
    return 0


def _benchmark(args: argparse.Namespace, argv: list[str] | None) -> int:
    big = args.catalog == "big"
    shop = dataset.BIG_CATALOG if big else dataset.SHOP
    wanted = args.order_lines or (dataset.BIG_ORDER_LINES if big else DEFAULT_ORDER_LINES)
    db_url = args.db or dataset.default_db_url(wanted, shop)
    import_url = args.import_db or f"duckdb:///{dataset.DATA_DIR / 'import-target.duckdb'}"
    generated = dataset.ensure_generated(db_url, wanted, shop)
    with tempfile.TemporaryDirectory(prefix="benchmark-") as scratch:
        pages_json, calls, naive_json, forecast_json, plan_json, browser_json = (
            Path(scratch) / name
            for name in ("pages.json", "calls.pickle", "naive.json", "forecast.json", "plan.json", "browser.json")
        )
        forecast = plan = None
        if not args.no_forecast:
            print("Forecasting and backtesting every series (the Forecast page reads this run) ...", flush=True)
            run_python("-m", "benchmarks.stage_forecast", "--db", db_url, "--out", str(forecast_json))
            forecast = json.loads(forecast_json.read_text())
            print("Planning replenishment from it, and replaying the plan against min/max ...", flush=True)
            run_python("-m", "benchmarks.stage_plan", "--db", db_url, "--out", str(plan_json))
            plan = json.loads(plan_json.read_text())
        print(f"Running every page {args.runs + 1}x through AppTest ...", flush=True)
        run_python(
            "-m", "benchmarks.stage_pages", "--db", db_url, "--runs", str(args.runs),
            "--out", str(pages_json), "--calls", str(calls),
        )  # fmt: skip
        pages, naive = json.loads(pages_json.read_text()), None
        if not big:
            print("Reading every row into pandas (the naive approach) ...", flush=True)
            run_python("-m", "benchmarks.stage_naive", "--db", db_url, "--calls", str(calls), "--out", str(naive_json))
            naive = json.loads(naive_json.read_text())
        browser = None
        if not (args.no_browser or big):
            print("Timing clicks in Chromium against `streamlit run` on the default shop ...", flush=True)
            browser_db = ("--db", args.browser_db) if args.browser_db else ()
            run_python(
                "-m", "benchmarks.stage_browser", *browser_db, "--runs", str(args.runs), "--out", str(browser_json),
                quiet=True,
            )  # fmt: skip
            browser = json.loads(browser_json.read_text())
    targets = report.targets_for(make_url(db_url).get_backend_name(), args.catalog)
    result = {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "database": redact_url(db_url),
        "catalog": args.catalog,
        "order_lines": generated.order_lines,
        "database_file_mb": None if (size := dataset.database_file_mb(db_url)) is None else round(size, 1),
        "generation": vars(generated),
        "pages": combine(pages["pages"], naive, targets),
        "dashboard_peak_rss_mb": pages["peak_rss_mb"],
        "naive": naive and {"load_ms": naive["load_ms"], "peak_rss_mb": naive["peak_rss_mb"]},
        "import": None if big else measure_import(args.import_rows, import_url),
        "browser": browser,
        "targets": {**targets, **report.FORECAST_TARGETS, **report.PLAN_TARGETS},
    }
    if forecast is not None:
        result.update(forecast=forecast, plan=plan)
    result["missed_targets"] = report.missed_targets(result)
    print()
    print(report.markdown_table(result))
    print()
    print("\n".join(report.summary_lines(result)))
    if forecast is not None:
        print()
        print(report.forecast_table(forecast))
        print()
        print(report.plan_table(plan))
    if browser:
        print()
        print(report.browser_table(browser))
    print("Targets missed: " + (", ".join(result["missed_targets"]) or "none"))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
