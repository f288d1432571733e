"""What every job shares: opening the database, exit codes, one-line errors.

Exit codes as the importer's: 0 done; 1 a data or database problem (nothing
to work on, the database cannot be opened or is behind its schema, the job
failed and wrote nothing); 2 bad usage. Messages are one line on stderr,
never a traceback, and never show a password.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from data_access.config import ConfigError, check_url, redact_url, resolve_db_url
from data_access.engine import DatabaseUnavailableError, make_engine
from data_access.migrations import prepare_schema

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class JobFailed(Exception):
    """A job cannot go on; `code` is its exit code and the message says why and what to do."""

    def __init__(self, message: str, code: int = EXIT_DATA) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Database:
    url: str
    engine: Engine

    @property
    def shown(self) -> str:
        return redact_url(self.url)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL (default: INVENTORY_DB_URL, .streamlit/secrets.toml, else the sample file)",
    )


def open_database(option: str | None) -> Database:
    """The database of --db (or the dashboard's), with its schema ready to
    write to: a file database is migrated; a server database behind the
    newest schema is refused with the command that migrates it."""
    try:
        url = option or resolve_db_url()
        check_url(url)
    except ConfigError as exc:
        raise JobFailed(str(exc), EXIT_USAGE) from None
    try:
        engine = make_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise JobFailed(f"cannot use the database URL {redact_url(url)}: {first_line(exc)}", EXIT_USAGE) from None
    try:
        prepare_schema(engine)  # migrates a file database; a server one must be migrated already
    except DatabaseUnavailableError as exc:
        engine.dispose()
        raise JobFailed(str(exc)) from None
    return Database(url, engine)


def first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def fail(prog: str, message: str, code: int, url: str | None) -> int:
    """Print one line on stderr, the URL's password masked wherever it appears."""
    password = _password(url)
    if password:
        message = message.replace(password, "***")
    print(f"{prog}: error: {message}", file=sys.stderr)
    return code


def _password(url: str | None) -> str | None:
    try:
        return make_url(url).password if url else None
    except Exception:  # not a URL: it has no password to find
        return None
