"""Arithmetic on integer columns in types wide enough for any stored value.

DuckDB and PostgreSQL multiply two 32-bit integers as 32-bit integers, and
DuckDB multiplies a 32-bit integer by a Numeric(14, 2) amount in 18 digits:
a shop with one line of 80,995 units, or ten million units worth a
million each, overflowed. Widen before multiplying, on every backend.
"""

from __future__ import annotations

import sqlalchemy as sa

def times_money(units: sa.ColumnElement, amount: sa.ColumnElement) -> sa.ColumnElement:
    """Units x an amount, exact to the cent (a float on SQLite, as all its money)."""
    # 20 + 16 digits: DuckDB keeps the product (and its sums) exact within its 38-digit decimals.
    # Read back as a float of any scale, as the money columns are (a quotient keeps its decimals).
    product = sa.cast(units, sa.Numeric(20, 0)) * sa.cast(amount, sa.Numeric(16, 2))
    return sa.type_coerce(product, sa.Numeric(asdecimal=False))


def squared(units: sa.ColumnElement) -> sa.ColumnElement:
    """A square for a variance: in double precision, which never overflows."""
    wide = sa.cast(units, sa.Double)
    return wide * wide
