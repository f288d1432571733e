"""Stage: the speed a user feels, in a real browser against `streamlit run`.

    python -m benchmarks.stage_browser [--db URL] [--root PATH] [--runs N] [--out RESULT.json]
    python -m benchmarks.stage_browser --first-start [--root PATH] [--out RESULT.json]

Chromium (through Playwright) opens the dashboard at 1400 px and times, from
the user's click to the page being idle again
(`[data-testid="stApp"][data-test-script-state="notRunning"]`, after the
rerun that click started; the rerun's end is the server's `script_finished`
message, since under load the page may draw a whole rerun at once without
ever showing it running):
- first start: opening the Overview until it is drawn (when the default shop
  does not exist yet it is generated first, with its forecast and plan: the
  first-start time);
- page switch: Overview -> Stock health -> Overview by the sidebar links;
- filter change: the date preset, on the Overview and on Stock health;
- toggle: Stock health's "Stock value" / "Positions" switch (a fragment);
- every page by its sidebar link, twice: the switch's time cold and warm, and
  the bytes the websocket carried for it, received (what the server sent: the
  page's elements and data) and sent (the browser's rerun requests).
The first of each is cold (caches empty); the rest are warm, reported as a
median. Each step also records the websocket bytes between click and idle,
and the server's own time for the script runs the click caused (the server
is `benchmarks.soak_server`, which logs every script run and loader miss), so
that the rest of the time is the browser's: sending, receiving, drawing
(fragment reruns, such as the toggle, are not in that log). The click time
and the idle time are both read in the page (`performance.now()`), so
Playwright's own round trips are not counted.
`--root` serves another checkout (e.g. the main branch) with the same
measurement, for a before/after. Targets are reported, never asserted.

`--first-start` measures the true first start instead: a scratch copy of the
checkout (its source, no database) is served with `streamlit run app.py`, and
the time runs from starting that process, through generating the sample shop
with its forecast and plan, until the Overview is drawn and idle in the
browser.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from data_access.config import PROJECT_ROOT
from tests.support.browser import APP_IDLE, CHROMIUM_ARGS, PAGES, PLOTLY_DRAWN, VIEWPORT, chromium_path, sidebar_link
from tests.support.streamlit_server import streamlit_server

TARGET_WARM_SECONDS = 1.0
FIRST_START_TIMEOUT_MS = 600_000
STEP_TIMEOUT_MS = 120_000

# Records each script-state change and the last click, in the page's own clock.
_WATCH = """() => {
    if (window.__watching) return;
    window.__watching = true;
    window.__states = [];
    window.__lastClick = performance.now();
    document.addEventListener('pointerdown', () => { window.__lastClick = performance.now(); }, true);
    new MutationObserver(records => {
        const now = performance.now();
        for (const record of records) {
            if (record.target.getAttribute('data-testid') !== 'stApp') continue;
            window.__states.push([record.oldValue, now], [record.target.getAttribute('data-test-script-state'), now]);
        }
    }).observe(document.body, {
        attributes: true, subtree: true, attributeOldValue: true, attributeFilter: ['data-test-script-state'],
    });
}"""
# Once the server has ended the click's rerun: the page has drawn it when the app is idle and, if the page
# showed the run at all, idle after it. Under load React may draw a whole rerun in one update, and then the
# app never shows "running" (a rerun ended by a lost click never gets this far: no message ends it).
_DRAWN_AFTER_RUN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const since = window.__states.filter(([, at]) => at >= window.__lastClick);
    const idle = app.getAttribute('data-test-script-state') === 'notRunning';
    return idle && (since.length === 0 || since[since.length - 1][0] === 'notRunning');
}"""
# Two animation frames: the page has handled what had reached it (the rerun's last message among it).
_SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# The "notRunning" the rerun ended with; when the page drew the rerun in one update, now.
_SECONDS_SINCE_CLICK = """() => {
    const idle = window.__states.filter(([state, at]) => state === 'notRunning' && at >= window.__lastClick).pop();
    return ((idle ? idle[1] : performance.now()) - window.__lastClick) / 1000;
}"""


