"""Debian's Chromium driven by Playwright (the Python package only: `playwright
install` cannot download a browser here), and what the browser tests do with
the dashboard's pages: open one and wait for it, pick filters, download a CSV,
take a screenshot. The fixtures are in browser_fixtures.py.

Waits are on content, never on time: after a click the app can still report
the previous run as finished, so each helper waits for what it expects to see.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

from data_access.config import PROJECT_ROOT

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # the sandbox cannot start as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # else Chromium keeps calling outside hosts
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SKELETON = '[data-testid="stSkeleton"]'
PLOTLY_DRAWN = '[data-testid="stPlotlyChart"] .main-svg'

VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 30_000
SCREENSHOT_DIR = PROJECT_ROOT / "test-artifacts" / "screenshots"
MAX_SCREENSHOT_HEIGHT = 12_000  # pixels; a full page is far shorter
LOCK_RETRY_SECONDS = TIMEOUT_MS / 1000  # a ceiling: the read goes ahead as soon as the server lets go of the file


def chromium_path() -> str | None:
    for path in CHROMIUM_PATHS:
        if shutil.which(path):
            return path
    return None


# --- the pages ----------------------------------------------------------------


@dataclass(frozen=True)
class BrowserPage:
    """A dashboard page: its title (the h1), its path and the chart it must draw."""

    title: str
    path: str  # "" for the Overview; Streamlit names the others after their file
    chart_key: str | None  # None: the page has no chart
    screenshot: str

    def url(self, base_url: str, query: str = "") -> str:
        return f"{base_url}/{self.path}" + (f"?{query}" if query else "")


OVERVIEW = BrowserPage("Overview", "", "chart_revenue_trend", "overview")
REVENUE = BrowserPage("Revenue", "Revenue", "chart_category_share", "revenue")
STOCK_HEALTH = BrowserPage("Stock health", "Stock_health", "chart_status", "stock_health")
TRENDS = BrowserPage("Trends", "Trends", "chart_trend", "trends")
FORECAST = BrowserPage("Forecast", "Forecast", "chart_forecast", "forecast")
REPLENISHMENT = BrowserPage("Replenishment", "Replenishment", None, "replenishment")
PEAK_READINESS = BrowserPage("Peak readiness", "Peak_readiness", "chart_peak_capacity", "peak_readiness")
SUPPLIERS = BrowserPage("Suppliers", "Suppliers", "chart_supplier_trend", "suppliers")
CASH = BrowserPage("Cash and classes", "Cash", "chart_age", "cash")
DATA = BrowserPage("Data", "Data", None, "data")
PAGES = (OVERVIEW, REVENUE, STOCK_HEALTH, TRENDS, FORECAST, REPLENISHMENT, PEAK_READINESS, SUPPLIERS, CASH, DATA)


# --- reference data -----------------------------------------------------------


def query(database: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Plain SQL on a DuckDB file, read-only. A server that is reading the
    same file holds its lock for a moment: retried for a few seconds."""
    import duckdb

    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    while True:
        try:
            with duckdb.connect(str(database), read_only=True) as conn:
                return conn.execute(sql, params or []).fetchall()
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def copy_database(source: Path, directory: Path) -> Path:
    target = directory / "copy.duckdb"
    shutil.copyfile(source, target)
    return target


# --- driving the app ----------------------------------------------------------


def wait_until_idle(page) -> None:
    """The script finished and every element is drawn. A fresh tab can read
    notRunning while Streamlit still shows skeletons in place of its widgets
    (seen in a tab opened after another test's): a click then lands on
    a placeholder, or on a widget about to be replaced, and the pick is lost."""
    page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
    expect(page.locator(SKELETON)).to_have_count(0, timeout=TIMEOUT_MS)


def wait_for_page(page, target: BrowserPage, chart: bool = True) -> None:
    """The page's own title, the script finished, no exception, and (with
    `chart`) its chart drawn: Plotly draws a second or two after the script
    ends, so tests that do not look at the chart skip that wait."""
    expect(page.locator("h1").first).to_have_text(target.title, timeout=TIMEOUT_MS)
    wait_until_idle(page)
    if chart and target.chart_key:
        page.locator(f".st-key-{target.chart_key} .main-svg").first.wait_for(timeout=TIMEOUT_MS)
        wait_until_idle(page)
    assert_no_exception(page)


def open_page(page, base_url: str, target: BrowserPage, query: str = "", chart: bool = True) -> None:
    page.goto(target.url(base_url, query))
    wait_for_page(page, target, chart)


