"""Alembic's entry point: runs the revisions on one connection, in one transaction.

The application (data_access.migrations) hands over a connection already
inside its locked transaction, so a whole upgrade commits or rolls back as
one. The `alembic` command line (alembic.ini at the project root) gets the
same kind of transaction here, on the configured database or `-x db=URL`.
"""

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from data_access.config import resolve_db_url
from data_access.engine import make_engine
from data_access.migrations import migration_transaction


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        transactional_ddl=True,  # true of all three backends (SQLite through data_access.engine)
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported: revisions read the database they change.")
if (given := context.config.attributes.get("connection")) is not None:
    _run(given)
else:
    fileConfig(context.config.config_file_name, disable_existing_loggers=False)
    engine = make_engine(context.get_x_argument(as_dictionary=True).get("db") or resolve_db_url())
    try:
        with migration_transaction(engine) as connection:
            _run(connection)
    finally:
        engine.dispose()