def _ends_a_run(payload: str | bytes) -> bool:
    """Whether a websocket frame is the server's `script_finished` message,
    the last of every rerun (full or fragment), for a run that was not cut
    short by another."""
    if isinstance(payload, str):
        return False
    message = ForwardMsg()
    message.ParseFromString(payload)
    return (
        message.WhichOneof("type") == "script_finished"
        and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
    )


class ServerRuns:
    """The server's log of script runs and loader misses (JSON lines), read
    as it grows: each `take` returns what was written since the last."""

    def __init__(self, path: Path) -> None:
        self.path, self._offset = path, 0

    def take(self) -> list[dict]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as log:
            log.seek(self._offset)
            text = log.read()
        complete = text[: text.rfind("\n") + 1]
        self._offset += len(complete.encode())
        return [json.loads(line) for line in complete.splitlines()]


@dataclass
class Traffic:
    """Bytes of websocket payload the page received and sent so far, the
    server's script runs, and the CPU time of the page's main thread (Chrome's
    TaskDuration in thread time: what drawing costs the browser, whatever
    else the machine's cores are busy with)."""

    runs: ServerRuns
    received: int = 0
    sent: int = 0
    socket: object = None  # the page's websocket to the server
    _devtools: object = None

    def watch(self, page) -> None:
        page.on("websocket", self._attach)
        self._devtools = page.context.new_cdp_session(page)
        self._devtools.send("Performance.enable", {"timeDomain": "threadTicks"})

    def browser_cpu_seconds(self) -> float:
        metrics = self._devtools.send("Performance.getMetrics")["metrics"]
        return next(metric["value"] for metric in metrics if metric["name"] == "TaskDuration")

    def _attach(self, socket) -> None:
        self.socket = socket
        socket.on("framereceived", lambda payload: self._add("received", payload))
        socket.on("framesent", lambda payload: self._add("sent", payload))

    def _add(self, direction: str, payload: str | bytes) -> None:
        size = len(payload.encode()) if isinstance(payload, str) else len(payload)
        setattr(self, direction, getattr(self, direction) + size)


@dataclass
class Step:
    seconds: float
    received: int
    sent: int
    server_seconds: float = 0.0  # the script runs that ended during the step
    server_cpu_seconds: float = 0.0  # their threads' CPU time
    browser_cpu_seconds: float = 0.0  # the page's main thread, busy


@dataclass
class Steps:
    """Each repeat of one kind of step, in order (the first is cold)."""

    taken: list[Step] = field(default_factory=list)

    def add(self, step: Step) -> None:
        self.taken.append(step)


def _timed(page, traffic: Traffic, action) -> Step:
    """Seconds from the click `action` makes to the end of the rerun it
    starts, the websocket bytes between the two (the server's last message
    of a rerun arrives before the app reports idle), and the server's time.
    The rerun's end is its `script_finished` message, not the app's state
    alone: under load the page can skip showing "running"."""
    received, sent, cpu = traffic.received, traffic.sent, traffic.browser_cpu_seconds()
    traffic.runs.take()
    try:
        with traffic.socket.expect_event("framereceived", predicate=_ends_a_run, timeout=STEP_TIMEOUT_MS):
            action()
    except Exception as exc:  # playwright's TimeoutError: show what the page saw
        seen = page.evaluate("() => [window.__states.slice(-6), window.__lastClick, performance.now()]")
        raise RuntimeError(f"no rerun ended after the click; script states (state, ms), last click, now: {seen}") from exc
    page.evaluate(_SETTLED)
    page.wait_for_function(_DRAWN_AFTER_RUN, timeout=STEP_TIMEOUT_MS)
    runs = [record for record in traffic.runs.take() if record["kind"] == "run"]
    server, server_cpu = (sum(run.get(key) or 0.0 for run in runs) for key in ("seconds", "cpu_seconds"))
    seconds = page.evaluate(_SECONDS_SINCE_CLICK)
    return Step(seconds, traffic.received - received, traffic.sent - sent, server, server_cpu,
                traffic.browser_cpu_seconds() - cpu)  # fmt: skip


