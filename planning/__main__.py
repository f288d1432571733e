"""`python -m planning <job> [options]`: the command-line jobs.

A job is a module with HELP, `configure(parser)` and `run(args) -> exit code`
(raising `planning.jobs.JobFailed` for a one-line error); adding one is an
entry in JOBS.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planning import digest, forecast, plan, replay
from planning.jobs import EXIT_DATA, JobFailed, fail, first_line

PROG = "python -m planning"
JOBS = {"forecast": forecast, "plan": plan, "replay": replay, "digest": digest}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Planning jobs: forecasts, replenishment plans, their replay and alert digests."
    )
    jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB")
    for name, job in JOBS.items():
        job.configure(jobs.add_parser(name, help=job.HELP, description=job.__doc__.split("\n\n")[0]))
    args = parser.parse_args(argv)
    prog = f"{PROG} {args.job}"
    try:
        return JOBS[args.job].run(args)
    except JobFailed as exc:
        return fail(prog, str(exc), exc.code, args.db)
    except Exception as exc:  # a driver or disk error: the job's transaction was rolled back
        return fail(prog, f"{type(exc).__name__}: {first_line(exc)}. Nothing was stored.", EXIT_DATA, args.db)


if __name__ == "__main__":
    sys.exit(main())
