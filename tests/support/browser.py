"""Debian's Chromium driven by Playwright (the Python package only: `playwright
install` cannot download a browser here)."""

from __future__ import annotations

import shutil

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
PLOTLY_DRAWN = '[data-testid="stPlotlyChart"] .main-svg'


def chromium_path() -> str | None:
    for path in CHROMIUM_PATHS:
        if shutil.which(path):
            return path
    return None