def _switch_to(page, traffic: Traffic, title: str) -> Step:
    step = _timed(page, traffic, lambda: sidebar_link(page, title).click())
    page.locator("h1", has_text=title).first.wait_for(timeout=STEP_TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, timeout=STEP_TIMEOUT_MS)
    return step


def _pick(page, traffic: Traffic, widget_key: str, option: str) -> Step:
    """Choose `option` in a selectbox: the click on the option is the user's change."""
    field = page.locator(f".st-key-{widget_key} input")
    field.click()
    field.fill(option)  # as the browser tests do: the list then shows the option, settled
    choice = page.get_by_role("option", name=option, exact=True)
    choice.wait_for(timeout=STEP_TIMEOUT_MS)
    step = _timed(page, traffic, choice.click)
    page.keyboard.press("Escape")
    return step


def _toggle(page, traffic: Traffic, label: str) -> Step:
    return _timed(page, traffic, lambda: page.locator(".st-key-stock_status_measure label", has_text=label).click())


def _summary(steps: Steps) -> dict:
    times = [step.seconds for step in steps.taken]
    warm = steps.taken[1:] or steps.taken
    warm_times = [step.seconds for step in warm]
    return {
        "cold_s": round(times[0], 2),
        "warm_median_s": round(statistics.median(warm_times), 2),
        "warm_max_s": round(max(warm_times), 2),
        "runs": len(times),
        "target_met": statistics.median(warm_times) <= TARGET_WARM_SECONDS,
        "warm_median_server_s": round(statistics.median(step.server_seconds for step in warm), 2),
        "warm_median_server_cpu_s": round(statistics.median(step.server_cpu_seconds for step in warm), 2),
        "warm_median_browser_cpu_s": round(statistics.median(step.browser_cpu_seconds for step in warm), 2),
        "warm_median_kb_received": round(statistics.median(step.received for step in warm) / 1024, 1),
        "warm_median_kb_sent": round(statistics.median(step.sent for step in warm) / 1024, 1),
    }


def _every_page(page, traffic: Traffic) -> dict:
    """Each page by its sidebar link, from the one before it (the Overview
    last, from Data), twice: the first visit's time (cold unless the steps
    before filled its caches) and the second's, with what that switch carried
    and the server's time for it."""
    order = (*PAGES[1:], PAGES[0])
    cold = {target.title: _switch_to(page, traffic, target.title) for target in order}
    pages = {}
    for target in order:
        warm = _switch_to(page, traffic, target.title)
        pages[target.title] = {
            "cold_s": round(cold[target.title].seconds, 2), "warm_s": round(warm.seconds, 2),
            "warm_server_s": round(warm.server_seconds, 2), "warm_server_cpu_s": round(warm.server_cpu_seconds, 2),
            "warm_browser_cpu_s": round(warm.browser_cpu_seconds, 2),
            "kb_received": round(warm.received / 1024, 1), "kb_sent": round(warm.sent / 1024, 1),
        }  # fmt: skip
    return pages


def _open_overview(page, url: str) -> None:
    page.goto(url)
    page.locator(PLOTLY_DRAWN).first.wait_for(timeout=FIRST_START_TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, timeout=STEP_TIMEOUT_MS)


