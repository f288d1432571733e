"""DuckDB's side of the migrations: an Alembic impl, and table rebuilds for
what DuckDB's ALTER cannot do.

duckdb-engine registers no Alembic impl (Alembic then fails with
`KeyError: 'duckdb'`); DuckDB rolls DDL back, so the impl is transactional.

DuckDB 2.0 refuses most ALTERs of a table that a foreign key references or
that has an index (only a nullable ADD COLUMN works), and renaming such a
table breaks the database for good. A table is therefore rebuilt without
renames: its rows and those of every table that references it are copied
aside, the tables are dropped children first and created again parents
first, and the rows go back. The children are re-created from DuckDB's own
catalog (its CREATE statement, comments and indexes), so this works on any
revision's tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from alembic.ddl.impl import DefaultImpl
from sqlalchemy.engine import Connection


class DuckDBImpl(DefaultImpl):
    __dialect__ = "duckdb"
    transactional_ddl = True


@dataclass(frozen=True)
class _Definition:
    """A table as DuckDB's catalog holds it, enough to create it again."""

    name: str
    create: str
    columns: tuple[str, ...]
    extras: tuple[sa.schema.ExecutableDDLElement | str, ...]  # comments and indexes


def _definition(conn: Connection, name: str) -> _Definition:
    create, comment = conn.execute(
        sa.text("SELECT sql, comment FROM duckdb_tables() WHERE schema_name = current_schema() AND table_name = :t"),
        {"t": name},
    ).one()
    columns = conn.execute(
        sa.text(
            "SELECT column_name, comment FROM duckdb_columns() "
            "WHERE schema_name = current_schema() AND table_name = :t ORDER BY column_index"
        ),
        {"t": name},
    ).all()
    # A detached Table only to render the COMMENT statements with the dialect's quoting.
    shape = sa.Table(name, sa.MetaData(), *(sa.Column(c, sa.types.NullType, comment=note) for c, note in columns))
    extras: list[sa.schema.ExecutableDDLElement | str] = []
    if comment:
        shape.comment = comment
        extras.append(sa.schema.SetTableComment(shape))
    extras += [sa.schema.SetColumnComment(shape.c[c]) for c, note in columns if note]
    extras += conn.execute(
        sa.text(
            "SELECT sql FROM duckdb_indexes() WHERE schema_name = current_schema() AND table_name = :t "
            "AND sql IS NOT NULL"
        ),
        {"t": name},
    ).scalars()
    return _Definition(name, create, tuple(c for c, _ in columns), tuple(extras))


def _create(conn: Connection, definition: _Definition) -> None:
    conn.exec_driver_sql(definition.create)
    for statement in definition.extras:
        if isinstance(statement, str):
            conn.exec_driver_sql(statement)
        else:
            conn.execute(statement)


def _children(conn: Connection, name: str) -> list[str]:
    return list(
        conn.execute(
            sa.text(
                "SELECT DISTINCT table_name FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY' "
                "AND schema_name = current_schema() AND referenced_table = :t AND table_name <> :t ORDER BY 1"
            ),
            {"t": name},
        ).scalars()
    )


def _parents_first(conn: Connection, names: Iterable[str]) -> list[str]:
    """`names` and every table referencing one of them, each after the tables
    it references (reverse post-order of a depth-first walk; DuckDB cannot
    make foreign keys that form a cycle)."""
    finished: list[str] = []

    def visit(name: str) -> None:
        if name not in finished:
            for child in _children(conn, name):
                visit(child)
            finished.append(name)

    for name in names:
        visit(name)
    return finished[::-1]


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def recreate_empty(conn: Connection, names: Iterable[str]) -> None:
    """Empty the named tables, and every table referencing them, by dropping
    and creating them again as they are, in the caller's transaction.

    DuckDB cannot delete parent rows whose children were deleted earlier in
    the same transaction, so emptying a database all or nothing needs this."""
    definitions = [_definition(conn, name) for name in _parents_first(conn, names)]
    for definition in reversed(definitions):
        conn.exec_driver_sql(f"DROP TABLE {_quoted(conn, definition.name)}")
    for definition in definitions:
        _create(conn, definition)


def rebuild_table(conn: Connection, table: sa.Table) -> None:
    """Replace the table named `table.name` by `table`'s definition, keeping its
    rows (in the columns both have) and every row of the tables that reference
    it, in the caller's transaction. For changes DuckDB's ALTER refuses, such
    as dropping a column of a referenced table."""
    dependents = [_definition(conn, name) for name in _parents_first(conn, [table.name])[1:]]
    old_columns = set(_definition(conn, table.name).columns)
    aside = {name: _quoted(conn, f"_rebuild_{name}") for name in (table.name, *(d.name for d in dependents))}
    for name, copy in aside.items():
        conn.exec_driver_sql(f"CREATE TABLE {copy} AS SELECT * FROM {_quoted(conn, name)}")
    for definition in reversed(dependents):
        conn.exec_driver_sql(f"DROP TABLE {_quoted(conn, definition.name)}")
    conn.exec_driver_sql(f"DROP TABLE {_quoted(conn, table.name)}")
    table.create(conn)
    kept = ", ".join(_quoted(conn, c.name) for c in table.columns if c.name in old_columns)
    conn.exec_driver_sql(f"INSERT INTO {_quoted(conn, table.name)} ({kept}) SELECT {kept} FROM {aside[table.name]}")
    for definition in dependents:
        _create(conn, definition)
        conn.exec_driver_sql(f"INSERT INTO {_quoted(conn, definition.name)} SELECT * FROM {aside[definition.name]}")
    for copy in aside.values():
        conn.exec_driver_sql(f"DROP TABLE {copy}")
