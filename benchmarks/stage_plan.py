"""Stage: the replenishment plan from the stored forecast, and its replay.

    python -m benchmarks.stage_plan --db URL --out RESULT.json [--runs N] [--weeks N]

Times `services.replenishment.run_plan` as the command runs it (read the
latest forecast, stock, open orders and receipts; compute; store), `runs`
times, and replays the last `weeks` weeks of the pinned shop under the
min/max rule and the plan (`services.replay.run_replay`), reporting both
policies' scores. Runs after the forecast stage: the pages read this plan.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from benchmarks.processes import own_peak_rss_mb
from data_access.engine import make_engine
from services import replay, replenishment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=replay.DEFAULT_WEEKS)
    args = parser.parse_args()
    engine = make_engine(args.db)
    seconds, report = [], None
    for _ in range(args.runs):
        started = time.perf_counter()
        report = replenishment.run_plan(engine)
        seconds.append(time.perf_counter() - started)
    started = time.perf_counter()
    replayed = replay.run_replay(engine, args.weeks)
    replay_seconds = time.perf_counter() - started
    engine.dispose()
    result = {
        "plan": {
            "positions": report.plan.positions,
            "positions_to_order": report.plan.positions_to_order,
            "purchase_lines": report.purchase_lines,
            "transfer_lines": report.transfer_lines,
            "purchase_cost": round(report.purchase_cost, 2),
            "seconds_median": round(statistics.median(seconds), 3),
            "seconds_max": round(max(seconds), 3),
        },
        "replay": {
            "weeks": args.weeks,
            "first_day": replayed.first_day.isoformat(),
            "last_day": replayed.last_day.isoformat(),
            "positions": replayed.positions,
            "seconds": round(replay_seconds, 1),
            "balanced": replayed.balanced,
            "policies": replayed.policies,
        },
        "peak_rss_mb": round(own_peak_rss_mb(), 1),
    }
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
