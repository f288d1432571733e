"""The alert digest's memory: its runs, what each destination was last sent of
each alert (state), and every delivery (history). See data_access.schema.

Rows are ids, keys and hashes; the words come from i18n when shown. Times are
naive UTC, as elsewhere in the schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import NamedTuple

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.bulk import next_id
from data_access.frames import read_frame
from data_access.schema import alert_history, alert_state, digest_runs

SENT = "sent"
FAILED = "failed"
DELIVERY_STATUSES = (SENT, FAILED)
ERROR_LENGTH = alert_state.c.error.type.length
_CHUNK = 500  # keys per IN list


class DigestRun(NamedTuple):
    run_id: int
    ran_at: datetime
    as_of: date


def start_run(conn: Connection, ran_at: datetime, as_of: date) -> int:
    run_id = next_id(conn, digest_runs)
    conn.execute(digest_runs.insert().values(run_id=run_id, ran_at=ran_at, as_of=as_of))
    return run_id


def last_run(conn: Connection) -> DigestRun | None:
    """The newest run, if any."""
    stmt = sa.select(digest_runs.c.run_id, digest_runs.c.ran_at, digest_runs.c.as_of)
    row = conn.execute(stmt.order_by(digest_runs.c.run_id.desc()).limit(1)).first()
    return DigestRun(int(row.run_id), _as_datetime(row.ran_at), _as_date(row.as_of)) if row else None


def synced_as_of(conn: Connection, destination: str) -> date | None:
    """The day of the newest run in which nothing failed for `destination`:
    up to that day it has had every alert. None before the first run."""
    failed_runs = sa.select(alert_history.c.run_id).where(
        alert_history.c.destination == destination, alert_history.c.status == FAILED
    )
    stmt = (
        sa.select(digest_runs.c.as_of)
        .where(digest_runs.c.run_id.not_in(failed_runs))
        .order_by(digest_runs.c.run_id.desc())
        .limit(1)
    )
    value = conn.execute(stmt).scalar()
    return _as_date(value) if value is not None else None


def destination_state(conn: Connection, destination: str) -> pd.DataFrame:
    """Columns: kind, alert_key, fingerprint, status (of each alert's last delivery)."""
    stmt = sa.select(
        alert_state.c.kind, alert_state.c.alert_key, alert_state.c.fingerprint, alert_state.c.status
    ).where(alert_state.c.destination == destination)
    return read_frame(conn, stmt)


def record_delivery(
    conn: Connection,
    run_id: int,
    destination: str,
    alerts: pd.DataFrame,
    status: str,
    error: str | None,
    at: datetime,
) -> None:
    """Remember that `alerts` (kind, alert_key, fingerprint) were delivered to
    `destination` (status SENT) or tried (FAILED, with the error), in its
    state and in the history."""
    if status not in DELIVERY_STATUSES:
        raise ValueError(f"Unknown delivery status {status!r}; use one of {', '.join(DELIVERY_STATUSES)}.")
    error = error[:ERROR_LENGTH] if error else None
    _delete_state(conn, destination, alerts[["kind", "alert_key"]])
    rows = [
        {"destination": destination, "kind": kind, "alert_key": key, "fingerprint": fingerprint, "status": status,
         "error": error}
        for kind, key, fingerprint in zip(alerts["kind"], alerts["alert_key"], alerts["fingerprint"])
    ]  # fmt: skip
    if rows:
        conn.execute(alert_state.insert(), [{**row, "attempted_at": at} for row in rows])
        conn.execute(alert_history.insert(), [{**row, "run_id": run_id} for row in rows])


def forget_resolved(conn: Connection, destination: str, current: pd.DataFrame) -> int:
    """Drop the state of alerts no longer raised (not among `current`'s kind
    and alert_key), so that one raised again later is sent again. Returns how many."""
    state = destination_state(conn, destination)
    still = set(zip(current["kind"], current["alert_key"]))
    resolved = state[[(kind, key) not in still for kind, key in zip(state["kind"], state["alert_key"])]]
    _delete_state(conn, destination, resolved)
    return len(resolved)


def _delete_state(conn: Connection, destination: str, keys: pd.DataFrame) -> None:
    for kind, group in keys.groupby("kind"):
        for chunk in _chunks(group["alert_key"].tolist()):
            conn.execute(
                alert_state.delete().where(
                    alert_state.c.destination == destination,
                    alert_state.c.kind == kind,
                    alert_state.c.alert_key.in_(chunk),
                )
            )


def history(conn: Connection, limit: int) -> pd.DataFrame:
    """The newest `limit` deliveries of single alerts, newest first.

    Columns: ran_at, as_of, destination, kind, alert_key, status, error.
    """
    stmt = (
        sa.select(
            digest_runs.c.ran_at,
            digest_runs.c.as_of,
            alert_history.c.destination,
            alert_history.c.kind,
            alert_history.c.alert_key,
            alert_history.c.status,
            alert_history.c.error,
        )
        .select_from(alert_history.join(digest_runs, alert_history.c.run_id == digest_runs.c.run_id))
        .order_by(
            alert_history.c.run_id.desc(),
            alert_history.c.destination,
            alert_history.c.kind,
            alert_history.c.alert_key,
        )
        .limit(limit)
    )
    frame = read_frame(conn, stmt, dates=("as_of",))
    frame["ran_at"] = pd.to_datetime(frame["ran_at"])
    return frame


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _as_date(value) -> date:
    return value if isinstance(value, date) and not isinstance(value, datetime) else date.fromisoformat(str(value)[:10])


def _as_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
