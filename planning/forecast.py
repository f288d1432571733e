"""`python -m planning forecast`: fit, backtest and store a demand forecast.

    python -m planning forecast [--db URL] [--as-of YYYY-MM-DD] [--horizon-weeks N] [--csv OUT.csv]

Uses only history on or before --as-of (default: the last day with data);
the first forecast week is the first Monday after it. Stores the run (the
page shows the latest) and, with --csv, writes one row per product x
warehouse x week: week_start (ISO Monday), sku, warehouse, forecast_units,
low (P10), high (P90), method. Then plans replenishment from the new run as
`python -m planning plan` does, with the latest plan's settings.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from data_access.engine import DatabaseUnavailableError, connect
from planning.jobs import EXIT_DATA, EXIT_OK, EXIT_USAGE, JobFailed, add_db_option, first_line, open_database
from planning.plan import describe
from services import forecast as forecasts
from services import replenishment
from services.reads import ConnectionReads

HELP = "fit, backtest and store the weekly demand forecast"


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-11-30") from None


def _horizon(text: str) -> int:
    try:
        weeks = int(text)
    except ValueError:
        weeks = 0
    if not 1 <= weeks <= forecasts.MAX_HORIZON_WEEKS:
        raise argparse.ArgumentTypeError(f"{text!r}: the horizon is a whole number of weeks, 1 to 52")
    return weeks


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)
    parser.add_argument("--as-of", type=_as_of, metavar="YYYY-MM-DD", help="last day of history to use")
    parser.add_argument(
        "--horizon-weeks",
        type=_horizon,
        default=forecasts.DEFAULT_HORIZON_WEEKS,
        metavar="N",
        help=f"weeks to forecast, 1 to 52 (default {forecasts.DEFAULT_HORIZON_WEEKS})",
    )
    parser.add_argument("--csv", type=Path, metavar="OUT.csv", help="also write the forecast to this CSV file")


def run(args: argparse.Namespace) -> int:
    if args.csv is not None and not args.csv.parent.is_dir():
        raise JobFailed(f"cannot write {args.csv}: the folder {args.csv.parent} does not exist", EXIT_USAGE)
    database = open_database(args.db)
    try:
        report, plan = replenishment.forecast_then_plan(database.engine, args.as_of, args.horizon_weeks)
        rows = None
        if args.csv:
            with connect(database.engine) as conn:
                rows = forecasts.forecast_rows(ConnectionReads(conn), report.run.run_id)
    except (forecasts.NothingToForecast, replenishment.NothingToPlan) as exc:
        raise JobFailed(str(exc)) from None
    except DatabaseUnavailableError as exc:
        raise JobFailed(str(exc)) from None
    finally:
        database.engine.dispose()
    if rows is not None:
        try:
            forecasts.write_csv(rows, args.csv)
        except OSError as exc:
            raise JobFailed(f"cannot write {args.csv}: {first_line(exc)}", EXIT_DATA) from None
    run_ = report.run
    accuracy = report.accuracy
    print(
        f"Forecast run {run_.run_id} in {database.shown}: as of {run_.as_of}, {run_.series:,} series x "
        f"{run_.horizon_weeks} weeks from {run_.first_week}; backtest WAPE {accuracy['wape']:.1%} "
        f"(seasonal naive {accuracy['naive_wape']:.1%}), bias {accuracy['bias']:+.1%}, "
        f"80% band coverage {accuracy['coverage']:.0%}; {run_.seconds:.1f} s"
        + (f"; written to {args.csv}" if args.csv else "")
        + ("" if run_.stock_levels else "; no stock levels: demand estimated from sales alone")
    )
    print(describe(plan))
    return EXIT_OK
