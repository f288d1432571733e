"""Real receivers for the digest's tests: an SMTP server (aiosmtpd) and an
HTTP server for webhooks, both on 127.0.0.1, plus destinations that refuse
connections or accept them and never answer. Nothing here sleeps: tests wait
on what the receivers recorded (the digest has returned by then) or on the
client's own short timeout.
"""

from __future__ import annotations

import email
import json
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- SMTP ---------------------------------------------------------------------


@dataclass
class SmtpReceiver:
    """Keeps every message it accepts; `refusing` answers DATA with a permanent error."""

    port: int = 0
    password: str = "Sm7p-Pa55word"  # the one login it accepts, whatever the user name
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)  # (from, recipients)
    logins: list[tuple[str, str]] = field(default_factory=list)
    refusing: bool = False
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refusing:
            return "554 5.7.1 Message refused by the test"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        user, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((user, password))
        return AuthResult(success=password == self.password)

    def start(self, tls_context: ssl.SSLContext | None = None) -> "SmtpReceiver":
        self.port = free_port()
        options = dict(authenticator=self.authenticate, auth_require_tls=tls_context is not None)
        if tls_context is not None:
            options.update(tls_context=tls_context, require_starttls=True)
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message, (_, recipients) in zip(self.messages, self.envelopes) if address in recipients]


def self_signed_certificate(directory: Path) -> tuple[Path, Path] | None:
    """(certificate, key) for 127.0.0.1 made with the openssl command; None without it."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return cert, key


# --- webhooks -----------------------------------------------------------------


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: dict


class WebhookReceiver:
    """Records every POST; answers per path: `answers[path] = (status, body)`,
    by default 200 with the robots' success answers (Slack "ok", WeCom and
    DingTalk errcode 0)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: dict[str, tuple[int, bytes]] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                url = urlsplit(self.path)
                receiver.received.append(Received(url.path, parse_qs(url.query), dict(self.headers), body))
                status, answer = receiver.answers.get(url.path, (200, receiver.success(url.path)))
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:  # keep the test output clean
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @staticmethod
    def success(path: str) -> bytes:
        if path.startswith(("/wecom", "/dingtalk")):
            return b'{"errcode":0,"errmsg":"ok"}'
        return b"ok"

    def url(self, path: str, query: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}" + (f"?{query}" if query else "")

    def at(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class SilentServer:
    """Accepts connections (the kernel completes them from the backlog) and
    never answers: a client waits until its own timeout."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self.port = self._socket.getsockname()[1]

    def close(self) -> None:
        self._socket.close()
