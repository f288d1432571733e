"""The project caps glibc's malloc arenas itself (data_access.allocator, set
when data_access.engine is imported), unless the environment does: DuckDB's
threads and threads that allocate side by side share two arenas."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from data_access.allocator import ARENAS, limit_malloc_arenas

ROOT = Path(__file__).resolve().parent.parent
THREADS = 6
# Each thread allocates under glibc's mmap threshold (so from an arena) and
# stays alive until all have, so none can inherit an arena a finished one left.
ALLOCATING_THREADS = f"""
import ctypes, sys, threading
if sys.argv[1] == "capped":
    import data_access.engine
all_allocated = threading.Barrier({THREADS})
kept = []
def allocate():
    kept.append(bytearray(100_000))
    all_allocated.wait()
threads = [threading.Thread(target=allocate) for _ in range({THREADS})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(None).malloc_stats()
"""

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the arena cap is glibc's mallopt")


def _arenas(mode: str) -> int:
    """The arenas glibc's malloc_stats reports after THREADS threads allocated side by side."""
    env = {key: value for key, value in os.environ.items() if key != "MALLOC_ARENA_MAX"}
    done = subprocess.run(
        [sys.executable, "-c", ALLOCATING_THREADS, mode], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return sum(line.startswith("Arena ") for line in done.stderr.splitlines())


@glibc
def test_threads_allocating_side_by_side_share_the_capped_arenas():
    assert _arenas("default") > ARENAS  # the premise: glibc alone gives them more
    assert _arenas("capped") <= ARENAS


def test_a_cap_from_the_environment_is_left_to_win(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False
