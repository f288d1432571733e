"""The alert digest's settings: where it sends, how, in which language, and
the thresholds it shares with the Overview.

Read from `[alerts]` in `.streamlit/secrets.toml` and from environment
variables, a variable winning over the file (ENV_VARS). Recipients per
warehouse exist only in the file, as `[[alerts.recipients]]` tables with
`warehouses` and their `to` and `webhooks`. A bad value raises SettingsError
naming the setting (the variable, or the key in the file) and never quoting
a password or a webhook URL: their tokens are secrets.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from analytics.alerts import AlertThresholds
from data_access import config

ENV_VARS = {
    "smtp_host": "INVENTORY_SMTP_HOST",
    "smtp_port": "INVENTORY_SMTP_PORT",
    "smtp_user": "INVENTORY_SMTP_USER",
    "smtp_password": "INVENTORY_SMTP_PASSWORD",
    "smtp_tls": "INVENTORY_SMTP_TLS",
    "smtp_from": "INVENTORY_SMTP_FROM",
    "to": "INVENTORY_ALERT_TO",
    "webhooks": "INVENTORY_ALERT_WEBHOOKS",
    "dashboard_url": "INVENTORY_DASHBOARD_URL",
    "language": "INVENTORY_ALERT_LANGUAGE",
}
FILE_ONLY = (
    "recipients",
    "stock_value_threshold",
    "capacity_threshold_pct",
    "timeout_seconds",
    "webhook_attempts",
    "webhook_retry_seconds",
)
TLS_MODES = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
EMAIL = "email"
WEBHOOK = "webhook"  # a plain URL: the documented generic payload
ROBOT_FORMATS = ("slack", "wecom", "dingtalk")  # `slack:https://...`: that service's message format
DEFAULT_DASHBOARD_URL = "http://localhost:8501"
DEFAULT_LANGUAGE = "en"
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")
_ADDRESS = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"']+")


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and says what to write."""


@dataclass(frozen=True)
class Destination:
    """One recipient address or webhook, and the warehouses whose alerts it gets."""

    id: str  # stable and free of secrets: what the state, the history and the output name
    channel: str  # EMAIL, WEBHOOK or one of ROBOT_FORMATS
    address: str = field(repr=False)  # the e-mail address, or the webhook URL (a secret)
    warehouses: tuple[str, ...] = ()  # warehouse codes; () every warehouse

    @property
    def is_email(self) -> bool:
        return self.channel == EMAIL


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str  # one of TLS_MODES
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class AlertSettings:
    destinations: tuple[Destination, ...]
    smtp: SmtpSettings | None  # None when no destination is an e-mail address
    dashboard_url: str = DEFAULT_DASHBOARD_URL
    language: str = DEFAULT_LANGUAGE
    thresholds: AlertThresholds = AlertThresholds()
    timeout_seconds: float = 10.0  # for the SMTP server and for each webhook attempt
    webhook_attempts: int = 3
    webhook_retry_seconds: float = 2.0  # the first pause between attempts; it doubles

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never be shown: the SMTP password and every webhook URL."""
        urls = tuple(d.address for d in self.destinations if not d.is_email)
        return tuple(filter(None, (self.smtp.password if self.smtp else None, *urls)))


class _Source:
    """Values from the environment, else from `[alerts]`, with the name to give in messages."""

    def __init__(self, file_values: Mapping[str, object], environ: Mapping[str, str], file_name: str) -> None:
        self.file_values = file_values
        self.environ = environ
        self.file_name = file_name

    def name(self, setting: str) -> str:
        variable = ENV_VARS.get(setting)
        if variable and self.environ.get(variable, "").strip():
            return variable
        return f"`{setting}` under [alerts] in {self.file_name}"

    def either(self, setting: str) -> str:
        """Both places a missing setting can go."""
        return f"{ENV_VARS[setting]} (or `{setting}` under [alerts] in {self.file_name})"

    def get(self, setting: str) -> object | None:
        variable = ENV_VARS.get(setting)
        if variable and self.environ.get(variable, "").strip():
            return self.environ[variable].strip()
        return self.file_values.get(setting)

    def text(self, setting: str) -> str | None:
        value = self.get(setting)
        if value is None:
            return None
        if not isinstance(value, str):
            raise SettingsError(f"{self.name(setting)} must be text.")
        return value.strip() or None

    def number(self, setting: str, default: float, *, low: float, integer: bool = False) -> float:
        value = self.get(setting)
        if value is None:
            return default
        kind = "a whole number" if integer else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise SettingsError(f"{self.name(setting)} must be {kind} of at least {low:g}.")
        try:
            number = int(value) if integer else float(value)
        except ValueError:
            number = None
        if number is None or not number >= low:  # NaN fails the comparison too
            raise SettingsError(f"{self.name(setting)} must be {kind} of at least {low:g}, not {value!r}.")
        return number


def load_alert_settings(secrets_file: Path | None = None, environ: Mapping[str, str] | None = None) -> AlertSettings:
    """The digest's settings; SettingsError names the first bad one."""
    source = _source(secrets_file, environ)
    destinations = _destinations(source)
    if not destinations:
        raise SettingsError(
            f"No destination for the digest: set {ENV_VARS['to']} (e-mail addresses) or {ENV_VARS['webhooks']}, "
            f"or `to`, `webhooks` or [[alerts.recipients]] under [alerts] in {source.file_name}."
        )
    return AlertSettings(
        destinations=destinations,
        smtp=_smtp(source) if any(d.is_email for d in destinations) else None,
        dashboard_url=_dashboard_url(source),
        language=_language(source),
        thresholds=_thresholds(source),
        timeout_seconds=source.number("timeout_seconds", 10.0, low=0.001),
        webhook_attempts=int(source.number("webhook_attempts", 3, low=1, integer=True)),
        webhook_retry_seconds=source.number("webhook_retry_seconds", 2.0, low=0),
    )