def assert_no_exception(page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.all_inner_texts()


def metric_value(page, key: str):
    """The value locator of the st.metric in the container keyed `metric_<key>`."""
    return page.locator(f'.st-key-metric_{key} [data-testid="stMetricValue"]')


def visible_button(page, container_key: str):
    """Streamlit draws some buttons twice (one hidden copy, e.g. with a help
    tooltip): the one a user can click."""
    return page.locator(f".st-key-{container_key} button").filter(visible=True)


def choose_option(page, widget_key: str, option: str) -> None:
    """Pick `option` in a selectbox or multiselect and close its list. The
    list draws only the options in view, so the option is typed first. The
    app is let finish first: a click while the sidebar is redrawn is lost."""
    wait_until_idle(page)
    field = page.locator(f".st-key-{widget_key} input")
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    if page.locator(f'.st-key-{widget_key} [data-testid="stMultiSelect"]').count():
        expect(page.locator(f".st-key-{widget_key} [data-tag] [title]").filter(has_text=option)).to_have_count(1)
    else:
        expect(field).to_have_value(option)


def expect_options(page, widget_key: str, values: list[str], attempts: int = 3) -> None:
    """Open a selectbox's or multiselect's list and wait until it offers
    exactly `values`. A click that lands while the sidebar is still being
    redrawn opens nothing, and a redraw just after can close the list again:
    then the app is let finish and the field clicked again, a bounded number
    of times. A list that is open with other options fails at once."""
    field, options = page.locator(f".st-key-{widget_key} input"), page.get_by_role("option")
    for _ in range(attempts):
        wait_until_idle(page)
        field.click()
        try:
            expect(options).to_have_text(values, timeout=TIMEOUT_MS // attempts)
            return
        except AssertionError:
            if options.count():
                raise
            page.keyboard.press("Escape")
    raise AssertionError(f"the list of {widget_key} did not stay open in {attempts} clicks")


def expect_selected_tags(page, widget_key: str, values: list[str]) -> None:
    """Wait until a multiselect shows exactly `values` as chosen (a rerun may
    still be redrawing it when the script state first reads notRunning)."""
    expect(page.locator(f".st-key-{widget_key} [data-tag] [title]")).to_have_text(values, timeout=TIMEOUT_MS)


def expect_query(page, **wanted: list[str]) -> None:
    """Wait until the URL's query string holds `wanted` (key -> all its values):
    the app rewrites the URL one key at a time while its script runs."""
    try:
        page.wait_for_function(
            """wanted => { const query = new URLSearchParams(location.search);
                return Object.entries(wanted).every(([key, values]) =>
                    JSON.stringify(query.getAll(key)) === JSON.stringify(values)); }""",
            arg=wanted,
            timeout=TIMEOUT_MS,
        )
    except Exception as exc:  # playwright's TimeoutError: say what the URL was
        raise AssertionError(f"the URL {page.url} does not hold {wanted}") from exc


def sidebar_link(page, title: str):
    return page.locator('[data-testid="stSidebar"] a', has_text=title)


def download_csv(page, key: str, directory: Path) -> Path:
    """Click the CSV button keyed `download_<key>` and save the file. Waits for
    the script to finish first: during a rerun the old button is still there."""
    wait_until_idle(page)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        visible_button(page, f"download_{key}").click()
    download = info.value
    assert download.failure() is None, download.failure()
    target = directory / download.suggested_filename
    download.save_as(target)
    return target


def euro_texts(amount: float) -> set[str]:
    """How st.metric(format="€%,.0f") may show `amount` (sent rounded to 4
    decimals): rounded to whole euros, and at an exact half either neighbour,
    since JavaScript and Python round halves differently."""
    exact = Decimal(str(round(amount, 4)))
    whole = {exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)}
    if exact % 1 in (Decimal("0.5"), Decimal("-0.5")):
        whole.add(exact.quantize(Decimal(1), rounding=ROUND_HALF_DOWN))
    return {("-" if value < 0 else "") + f"€{abs(int(value)):,}" for value in whole}


def save_screenshot(page, name: str) -> Path:
    """A full-page screenshot in test-artifacts/screenshots/<name>.png.

    Streamlit scrolls its main area and sidebar inside the window, so a
    full-page screenshot of the window shows only the first screen: the
    window is made as tall as the content for the shot, then restored."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        """() => Math.max(window.innerHeight, ...['stMain', 'stSidebarContent']
            .map(id => document.querySelector(`[data-testid="${id}"]`))
            .filter(Boolean).map(e => e.scrollHeight))"""
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height), MAX_SCREENSHOT_HEIGHT)})
    try:
        _settle(page)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(VIEWPORT)
    return path


def _settle(page) -> None:
    """Two animation frames: the resized layout (charts, canvas tables) has been painted."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    wait_until_idle(page)
