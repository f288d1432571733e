"""Which database the dashboard and the command-line tools use.

Order of precedence: the `INVENTORY_DB_URL` environment variable, then `url`
under `[connections.inventory]` in `.streamlit/secrets.toml`, then the
embedded DuckDB file under `sample_data/`. Read with `tomllib`, not Streamlit,
so the commands and plain tests resolve the same database as the app.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

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


def redact_url(url: str) -> str:
    """The URL as it may be shown to a user: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        # Unparseable: show only the scheme, since the rest may hold a password.
        return url.split("://", 1)[0] + "://…" if "://" in url else "(unparseable URL)"


def is_default_database(url: str) -> bool:
    return url == DEFAULT_DB_URL
