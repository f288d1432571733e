"""What a digest remembers of an alert: a stable key and a fingerprint per row.

The key is the values of the alert's key columns as a compact JSON array
(`["SKU-001","BER"]`, `[1042]`): the same position or purchase order gets the
same key in every evaluation. The fingerprint hashes the kind and the columns
of its rule's fingerprint: an alert already sent is sent again only when one
of them changes (a late order's expected date, a status change's statuses),
not when numbers that drift every day do (days late, days of cover).
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from analytics.alerts import RULES, Alert

IDENTITY_COLUMNS = ["kind", "alert_key", "fingerprint"]


def json_value(value: object) -> object:
    """A JSON value that reads the same whatever the frame's dtype was: ids
    and numbers as they are, dates as ISO text, gaps as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def _json(values: list) -> str:
    return json.dumps([json_value(value) for value in values], ensure_ascii=False, separators=(",", ":"))


def alert_keys(alert: Alert) -> pd.Series:
    """Per row, its key as a JSON array."""
    columns = [alert.rows[name].astype("object").tolist() for name in alert.key]
    return pd.Series([_json(list(values)) for values in zip(*columns)], index=alert.rows.index, dtype="object")


def fingerprints(alert: Alert) -> pd.Series:
    """Per row, a hash of its kind and its rule's fingerprint columns."""
    columns = [alert.rows[name].astype("object").tolist() for name in RULES[alert.kind].fingerprint]
    values = zip(*columns) if columns else ((),) * len(alert.rows)
    hashes = [hashlib.sha256(_json([alert.kind, *row]).encode()).hexdigest()[:16] for row in values]
    return pd.Series(hashes, index=alert.rows.index, dtype="object")


def identify(alerts: tuple[Alert, ...]) -> pd.DataFrame:
    """kind, alert_key and fingerprint of every row of every alert."""
    frames = [
        pd.DataFrame({"kind": alert.kind, "alert_key": alert_keys(alert), "fingerprint": fingerprints(alert)})
        for alert in alerts
        if not alert.rows.empty
    ]
    if not frames:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in IDENTITY_COLUMNS})
    return pd.concat(frames, ignore_index=True)


def new_or_changed(alerts: tuple[Alert, ...], delivered: pd.DataFrame) -> tuple[Alert, ...]:
    """The rows a destination has not had yet: those not among `delivered`
    (kind, alert_key, fingerprint of what it was sent) with the same
    fingerprint, so new, changed since, or failed last time. Kinds left with
    no row are left out."""
    delivered = set(zip(delivered["kind"], delivered["alert_key"], delivered["fingerprint"]))
    pending = []
    for alert in alerts:
        if alert.rows.empty:
            continue
        identities = zip(alert_keys(alert), fingerprints(alert))
        keep = [(alert.kind, key, fingerprint) not in delivered for key, fingerprint in identities]
        if any(keep):
            pending.append(Alert(alert.kind, alert.key, alert.rows[keep].reset_index(drop=True)))
    return tuple(pending)
