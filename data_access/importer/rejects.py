"""Rejected rows as the user can act on them: the row number a spreadsheet
shows, the file's own column name, the value as typed (shortened past 200
characters), and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from data_access.export import to_csv_bytes
from data_access.importer.limits import shorten

REJECT_COLUMNS = ["row", "column", "value", "reason"]


def describe_problems(
    problems: pd.DataFrame, raw: pd.DataFrame, mapping: Mapping[str, str], headers: list[str]
) -> pd.DataFrame:
    """`problems` (row, field, reason) with the file's column name and the
    value the user typed, in the order of the file's rows and columns."""
    if problems.empty:
        return pd.DataFrame({name: pd.Series(dtype="int64" if name == "row" else "str") for name in REJECT_COLUMNS})
    described = problems.assign(value="")
    for field, rows in problems.groupby("field")["row"]:
        described.loc[rows.index, "value"] = raw[field].reindex(rows).map(shorten).to_numpy()
    described["column"] = described["field"].map(mapping)
    position = described["column"].map({header: i for i, header in enumerate(headers)})
    order = described.assign(position=position).sort_values(["row", "position"], kind="stable").index
    return described.loc[order, REJECT_COLUMNS].reset_index(drop=True)


def rejects_csv(rejects_by_file: Mapping[str, pd.DataFrame]) -> bytes:
    """One CSV for the rejects of several files; formula-like values are
    neutralised by the export so opening the file in Excel runs nothing."""
    frames = [rejects.assign(file=name) for name, rejects in rejects_by_file.items()]
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=REJECT_COLUMNS)
    return to_csv_bytes(combined.reindex(columns=["file", *REJECT_COLUMNS]))
