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
    dates become datetime64 so every backend returns identical frames."""
    result = conn.execute(stmt)
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    for name in money:
        frame[name] = pd.to_numeric(frame[name]).astype("float64").round(2)
    for name in integers:
        frame[name] = pd.to_numeric(frame[name]).fillna(0).astype("int64")
    for name in dates:
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
    return frame
