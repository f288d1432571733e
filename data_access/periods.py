"""`period_start(date, grain)`: the first day of a date's day, week or month,
compiled for each backend, so bucketing happens inside the database.

Weeks start on Monday (ISO), as in DuckDB's and PostgreSQL's date_trunc.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

Grain = Literal["day", "week", "month"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month")


class period_start(FunctionElement):
    type = Date()
    inherit_cache = True
    name = "period_start"

    def __init__(self, column, grain: Grain):
        if grain not in GRAINS:
            raise ValueError(f"Unknown grain {grain!r}; use one of {', '.join(GRAINS)}.")
        self.grain = grain
        super().__init__(column)

    # The grain is part of the SQL text, so it must be part of the cache key.
    _traverse_internals = FunctionElement._traverse_internals + [("grain", InternalTraversal.dp_string)]


def _column_sql(element, compiler, **kw) -> str:
    return compiler.process(list(element.clauses)[0], **kw)


@compiles(period_start)
def _period_start_default(element, compiler, **kw):  # DuckDB and PostgreSQL
    column = _column_sql(element, compiler, **kw)
    if element.grain == "day":
        return column
    return f"CAST(date_trunc('{element.grain}', {column}) AS DATE)"


@compiles(period_start, "sqlite")
def _period_start_sqlite(element, compiler, **kw):
    column = _column_sql(element, compiler, **kw)
    if element.grain == "day":
        return f"date({column})"
    if element.grain == "week":
        # 'weekday 0' moves forward to Sunday; six days back is that week's Monday.
        return f"date({column}, '-6 days', 'weekday 1')"
    return f"date({column}, 'start of month')"


class days_between(FunctionElement):
    """Whole days from `earlier` to `later` (later - earlier), on every backend."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element, compiler, **kw):  # DuckDB and PostgreSQL: date - date is days
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"({later} - {earlier})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
