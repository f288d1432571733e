"""What needs attention in a selection as of one day: the alert rules of
`analytics.alerts` evaluated on the classified positions and the purchase
orders open that day. The Overview draws the result; a digest can send it."""

from __future__ import annotations

from datetime import date

from analytics.alerts import Alert, evaluate
from analytics.stock_health import StockPolicy
from data_access.filters import Filters
from services.reads import Reads
from services.stock_health import classified_stock


def stock_alerts(reads: Reads, f: Filters, as_of: date, policy: StockPolicy) -> tuple[Alert, ...]:
    return evaluate(classified_stock(reads, f, as_of, policy), reads.open_purchase_orders(f, as_of))
