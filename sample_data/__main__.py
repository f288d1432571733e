"""`python -m sample_data`: generate the sample shop into a database.

Problems are reported as one line naming the problem and the fix: exit code 2
for bad input, 1 for a database that cannot be used, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from data_access.config import ConfigError, check_url, redact_url, resolve_db_url
from data_access.engine import DatabaseUnavailableError
from sample_data.build import DatabaseNotEmptyError, generate_into
from sample_data.shops import DEFAULT_LOCALE, SHOPS
from sample_data.simulator import SimulationConfig

PROG = "python -m sample_data"
USAGE_ERROR, RUNTIME_ERROR, INTERRUPTED = 2, 1, 130


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error instead of the usage block."""

    def error(self, message: str) -> None:
        _fail(USAGE_ERROR, f"{message}. Run `{PROG} --help` for the options.")


def _whole_number(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    if maximum is None:
        allowed = f"a whole number of at least {minimum}"
    else:
        allowed = f"a whole number from {minimum} to {maximum}"

    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", ""))
        except ValueError:
            value = None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"expected {allowed}, got '{text}'")
        return value

    return parse


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got '{text}'") from None


def build_parser() -> argparse.ArgumentParser:
    defaults = SimulationConfig()
    most = min(len(shop.warehouses) for shop in SHOPS.values())
    parser = _Parser(
        prog=PROG,
        description="Generate a simulated online shop (sales, stock, purchase orders) into a database.",
    )
    add = parser.add_argument
    add("--db", metavar="URL", help="SQLAlchemy database URL (default: INVENTORY_DB_URL, "
        ".streamlit/secrets.toml, else sample_data/inventory.duckdb)")
    add("--products", type=_whole_number(1), default=defaults.products, metavar="N",
        help=f"number of SKUs (default {defaults.products})")
    add("--warehouses", type=_whole_number(1, most), default=defaults.warehouses, metavar="N",
        help=f"number of warehouses, 1 to {most} (default {defaults.warehouses})")
    add("--days", type=_whole_number(1), default=defaults.days, metavar="N",
        help=f"days of history (default {defaults.days})")
    add("--end-date", type=_iso_date, default=defaults.end_date, metavar="YYYY-MM-DD",
        help="last simulated day (default yesterday)")
    add("--seed", type=_whole_number(0), default=defaults.seed, metavar="N",
        help=f"random seed; the same seed gives the same data (default {defaults.seed})")
    add("--order-lines", type=_whole_number(1), metavar="N",
        help="scale demand to about N order lines (default: about 3 per SKU per day)")
    add("--locale", choices=tuple(SHOPS), default=DEFAULT_LOCALE,
        help="en: the European shop, in euro, with the European retail calendar (default); zh: a Chinese shop "
        "(Chinese names, warehouses in Chinese cities, yuan, 618, Double 11 and the Spring Festival)")
    add("--replace", action="store_true", help="replace the data already in the database")
    return parser


def _fail(code: int, message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _database_url(given: str | None) -> str:
    """The URL to write to, checked for syntax and for a backend whose driver is installed."""
    url = resolve_db_url() if given is None else given
    check_url(url)
    try:
        make_url(url).get_dialect().import_dbapi()
    except (sa.exc.NoSuchModuleError, sa.exc.ArgumentError, ImportError) as exc:
        raise ConfigError(
            f"cannot use the database URL {redact_url(url)}: {_first_line(exc)}. "
            "Use a duckdb:///, sqlite:/// or postgresql+psycopg:// URL."
        ) from exc
    return url


class _ProgressPrinter:
    """Prints a line per stage, and within a stage every 10%."""

    def __init__(self) -> None:
        self.last: tuple[int, str] | None = None

    def __call__(self, fraction: float, message: str) -> None:
        step = int(fraction * 10)
        if self.last and self.last[1] == message and self.last[0] == step:
            return
        self.last = (step, message)
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        url = _database_url(args.db)
        config = SimulationConfig(
            products=args.products,
            warehouses=args.warehouses,
            days=args.days,
            end_date=args.end_date,
            seed=args.seed,
            order_lines=args.order_lines,
            locale=args.locale,
        )
    except (ConfigError, ValueError) as exc:
        _fail(USAGE_ERROR, str(exc))
    shown = redact_url(url)
    print(f"Generating {config.first_day} to {config.end_date} into {shown}", file=sys.stderr)
    try:
        summary = generate_into(url, config, replace=args.replace, progress=_ProgressPrinter())
    except (DatabaseNotEmptyError, DatabaseUnavailableError) as exc:
        _fail(RUNTIME_ERROR, str(exc))
    except sa.exc.SQLAlchemyError as exc:
        _fail(RUNTIME_ERROR, f"writing to {shown} failed: {_first_line(getattr(exc, 'orig', None) or exc)}. "
              "Nothing was changed; check the database's permissions and free space.")
    except OSError as exc:
        _fail(RUNTIME_ERROR, f"cannot write {shown}: {exc.strerror or exc}. Check the folder exists and is writable.")
    except MemoryError:
        _fail(RUNTIME_ERROR, "out of memory. Ask for fewer --order-lines, --products or --days.")
    except KeyboardInterrupt:
        _fail(INTERRUPTED, "interrupted; the database was left as it was.")
    print(summary.format())
    return 0


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
