"""`python -m planning plan`: compute and store the replenishment plan.

    python -m planning plan [--db URL] [--as-of YYYY-MM-DD] [--service-levels A,B,C] [--abc A,B]
                            [--review-day DAY] [--transfer-days N]

Plans every product x warehouse from the latest stored forecast, with the
stock, open purchase orders and received orders of --as-of (default: the
last day with data): transfers first, then purchase orders, placed the next
day. Settings not given are the latest plan's (the defaults before the first
plan); the plan stores them, and Stock health, the Overview and the alerts
judge positions by them. `python -m planning forecast` runs a plan after
each forecast.
"""

from __future__ import annotations

import argparse
from datetime import date

from analytics.policy import PolicySettings
from analytics.policy.settings import WEEKDAYS
from data_access.engine import DatabaseUnavailableError, connect
from planning.jobs import EXIT_OK, EXIT_USAGE, JobFailed, add_db_option, open_database
from services import replenishment
from services.reads import ConnectionReads

HELP = "compute and store the replenishment plan from the latest forecast"


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-11-30") from None


def _percentages(count: int, what: str):
    def parse(text: str) -> tuple[float, ...]:
        try:
            values = tuple(float(part) / 100 for part in text.split(","))
        except ValueError:
            values = ()
        if len(values) != count:
            raise argparse.ArgumentTypeError(f"{text!r}: give {what} as {count} percentages, e.g. {_EXAMPLES[what]}")
        return values

    return parse


_EXAMPLES = {"service levels": "98,95,90", "ABC thresholds": "80,95"}


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)
    parser.add_argument("--as-of", type=_as_of, metavar="YYYY-MM-DD", help="stock and orders as of this day")
    parser.add_argument(
        "--service-levels", type=_percentages(3, "service levels"), metavar="A,B,C",
        help="service level of ABC classes A, B and C in percent (default 98,95,90)",
    )  # fmt: skip
    parser.add_argument(
        "--abc", type=_percentages(2, "ABC thresholds"), metavar="A,B",
        help="cumulative revenue share where classes A and B end, in percent (default 80,95)",
    )  # fmt: skip
    parser.add_argument("--review-day", choices=WEEKDAYS, help="the weekday of the review (default monday)")
    parser.add_argument("--transfer-days", type=int, metavar="N", help="days a transfer takes (default 2)")


def settings_from(args: argparse.Namespace, current: PolicySettings) -> PolicySettings:
    """`current` with the options given on the command line."""
    changes = {
        "service_levels": args.service_levels,
        "abc_thresholds": args.abc,
        "review_weekday": args.review_day,
        "transfer_lead_days": args.transfer_days,
    }
    try:
        return PolicySettings(**{**current.to_params(), **{k: v for k, v in changes.items() if v is not None}})
    except ValueError as exc:
        raise JobFailed(f"bad setting: {exc}", EXIT_USAGE) from None


def describe(report: replenishment.PlanReport) -> str:
    plan = report.plan
    return (
        f"Plan {plan.plan_id}: as of {plan.as_of}, orders placed {plan.order_day}; {plan.positions:,} positions, "
        f"{plan.positions_to_order:,} at or below their reorder point; {report.purchase_lines:,} purchase lines "
        f"({report.units:,} units, {report.purchase_cost:,.2f} at cost), {report.transfer_lines:,} transfers; "
        f"{plan.seconds:.1f} s"
    )


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db)
    try:
        with connect(database.engine) as conn:
            settings = settings_from(args, replenishment.current_settings(ConnectionReads(conn)))
        report = replenishment.run_plan(database.engine, args.as_of, settings)
    except (replenishment.NothingToPlan, DatabaseUnavailableError) as exc:
        raise JobFailed(str(exc)) from None
    finally:
        database.engine.dispose()
    print(f"{describe(report)} (in {database.shown})")
    return EXIT_OK
