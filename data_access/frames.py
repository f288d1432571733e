"""Run a select and return a small DataFrame with clean dtypes."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
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
    """Money becomes float64 rounded to cents (SQLite sums floats; the other
    backends sum exact decimals), counts become int64, dates datetime64[ns],
    so every backend returns identical frames.

    DuckDB hands over the result as a DataFrame itself (column by column, no
    Python object per value); other drivers' rows become plain tuples first,
    since pandas builds a frame from SQLAlchemy `Row` objects ~30x slower.
    Only columns not already of their type are converted, as NumPy arrays: a
    pandas conversion per column costs more than the query on the small
    results the pages read. Big results (a big catalog's weekly history:
    millions of rows) are fetched in chunks, so the Python tuples of only
    one chunk exist at a time."""
    result = conn.execute(stmt)
    columns = list(result.keys())
    if conn.dialect.name == "duckdb":
        frame = result.cursor.fetch_df()
        result.close()
        frame.columns = columns
    else:
        frame = _fetch_in_chunks(result, columns)
    sums_floats = conn.dialect.name == "sqlite"
    for name in money:
        if sums_floats or frame[name].dtype != "float64":
            frame[name] = np.round(frame[name].to_numpy(dtype="float64", na_value=np.nan), 2)
    for name in integers:
        if frame[name].dtype != "int64":
            frame[name] = frame[name].fillna(0).to_numpy(dtype="int64")
    for name in dates:
        if frame[name].dtype != "datetime64[ns]":
            frame[name] = pd.to_datetime(frame[name]).to_numpy(dtype="datetime64[ns]")
    return frame


_CHUNK_ROWS = 200_000


def _fetch_in_chunks(result, columns: list[str]) -> pd.DataFrame:
    """The result's rows as a frame, built _CHUNK_ROWS at a time; a column
    left mixed by the chunks (numbers or text in one, only None in another)
    gets the type it would have from all rows at once."""
    frames = []
    while rows := result.fetchmany(_CHUNK_ROWS):
        frames.append(pd.DataFrame([tuple(row) for row in rows], columns=columns))
    if len(frames) <= 1:
        return frames[0] if frames else pd.DataFrame([], columns=columns)
    frame = pd.concat(frames, ignore_index=True)
    for name in columns:
        if frame[name].dtype == object and any(chunk[name].dtype != object for chunk in frames):
            frame[name] = pd.Series(frame[name].tolist(), name=name)
    return frame
