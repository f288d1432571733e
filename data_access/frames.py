"""Run a select and return a small DataFrame with clean dtypes."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Select
from sqlalchemy.engine import Connection


def read_frame(
    conn: Connection,
    stmt: Select,
    *,
    money: Iterable[str] = (),
    integers: Iterable[str] = (),
    dates: Iterable[str] = (),
) -> pd.DataFrame:
    """Money is rounded to cents (SQLite sums floats), counts become int64,
    dates become datetime64 so every backend returns identical frames.

    DuckDB hands over the result as a DataFrame itself (column by column, no
    Python object per value); other drivers' rows become plain tuples first,
    since pandas builds a frame from SQLAlchemy `Row` objects ~30x slower."""
    result = conn.execute(stmt)
    columns = list(result.keys())
    if conn.dialect.name == "duckdb":
        frame = result.cursor.fetch_df()
        result.close()
        frame.columns = columns
    else:
        frame = pd.DataFrame([tuple(row) for row in result.fetchall()], columns=columns)
    for name in money:
        frame[name] = pd.to_numeric(frame[name]).astype("float64").round(2)
    for name in integers:
        frame[name] = pd.to_numeric(frame[name]).fillna(0).astype("int64")
    for name in dates:
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
    return frame
