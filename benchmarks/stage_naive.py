"""Stage: the naive approach, in its own process so its memory is its own.

    python -m benchmarks.stage_naive --db URL --calls CALLS.pickle --out RESULT.json

Reads every row into pandas once (timed), then computes each page's loader
calls with pandas (timed per page, once: it is seconds, not milliseconds).
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from pathlib import Path

from benchmarks.naive import NaiveShop
from benchmarks.processes import own_peak_rss_mb
from benchmarks.timing import timed
from data_access.engine import connect, make_engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--calls", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    calls = pickle.loads(args.calls.read_bytes())
    engine = make_engine(args.db)
    started = time.perf_counter()
    with connect(engine) as conn:
        shop = NaiveShop.load(conn)
    load_seconds = time.perf_counter() - started
    pages = {
        title: {
            "compute_ms": round(timed(lambda: [shop.query(name)(*a, **kw) for name, a, kw in page_calls]) * 1000, 1)
        }
        for title, page_calls in calls.items()
    }
    result = {"load_ms": round(load_seconds * 1000, 1), "pages": pages, "peak_rss_mb": round(own_peak_rss_mb(), 1)}
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
