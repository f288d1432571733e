"""What needs attention in a selection as of one day: the alert rules of
`analytics.alerts` evaluated on the classified positions (with their
projected run-out days), the purchase orders open that day, the warehouses'
capacity use, the next peak of the shop's calendar and, given a reference
day, the positions whose status changed since. The Overview draws the
result; the digest sends it."""

from __future__ import annotations

from datetime import date, timedelta

from analytics.alerts import Alert, AlertInputs, AlertThresholds, evaluate
from analytics.stock_health import StockPolicy
from data_access.filters import Filters
from services.peak_readiness import upcoming_peaks
from services.reads import Reads
from services.shop import shop
from services.stock_health import StockDay, capacity_use


def alert_stock_days(f: Filters, as_of: date, since: date | None = None) -> tuple[StockDay, ...]:
    """The classifications `stock_alerts` reads: `as_of` with run-out days,
    and `since` when status changes are asked for."""
    now = StockDay(f, as_of, projected=True)
    return (now,) if since is None else (now, StockDay(f, since))


def stock_alerts(
    reads: Reads,
    f: Filters,
    as_of: date,
    policy: StockPolicy,
    thresholds: AlertThresholds = AlertThresholds(),
    since: date | None = None,
) -> tuple[Alert, ...]:
    """Every alert kind as of `as_of`; status changes only with `since`, the
    day they are measured from (classified with the same policy, so only the
    data can change a status)."""
    days = alert_stock_days(f, as_of, since)
    classified = days[0].read(reads, policy)
    previous = days[1].read(reads, policy) if since is not None else None
    inputs = AlertInputs(
        classified=classified,
        open_orders=reads.open_purchase_orders(f, as_of),
        capacity=capacity_use(classified, reads.warehouse_list(), f),
        previous=previous,
        thresholds=thresholds,
        peak=next(iter(upcoming_peaks(as_of + timedelta(days=1), shop(reads).calendar)), None),
    )
    return evaluate(inputs)
