"""`python -m planning digest` against real receivers: a local SMTP server
(aiosmtpd) and a local HTTP server for the webhooks, destinations that refuse
or never answer. The first run sends every alert (e-mail with both parts and a
table per kind, each robot's format), a second sends nothing, a failing
destination catches up, a changed status goes out once, recipients per
warehouse get only theirs, and no secret reaches the output, the logs or the
database."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import ssl
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import sqlalchemy as sa

import i18n
from analytics.stock_health import StockPolicy
from data_access import config
from data_access.alert_log import FAILED, SENT
from data_access.bulk import write_dataset
from data_access.config import PROJECT_ROOT
from data_access.current_stock import refresh_current_stock
from data_access.engine import connect, make_engine, transaction
from data_access.extent import data_extent
from data_access.filters import Filters
from data_access.migrations import MIGRATE_COMMAND, current_revision, head_revision, upgrade
from data_access.migrations.adoption import BASELINE, GROUND_TRUTH
from planning.__main__ import main
from planning.digest import run_digest
from services.alert_settings import ENV_VARS, load_alert_settings
from services.reads import ConnectionReads
from services.stock_health import classified_stock
from tests.conftest import skip_or_fail
from tests.support.alert_receivers import (
    SilentServer,
    SmtpReceiver,
    WebhookReceiver,
    free_port,
    self_signed_certificate,
)
from tests.support.app_db import RawRows, edge_case_database
from tests.support.dataset import LAST_DAY, make_test_dataset
from ui.filter_links import from_query
from ui.filter_state import FilterOptions

DASHBOARD = "https://inventory.example.com/shop"
SLACK_PATH = "/slack/T000/B000/SlackTok3n"
SECRETS = ("Sm7p-Pa55word", "SlackTok3n", "WeComK3y", "DingT0ken", "SECdingSecr3t", "GenericT0ken")
FAST = "timeout_seconds = 0.5\nwebhook_attempts = 2\nwebhook_retry_seconds = 0\n"


# --- fixtures -----------------------------------------------------------------


@pytest.fixture
def db(tmp_path) -> str:
    return edge_case_database(tmp_path)


@pytest.fixture
def smtp():
    receiver = SmtpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def hooks():
    receiver = WebhookReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    """An `[alerts]` file of the test's own, with short timeouts and no pauses;
    no setting from the machine's environment, no proxy in the way."""
    for variable in (*ENV_VARS.values(), "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "SSL_CERT_FILE"):
        monkeypatch.delenv(variable, raising=False)
    path = tmp_path / "secrets.toml"
    path.write_text(f"[alerts]\n{FAST}", encoding="utf-8")
    monkeypatch.setattr(config, "SECRETS_FILE", path)
    return path


@pytest.fixture
def mail(secrets_file, smtp, monkeypatch):
    """E-mail to ops@example.com through the test's SMTP server, with a login."""
    for name, value in {
        "INVENTORY_SMTP_HOST": "127.0.0.1", "INVENTORY_SMTP_PORT": str(smtp.port), "INVENTORY_SMTP_USER": "digest",
        "INVENTORY_SMTP_PASSWORD": smtp.password, "INVENTORY_SMTP_FROM": "Inventory <inventory@example.com>",
        "INVENTORY_ALERT_TO": "ops@example.com", "INVENTORY_DASHBOARD_URL": DASHBOARD,
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    return smtp


def robots(hooks: WebhookReceiver) -> str:
    return ",".join([
        f"slack:{hooks.url(SLACK_PATH)}",
        f"wecom:{hooks.url('/wecom', 'key=WeComK3y')}",
        f"dingtalk:{hooks.url('/dingtalk', 'access_token=DingT0ken')}#SECdingSecr3t",
        hooks.url("/generic", "token=GenericT0ken"),
    ])  # fmt: skip


def digest(db: str, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["digest", "--db", db, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows_of(db: str, table: str) -> pd.DataFrame:
    engine = make_engine(db)
    with connect(engine) as conn:
        frame = pd.read_sql_query(sa.text(f"SELECT * FROM {table}"), conn)
    engine.dispose()
    return frame


class _Tables(HTMLParser):
    """The HTML part's tables by data-kind: header cells, row cells and row links."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list]] = {}
        self._kind: str | None = None
        self._cell: str | None = None
        self._row: list[str] = []
        self._header = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._kind = attrs["data-kind"]
            self.tables[self._kind] = {"headers": [], "rows": [], "links": []}
        elif tag in ("td", "th") and self._kind:
            self._cell, self._header = "", tag == "th"
        elif tag == "a" and self._kind:
            self.tables[self._kind]["links"].append(attrs["href"])

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._kind:
            table = self.tables[self._kind]
            if self._header:
                table["headers"] = self._row
            else:
                table["rows"].append(self._row)
            self._row = []
        elif tag == "table":
            self._kind = None


def html_tables(html: str) -> dict[str, list[dict[str, str]]]:
    parser = _Tables()
    parser.feed(html)
    return {
        kind: [dict(zip(table["headers"], row)) | {"link": link} for row, link in zip(table["rows"], table["links"])]
        for kind, table in parser.tables.items()
    }


def expected_out_of_stock(db: str) -> set[tuple[str, str]]:
    """From the raw snapshots: positions whose latest count on or before the last day is 0 or less."""
    raw = RawRows(db)
    snapshots = raw.frames["inventory_snapshots"]
    latest = (
        snapshots[snapshots["snapshot_date"] <= pd.Timestamp(LAST_DAY)]
        .sort_values("snapshot_date")
        .groupby(["product_id", "warehouse_id"])
        .tail(1)
    )
    named = latest.merge(raw.frames["products"], on="product_id").merge(raw.frames["warehouses"], on="warehouse_id")
    return set(named.loc[named["on_hand"] <= 0, ["sku", "code"]].itertuples(index=False, name=None))


def expected_late_orders(db: str) -> set[int]:
    orders = RawRows(db).frames["purchase_orders"]
    day = pd.Timestamp(LAST_DAY)
    received = pd.to_datetime(orders["received_on"])
    open_then = (pd.to_datetime(orders["ordered_on"]) <= day) & (received.isna() | (received > day))
    return set(orders.loc[open_then & (pd.to_datetime(orders["expected_on"]) < day), "po_id"].astype(int))


# --- e-mail -------------------------------------------------------------------


def test_the_first_digest_emails_every_alert_in_both_parts_with_a_table_per_kind_and_links(db, mail, capsys):
    code, out, err = digest(db, capsys)

    assert (code, err) == (0, "")
    assert out.strip() == "email:ops@example.com: sent 60 alerts"
    [message] = mail.to("ops@example.com")
    assert mail.logins == [("digest", mail.password)]
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Inventory alerts as of 14 Dec 2025: 60 new or changed"
    tables = html_tables(message.get_body(("html",)).get_content())
    text = message.get_body(("plain",)).get_content()

    kinds = {"out-of-stock", "below-reorder-point", "stockout-before-peak", "dead-stock", "late-purchase-orders",
             "status-changed"}  # fmt: skip
    assert set(tables) == kinds
    assert sum(len(rows) for rows in tables.values()) == 60
    assert {(row["SKU"], row["Warehouse"]) for row in tables["out-of-stock"]} == expected_out_of_stock(db)
    assert {int(row["Purchase order"]) for row in tables["late-purchase-orders"]} == expected_late_orders(db)
    assert all(row["Now"] != row["Was"] for row in tables["status-changed"])
    for title, kind in (("Out of stock now", "out-of-stock"), ("Late purchase orders", "late-purchase-orders")):
        assert f"{title} ({len(tables[kind])})" in text
        assert all(row["link"] in text for row in tables[kind])  # the plain part links every alert too


def test_each_link_opens_the_stock_health_view_of_its_alert(db, mail, capsys):
    digest(db, capsys)
    tables = html_tables(mail.messages[0].get_body(("html",)).get_content())
    engine = make_engine(db)
    with connect(engine) as conn:
        extent = data_extent(conn)
    engine.dispose()
    options = FilterOptions.from_data(extent.span, [w.code for w in extent.warehouses], extent.categories, LAST_DAY)
    categories = RawRows(db).frames["products"].set_index("sku")["category"]

    for kind, rows in tables.items():
        for row in rows:
            url = urlsplit(row["link"])
            assert f"{url.scheme}://{url.netloc}{url.path}" == f"{DASHBOARD}/Stock_health"
            choice, notices = from_query(parse_qs(url.query), options)  # as the sidebar reads it
            assert notices == []
            assert (choice.start, choice.end) == (LAST_DAY - timedelta(days=89), LAST_DAY)
            assert choice.warehouses == (row["Warehouse"],)
            assert choice.categories == ((categories[row["SKU"]],) if kind != "late-purchase-orders" else ())


def test_starttls_and_login_reach_a_server_that_requires_them(db, mail, tmp_path, monkeypatch, capsys):
    made = self_signed_certificate(tmp_path)
    if made is None:
        skip_or_fail("no openssl command to make a test certificate")
    cert, key = made
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    secure = SmtpReceiver().start(tls_context=context)
    try:
        monkeypatch.setenv("INVENTORY_SMTP_PORT", str(secure.port))
        monkeypatch.setenv("INVENTORY_SMTP_TLS", "starttls")
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts the test certificate, and checks it
        code, out, err = digest(db, capsys)
    finally:
        secure.stop()

    assert (code, err) == (0, "")
    assert len(secure.messages) == 1 and secure.logins == [("digest", secure.password)]


# --- webhooks -----------------------------------------------------------------


def test_each_webhook_gets_its_services_format(db, secrets_file, hooks, monkeypatch, capsys):
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", robots(hooks))
    monkeypatch.setenv("INVENTORY_DASHBOARD_URL", DASHBOARD)

    code, out, err = digest(db, capsys)

    assert (code, err) == (0, "")
    assert len(out.strip().splitlines()) == 4 and all(line.endswith("sent 60 alerts") for line in out.splitlines())
    [slack], [wecom], [dingtalk], [generic] = (hooks.at(p) for p in (SLACK_PATH, "/wecom", "/dingtalk", "/generic"))
    assert {request.headers["Content-Type"] for request in hooks.received} == {"application/json; charset=utf-8"}

    subject = generic.body["subject"]
    assert slack.body["text"] == subject
    blocks = slack.body["blocks"]
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": subject}}
    sections = [block["text"]["text"] for block in blocks if block["type"] == "section"]
    assert [section.splitlines()[0] for section in sections] == [
        "*Out of stock now* (7)", "*Below reorder point* (14)", "*Runs out before the next peak* (12)",
        "*Dead stock* (3)", "*Late purchase orders* (13)", "*Status changed* (11)",
    ]  # fmt: skip
    assert len(blocks) <= 50 and all(len(section) <= 3000 for section in sections)
    assert f"<{DASHBOARD}/Stock_health?" in sections[0]

    assert wecom.body["msgtype"] == "markdown" and set(wecom.body) == {"msgtype", "markdown"}
    content = wecom.body["markdown"]["content"]
    assert len(content.encode()) <= 4096 and content.startswith(f"### {subject}")
    assert f"]({DASHBOARD}/Stock_health?" in content and "**Late purchase orders** (13)" in content

    assert dingtalk.body["msgtype"] == "markdown"
    assert dingtalk.body["markdown"]["title"] == subject and "**Dead stock** (3)" in dingtalk.body["markdown"]["text"]
    timestamp, sign = dingtalk.query["timestamp"][0], dingtalk.query["sign"][0]
    expected = hmac.new(b"SECdingSecr3t", f"{timestamp}\nSECdingSecr3t".encode(), hashlib.sha256).digest()
    assert sign == base64.b64encode(expected).decode() and dingtalk.query["access_token"] == ["DingT0ken"]

    assert (generic.body["source"], generic.body["version"], generic.body["as_of"]) == (
        "inventory-dashboard", 1, LAST_DAY.isoformat()
    )  # fmt: skip
    assert generic.body["counts"] == {
        "out-of-stock": 7, "below-reorder-point": 14, "stockout-before-peak": 12, "dead-stock": 3,
        "late-purchase-orders": 13, "status-changed": 11,
    }  # fmt: skip
    alerts = generic.body["alerts"]
    assert len(alerts) == 60 and all(set(alert) == {"kind", "title", "key", "values", "link"} for alert in alerts)
    out_of_stock = {(a["key"]["sku"], a["key"]["warehouse"]) for a in alerts if a["kind"] == "out-of-stock"}
    assert out_of_stock == expected_out_of_stock(db)
    late = [a for a in alerts if a["kind"] == "late-purchase-orders"]
    assert {a["key"]["po_id"] for a in late} == expected_late_orders(db)
    assert all(a["values"]["days_late"] > 0 and a["values"]["expected_on"] < LAST_DAY.isoformat() for a in late)
    assert {a["values"]["status"] for a in alerts if a["kind"] == "status-changed"} <= {
        "out-of-stock", "understocked", "healthy", "overstocked", "dead-stock"
    }  # ids, not words


# --- remember: once, and catching up -------------------------------------------


def test_a_second_run_sends_nothing(db, mail, hooks, monkeypatch, capsys):
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", robots(hooks))
    assert digest(db, capsys)[0] == 0
    sent = (len(mail.messages), len(hooks.received))

    code, out, err = digest(db, capsys)

    assert (code, err) == (0, "")
    assert (len(mail.messages), len(hooks.received)) == sent == (1, 4)
    assert len(out.splitlines()) == 5 and all(line.endswith(": nothing new") for line in out.splitlines())
    assert len(rows_of(db, "digest_runs")) == 2
    assert set(rows_of(db, "alert_history")["run_id"]) == {1}


def test_failing_destinations_are_reported_do_not_stop_the_others_and_catch_up(db, mail, hooks, monkeypatch, capsys):
    silent = SilentServer()
    refused = f"http://127.0.0.1:{free_port()}/refused?token=RefusedT0ken"
    hooks.answers["/flaky"] = (503, b"busy")
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", ",".join([
        refused, f"http://127.0.0.1:{silent.port}/silent", hooks.url("/flaky"), f"slack:{hooks.url(SLACK_PATH)}",
    ]))  # fmt: skip
    settings = load_alert_settings()
    refused_id, silent_id, flaky_id, slack_id = (d.id for d in settings.destinations[1:])
    try:
        code, out, err = digest(db, capsys)
        failed = hooks.at("/flaky")
        hooks.answers.pop("/flaky")
        again, out_again, err_again = digest(db, capsys)
    finally:
        silent.close()

    assert code == 1
    assert out.splitlines() == ["email:ops@example.com: sent 60 alerts", f"{slack_id}: sent 60 alerts"]
    errors = err.splitlines()
    assert [line.split(": ")[2] for line in errors] == [refused_id, silent_id, flaky_id]
    assert "Connection refused" in errors[0] and "timed out (2 attempts)" in errors[1]
    assert "HTTP 503" in errors[2] and all(line.endswith("its alerts are sent on the next run") for line in errors)
    assert len(failed) == 2  # tried twice (webhook_attempts), then given up until the next run

    assert again == 1  # the refusing and the silent one still fail
    assert [line.split(": ")[2] for line in err_again.splitlines()] == [refused_id, silent_id]
    assert out_again.splitlines() == [
        "email:ops@example.com: nothing new", f"{flaky_id}: sent 60 alerts", f"{slack_id}: nothing new"
    ]  # fmt: skip
    assert hooks.at("/flaky")[-1].body["alerts"] == failed[0].body["alerts"]  # what it missed, status changes too
    history = rows_of(db, "alert_history")
    assert set(history.loc[history["status"] == FAILED, "destination"]) == {refused_id, silent_id, flaky_id}
    assert set(history.loc[(history["status"] == SENT) & (history["run_id"] == 2), "destination"]) == {flaky_id}


def test_a_refusing_smtp_server_gets_its_alerts_on_the_next_run(db, mail, hooks, monkeypatch, capsys):
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", hooks.url("/generic"))
    mail.refusing = True
    code, out, err = digest(db, capsys)
    mail.refusing = False
    again, out_again, _ = digest(db, capsys)

    assert code == 1 and "email:ops@example.com: SMTP 554" in err and "sent 60 alerts" in out
    assert again == 0 and "email:ops@example.com: sent 60 alerts" in out_again
    assert len(mail.messages) == 1 and len(hooks.received) == 1


def test_a_changed_status_is_sent_once(db, secrets_file, hooks, monkeypatch, capsys):
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", hooks.url("/generic"))
    engine = make_engine(db)
    day_before = LAST_DAY - timedelta(days=1)
    assert run_digest(engine, load_alert_settings(), as_of=day_before) == 0  # yesterday's digest
    with connect(engine) as conn:
        reads, everything = ConnectionReads(conn), Filters(LAST_DAY, LAST_DAY)
        then = classified_stock(reads, everything, day_before, StockPolicy())
        now = classified_stock(reads, everything, LAST_DAY, StockPolicy())
    healthy = then.merge(now, on=["sku", "warehouse"], suffixes=("_then", "_now"))
    counted_today = pd.to_datetime(healthy["snapshot_date_now"]) == pd.Timestamp(LAST_DAY)  # not a gap in the counts
    healthy = healthy[(healthy["status_then"] == "healthy") & (healthy["status_now"] == "healthy") & counted_today]
    healthy = healthy.iloc[0]
    with transaction(engine) as conn:  # today it sold out
        conn.execute(sa.text(
            "UPDATE inventory_snapshots SET on_hand = 0 WHERE snapshot_date = :day AND product_id = "
            "(SELECT product_id FROM products WHERE sku = :sku) AND warehouse_id = "
            "(SELECT warehouse_id FROM warehouses WHERE code = :warehouse)"
        ), {"day": LAST_DAY, "sku": healthy["sku"], "warehouse": healthy["warehouse"]})  # fmt: skip
        refresh_current_stock(conn)  # what a program writing snapshots directly must do
    engine.dispose()

    assert digest(db, capsys)[0] == 0
    assert digest(db, capsys)[0] == 0

    first, today, *more = hooks.at("/generic")
    assert more == []  # the third run had nothing to send
    key = {"sku": healthy["sku"], "warehouse": healthy["warehouse"]}
    changes = [a["values"] for a in today.body["alerts"] if a["kind"] == "status-changed" and a["key"] == key]
    assert [(change["previous_status"], change["status"]) for change in changes] == [("healthy", "out-of-stock")]
    assert {"kind": "out-of-stock", "key": key} in [{"kind": a["kind"], "key": a["key"]} for a in today.body["alerts"]]
    assert today.body["status_changes_since"] == day_before.isoformat()

    def sent(body: dict) -> set[tuple]:
        return {(a["kind"], str(a["key"]), a["values"].get("previous_status"), a["values"].get("status"),
                 a["values"].get("peak")) for a in body["alerts"]}  # fmt: skip

    # Nothing yesterday's digest had is sent again, unless what it says changed (a status, the next peak).
    assert sent(first.body) & sent(today.body) == set()


# --- recipients per warehouse -------------------------------------------------


def test_recipients_per_warehouse_get_only_their_warehouses(db, mail, hooks, secrets_file, capsys):
    secrets_file.write_text(f"""
[alerts]
{FAST}
webhooks = ["{hooks.url('/all')}"]
capacity_threshold_pct = 1

[[alerts.recipients]]
warehouses = ["BER"]
to = ["berlin@example.com"]
webhooks = ["{hooks.url('/berlin')}"]
""")
    assert digest(db, capsys)[0] == 0

    [everything], [berlin] = hooks.at("/all"), hooks.at("/berlin")
    expected = [a for a in everything.body["alerts"] if a["values"]["warehouse"] == "BER"]
    assert len(expected) < len(everything.body["alerts"])
    assert berlin.body["alerts"] == expected and berlin.body["warehouses"] == ["BER"]
    assert "over-capacity" in berlin.body["counts"]  # the threshold puts every warehouse with stock in
    [message] = mail.to("berlin@example.com")
    tables = html_tables(message.get_body(("html",)).get_content())
    assert {row["Warehouse"] for rows in tables.values() for row in rows} == {"BER"}
    assert sum(len(rows) for rows in tables.values()) == len(expected)
    assert len(mail.to("ops@example.com")) == 1


def test_a_recipient_for_an_unknown_warehouse_is_a_settings_error(db, mail, secrets_file, capsys):
    secrets_file.write_text(f'[alerts]\n{FAST}\n[[alerts.recipients]]\nwarehouses = ["XYZ"]\nto = ["x@example.com"]\n')

    code, out, err = digest(db, capsys)

    assert code == 2 and "XYZ" in err and len(err.strip().splitlines()) == 1
    assert mail.messages == [] and rows_of(db, "digest_runs").empty


# --- dry run, secrets, settings, language --------------------------------------


def test_a_dry_run_prints_what_would_be_sent_and_records_nothing(db, mail, hooks, monkeypatch, capsys):
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", f"wecom:{hooks.url('/wecom', 'key=WeComK3y')}")

    code, out, err = digest(db, capsys, "--dry-run")

    assert (code, err) == (0, "")
    assert "== email:ops@example.com: would send 60 alerts" in out
    assert "Subject: Inventory alerts as of 14 Dec 2025: 60 new or changed" in out and "Out of stock now (7)" in out
    assert '"msgtype": "markdown"' in out
    assert mail.messages == [] and hooks.received == []
    assert all(rows_of(db, table).empty for table in ("digest_runs", "alert_state", "alert_history"))
    assert digest(db, capsys)[0] == 0 and len(mail.messages) == 1  # the real run still sends everything


def test_no_secret_reaches_the_output_the_logs_or_the_database(db, mail, hooks, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    hooks.answers["/wecom"] = (200, b'{"errcode":93000,"errmsg":"invalid webhook url, key=WeComK3y"}')
    hooks.answers[SLACK_PATH] = (404, b"no_service for SlackTok3n")
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", robots(hooks) + f",http://127.0.0.1:{free_port()}/GenericT0ken")

    runs = [digest(db, capsys, "--dry-run"), digest(db, capsys), digest(db, capsys)]

    assert [code for code, _, _ in runs] == [0, 1, 1]
    assert "errcode 93000 invalid webhook url" in runs[1][2] and "HTTP 404" in runs[1][2]
    stored = pd.concat([rows_of(db, "alert_state"), rows_of(db, "alert_history")]).astype(str).to_string()
    shown = "\n".join([out + err for _, out, err in runs] + [caplog.text, stored])
    assert "digest to" in caplog.text  # the digest does log
    assert [secret for secret in SECRETS if secret in shown] == []


@pytest.mark.parametrize(
    ("variable", "value"),
    [("INVENTORY_SMTP_TLS", "ssl"), ("INVENTORY_SMTP_PORT", "twenty-five"), ("INVENTORY_ALERT_TO", "nobody")],
)
def test_a_bad_setting_exits_2_naming_it(db, mail, monkeypatch, capsys, variable, value):
    monkeypatch.setenv(variable, value)

    code, out, err = digest(db, capsys)

    assert code == 2 and variable in err and err.startswith("python -m planning digest: error: ")
    assert len(err.strip().splitlines()) == 1 and mail.messages == []


def test_the_digest_speaks_the_language_of_its_setting(db, mail, secrets_file, capsys):
    secrets_file.write_text(f'[alerts]\n{FAST}\nlanguage = "zh-CN"\n')

    assert digest(db, capsys)[0] == 0

    [message] = mail.messages
    assert message["Subject"] == "库存提醒（截至 2025年12月14日）：60 条新增或变化"
    html = message.get_body(("html",)).get_content()
    assert "当前缺货 (7)" in html and ">商品</th>" in html and ">查看原因</a>" in html
    assert "€" in html  # dead stock's value, in the shop's currency as Chinese writes it
    assert i18n.current_language() == "en"  # the caller's language is untouched


def test_a_language_the_digest_cannot_speak_is_a_settings_error(db, mail, monkeypatch, capsys):
    monkeypatch.setenv("INVENTORY_ALERT_LANGUAGE", "fr")

    code, out, err = digest(db, capsys)

    assert code == 2 and "INVENTORY_ALERT_LANGUAGE" in err and "'fr'" in err and mail.messages == []


# --- the command as outside checks run it ----------------------------------------


def test_the_command_migrates_a_file_database_and_sends_once(tmp_path, smtp):
    url = f"duckdb:///{tmp_path / 'older.duckdb'}"
    engine = make_engine(url)
    upgrade(engine, GROUND_TRUTH)  # made by the version before the digest
    with transaction(engine) as conn:
        write_dataset(conn, make_test_dataset())
    engine.dispose()
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith("INVENTORY_") and "proxy" not in key.lower()
    }  # fmt: skip
    environment.update(INVENTORY_SMTP_HOST="127.0.0.1", INVENTORY_SMTP_PORT=str(smtp.port),
                       INVENTORY_SMTP_FROM="inventory@example.com", INVENTORY_ALERT_TO="ops@example.com")  # fmt: skip

    def command() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "planning", "digest", "--db", url], cwd=PROJECT_ROOT,
                              env=environment, capture_output=True, text=True, timeout=120)  # fmt: skip

    first, second = command(), command()

    assert (first.returncode, first.stdout, first.stderr) == (0, "email:ops@example.com: sent 60 alerts\n", "")
    assert (second.returncode, second.stdout) == (0, "email:ops@example.com: nothing new\n")
    assert len(smtp.messages) == 1
    engine = make_engine(url)
    with connect(engine) as conn:
        assert current_revision(conn) == head_revision()
    engine.dispose()


def test_a_server_database_behind_the_schema_is_refused_naming_the_migrate_command(
    new_database, secrets_file, monkeypatch, capsys
):
    url = new_database("postgresql", empty=True)
    engine = make_engine(url)
    upgrade(engine, BASELINE)
    engine.dispose()
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", "https://hook.example.com/x")

    code, out, err = digest(url, capsys)

    assert code == 1 and MIGRATE_COMMAND in err and "Traceback" not in err


def test_a_database_without_data_has_nothing_to_alert_on(tmp_path, secrets_file, monkeypatch, capsys):
    monkeypatch.setenv("INVENTORY_ALERT_WEBHOOKS", "https://hook.example.com/x")

    code, out, err = digest(f"duckdb:///{tmp_path / 'empty.duckdb'}", capsys)

    assert code == 1 and "nothing to alert on" in err
