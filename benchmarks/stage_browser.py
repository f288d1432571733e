"""Stage: the speed a user feels, in a real browser against `streamlit run`.

    python -m benchmarks.stage_browser [--db URL] [--root PATH] [--runs N] [--out RESULT.json]

Chromium (through Playwright) opens the dashboard at 1400 px and times, from
the user's click to the page being idle again
(`[data-testid="stApp"][data-test-script-state="notRunning"]`, after the
rerun that click started):
- first start: opening the Overview until it is drawn (when the default shop
  does not exist yet it is generated first, with its forecast and plan: the
  first-start time);
- page switch: Overview -> Stock health -> Overview by the sidebar links;
- filter change: the date preset, on the Overview and on Stock health;
- toggle: Stock health's "Stock value" / "Positions" switch (a fragment).
The first of each is cold (caches empty); the rest are warm, reported as a
median. The click time and the idle time are both read in the page
(`performance.now()`), so Playwright's own round trips are not counted.
`--root` serves another checkout (e.g. the main branch) with the same
measurement, for a before/after. Targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from data_access.config import PROJECT_ROOT
from tests.support.browser import APP_IDLE, CHROMIUM_ARGS, VIEWPORT, chromium_path, sidebar_link
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
_IDLE_AFTER_CLICK = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const ran = window.__states.some(([state, at]) => state === 'running' && at >= window.__lastClick);
    return ran && app.getAttribute('data-test-script-state') === 'notRunning';
}"""
_SECONDS_SINCE_CLICK = """() => {
    const idle = window.__states.filter(([state]) => state === 'notRunning').pop();
    return (idle[1] - window.__lastClick) / 1000;
}"""


def _timed(page, action) -> float:
    """Seconds from the click `action` makes to the end of the rerun it starts."""
    action()
    try:
        page.wait_for_function(_IDLE_AFTER_CLICK, timeout=STEP_TIMEOUT_MS)
    except Exception as exc:  # playwright's TimeoutError: show what the page saw
        seen = page.evaluate("() => [window.__states.slice(-6), window.__lastClick, performance.now()]")
        raise RuntimeError(f"no rerun ended after the click; script states (state, ms), last click, now: {seen}") from exc
    return page.evaluate(_SECONDS_SINCE_CLICK)


def _switch_to(page, title: str) -> float:
    seconds = _timed(page, lambda: sidebar_link(page, title).click())
    page.locator("h1", has_text=title).first.wait_for(timeout=STEP_TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, timeout=STEP_TIMEOUT_MS)
    return seconds


def _pick(page, widget_key: str, option: str) -> float:
    """Choose `option` in a selectbox: the click on the option is the user's change."""
    field = page.locator(f".st-key-{widget_key} input")
    field.click()
    field.fill(option)  # as the browser tests do: the list then shows the option, settled
    choice = page.get_by_role("option", name=option, exact=True)
    choice.wait_for(timeout=STEP_TIMEOUT_MS)
    seconds = _timed(page, choice.click)
    page.keyboard.press("Escape")
    return seconds


def _toggle(page, label: str) -> float:
    return _timed(page, lambda: page.locator(".st-key-stock_status_measure label", has_text=label).click())


def _summary(times: list[float]) -> dict:
    warm = times[1:] or times
    return {
        "cold_s": round(times[0], 2),
        "warm_median_s": round(statistics.median(warm), 2),
        "warm_max_s": round(max(warm), 2),
        "runs": len(times),
        "target_met": statistics.median(warm) <= TARGET_WARM_SECONDS,
    }


def measure(base_url: str, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("No Chromium found (apt-get install chromium); the browser stage needs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        first = page.evaluate("() => performance.now()")
        page.goto(base_url)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=FIRST_START_TIMEOUT_MS)
        page.wait_for_selector(APP_IDLE, timeout=STEP_TIMEOUT_MS)
        first_start = (page.evaluate("() => performance.now()") - first) / 1000
        page.evaluate(_WATCH)
        switches, overview_filters, stock_filters, toggles = [], [], [], []
        presets = ("Last 30 days", "Last 90 days")
        for _run in range(runs + 1):
            overview_filters.append(_pick(page, "filter_preset", presets[0]))  # each pick changes the range
            switches.append(_switch_to(page, "Stock health"))
            stock_filters.append(_pick(page, "filter_preset", presets[1]))
            toggles.append(_toggle(page, "Stock value"))
            toggles.append(_toggle(page, "Positions"))
            switches.append(_switch_to(page, "Overview"))
        browser.close()
    return {
        "first_start_s": round(first_start, 1),
        "page_switch": _summary(switches),
        "filter_change_overview": _summary(overview_filters),
        "filter_change_stock_health": _summary(stock_filters),
        "stock_value_toggle": _summary(toggles),
        "target_warm_s": TARGET_WARM_SECONDS,
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
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="browser-benchmark-") as scratch:
        db_url = args.db or f"duckdb:///{args.root.resolve() / 'sample_data' / 'inventory.duckdb'}"
        log = Path(scratch) / "streamlit.log"
        with streamlit_server(db_url, log, root=args.root.resolve(), startup_timeout=120) as base_url:
            result = {"root": str(args.root.resolve()), **measure(base_url, args.runs)}
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
