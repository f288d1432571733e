"""The digest's settings: variables win over `[alerts]` in secrets.toml,
recipients per warehouse, destination ids free of secrets, and a message
naming the setting for every bad value (never quoting a secret)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.alerts import AlertThresholds
from services.alert_settings import (
    EMAIL,
    WEBHOOK,
    SettingsError,
    alert_thresholds,
    load_alert_settings,
)

SLACK_URL = "https://hooks.slack.com/services/T000/B000/XyzSlackToken123"
WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-4567"
SMTP = {"INVENTORY_SMTP_HOST": "mail.example.com", "INVENTORY_SMTP_FROM": "Inventory <inventory@example.com>"}


def secrets(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str = "", **environ: str):
    return load_alert_settings(secrets(tmp_path, text), environ)


def test_variables_win_over_the_file(tmp_path):
    text = """
[alerts]
smtp_host = "file.example.com"
smtp_port = 2525
smtp_from = "file@example.com"
to = ["file@example.com"]
dashboard_url = "https://file.example.com/"
"""
    from_file = load(tmp_path, text)
    assert (from_file.smtp.host, from_file.smtp.port, from_file.dashboard_url) == (
        "file.example.com", 2525, "https://file.example.com"
    )  # fmt: skip
    environ = {
        "INVENTORY_SMTP_HOST": "env.example.com", "INVENTORY_SMTP_PORT": "587",
        "INVENTORY_ALERT_TO": "a@example.com, b@example.com", "INVENTORY_DASHBOARD_URL": "https://env.example.com",
    }  # fmt: skip
    both = load(tmp_path, text, **environ)
    assert (both.smtp.host, both.smtp.port, both.dashboard_url) == ("env.example.com", 587, "https://env.example.com")
    assert [d.id for d in both.destinations] == ["email:a@example.com", "email:b@example.com"]
    assert (both.smtp.tls, both.language, both.thresholds) == ("none", "en", AlertThresholds())


def test_webhooks_take_their_format_from_the_prefix_and_ids_hide_the_token(tmp_path):
    webhooks = f"slack:{SLACK_URL}, wecom:{WECOM_URL},https://hook.example.com:8443/in"
    settings = load(tmp_path, INVENTORY_ALERT_WEBHOOKS=webhooks)

    channels = [d.channel for d in settings.destinations]
    assert channels == ["slack", "wecom", WEBHOOK]
    assert [d.address for d in settings.destinations][:2] == [SLACK_URL, WECOM_URL]
    ids = [d.id for d in settings.destinations]
    assert ids[0].startswith("slack:hooks.slack.com#") and ids[2].startswith("webhook:hook.example.com:8443#")
    assert not any(token in " ".join(ids) for token in ("XyzSlackToken123", "wecom-key-4567", "services", "/in"))
    assert "XyzSlackToken123" not in repr(settings) and settings.smtp is None
    assert set(settings.secrets) == {SLACK_URL, WECOM_URL, "https://hook.example.com:8443/in"}


def test_recipients_per_warehouse_and_everyone_listed_once(tmp_path):
    text = f"""
[alerts]
to = "ops@example.com"

[[alerts.recipients]]
warehouses = ["BER", "HAM"]
to = ["north@example.com", "ops@example.com"]
webhooks = ["wecom:{WECOM_URL}"]

[[alerts.recipients]]
warehouses = ["MAD"]
to = ["north@example.com"]
"""
    settings = load(tmp_path, text, **SMTP)

    scopes = {d.id: d.warehouses for d in settings.destinations}
    assert scopes["email:ops@example.com"] == ()  # listed for everything: gets everything
    assert scopes["email:north@example.com"] == ("BER", "HAM", "MAD")
    assert [d.warehouses for d in settings.destinations if d.channel == "wecom"] == [("BER", "HAM")]
    assert settings.smtp.password is None and settings.smtp.port == 25


def test_thresholds_and_delivery_options_come_from_the_file(tmp_path):
    text = """
