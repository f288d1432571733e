"""`python -m data_access.refresh_summaries [--db URL]`: rebuild the sales
summaries and the current stock after another program wrote order lines or
stock snapshots straight into the database (the importer and the sample-data
generator keep them up to date themselves).

Exit codes: 0 rebuilt; 1 the database could not be opened or written.
"""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa

from data_access.config import redact_url, resolve_db_url
from data_access.current_stock import refresh_current_stock
from data_access.engine import DatabaseUnavailableError, make_engine, transaction
from data_access.migrations import prepare_schema
from data_access.sales_summary import refresh_sales_summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data_access.refresh_summaries", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: the dashboard's database)")
    url = parser.parse_args(argv).db or resolve_db_url()
    engine = make_engine(url)
    try:
        prepare_schema(engine)
        with transaction(engine) as conn:
            refresh_sales_summary(conn)
            refresh_current_stock(conn)
    except (DatabaseUnavailableError, sa.exc.SQLAlchemyError) as exc:
        print(f"Cannot rebuild the summaries of {redact_url(url)}: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"Rebuilt the sales summaries and the current stock of {redact_url(url)}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
