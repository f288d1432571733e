"""Sign-in for real: a local OpenID Connect provider (oidc-provider-mock),
`streamlit run` with a secrets file whose `[auth]` points at it and whose
`[access]` maps its users, and Chromium going through the provider's login
form. A viewer sees no import controls, not even by URL; a user scoped to one
warehouse sees only its numbers, whatever the link asks for; signing out
ends the session. Each user gets a browser context of their own (the
sign-in cookies last 30 days)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.conftest import skip_or_fail
from tests.support.browser import (  # expect: playwright's, None without it
    DATA,
    OVERVIEW,
    TIMEOUT_MS,
    VIEWPORT,
    copy_database,
    expect,
    expect_options,
    query,
    visible_button,
    wait_for_page,
    wait_until_idle,
)
from tests.support.streamlit_server import free_port, streamlit_server
from tests.test_browser import expect_net_revenue, trailing_days

pytest_plugins = ["tests.support.browser_fixtures"]

PROVIDER_START_SECONDS = 30
SCOPED_TO = "BER"
USERS = {
    "viewer": {"sub": "viewer", "email": "viewer@example.com", "name": "Vera Viewer"},
    "scoped": {"sub": "scoped", "email": "scoped@example.com", "name": "Sam Scoped", "groups": ["berlin"]},
}
SECRETS = """\
[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "browser-test-cookie-secret"
client_id = "inventory-dashboard"
client_secret = "not-checked-by-the-mock"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[access.users."viewer@example.com"]
role = "viewer"

[access.groups.berlin]
role = "viewer"
warehouses = ["{scoped_to}"]
"""


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def provider(tmp_path_factory, browser):
    """The provider's base URL; skips (or fails) when it cannot start."""
    try:
        import oidc_provider_mock  # noqa: F401
    except ImportError as exc:
        skip_or_fail(f"oidc-provider-mock is not installed ({exc}); pip install oidc-provider-mock==0.3.4")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    claims = [argument for user in USERS.values() for argument in ("--user-claims", json.dumps(user))]
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *claims], stdout=out, stderr=out
        )
    try:
        deadline = time.monotonic() + PROVIDER_START_SECONDS
        while not _answers(f"{base}/.well-known/openid-configuration"):
            if process.poll() is not None or time.monotonic() > deadline:
                skip_or_fail(f"the OIDC provider did not start: {log.read_text(errors='replace')[-500:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def signed_app(provider, browser_database, tmp_path_factory):
    """A dashboard server with sign-in, on a copy of the browser database; yields (base URL, database copy)."""
    directory = tmp_path_factory.mktemp("signed_app")
    database = copy_database(browser_database.reference, directory)
    app_port = free_port()
    secrets = directory / "secrets.toml"
    secrets.write_text(SECRETS.format(app_port=app_port, provider=provider, scoped_to=SCOPED_TO), encoding="utf-8")
    with streamlit_server(
        f"duckdb:///{database}", directory / "streamlit.log", port=app_port,
        extra_args=("--secrets.files", str(secrets)),
    ) as base_url:  # fmt: skip
        yield base_url, database


@pytest.fixture
def new_user_page(browser):
    """`new_user_page()` -> a tab in a fresh context (no sign-in cookies) that
    reaches only this machine (the provider's pages link a CDN stylesheet)."""
    contexts = []

    def open_one():
        context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        context.route(
            "**/*",
            lambda route: route.continue_()
            if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost")
            else route.abort(),
        )
        contexts.append(context)
        return context.new_page()

    yield open_one
    for context in contexts:
        context.close()


def sign_in(page, base_url: str, user: str) -> None:
    page.goto(f"{base_url}/")
    expect(page.get_by_text("Sign in to see the dashboard.")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0, timeout=TIMEOUT_MS)
    wait_until_idle(page)  # a click while the page is redrawn is lost
    visible_button(page, "sign_in").click()
    page.locator('input[name="sub"]').fill(USERS[user]["sub"])
    page.get_by_role("button", name="Authorize", exact=True).click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {USERS[user]['email']}", timeout=TIMEOUT_MS)
    wait_until_idle(page)


def test_a_viewer_cannot_see_or_reach_the_import_and_signs_out(signed_app, new_user_page):
    base_url, _ = signed_app
    page = new_user_page()
    sign_in(page, base_url, "viewer")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("viewer · all warehouses", timeout=TIMEOUT_MS)

    page.goto(DATA.url(base_url))  # by URL, as a crafted link would
    expect(page.locator("h1").first).to_have_text(DATA.title, timeout=TIMEOUT_MS)
    expect(page.get_by_text("Only admins import data.")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0, timeout=TIMEOUT_MS)
    expect(page.locator(".st-key-import")).to_have_count(0, timeout=TIMEOUT_MS)

    visible_button(page, "sign_out").click()
    end_session = page.get_by_role("button", name="End session")
    signed_out = page.get_by_text("Sign in to see the dashboard.")
    expect(end_session.or_(signed_out)).to_be_visible(timeout=TIMEOUT_MS)
    if end_session.is_visible():
        end_session.click()
    expect(signed_out).to_be_visible(timeout=TIMEOUT_MS)
    page.goto(DATA.url(base_url))
    expect(signed_out).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0, timeout=TIMEOUT_MS)


def test_a_scoped_user_sees_only_their_warehouse_whatever_the_link_says(signed_app, new_user_page, browser_database):
    base_url, _ = signed_app
    database = browser_database.reference  # the served copy's twin: the server may hold the copy's lock
    others = [code for (code,) in query(database, "SELECT code FROM warehouses ORDER BY code") if code != SCOPED_TO]
    page = new_user_page()
    sign_in(page, base_url, "scoped")
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"viewer · {SCOPED_TO}", timeout=TIMEOUT_MS)
    start, end = trailing_days(browser_database, 90)
    mine = query(
        database,
        "SELECT SUM(l.net_revenue) FROM order_lines l JOIN warehouses w ON w.warehouse_id = l.warehouse_id "
        "WHERE w.code = ? AND l.order_date BETWEEN ? AND ?",
        [SCOPED_TO, start, end],
    )[0][0]
    for link in ("", f"warehouse={others[0]}", f"warehouse={others[0]}&warehouse={others[-1]}"):
        page.goto(OVERVIEW.url(base_url, link))
        wait_for_page(page, OVERVIEW)  # a chart drawn after the click would close the list
        expect_net_revenue(page, mine)
        expect_options(page, "filter_warehouses", [SCOPED_TO])
        page.keyboard.press("Escape")
