"""`python -m data_access.migrate [--db URL]`: bring a database's schema to the
newest revision, adopting one made before migrations existed.

Run it once per deploy for a server database (PostgreSQL), before starting
the new version: the dashboard and the commands refuse a server database
that is behind. File databases (DuckDB, SQLite) migrate themselves, but the
command works on them too.

Exit codes: 0 the schema is at the newest revision; 1 the database could not
be opened, adopted or migrated (nothing was changed); 2 bad usage (an
unknown option, not a database URL, no driver installed for it).
"""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa

from data_access.config import ConfigError, check_url, redact_secrets, redact_url, resolve_db_url
from data_access.engine import DatabaseUnavailableError, make_engine
from data_access.migrations import head_revision, upgrade

PROG = "python -m data_access.migrate"
EXIT_OK, EXIT_DATABASE, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: the dashboard's database)")
    given = parser.parse_args(argv).db
    try:
        url = given or resolve_db_url()
        check_url(url)
    except ConfigError as exc:
        return _fail(str(exc), EXIT_USAGE, given)
    shown = redact_url(url)
    try:
        engine = make_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        return _fail(f"cannot use the database URL {shown}: {_first_line(exc)}", EXIT_USAGE, url)
    try:
        before = upgrade(engine)
    except DatabaseUnavailableError as exc:
        return _fail(str(exc), EXIT_DATABASE, url)
    except sa.exc.SQLAlchemyError as exc:
        detail = _first_line(getattr(exc, "orig", None) or exc)
        return _fail(f"migrating {shown} failed: {detail}. Nothing was changed.", EXIT_DATABASE, url)
    finally:
        engine.dispose()
    head = head_revision()
    print(f"{shown}: at schema revision {head}" + ("" if before == head else f" (was {before or 'unversioned'})"))
    return EXIT_OK


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _fail(message: str, code: int, url: str | None) -> int:
    """One line on stderr; a driver may echo the URL, so its password is masked wherever it appears."""
    print(f"{PROG}: error: {redact_secrets(message, url)}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
