"""Two malloc arenas for the process, as `MALLOC_ARENA_MAX=2` would give.

glibc gives threads that allocate arenas of their own, up to 8 per core, and
memory freed in one arena is not reused by another. DuckDB's threads,
Streamlit's script threads and the classifying threads
(`ui.loaders.classified_together`) each build and drop big frames at the big
catalog, so each arena keeps its own high-water mark. `python -m benchmarks
--catalog big` (5 Dec 2026) peaked at 2,174-2,207 MB with glibc's default,
1,906-1,950 MB with four arenas and 1,752-1,871 MB with two, against a 2 GB
target; two cost the Overview's page data about 0.35 s of 3.5 s, four nothing.
Two keep a margin for more cached filter combinations. glibc fixes its limit
once 9 arenas exist, and importing duckdb_engine alone made 9 (it opens a
database to list DuckDB's settings), so `data_access.engine` sets the cap
before that import. A MALLOC_ARENA_MAX in the environment is left to win.
"""

from __future__ import annotations

import ctypes
import os

ARENAS = 2
M_ARENA_MAX = -8  # glibc's <malloc.h>


def limit_malloc_arenas() -> bool:
    """Cap new arenas at ARENAS; False when the environment sets its own cap or
    the C library has no glibc `mallopt` (macOS, Windows, musl say no)."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return mallopt(M_ARENA_MAX, ARENAS) == 1
