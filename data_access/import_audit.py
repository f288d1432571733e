"""The import audit: who imported which file, when, how many rows, in which
mode. Written in the import's own transaction, so a rolled-back import leaves
no row and a committed one always has its row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.schema import import_audit

LOCAL_USER = "local"


def record_imports(conn: Connection, plans: Sequence, *, who: str, mode: str) -> None:
    """One row per plan (an ImportPlan: a file as read and validated)."""
    first = (conn.execute(sa.select(sa.func.max(import_audit.c.audit_id))).scalar() or 0) + 1
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute(
        import_audit.insert(),
        [
            {
                "audit_id": first + number,
                "imported_at": now,
                "imported_by": who,
                "mode": mode,
                "file_name": plan.table.file_name[:500],
                "sha256": plan.table.sha256,
                "rows_read": plan.rows_read,
                "rows_imported": len(plan.accepted),
                "rows_rejected": len(plan.rejected_rows),
            }
            for number, plan in enumerate(plans)
        ],
    )


def recent_imports(conn: Connection, limit: int) -> pd.DataFrame:
    """The newest `limit` rows, newest first."""
    stmt = sa.select(import_audit).order_by(import_audit.c.audit_id.desc()).limit(limit)
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=[c.name for c in import_audit.columns])
