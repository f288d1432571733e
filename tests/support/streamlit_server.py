"""A real `streamlit run app.py` server for the browser tests, stopped by its own pid."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from data_access.config import PROJECT_ROOT

STARTUP_TIMEOUT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


@contextmanager
def streamlit_server(
    db_url: str,
    log_path: Path,
    extra_env: Mapping[str, str] | None = None,
    root: Path = PROJECT_ROOT,
    startup_timeout: float = STARTUP_TIMEOUT_SECONDS,
    *,
    port: int | None = None,
    extra_args: Sequence[str] = (),
    launcher: Sequence[str] = ("streamlit", "run", "app.py"),
) -> Iterator[str]:
    """Serve the dashboard against `db_url` on `port` (a free one by default);
    yields its base URL. `extra_env` adds variables to the server's environment
    (e.g. INVENTORY_MAPPINGS_DIR), `extra_args` options (e.g. --secrets.files);
    `root`: the checkout whose app.py is served (the benchmark compares two);
    `launcher`: the module run with `python -m` and its arguments before the
    options (the browser benchmark runs `benchmarks.soak_server LOG`, which
    records each script run)."""
    port = port or free_port()
    env = {**os.environ, **(extra_env or {}), "INVENTORY_DB_URL": db_url}
    command = [
        sys.executable, "-m", *launcher,
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_args,
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while not _healthy(base_url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Streamlit did not start; see {log_path}:\n{log_path.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