def alert_thresholds(secrets_file: Path | None = None) -> AlertThresholds:
    """Only the thresholds, for the Overview: it needs no destination."""
    return _thresholds(_source(secrets_file, {}))


def _source(secrets_file: Path | None, environ: Mapping[str, str] | None) -> _Source:
    path = secrets_file or config.SECRETS_FILE  # looked up now, so a test can point elsewhere
    environ = os.environ if environ is None else environ
    file_values: Mapping[str, object] = {}
    if path.is_file():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8")).get("alerts", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path} is not valid TOML ({exc}); fix the file.") from None
        if not isinstance(file_values, Mapping):
            raise SettingsError(f"[alerts] in {path} must be a table of settings.")
        known = (*ENV_VARS, *FILE_ONLY)
        if unknown := sorted(set(file_values) - set(known)):
            raise SettingsError(
                f"Unknown setting {', '.join(f'`{name}`' for name in unknown)} under [alerts] in {path}; "
                f"known: {', '.join(known)}."
            )
    return _Source(file_values, environ, str(path))


def _listed(value: object, name: str) -> list[str]:
    """A TOML list of strings, or one comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    raise SettingsError(f"{name} must be a list of text or one comma-separated text.")


def _destinations(source: _Source) -> tuple[Destination, ...]:
    """Everyone's destinations first; a destination listed there and for some
    warehouses gets every warehouse, one listed for several groups their union."""
    scopes: dict[str, tuple[Destination, set[str] | None]] = {}

    def add(destination: Destination, warehouses: set[str] | None) -> None:
        known, scope = scopes.get(destination.id, (destination, set()))
        scopes[destination.id] = (known, None if scope is None or warehouses is None else scope | warehouses)

    for address in _listed(source.get("to"), source.name("to")):
        add(_email(address, source.name("to")), None)
    for number, entry in enumerate(_listed(source.get("webhooks"), source.name("webhooks")), start=1):
        add(_webhook(entry, f"{source.name('webhooks')} (entry {number})"), None)
    recipients = source.file_values.get("recipients", [])
    where = f"[[alerts.recipients]] in {source.file_name}"
    if not isinstance(recipients, list) or not all(isinstance(group, Mapping) for group in recipients):
        raise SettingsError(f"{where} must be tables with `warehouses`, `to` and `webhooks`.")
    for index, group in enumerate(recipients, start=1):
        name = f"{where} (table {index})"
        if unknown := sorted(set(group) - {"warehouses", "to", "webhooks"}):
            raise SettingsError(f"{name}: unknown key {', '.join(unknown)}; use warehouses, to and webhooks.")
        warehouses = set(_listed(group.get("warehouses"), f"{name} `warehouses`"))
        if not warehouses:
            raise SettingsError(f"{name} needs `warehouses`, the warehouse codes its recipients get alerts for.")
        for address in _listed(group.get("to"), f"{name} `to`"):
            add(_email(address, f"{name} `to`"), warehouses)
        for number, entry in enumerate(_listed(group.get("webhooks"), f"{name} `webhooks`"), start=1):
            add(_webhook(entry, f"{name} `webhooks` (entry {number})"), warehouses)
    return tuple(
        Destination(d.id, d.channel, d.address, () if scope is None else tuple(sorted(scope)))
        for d, scope in scopes.values()
    )


def _email(address: str, name: str) -> Destination:
    if not _ADDRESS.fullmatch(address):
        raise SettingsError(f"{name}: {address!r} is not an e-mail address (write name@example.com).")
    return Destination(f"{EMAIL}:{address}", EMAIL, address)


def _webhook(entry: str, name: str) -> Destination:
    """`slack:https://...` and the like, or a plain http(s) URL. Its id keeps
    the host and a short hash of the whole URL: never the path or the query,
    where the token is."""
    prefix, _, rest = entry.partition(":")
    channel, url = (prefix.lower(), rest.strip()) if prefix.lower() in ROBOT_FORMATS else (WEBHOOK, entry)
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = parts._replace(netloc="")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(
            f"{name} is not an http(s) URL: write https://..., or slack:, wecom: or dingtalk: before one."
        )
    host = parts.hostname + (f":{port}" if port else "")
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return Destination(f"{channel}:{host}#{digest}", channel, url)


def _smtp(source: _Source) -> SmtpSettings:
    host = source.text("smtp_host")
    if not host:
        raise SettingsError(f"{source.either('smtp_host')} is not set: the SMTP server that sends the e-mail digest.")
    tls = (source.text("smtp_tls") or "none").lower()
    if tls not in TLS_MODES:
        raise SettingsError(f"{source.name('smtp_tls')} must be one of {', '.join(TLS_MODES)}, not {tls!r}.")
    port = source.number("smtp_port", DEFAULT_PORTS[tls], low=1, integer=True)
    if port > 65535:
        raise SettingsError(f"{source.name('smtp_port')} must be a port number, 1 to 65535.")
    sender = source.text("smtp_from")
    if not sender or not _ADDRESS.search(sender):
        raise SettingsError(
            f"{source.either('smtp_from')} must be the sender's e-mail address, e.g. Inventory <inventory@example.com>."
        )
    user, password = source.text("smtp_user"), source.text("smtp_password")
    if bool(user) != bool(password):
        given, missing = ("smtp_user", "smtp_password") if user else ("smtp_password", "smtp_user")
        raise SettingsError(f"{source.name(given)} is set but {source.either(missing)} is not: set both, or neither.")
    return SmtpSettings(host=host, port=int(port), tls=tls, sender=sender, user=user, password=password)


def _dashboard_url(source: _Source) -> str:
    url = source.text("dashboard_url") or DEFAULT_DASHBOARD_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(
            f"{source.name('dashboard_url')} must be the dashboard's address, e.g. https://inventory.example.com."
        )
    return url.rstrip("/")


def _language(source: _Source) -> str:
    language = source.text("language") or DEFAULT_LANGUAGE
    if not _LANGUAGE.fullmatch(language):
        raise SettingsError(f"{source.name('language')} must be a language code such as en or zh_CN, not {language!r}.")
    return language


def _thresholds(source: _Source) -> AlertThresholds:
    return AlertThresholds(
        min_stock_value=source.number("stock_value_threshold", AlertThresholds.min_stock_value, low=0),
        capacity_pct=source.number("capacity_threshold_pct", AlertThresholds.capacity_pct, low=0.001),
    )
