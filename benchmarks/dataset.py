"""The benchmark's data: a database of N order lines generated once with
`python -m sample_data` and reused, and a CSV of sales lines for the import
measurement. What was generated, and how long it took, is recorded in
`benchmarks/data/generated.json` so a reused database still reports it.

The shop is pinned (`SHOP`: seed, last day, three years of days), so results
never drift with the calendar, and a database or CSV made for another pinning
is never reused. Three years give a backtest of yearly seasonality two full
years before each cutoff of its last year. The last day, Sunday 6 December
2026, ends a whole Monday-start week (1,095 days are 156 whole weeks and 3
days) a week after Cyber Monday: the last 26 and 52 weeks hold the summer
sales, 11.11 and all of Black Friday to Cyber Monday, and the Christmas rush
(15 to 22 December) lies ahead.

Work that loads data runs in a child process (`python -m benchmarks.dataset
upgrade URL` or `csv ROWS`) so that the orchestrator stays small; see
`benchmarks.processes`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from benchmarks.processes import PROJECT_ROOT, run_python
from data_access.bulk import as_date
from data_access.config import redact_url
from data_access.engine import connect, make_engine
from data_access.migrations import upgrade
from data_access.schema import order_lines, products, warehouses

DATA_DIR = PROJECT_ROOT / "benchmarks" / "data"
RECORD = DATA_DIR / "generated.json"
SEED = 7
END_DATE = date(2026, 12, 6)
DAYS = 1095
SHOP = {"seed": SEED, "end_date": END_DATE.isoformat(), "days": DAYS}
BIG_CATALOG = {**SHOP, "days": 730, "products": 20_000, "warehouses": 8}
"""`--catalog big`: a fashion or electronics range (20,000 SKUs x 8 warehouses =
160,000 positions), two years so that it stays within the generator's 10 minutes."""
BIG_ORDER_LINES = 50_000_000
LINE_COUNT_SLACK = 0.05
"""How far the generator's line count may be from the one asked for (it aims, it does not count)."""
CSV_CHUNK_ROWS = 200_000


@dataclass(frozen=True)
class Generated:
    order_lines_requested: int
    order_lines: int
    seconds: float | None
    peak_rss_mb: float | None
    """None for a database generated outside the benchmark and reused."""
    shop: dict
    """The pinning it was generated with (`SHOP`)."""
    reused: bool = False


def default_db_url(order_lines_wanted: int, shop: dict = SHOP) -> str:
    prefix = "bench" if shop == SHOP else "big"
    return f"duckdb:///{DATA_DIR / f'{prefix}-{order_lines_wanted}.duckdb'}"


