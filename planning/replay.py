"""`python -m planning replay`: replay the last weeks of a simulated shop under
the min/max rule and under this plan, and compare them.

    python -m planning replay [--db URL] [--weeks N] [--json OUT.json]

Both policies start from the same stock and open orders, review on the same
days (Mondays), round to the same packs and minimum orders, face the
simulator's stored true demand day by day and draw their new orders' lead
times from its stored supplier behaviour; the plan is refit every week on
the history the shop would have had. With --json, writes
{"weeks": N, "policies": {"min_max": {...}, "plan": {...}}}, each policy with
fill_rate, peak_fill_rate, stockout_days, avg_inventory_value and orders
(and transfers and unit counts). A database without the simulator's ground
truth (imported data) exits with 1; bad usage with 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from data_access.engine import DatabaseUnavailableError
from data_access.ground_truth import GroundTruthMissing
from planning.jobs import EXIT_DATA, EXIT_OK, EXIT_USAGE, JobFailed, add_db_option, first_line, open_database
from services import replay

HELP = "replay the last weeks under the min/max rule and under the plan (simulated shops)"
MAX_WEEKS = 104


def _weeks(text: str) -> int:
    try:
        weeks = int(text)
    except ValueError:
        weeks = 0
    if not 1 <= weeks <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"{text!r}: the replay is a whole number of weeks, 1 to {MAX_WEEKS}")
    return weeks


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)
    parser.add_argument(
        "--weeks", type=_weeks, default=replay.DEFAULT_WEEKS, metavar="N",
        help=f"weeks to replay, ending with the last whole week of data (default {replay.DEFAULT_WEEKS})",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write the result as JSON")


def document(weeks: int, result: replay.ReplayResult) -> dict:
    """The --json contract: weeks and, per policy, its scores."""
    return {
        "weeks": weeks,
        "first_day": result.first_day.isoformat(),
        "last_day": result.last_day.isoformat(),
        "positions": result.positions,
        "policies": result.policies,
    }


def run(args: argparse.Namespace) -> int:
    if args.json is not None and not args.json.parent.is_dir():
        raise JobFailed(f"cannot write {args.json}: the folder {args.json.parent} does not exist", EXIT_USAGE)
    database = open_database(args.db)
    try:
        result = replay.run_replay(database.engine, args.weeks)
    except (GroundTruthMissing, replay.ReplayImpossible, DatabaseUnavailableError) as exc:
        raise JobFailed(str(exc)) from None
    finally:
        database.engine.dispose()
    if args.json is not None:
        try:
            args.json.write_text(json.dumps(document(args.weeks, result), indent=2) + "\n")
        except OSError as exc:
            raise JobFailed(f"cannot write {args.json}: {first_line(exc)}", EXIT_DATA) from None
    print(f"Replay of {args.weeks} weeks ({result.first_day} to {result.last_day}, {result.positions:,} positions) "
          f"in {database.shown}:")  # fmt: skip
    for line in table(result):
        print(line)
    return EXIT_OK


_ROWS = (
    ("fill_rate", "Fill rate", "{:.1%}"),
    ("peak_fill_rate", "Fill rate on peak days", "{:.1%}"),
    ("stockout_days", "Stockout days", "{:,}"),
    ("avg_inventory_value", "Average inventory value at cost", "{:,.0f}"),
    ("orders", "Purchase-order lines", "{:,}"),
    ("transfers", "Transfers", "{:,}"),
)


def table(result: replay.ReplayResult) -> list[str]:
    """The scores side by side, one line each."""
    policies = result.policies
    lines = [f"  {'':<34}{'min/max':>16}{'plan':>16}"]
    for key, label, shown in _ROWS:
        values = [policies[name][key] for name in ("min_max", "plan")]
        lines.append(f"  {label:<34}" + "".join(f"{'-' if v is None else shown.format(v):>16}" for v in values))
    return lines
