"""The Overview's digest panels in AppTest: what changed since the last digest
(since the day before, before any digest), and the history of what was sent
where, failures included, after real deliveries to a local SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest

from analytics.alerts import STATUS_CHANGED
from analytics.stock_health import StockPolicy
from data_access import config
from data_access.config import ENV_VAR
from data_access.engine import connect, make_engine
from data_access.filters import Filters
from i18n.labels import status_label
from planning.digest import run_digest
from services.alert_settings import ENV_VARS, load_alert_settings
from services.alerts import stock_alerts
from services.reads import ConnectionReads
from tests.support.alert_receivers import SmtpReceiver, free_port
from tests.support.app_db import assert_clean, edge_case_database, fresh_caches, open_app, table  # noqa: F401
from tests.support.dataset import LAST_DAY
from ui.digest_panel import HISTORY_KEY


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = edge_case_database(tmp_path)
    monkeypatch.setenv(ENV_VAR, url)
    for variable in (*ENV_VARS.values(), "http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[alerts]\ntimeout_seconds = 0.5\nwebhook_attempts = 1\n", encoding="utf-8")
    monkeypatch.setattr(config, "SECRETS_FILE", secrets)
    return url


@pytest.fixture
def smtp(monkeypatch):
    receiver = SmtpReceiver().start()
    for name, value in {
        "INVENTORY_SMTP_HOST": "127.0.0.1", "INVENTORY_SMTP_PORT": str(receiver.port),
        "INVENTORY_SMTP_FROM": "inventory@example.com", "INVENTORY_ALERT_TO": "ops@example.com",
        "INVENTORY_ALERT_WEBHOOKS": f"http://127.0.0.1:{free_port()}/refused",
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    yield receiver
    receiver.stop()


def changes_between(db: str, since, as_of) -> set[tuple[str, str, str, str]]:
    """(sku, warehouse, was, now) in words, through the service the digest uses, uncached."""
    engine = make_engine(db)
    with connect(engine) as conn:
        alerts = stock_alerts(ConnectionReads(conn), Filters(as_of, as_of), as_of, StockPolicy(), since=since)
    engine.dispose()
    (changed,) = (alert.rows for alert in alerts if alert.kind == STATUS_CHANGED)
    return {(r.sku, r.warehouse, status_label(str(r.previous_status)), status_label(str(r.status)))
            for r in changed.itertuples()}  # fmt: skip


def shown_changes(at) -> set[tuple[str, str, str, str]]:
    frame = table(at, "status_changes")
    return set(frame[["sku", "warehouse", "previous_status", "status"]].itertuples(index=False, name=None))


def test_before_any_digest_changes_count_from_the_day_before_and_the_history_is_empty(db):
    at = open_app()

    assert_clean(at)
    day_before = LAST_DAY - timedelta(days=1)
    assert f"Changed since {day_before:%d %b %Y}" in [header.value for header in at.subheader]
    assert any("counted from the day before" in caption.value for caption in at.caption)
    expected = changes_between(db, day_before, LAST_DAY)
    assert expected and shown_changes(at) == expected
    history = at.expander[0]
    assert history.label.startswith("Alert history") and not history.caption  # drawn when opened
    open_history(at)
    assert "No digest has been sent yet" in at.expander[0].caption[0].value


def open_history(at) -> None:
    """Opens the history's expander, as its click does."""
    at.session_state[HISTORY_KEY] = True
    at.run()
    assert_clean(at)


def test_after_a_digest_the_history_lists_each_alert_where_it_went_and_what_failed(db, smtp):
    settings = load_alert_settings()
    engine = make_engine(db)
    assert run_digest(engine, settings, as_of=LAST_DAY - timedelta(days=3)) == 1  # the webhook refuses
    engine.dispose()
    sent = int(smtp.messages[0]["Subject"].rsplit(": ", 1)[1].split()[0])  # "...: 38 new or changed"

    at = open_app()

    assert_clean(at)
    since = LAST_DAY - timedelta(days=3)
    assert f"Changed since {since:%d %b %Y}" in [header.value for header in at.subheader]
    assert any("The last digest went out on" in caption.value for caption in at.caption)
    assert shown_changes(at) == changes_between(db, since, LAST_DAY)
    open_history(at)
    history = table(at, "alert_history")
    assert len(history) == 2 * sent
    assert history.groupby("destination")["status"].agg(set).to_dict() == {
        "email:ops@example.com": {"Sent"}, settings.destinations[1].id: {"Failed"},
    }  # fmt: skip
    assert history.loc[history["status"] == "Failed", "error"].str.contains("Connection refused").all()
    assert set(history["alert"]) >= {"Out of stock now", "Late purchase orders"}
    assert any(f"{sent} of the last {2 * sent} deliveries failed" in w.value for w in at.expander[0].warning)


def test_a_digest_of_the_latest_data_leaves_nothing_changed_since(db, smtp):
    engine = make_engine(db)
    run_digest(engine, load_alert_settings())
    engine.dispose()

    at = open_app()

    assert_clean(at)
    assert f"Changed since {LAST_DAY:%d %b %Y}" in [header.value for header in at.subheader]
    assert any(f"No position changed status since {LAST_DAY:%d %b %Y}" in info.value for info in at.info)
