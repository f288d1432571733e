"""Stage: the load soak. Many browser sessions click through the pages and
filters of the default shop for minutes, against one real server on
127.0.0.1; bounded in sessions, time and each action's wait.

    python -m benchmarks.stage_soak --out RESULT.json [--db URL] [--sessions 20] [--minutes 5] [--think-seconds 10]

Reported: the server's time per rerun (every script run, and inside it the
loaders' time from the `inventory.queries` log, see benchmarks.soak_server)
beside the page-ready time the browsers saw (from the click until the page's
new state is drawn and its script has finished), each as median and 95th
percentile; errors (actions that failed or timed out, exceptions drawn); and
the server's RSS over time (psutil): idle after one visit to every page (its
imports and first cached results), during the soak, and after the sessions
closed, until Streamlit has dropped their state.

Between two actions a user reads the page for `--think-seconds` on average
(uniformly 0.5x to 1.5x, seeded per session). With 0 every session clicks
again as soon as its page is ready: a stress test in which, on 2 cores, the
20 browsers' own drawing starves the server and each other.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from analytics.date_ranges import CUSTOM_PRESET, PRESETS
from benchmarks.dataset import DATA_DIR
from benchmarks.processes import PROJECT_ROOT
from benchmarks.timing import LoaderCall, busy_seconds
from data_access.engine import make_engine
from i18n.labels import preset_label
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from services.replenishment import forecast_then_plan
from ui.navigation import PAGES

DEFAULT_SHOP_URL = f"duckdb:///{DATA_DIR / 'default-shop.duckdb'}"
ACTION_TIMEOUT_MS = 120_000
RAMP_SECONDS = 1.0
FIRST_VISIT_TIMEOUT_MS = 600_000
RSS_EVERY_SECONDS = 2.0
COOL_DOWN_SECONDS = 150.0
"""After the sessions close: past `server.disconnectedSessionTTL` (120 s), after which Streamlit drops their state."""
THINK_SECONDS = 10.0
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]  # fmt: skip
PRESET_CHOICES = [preset for preset in PRESETS if preset != CUSTOM_PRESET]


def ensure_default_shop(db_url: str) -> None:
    """The shop a first start builds (SimulationConfig's defaults), with its forecast and plan; once."""
    path = Path(db_url.split(":///", 1)[1])
    if path.is_file():
        return
    print(f"Building the default shop in {path} (first soak only) ...", flush=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    generate_into(db_url, SimulationConfig(), replace=True)
    engine = make_engine(db_url)
    try:
        forecast_then_plan(engine)
    finally:
        engine.dispose()


# --- the server and its memory ------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_url: str, run_log: Path, port: int, output: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "benchmarks.soak_server", str(run_log),
               "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    with open(output, "wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env={**os.environ, "INVENTORY_DB_URL": db_url},
                                   stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start: {output.read_text(errors='replace')[-2000:]}")
        time.sleep(0.3)


@dataclass
class MemorySampler:
    """The server's RSS every RSS_EVERY_SECONDS, tagged with the soak's phase."""

    pid: int
    phase: str = "idle"
    samples: list[tuple[float, str, float]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        self._began = time.monotonic()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        process = psutil.Process(self.pid)
        while not self._stop.is_set():
            rss = process.memory_info().rss / 2**20
            self.samples.append((round(time.monotonic() - self._began, 1), self.phase, round(rss, 1)))
            self._stop.wait(RSS_EVERY_SECONDS)

    def stop(self) -> None:
        self._stop.set()

    def of(self, phase: str) -> list[float]:
        return [rss for _, tag, rss in self.samples if tag == phase]

    def into(self, phase: str, seconds: float) -> float | None:
        """The first RSS sampled at least `seconds` into `phase`."""
        times = [(at, rss) for at, tag, rss in self.samples if tag == phase]
        return next((rss for at, rss in times if at >= times[0][0] + seconds), None) if times else None


# --- the browsers -------------------------------------------------------------


@dataclass
class SessionLog:
    ready_ms: list[tuple[str, float]] = field(default_factory=list)  # (action, milliseconds)
    actions: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


async def _ready(page, condition) -> None:
    """The action's new state is drawn (`condition`) and the script has finished."""
    await condition()
    await page.wait_for_selector(APP_IDLE, timeout=ACTION_TIMEOUT_MS)
    if await page.locator('[data-testid="stException"]').count():
        raise RuntimeError("an exception was drawn: " + " | ".join(
            await page.locator('[data-testid="stException"]').all_inner_texts()))  # fmt: skip


async def _wait_query(page, key: str, values: list[str]) -> None:
    """Until the URL's `key` holds `values`, in any order."""
    await page.wait_for_function(
        "([key, values]) => JSON.stringify(new URLSearchParams(location.search).getAll(key).sort()) === "
        "JSON.stringify(values)",
        arg=[key, sorted(values)], timeout=ACTION_TIMEOUT_MS,
    )  # fmt: skip


async def _go_to(page, title: str) -> None:
    await page.locator('[data-testid="stSidebar"] a', has_text=title).first.click()
    await _ready(page, lambda: page.locator("h1", has_text=title).first.wait_for(timeout=ACTION_TIMEOUT_MS))


async def _pick(page, widget_key: str, option: str) -> None:
    field_ = page.locator(f".st-key-{widget_key} input")
    await field_.click()
    await field_.fill(option)
    await page.get_by_role("option", name=option, exact=True).click()
    await page.keyboard.press("Escape")


async def _preset(page, preset: str) -> None:
    await _pick(page, "filter_preset", preset_label(preset))
    await _ready(page, lambda: _wait_query(page, "preset", [preset]))


async def _warehouse(page, state: dict, codes: list[str], rng: random.Random) -> None:
    chosen: list[str] = state.setdefault("warehouses", [])
    if len(chosen) >= 2:
        await page.locator(".st-key-filter_reset button").filter(visible=True).click()
        chosen.clear()
        state["preset"] = "last-90-days"
        await _ready(page, lambda: _wait_query(page, "warehouse", []))
        return
    code = rng.choice([c for c in codes if c not in chosen])
    await _pick(page, "filter_warehouses", code)
    chosen.append(code)
    await _ready(page, lambda: _wait_query(page, "warehouse", chosen))


async def run_session(
    browser, base_url: str, codes: list[str], deadline: float, number: int, think: float
) -> SessionLog:
    """One user: opens the Overview, then clicks pages, presets and warehouses
    at random until `deadline`, reading each page for about `think` seconds;
    after a failed action it opens the Overview afresh."""
    log, rng, state = SessionLog(), random.Random(number), {}
    context = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    page = await context.new_page()
    titles = [entry.title for entry in PAGES]
    current = None
    await asyncio.sleep(number * RAMP_SECONDS)  # the sessions arrive one after another, then all click at once
    try:
        while time.monotonic() < deadline:
            kind = "open" if current is None else rng.choices(["page", "preset", "warehouse"], weights=[2, 1, 1])[0]
            started = time.perf_counter()
            try:
                if kind == "open":
                    await page.goto(base_url)
                    await _ready(page, lambda: page.locator("h1", has_text="Overview").first.wait_for())
                    current, state = "Overview", {}
                elif kind == "page":
                    current = rng.choice([t for t in titles if t != current])
                    await _go_to(page, current)
                elif kind == "preset" and current != "Data":
                    state["preset"] = rng.choice([p for p in PRESET_CHOICES if p != state.get("preset")])
                    await _preset(page, state["preset"])
                elif kind == "warehouse" and current != "Data":
                    await _warehouse(page, state, codes, rng)
                else:
                    continue
            except Exception as exc:  # a timeout or an exception drawn: counted, then start afresh
                log.errors.append(f"{kind} on {current}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                current = None
                continue
            log.ready_ms.append((kind, (time.perf_counter() - started) * 1000))
            log.actions[kind] = log.actions.get(kind, 0) + 1
            await asyncio.sleep(min(rng.uniform(0.5, 1.5) * think, max(deadline - time.monotonic(), 0)))
    finally:
        await context.close()
    return log


async def soak(
    base_url: str, sessions: int, seconds: float, think: float, codes: list[str], sampler: MemorySampler
) -> tuple[list[SessionLog], float]:
    """Every session's log, and when (time.time()) the sessions started."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        first = await browser.new_context(locale="en-GB")
        page = await first.new_page()  # every page once first: its imports and caches, then the idle level
        await page.goto(base_url)
        await page.locator("h1", has_text="Overview").first.wait_for(timeout=FIRST_VISIT_TIMEOUT_MS)
        await page.wait_for_selector(APP_IDLE, timeout=FIRST_VISIT_TIMEOUT_MS)
        for entry in PAGES[1:]:
            await _go_to(page, entry.title)
        await first.close()
        await asyncio.sleep(10)
        sampler.phase, began = "soak", time.time()
        deadline = time.monotonic() + seconds
        logs = await asyncio.gather(
            *(run_session(browser, base_url, codes, deadline, n, think) for n in range(sessions))
        )
        sampler.phase = "after"
        await browser.close()
    return logs, began


# --- the numbers --------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"count": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"count": len(values), "median": round(statistics.median(ordered), 1), "p95": round(p95, 1)}


def server_times(run_log: Path, since: float) -> tuple[list[float], list[float]]:
    """Per script run that started after `since` (time.time()): its milliseconds, and its loaders' busy ones."""
    runs, loaders = [], []
    for line in run_log.read_text().splitlines():
        record = json.loads(line)
        (runs if record["kind"] == "run" else loaders).append(record)
    by_thread: dict[int, list[LoaderCall]] = {}
    for record in loaders:
        by_thread.setdefault(record["thread"], []).append(
            LoaderCall(record["loader"], (), {}, record["started"], record["seconds"]))  # fmt: skip
    run_ms, loader_ms = [], []
    for run in runs:
        if run["wall"] < since:
            continue
        end = run["started"] + run["seconds"]
        inside = [c for c in by_thread.get(run["thread"], []) if run["started"] <= c.started <= end]
        run_ms.append(run["seconds"] * 1000)
        loader_ms.append(busy_seconds(inside) * 1000)
    return run_ms, loader_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=DEFAULT_SHOP_URL)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--think-seconds", type=float, default=THINK_SECONDS,
                        help="average pause between a page being ready and the next click (0: none)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.db == DEFAULT_SHOP_URL:
        ensure_default_shop(args.db)
    engine = make_engine(args.db)
    with engine.connect() as conn:
        codes = [row[0] for row in conn.exec_driver_sql("SELECT code FROM warehouses ORDER BY code")]
    engine.dispose()
    with tempfile.TemporaryDirectory(prefix="soak-") as scratch:
        run_log, port = Path(scratch) / "runs.jsonl", _free_port()
        server = start_server(args.db, run_log, port, Path(scratch) / "server.log")
        sampler = MemorySampler(server.pid)
        sampler.start()
        try:
            print(f"Soak: {args.sessions} browser sessions, {args.minutes:g} min, 127.0.0.1:{port} ...", flush=True)
            logs, soak_began = asyncio.run(
                soak(f"http://127.0.0.1:{port}", args.sessions, args.minutes * 60, args.think_seconds, codes, sampler)
            )
            time.sleep(COOL_DOWN_SECONDS)
        finally:
            sampler.stop()
            server.terminate()
            server.wait(timeout=30)
        run_ms, loader_ms = server_times(run_log, soak_began)
    ready = [(kind, ms) for log in logs for kind, ms in log.ready_ms]
    errors = [error for log in logs for error in log.errors]
    actions: dict[str, int] = {}
    for log in logs:
        for kind, count in log.actions.items():
            actions[kind] = actions.get(kind, 0) + count
    idle, during, after = sampler.of("idle"), sampler.of("soak"), sampler.of("after")
    result = {
        "sessions": args.sessions,
        "minutes": args.minutes,
        "think_seconds": args.think_seconds,
        "cool_down_seconds": COOL_DOWN_SECONDS,
        "actions": actions,
        "page_ready_ms": percentiles([ms for _, ms in ready]),
        "page_ready_ms_by_action": {kind: percentiles([ms for k, ms in ready if k == kind]) for kind in actions},
        "server_run_ms": percentiles(run_ms),
        "server_loader_ms": percentiles(loader_ms),
        "errors": len(errors),
        "error_samples": errors[:20],
        "rss_mb": {
            "server_started": idle[0] if idle else None,
            "idle": idle[-1] if idle else None,
            "peak": max(during, default=None),
            "soak_median": round(statistics.median(during), 1) if during else None,
            "a_minute_after": sampler.into("after", 60.0),
            "after_sessions": after[-1] if after else None,
        },
        "rss_samples": sampler.samples,
    }
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