def database_file_mb(url: str) -> float | None:
    """Size of a file database (DuckDB or SQLite), WAL included; None for a server."""
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("duckdb", "sqlite") or not parsed.database:
        return None
    files = [Path(parsed.database), Path(parsed.database + ".wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 2**20


def count_order_lines(url: str) -> int:
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            if not sa.inspect(conn).has_table("order_lines"):
                return 0
            return conn.execute(sa.select(sa.func.count()).select_from(order_lines)).scalar_one()
    finally:
        engine.dispose()


def _upgrade(url: str) -> None:
    """Migrate the benchmark's own database, file or server (for a server this
    is the deploy step `python -m data_access.migrate` stands for)."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def is_reusable(known: dict | None, url: str, order_lines_wanted: int, shop: dict = SHOP) -> bool:
    """Whether the database `known` records was generated for this size and
    pinning and still holds its lines (a record from before the pinning has none)."""
    return (
        known is not None
        and known.get("shop") == shop
        and known["order_lines_requested"] == order_lines_wanted
        and count_order_lines(url) == known["order_lines"]
    )


def holds_shop(url: str, order_lines_wanted: int, shop: dict) -> bool:
    """Whether a database generated without the benchmark (say with `python -m
    sample_data` and the same options) holds this shop: its products,
    warehouses and days, and about the lines asked for. A big catalog takes
    minutes to generate, so such a file is reused rather than replaced."""
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            if not sa.inspect(conn).has_table("order_lines"):
                return False
            lines, first, last = conn.execute(
                sa.select(sa.func.count(), sa.func.min(order_lines.c.order_date), sa.func.max(order_lines.c.order_date))
            ).one()
            counts = [
                conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in (products, warehouses)
            ]
    finally:
        engine.dispose()
    end = date.fromisoformat(shop["end_date"])
    return (
        counts == [shop.get("products"), shop.get("warehouses")]
        and abs(lines - order_lines_wanted) <= LINE_COUNT_SLACK * order_lines_wanted
        and as_date(last) == end
        and (end - as_date(first)).days < shop["days"]
    )


def ensure_generated(url: str, order_lines_wanted: int, shop: dict = SHOP) -> Generated:
    """Reuse the database when it still holds what was generated for this size
    and pinning (for the big catalog also one generated outside the benchmark,
    see `holds_shop`); otherwise generate it (replacing what is there) and record the run."""
    key = redact_url(url)
    records = json.loads(RECORD.read_text()) if RECORD.exists() else {}
    known = records.get(key)
    run_python("-m", "benchmarks.dataset", "upgrade", url)
    if is_reusable(known, url, order_lines_wanted, shop):
        return Generated(**{**known, "reused": True})
    if shop != SHOP and holds_shop(url, order_lines_wanted, shop):
        return Generated(order_lines_wanted, count_order_lines(url), None, None, shop, reused=True)
    print(f"Generating about {order_lines_wanted:,} order lines into {key} ...", flush=True)
    size = [f"--{name}={shop[name]}" for name in ("products", "warehouses") if name in shop]
    run = run_python(
        "-m", "sample_data", "--db", url, "--replace", "--seed", str(shop["seed"]), *size,
        "--end-date", shop["end_date"], "--days", str(shop["days"]), "--order-lines", str(order_lines_wanted),
    )  # fmt: skip
    generated = Generated(
        order_lines_wanted, count_order_lines(url), round(run.seconds, 2), round(run.peak_rss_mb, 1), shop
    )
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    records[key] = {name: value for name, value in asdict(generated).items() if name != "reused"}
    RECORD.write_text(json.dumps(records, indent=2))
    return generated


def import_csv_path(rows: int) -> Path:
    """A CSV of `rows` sales lines as a shop system would export them, cut from
    a simulated shop of about that size (built once, in a child, then reused)."""
    path = _csv_path(rows)
    if not path.exists():
        ensure_generated(default_db_url(rows), rows)
        run_python("-m", "benchmarks.dataset", "csv", str(rows))
    return path


def _csv_path(rows: int) -> Path:
    return DATA_DIR / f"import-{rows}-seed{SEED}-{END_DATE}-{DAYS}d.csv"


def _write_csv(rows: int) -> None:
    path, source = _csv_path(rows), default_db_url(rows)
    stmt = (
        sa.select(
            order_lines.c.order_date.label("date"),
            order_lines.c.order_id,
            products.c.sku,
            products.c.name.label("product_name"),
            products.c.category,
            warehouses.c.code.label("warehouse"),
            warehouses.c.region,
            order_lines.c.quantity,
            order_lines.c.unit_price,
            order_lines.c.net_revenue.label("revenue"),
        )
        .select_from(order_lines.join(products).join(warehouses))
        .order_by(order_lines.c.order_date, order_lines.c.order_id, products.c.sku)
        .limit(rows)
    )
    partial = path.with_suffix(".partial")
    engine = make_engine(source)
    try:
        with connect(engine) as conn:
            chunks = pd.read_sql(stmt, conn, chunksize=CSV_CHUNK_ROWS)
            for number, chunk in enumerate(chunks):
                chunk.to_csv(partial, mode="a" if number else "w", header=number == 0, index=False)
    finally:
        engine.dispose()
    partial.replace(path)


def main() -> None:
    command, argument = sys.argv[1:3]
    if command == "upgrade":
        _upgrade(argument)
    elif command == "csv":
        _write_csv(int(argument))
    else:
        raise SystemExit(f"unknown command {command!r}; use upgrade URL or csv ROWS")


if __name__ == "__main__":
    main()
