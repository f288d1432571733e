"""Which database the dashboard and the command-line tools use.

Order of precedence: the `INVENTORY_DB_URL` environment variable, then `url`
under `[connections.inventory]` in `.streamlit/secrets.toml`, then the
embedded DuckDB file under `sample_data/`. Read with `tomllib`, not Streamlit,
so the commands and plain tests resolve the same database as the app.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from urllib.parse import quote, quote_plus

from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
DEFAULT_DB_PATH = PROJECT_ROOT / "sample_data" / "inventory.duckdb"
DEFAULT_DB_URL = f"duckdb:///{DEFAULT_DB_PATH}"
ENV_VAR = "INVENTORY_DB_URL"


class ConfigError(Exception):
    """The configured database cannot be used; the message says how to fix it."""


def _url_from_secrets(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}). Fix the file or set {ENV_VAR}.") from exc
    return secrets.get("connections", {}).get("inventory", {}).get("url")


def resolve_db_url(secrets_file: Path = SECRETS_FILE) -> str:
    """The SQLAlchemy URL to use, validated for syntax (not reachability)."""
    url = os.environ.get(ENV_VAR) or _url_from_secrets(secrets_file) or DEFAULT_DB_URL
    check_url(url)
    return url


def check_url(url: str) -> None:
    try:
        make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError or ValueError
        raise ConfigError(
            f"'{redact_url(url)}' is not a database URL. Use a SQLAlchemy URL such as "
            "duckdb:///path/inventory.duckdb, sqlite:///path/inventory.db or "
            "postgresql+psycopg://user:password@host:5432/dbname."
        ) from exc


# Query parameters whose values are secrets (libpq's password, sslpassword,
# passfile and sslkey; drivers' and clouds' tokens and keys).
_SECRET_NAME = re.compile(r"pass|pwd|secret|token|key|credential|auth", re.IGNORECASE)
_HIDDEN = "***"
_SHORTEST_SECRET = 4


def redact_url(url: str) -> str:
    """The URL as it may be shown anywhere (screens, messages, logs): without its
    password, password-like query parameters, or a password's unencoded `@` tail."""
    try:
        parsed = make_url(normalise_url(url))
    except Exception:
        # Unparseable: show only the scheme, since the rest may hold a password.
        return url.split("://", 1)[0] + "://…" if "://" in url else "(unparseable URL)"
    if parsed.password is None and not any(_is_secret(*item) for item in parsed.query.items()):
        return url  # nothing to hide: shown as given (rendering would re-quote file paths)
    query = {name: _HIDDEN if _is_secret(name, value) else value for name, value in parsed.query.items()}
    shown = parsed.set(query=query).render_as_string(hide_password=True)
    return shown.replace(quote_plus(_HIDDEN), _HIDDEN)


def redact_secrets(text: str, url: str | None) -> str:
    """`text` (a driver's message may echo the URL) with the URL redacted and
    every secret it holds replaced by ***. Secrets shorter than 4 characters are
    left in the rest of the text, which would otherwise lose every such letter."""
    if not url:
        return text
    text = text.replace(url, redact_url(url))
    for secret in sorted(_secrets(url), key=len, reverse=True):
        text = text.replace(secret, _HIDDEN)
    return text


def _secrets(url: str) -> set[str]:
    try:
        parsed = make_url(normalise_url(url))
    except Exception:
        return set()
    values = [value for name, value in parsed.query.items() if _is_secret(name, value)]
    found = {parsed.password, *(v for value in values for v in ([value] if isinstance(value, str) else value))}
    return {str(secret) for secret in found if secret and len(str(secret)) >= _SHORTEST_SECRET}


def _is_secret(name: str, value: str | tuple[str, ...]) -> bool:
    values = [value] if isinstance(value, str) else list(value)
    return bool(_SECRET_NAME.search(name)) or any(_SECRET_NAME.search(v) for v in values)


def normalise_url(url: str) -> str:
    """`user:p@ss@host` -> `user:p%40ss@host`: the host follows the last `@`
    before the query, so a password's own `@` (or `/`) is neither host nor shown."""
    scheme, separator, rest = url.partition("://")
    at = rest.rfind("@", 0, len(rest.split("?", 1)[0]))
    userinfo = rest[:at]
    if not separator or at < 0 or rest.startswith("/") or ":" not in userinfo:
        return url  # no password, or a file path (duckdb:///, sqlite:///)
    user, _, password = userinfo.partition(":")
    if not any(mark in password for mark in "@/?#"):
        return url
    return f"{scheme}://{user}:{quote(password, safe='')}@{rest[at + 1:]}"


def is_default_database(url: str) -> bool:
    return url == DEFAULT_DB_URL