[alerts]
webhooks = "https://hook.example.com/x"
stock_value_threshold = 500
capacity_threshold_pct = 85.5
timeout_seconds = 0.5
webhook_attempts = 2
webhook_retry_seconds = 0
language = "zh_CN"
"""
    settings = load(tmp_path, text)
    assert settings.thresholds == AlertThresholds(min_stock_value=500, capacity_pct=85.5)
    assert (settings.timeout_seconds, settings.webhook_attempts, settings.webhook_retry_seconds) == (0.5, 2, 0)
    assert settings.language == "zh_CN"
    assert alert_thresholds(secrets(tmp_path, text)) == settings.thresholds
    assert alert_thresholds(tmp_path / "missing.toml") == AlertThresholds()


@pytest.mark.parametrize(
    ("text", "environ", "named"),
    [
        ("", {}, "No destination"),
        ("", {"INVENTORY_ALERT_TO": "ops@example.com"}, "INVENTORY_SMTP_HOST"),
        ("", {"INVENTORY_ALERT_TO": "ops@example.com", "INVENTORY_SMTP_HOST": "h"}, "INVENTORY_SMTP_FROM"),
        ("", {**SMTP, "INVENTORY_ALERT_TO": "ops@example.com", "INVENTORY_SMTP_TLS": "ssl"}, "INVENTORY_SMTP_TLS"),
        ("", {**SMTP, "INVENTORY_ALERT_TO": "ops@example.com", "INVENTORY_SMTP_PORT": "smtp"}, "INVENTORY_SMTP_PORT"),
        ("", {**SMTP, "INVENTORY_ALERT_TO": "ops@example.com", "INVENTORY_SMTP_PORT": "70000"}, "INVENTORY_SMTP_PORT"),
        ("", {**SMTP, "INVENTORY_ALERT_TO": "ops@example.com", "INVENTORY_SMTP_USER": "me"}, "INVENTORY_SMTP_PASSWORD"),
        ("", {**SMTP, "INVENTORY_ALERT_TO": "ops-at-example.com"}, "INVENTORY_ALERT_TO"),
        ("", {"INVENTORY_ALERT_WEBHOOKS": "https://ok.example.com, ftp://x.example.com/Secr3tPath"},
         "INVENTORY_ALERT_WEBHOOKS (entry 2)"),
        ("", {"INVENTORY_ALERT_WEBHOOKS": "teams:https://x.example.com/Secr3tPath"}, "INVENTORY_ALERT_WEBHOOKS"),
        ("", {"INVENTORY_ALERT_WEBHOOKS": "https://x.example.com", "INVENTORY_DASHBOARD_URL": "inventory.local"},
         "INVENTORY_DASHBOARD_URL"),
        ("", {"INVENTORY_ALERT_WEBHOOKS": "https://x.example.com", "INVENTORY_ALERT_LANGUAGE": "english!"},
         "INVENTORY_ALERT_LANGUAGE"),
        ('[alerts]\nwebhooks = "https://x.example.com"\nsmtp_hots = "h"\n', {}, "`smtp_hots`"),
        ('[alerts]\nwebhooks = "https://x.example.com"\ncapacity_threshold_pct = "full"\n', {},
         "`capacity_threshold_pct`"),
        ('[alerts]\nwebhooks = "https://x.example.com"\nwebhook_attempts = 0\n', {}, "`webhook_attempts`"),
        ('[[alerts.recipients]]\nto = ["a@example.com"]\n', SMTP, "needs `warehouses`"),
        ('[[alerts.recipients]]\nwarehouses = ["BER"]\nemail = ["a@example.com"]\n', SMTP, "unknown key email"),
        ("[alerts\n", {}, "is not valid TOML"),
    ],
)  # fmt: skip
def test_a_bad_setting_is_named_and_no_secret_is_quoted(tmp_path, text, environ, named):
    with pytest.raises(SettingsError) as raised:
        load(tmp_path, text, **environ)

    assert named in str(raised.value)
    assert "Secr3tPath" not in str(raised.value)


def test_a_file_setting_is_named_by_its_key_and_file(tmp_path):
    with pytest.raises(SettingsError, match=r"`smtp_tls` under \[alerts\] in .*secrets.toml"):
        load(tmp_path, '[alerts]\nto = "a@example.com"\nsmtp_host = "h"\nsmtp_from = "f@example.com"\nsmtp_tls = "x"\n')
