"""No database secret is ever shown: every form a URL can carry one in, on
every screen and command that prints a URL (sidebar, error panels, the
command line's output)."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from sqlalchemy.engine import make_url

from data_access.config import ENV_VAR, PROJECT_ROOT, normalise_url, redact_secrets, redact_url
from tests.fixtures_import import SALES_AND_STOCK, cli_environment, run_cli, write_file
from tests.support.app_db import fresh_caches, open_app  # noqa: F401 (fixtures)

SECRET = "Sup3r-Secret"
CLOSED = "127.0.0.1:9"  # the discard port: nothing listens there
# Each form and what must still be shown of it.
FORMS = {
    "userinfo": (f"postgresql+psycopg://manager:{SECRET}@{CLOSED}/inventory", f"manager:***@{CLOSED}/inventory"),
    "password parameter": (
        f"postgresql+psycopg://manager@{CLOSED}/inventory?password={SECRET}&sslmode=disable",
        f"manager@{CLOSED}/inventory?password=***&sslmode=disable",
    ),
    "unencoded @": (f"postgresql+psycopg://manager:{SECRET}@x@{CLOSED}/inventory", f"manager:***@{CLOSED}/inventory"),
    "unencoded / and @": (
        f"postgresql+psycopg://manager:{SECRET}/@x@{CLOSED}/inventory",
        f"manager:***@{CLOSED}/inventory",
    ),
    "sslpassword, passfile, sslkey, token": (
        f"postgresql+psycopg://manager@{CLOSED}/db?sslpassword={SECRET}&passfile=/home/{SECRET}/.pgpass"
        f"&sslkey=/k/{SECRET}.key&token={SECRET}&application_name=shop",
        "application_name=shop&passfile=***&sslkey=***&sslpassword=***&token=***",
    ),
    "a password inside options": (
        f"postgresql+psycopg://manager@{CLOSED}/db?options=-c%20password%3D{SECRET}",
        "options=***",
    ),
}


@pytest.mark.parametrize("url, shown", FORMS.values(), ids=FORMS)
def test_redact_url_hides_every_secret_and_keeps_the_rest(url, shown):
    redacted = redact_url(url)
    assert SECRET not in redacted
    assert shown in redacted


@pytest.mark.parametrize("url", [v[0] for v in FORMS.values()], ids=FORMS)
def test_a_driver_message_that_echoes_the_url_or_its_secret_is_redacted(url):
    password = make_url(normalise_url(url)).password
    message = f"connection to {url} failed: password authentication failed (password {password!r})"
    assert SECRET not in redact_secrets(message, url)


def test_urls_without_secrets_are_shown_as_given():
    for url in ("duckdb:////srv/a@b/shop.duckdb", "sqlite:///shop.db", "postgresql+psycopg://manager@db:5432/shop"):
        assert redact_url(url) == url


def test_an_unencoded_at_in_the_password_still_connects_to_the_right_host():
    parsed = make_url(normalise_url(f"postgresql+psycopg://manager:{SECRET}@x@db.example:5432/shop"))
    assert (parsed.host, parsed.password, parsed.database) == ("db.example", f"{SECRET}@x", "shop")


@pytest.mark.parametrize("url", [v[0] for v in FORMS.values()], ids=FORMS)
def test_the_error_panel_shows_no_secret(url, monkeypatch, caplog):
    monkeypatch.setenv(ENV_VAR, url)
    with caplog.at_level(logging.DEBUG):
        at = open_app()
    assert not at.exception
    assert len(at.error) == 1
    assert "cannot" in at.error[0].value.lower()
    shown = [at.error[0].value, *(c.value for c in at.sidebar.caption), *(m.value for m in at.markdown)]
    assert not [text for text in shown if SECRET in text]
    assert SECRET not in caplog.text


def test_the_sidebar_shows_the_url_without_its_password(new_database, monkeypatch):
    url = make_url(new_database("postgresql")).set(password=SECRET, query={"sslpassword": SECRET})
    monkeypatch.setenv(ENV_VAR, url.render_as_string(hide_password=False))  # trust auth: any password connects
    at = open_app("pages/4_Data.py")
    captions = [caption.value for caption in at.sidebar.caption]
    assert [c for c in captions if ":***@" in c and "sslpassword=***" in c], captions
    assert not [c for c in captions if SECRET in c]


@pytest.mark.parametrize("url", [v[0] for v in FORMS.values()], ids=FORMS)
def test_the_commands_print_no_secret(url, tmp_path):
    path = write_file(tmp_path, "sales.csv", SALES_AND_STOCK)
    imported = run_cli(path, "--db", url)
    assert imported.returncode == 1
    migrated = subprocess.run(
        [sys.executable, "-m", "data_access.migrate", "--db", url],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env=cli_environment(), timeout=120,
    )  # fmt: skip
    assert migrated.returncode != 0
    for result in (imported, migrated):
        assert SECRET not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_the_error_boundary_shows_a_short_message_and_logs_the_details(tmp_path, monkeypatch, caplog):
    """Anything unforeseen in page setup: one short message on screen, the
    traceback (secrets redacted) in the server's log."""
    from tests.support.app_db import empty_database
    from ui import loaders

    monkeypatch.setenv(ENV_VAR, empty_database(tmp_path))

    def broken(db_url, scope=None):
        raise RuntimeError("boom in /srv/app/secret_module.py")

    monkeypatch.setattr(loaders, "data_extent", broken)
    with caplog.at_level(logging.ERROR, logger="inventory.failures"):
        at = open_app("pages/4_Data.py")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Something went wrong while opening this page. Reload it; if it happens again, tell the dashboard's "
        "administrator (the details are in the server's log)."
    ]
    assert "boom in /srv/app/secret_module.py" in caplog.text and "RuntimeError" in caplog.text