def _launch(playwright):
    executable = chromium_path()
    if executable is None:
        raise SystemExit("No Chromium found (apt-get install chromium); the browser stage needs it.")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def measure(base_url: str, runs: int, server_runs: ServerRuns) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _launch(playwright)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        traffic = Traffic(server_runs)
        traffic.watch(page)
        first = page.evaluate("() => performance.now()")
        _open_overview(page, base_url)
        first_start = (page.evaluate("() => performance.now()") - first) / 1000
        page.evaluate(_WATCH)
        switches, overview_filters, stock_filters, toggles = Steps(), Steps(), Steps(), Steps()
        presets = ("Last 30 days", "Last 90 days")
        for _run in range(runs + 1):
            overview_filters.add(_pick(page, traffic, "filter_preset", presets[0]))  # each pick changes the range
            switches.add(_switch_to(page, traffic, "Stock health"))
            stock_filters.add(_pick(page, traffic, "filter_preset", presets[1]))
            toggles.add(_toggle(page, traffic, "Stock value"))
            toggles.add(_toggle(page, traffic, "Positions"))
            switches.add(_switch_to(page, traffic, "Overview"))
        pages = _every_page(page, traffic)
        browser.close()
    return {
        "first_start_s": round(first_start, 1),
        "page_switch": _summary(switches),
        "filter_change_overview": _summary(overview_filters),
        "filter_change_stock_health": _summary(stock_filters),
        "stock_value_toggle": _summary(toggles),
        "pages": pages,
        "target_warm_s": TARGET_WARM_SECONDS,
    }


def _copy_source(root: Path, into: Path) -> Path:
    """The checkout's files without databases, test output or git: served, it
    starts as a new user's checkout does, with no sample database yet."""
    ignored = shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", "*.duckdb", "*.duckdb.wal", "data", "test-artifacts", ".pytest_cache",
    )  # fmt: skip
    return Path(shutil.copytree(root, into / "checkout", ignore=ignored))


def measure_first_start(root: Path, scratch: Path) -> dict:
    """From `streamlit run app.py` in a checkout without a database to the
    Overview drawn and idle in the browser (the browser is launched first, as
    a user's is already open)."""
    from playwright.sync_api import sync_playwright

    from data_access.config import DEFAULT_DB_PATH

    checkout = _copy_source(root, scratch)
    database = checkout / DEFAULT_DB_PATH.relative_to(PROJECT_ROOT)
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        started = time.perf_counter()
        with streamlit_server(f"duckdb:///{database}", scratch / "streamlit.log", root=checkout,
                              startup_timeout=120) as base_url:  # fmt: skip
            serving = time.perf_counter() - started
            _open_overview(page, base_url)
            ready = time.perf_counter() - started
        browser.close()
    return {
        "first_start_s": round(ready, 1),
        "server_up_s": round(serving, 1),
        "database_mb": round(database.stat().st_size / 2**20, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stage_browser", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", metavar="URL",
        help="database to serve (default: the checkout's default shop, filled on its first start when missing)",
    )  # fmt: skip
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="checkout whose app.py is served")
    parser.add_argument("--runs", type=int, default=5, metavar="N", help="warm repeats of each step (default 5)")
    parser.add_argument("--out", type=Path, metavar="PATH", help="write the result as JSON here")
    parser.add_argument(
        "--first-start", action="store_true",
        help="measure the true first start instead: a copy of the checkout without a database, from `streamlit run` "
             "(sample shop generated) until the Overview is ready in the browser",
    )  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="browser-benchmark-") as scratch:
        if args.first_start:
            result = {"root": str(args.root.resolve()), **measure_first_start(args.root.resolve(), Path(scratch))}
        else:
            result = _measure_served(args, Path(scratch))
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    return 0


def _measure_served(args: argparse.Namespace, scratch: Path) -> dict:
    db_url = args.db or f"duckdb:///{args.root.resolve() / 'sample_data' / 'inventory.duckdb'}"
    runs = ServerRuns(scratch / "runs.jsonl")
    with streamlit_server(db_url, scratch / "streamlit.log", root=args.root.resolve(), startup_timeout=120,
                          launcher=("benchmarks.soak_server", str(runs.path))) as base_url:  # fmt: skip
        return {"root": str(args.root.resolve()), **measure(base_url, args.runs, runs)}


if __name__ == "__main__":
    raise SystemExit(main())
