"""Editing the Replenishment page's purchase editor in AppTest, as a planner would."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.support.app_db import assert_clean


def raise_first_line(at: AppTest, purchases: pd.DataFrame, units: int) -> tuple[pd.Series, float]:
    """Add `units` to the editor's first line and rerun. Returns that line's stored
    row and the plan's money after the edit, computed from the stored rows."""
    editor = at.data_editor[0]
    first = editor.value.iloc[0]
    line = purchases[(purchases["sku"] == first["sku"]) & (purchases["warehouse"] == first["warehouse"])].iloc[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"quantity": int(line["quantity"]) + units}},
                                    "added_rows": [], "deleted_rows": []}  # fmt: skip
    at.run()
    assert_clean(at)
    extra = units * (0 if pd.isna(line["unit_cost"]) else line["unit_cost"])
    return line, purchases["cost"].fillna(0).sum() + extra
