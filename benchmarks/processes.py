"""Run one benchmark stage in its own Python process and measure it from the
outside: wall time and the child's peak RSS (from `wait4`), so stages that
load very different amounts of data do not inflate each other's memory figure.

Linux folds the parent's RSS at fork time into a child's `ru_maxrss`, so the
orchestrating process stays small (it loads no data itself), and stages that
report their own memory read the kernel's high-water mark, VmHWM, instead."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from data_access.config import redact_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    peak_rss_mb: float


class StageFailed(RuntimeError):
    """A stage's process exited with an error; its output is in the message."""


def run_python(*args: str, env: dict[str, str] | None = None, quiet: bool = False) -> ChildRun:
    """`python ARGS` from the project root; raises `StageFailed` on a non-zero exit."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
    )
    output = process.stdout.read().decode(errors="replace") if quiet else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        shown = " ".join(redact_url(arg) if "://" in arg else arg for arg in args)  # no passwords on screen
        raise StageFailed(f"`python {shown}` exited with {process.returncode}.\n{output[-4000:]}".rstrip())
    return ChildRun(seconds=seconds, peak_rss_mb=usage.ru_maxrss / 1024)


def own_peak_rss_mb() -> float:
    """This process's peak resident memory since it started (VmHWM, in KiB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
