"""Delivering a digest: e-mail through SMTP, webhooks as JSON POSTs with a
timeout and retries. Every failure becomes a DeliveryError whose message has
had the secrets (the SMTP password, each webhook URL and its token parts)
taken out, so it can be printed, logged and stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qsl, quote_plus, urlsplit, urlunsplit

from planning.digest_content import DigestContent
from planning.digest_formats import (
    dingtalk_payload,
    generic_payload,
    html_text,
    plain_text,
    slack_payload,
    to_json,
    wecom_payload,
)
from services.alert_settings import EMAIL, WEBHOOK, AlertSettings, Destination, SmtpSettings

USER_AGENT = "inventory-dashboard-digest"
PAYLOADS: dict[str, Callable[[DigestContent], dict]] = {
    "slack": slack_payload,
    "wecom": wecom_payload,
    "dingtalk": dingtalk_payload,
    WEBHOOK: generic_payload,
}
_RETRIED_STATUSES = {408, 425, 429, 500, 502, 503, 504}


class DeliveryError(Exception):
    """A destination did not take the digest; the message is free of secrets."""


def _token_like(segment: str) -> bool:
    """A path segment that may be a token (Slack's T.../B.../XXXX): long, or with
    digits; not a word such as "services" or "webhook"."""
    return len(segment) >= 16 or (len(segment) >= 6 and any(char.isdigit() for char in segment))


def secret_parts(secrets: Iterable[str]) -> list[str]:
    """The secrets and the pieces of each URL that may hold a token (the path,
    token-like segments of it, query values, the fragment), longest first, so
    that none shows even in part."""
    parts = set()
    for secret in secrets:
        parts.add(secret)
        if "://" in secret:
            url = urlsplit(secret)
            parts.update({url.path, url.query, url.fragment, urlunsplit(url._replace(fragment=""))})
            parts.update(segment for segment in url.path.split("/") if _token_like(segment))
            parts.update(value for _, value in parse_qsl(url.query))
    return sorted((part for part in parts if len(part) >= 6), key=len, reverse=True)


def scrub(text: str, secrets: Iterable[str]) -> str:
    for part in secret_parts(secrets):
        text = text.replace(part, "***")
    return text


def deliver(destination: Destination, content: DigestContent, settings: AlertSettings) -> None:
    """Send `content` to `destination`, or raise DeliveryError."""
    try:
        if destination.channel == EMAIL:
            send_email(settings.smtp, destination.address, content, settings.timeout_seconds)
        else:
            post_json(
                destination,
                PAYLOADS[destination.channel](content),
                timeout=settings.timeout_seconds,
                attempts=settings.webhook_attempts,
                retry_seconds=settings.webhook_retry_seconds,
            )
    except DeliveryError as exc:
        raise DeliveryError(scrub(str(exc), settings.secrets)) from None
    except Exception as exc:  # whatever one destination does, the others still get theirs
        raise DeliveryError(scrub(_describe(exc), settings.secrets)) from None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"SMTP {exc.smtp_code} {detail}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the SMTP server refused the recipient"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- e-mail -------------------------------------------------------------------


def email_message(smtp: SmtpSettings, to: str, content: DigestContent) -> EmailMessage:
    """A plain-text part and an HTML part with the same tables and links."""
    message = EmailMessage()
    message["Subject"] = content.subject
    message["From"] = smtp.sender
    message["To"] = to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2].strip(">") or None)
    message.set_content(plain_text(content))
    message.add_alternative(html_text(content), subtype="html")
    return message


def send_email(smtp: SmtpSettings, to: str, content: DigestContent, timeout: float) -> None:
    context = ssl.create_default_context()
    if smtp.tls == "tls":
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
    with client:
        if smtp.tls == "starttls":
            client.starttls(context=context)
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.send_message(email_message(smtp, to, content))


# --- webhooks -----------------------------------------------------------------


def _signed(url: str) -> str:
    """DingTalk robots with the "sign" security setting: the secret (SEC...) is
    written as the URL's fragment, never sent; the URL gets timestamp and sign."""
    parts = urlsplit(url)
    if not parts.fragment:
        return url
    timestamp = str(round(time.time() * 1000))
    digest = hmac.new(parts.fragment.encode(), f"{timestamp}\n{parts.fragment}".encode(), hashlib.sha256).digest()
    query = f"{parts.query}&" if parts.query else ""
    query += f"timestamp={timestamp}&sign={quote_plus(base64.b64encode(digest))}"
    return urlunsplit(parts._replace(query=query, fragment=""))


def _check_answer(channel: str, status: int, body: bytes) -> None:
    """WeCom and DingTalk answer 200 with an errcode; anything but 0 is a refusal."""
    if channel not in ("wecom", "dingtalk"):
        return
    try:
        answer = json.loads(body.decode("utf-8"))
        code, reason = answer.get("errcode"), answer.get("errmsg", "")
    except (ValueError, AttributeError):
        raise DeliveryError(f"HTTP {status} with an answer that is not the robot's JSON") from None
    if code != 0:
        raise DeliveryError(f"the robot refused the message: errcode {code} {reason}".strip())


def post_json(
    destination: Destination,
    payload: dict,
    *,
    timeout: float,
    attempts: int,
    retry_seconds: float,
    pause: Callable[[float], None] = time.sleep,
) -> None:
    """POST the payload; retry a connection failure, a timeout, a 5xx or 429
    (pausing retry_seconds, then twice that, ...); give up on other answers."""
    body = to_json(payload)
    problem = ""
    for attempt in range(1, attempts + 1):
        url = _signed(destination.address) if destination.channel == "dingtalk" else destination.address
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                _check_answer(destination.channel, response.status, response.read(65_536))
                return
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code} {exc.reason}"
            if exc.code not in _RETRIED_STATUSES:
                raise DeliveryError(problem) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                problem = "timed out"
            else:
                problem = _describe(reason) if isinstance(reason, BaseException) else str(reason)
        if attempt < attempts:
            pause(retry_seconds * 2 ** (attempt - 1))
    raise DeliveryError(f"{problem} ({attempts} attempt{'s' if attempts > 1 else ''})")
