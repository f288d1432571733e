"""The dashboard's server for the soak: `streamlit run app.py` in this process,
writing every script run (its session, thread and seconds) and every loader
cache miss (the `inventory.queries` log) as JSON lines to a file, so the soak
can report the server's time per rerun beside what the browsers wait.

    python -m benchmarks.soak_server LOG.jsonl [streamlit run options...]

Benchmark only: it wraps `AppSession._on_scriptrunner_event`, the hook every
script run reports its start and end through.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner import ScriptRunnerEvent
from streamlit.web import cli

ENDS = {
    ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS,
    ScriptRunnerEvent.SCRIPT_STOPPED_WITH_COMPILE_ERROR,
    ScriptRunnerEvent.SCRIPT_STOPPED_FOR_RERUN,
}


class JsonLines:
    def __init__(self, path: str) -> None:
        self._file = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (open while the server runs)
        self._lock = threading.Lock()

    def write(self, record: dict) -> None:
        with self._lock:
            self._file.write(json.dumps(record) + "\n")


class LoaderLines(logging.Handler):
    def __init__(self, out: JsonLines) -> None:
        super().__init__(level=logging.DEBUG)
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        self.out.write({"kind": "loader", "thread": record.thread, "loader": record.loader,
                        "started": record.started, "seconds": record.seconds})  # fmt: skip


def _cpu_seconds(thread: int) -> float | None:
    """The CPU time a thread has used (its own clock: the script's work,
    whatever else the machine's cores ran meanwhile); None once it is gone."""
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(thread))
    except (OSError, AttributeError):
        return None


def record_runs(out: JsonLines) -> None:
    original = AppSession._on_scriptrunner_event
    started: dict[str, tuple[float, float, int]] = {}

    def on_event(self, sender, event, *args, **kwargs):
        now = time.perf_counter()
        if event == ScriptRunnerEvent.SCRIPT_STARTED:  # reported by the script's own thread
            thread = threading.get_ident()
            started[self.id] = (now, time.time(), thread, _cpu_seconds(thread))
        elif event in ENDS and self.id in started:
            began, wall, thread, cpu = started.pop(self.id)
            ended = _cpu_seconds(thread)
            cpu_seconds = ended - cpu if None not in (cpu, ended) else None
            out.write({"kind": "run", "session": self.id, "thread": thread, "started": began, "wall": wall,
                       "seconds": now - began, "cpu_seconds": cpu_seconds, "end": event.name})  # fmt: skip
        return original(self, sender, event, *args, **kwargs)

    AppSession._on_scriptrunner_event = on_event


def main() -> None:
    out = JsonLines(sys.argv[1])
    logger = logging.getLogger("inventory.queries")
    logger.addHandler(LoaderLines(out))
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    record_runs(out)
    sys.argv = ["streamlit", "run", "app.py", *sys.argv[2:]]
    cli.main()


if __name__ == "__main__":
    main()
