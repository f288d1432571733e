"""The digest between evaluating and delivering (Redash's alerts: evaluate,
remember, deliver as separate steps; delivering is `planning.delivery`):

- `prepare_digests` evaluates the alerts for each destination's warehouses
  (the restriction is the query's Filters) and keeps only what it has not
  had yet, by the state of what it was sent;
- `remember_delivery` records a delivery or a failure in that state and in
  the history, and forgets alerts no longer raised.

Status changes are measured per destination from the evaluation day of its
last run without a failure, so a destination that failed gets the changes it
missed; before any run, from the day before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy.engine import Connection

from analytics.alert_memory import identify, new_or_changed
from analytics.alerts import Alert, AlertThresholds
from analytics.stock_health import StockPolicy
from data_access import alert_log
from data_access.extent import data_span, warehouse_list
from data_access.filters import Filters
from services.alert_settings import Destination
from services.alerts import stock_alerts
from services.reads import ConnectionReads


@dataclass(frozen=True)
class DestinationDigest:
    destination: Destination
    as_of: date
    since: date  # status changes are measured from this day
    alerts: tuple[Alert, ...]  # what is new or changed for this destination; kinds without any left out
    raised: pd.DataFrame  # kind, alert_key, fingerprint of every alert raised for its warehouses

    @property
    def alert_count(self) -> int:
        return sum(len(alert.rows) for alert in self.alerts)


def digest_day(conn: Connection) -> date | None:
    """The day the digest evaluates: the data's last day, as the Overview's default view."""
    return data_span(conn).last_day


def unknown_warehouses(conn: Connection, destinations: tuple[Destination, ...]) -> list[str]:
    """Warehouse codes in the recipients' settings that the data does not have."""
    known = {warehouse.code for warehouse in warehouse_list(conn)}
    return sorted({code for d in destinations for code in d.warehouses} - known)


def prepare_digests(
    conn: Connection,
    destinations: tuple[Destination, ...],
    as_of: date,
    policy: StockPolicy = StockPolicy(),
    thresholds: AlertThresholds = AlertThresholds(),
) -> list[DestinationDigest]:
    """Per destination, the alerts as of `as_of` it has not had yet."""
    reads = ConnectionReads(conn)
    evaluated: dict[tuple[tuple[str, ...], date], tuple[Alert, ...]] = {}
    digests = []
    for destination in destinations:
        since = min(alert_log.synced_as_of(conn, destination.id) or as_of - timedelta(days=1), as_of)
        scope = (destination.warehouses, since)
        if scope not in evaluated:
            f = Filters(as_of, as_of, warehouses=destination.warehouses)
            evaluated[scope] = stock_alerts(reads, f, as_of, policy, thresholds, since=since)
        alerts = evaluated[scope]
        state = alert_log.destination_state(conn, destination.id)
        delivered = state[state["status"] == alert_log.SENT]
        pending = new_or_changed(alerts, delivered)
        digests.append(DestinationDigest(destination, as_of, since, pending, identify(alerts)))
    return digests


def remember_delivery(
    conn: Connection, run_id: int, digest: DestinationDigest, error: str | None, at: datetime
) -> None:
    """Record the digest's alerts as sent (error None) or failed, and forget
    the state of alerts no longer raised, so they are sent again if they return."""
    status = alert_log.SENT if error is None else alert_log.FAILED
    alert_log.record_delivery(conn, run_id, digest.destination.id, identify(digest.alerts), status, error, at)
    alert_log.forget_resolved(conn, digest.destination.id, digest.raised)


def changes_since(last_digest_as_of: date | None, as_of: date) -> date:
    """The day the Overview measures "changed since" from: the last digest's
    day, unless there is none or it lies after `as_of` (a past view): then the day before."""
    if last_digest_as_of is not None and last_digest_as_of <= as_of:
        return last_digest_as_of
    return as_of - timedelta(days=1)
