"""A destination's digest in words: a table per alert kind, with a link per
alert to the dashboard view that explains it. `planning.digest_formats`
lays it out as e-mail and as each webhook's message.

Words go through `i18n` in the digest's language; ids and numbers stay
beside them (`Table.records`) for the generic webhook payload.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.alert_memory import json_value
from analytics.alerts import (
    BELOW_REORDER_POINT,
    DEAD_STOCK,
    LATE_PURCHASE_ORDERS,
    OUT_OF_STOCK,
    OVER_CAPACITY,
    OVERSTOCKED,
    STATUS_CHANGED,
    STOCKOUT_BEFORE_PEAK,
    Alert,
)
from i18n import N_, _
from i18n.formats import format_date, format_money, format_number, format_percent_points
from i18n.labels import alert_label, event_label, status_label
from services.dashboard_links import STOCK_HEALTH_PATH, view_url
from services.digest import DestinationDigest


@dataclass(frozen=True)
class Table:
    kind: str
    title: str
    columns: tuple[str, ...]  # the frame's column names
    headers: tuple[str, ...]  # their words
    rows: tuple[tuple[str, ...], ...]  # cells in words
    links: tuple[str, ...]  # per row: the dashboard view that explains it
    records: tuple[dict[str, object], ...]  # per row: the same columns as ids and numbers
    key: tuple[str, ...]  # the columns that identify a row
    view: str  # the dashboard view with every row of the kind


@dataclass(frozen=True)
class DigestContent:
    destination: str  # the destination's id
    as_of: date
    since: date
    warehouses: tuple[str, ...]  # () every warehouse
    subject: str
    intro: str
    dashboard_url: str
    tables: tuple[Table, ...]

    @property
    def alert_count(self) -> int:
        return sum(len(table.rows) for table in self.tables)


# Cell formats: the value, and the shop's currency for money. Numbers and dates
# as the digest's language writes them (i18n.formats).


def _count(value: object, currency: str) -> str:
    return format_number(int(value))


def _decimal(value: object, currency: str) -> str:
    return format_number(float(value), 1)


def _money(value: object, currency: str) -> str:
    return format_money(float(value), currency)


def _percent(value: object, currency: str) -> str:
    return format_percent_points(float(value), 0)


def _day(value: object, currency: str) -> str:
    return format_date(pd.Timestamp(value).date())


def _event(value: object, currency: str) -> str:
    return event_label(str(value))


def _status(value: object, currency: str) -> str:
    return status_label(str(value))


def _text(value: object, currency: str) -> str:
    return str(value)


@dataclass(frozen=True)
class _Column:
    name: str
    header: str  # marked with N_, translated when a table is made
    cells: Callable[[object, str], str]


_SKU = _Column("sku", N_("SKU"), _text)
_PRODUCT = _Column("name", N_("Product"), _text)
_WAREHOUSE = _Column("warehouse", N_("Warehouse"), _text)
_ON_HAND = _Column("on_hand", N_("On hand"), _count)
_ON_ORDER = _Column("on_order", N_("On order"), _count)
_COVER = _Column("days_of_cover", N_("Days of cover"), _decimal)
_VALUE = _Column("stock_value", N_("Stock value"), _money)

COLUMNS: dict[str, tuple[_Column, ...]] = {
    OUT_OF_STOCK: (_SKU, _PRODUCT, _WAREHOUSE, _Column("avg_daily_units", N_("Sold per day"), _decimal), _ON_ORDER),
    BELOW_REORDER_POINT: (
        _SKU, _PRODUCT, _WAREHOUSE, _ON_HAND, _Column("reorder_point", N_("Reorder point"), _decimal), _ON_ORDER,
        _COVER,
    ),
    STOCKOUT_BEFORE_PEAK: (
        _SKU, _PRODUCT, _WAREHOUSE, _ON_HAND, _ON_ORDER, _Column("runs_out_on", N_("Runs out on"), _day),
        _Column("peak", N_("Peak"), _event),
    ),
    OVERSTOCKED: (_SKU, _PRODUCT, _WAREHOUSE, _ON_HAND, _COVER, _VALUE),
    DEAD_STOCK: (_SKU, _PRODUCT, _WAREHOUSE, _ON_HAND, _Column("days_since_last_sale", N_("Days unsold"), _count),
                 _VALUE),
    LATE_PURCHASE_ORDERS: (
        _Column("po_id", N_("Purchase order"), _text), _Column("supplier", N_("Supplier"), _text), _SKU, _WAREHOUSE,
        _Column("expected_on", N_("Expected"), _day), _Column("days_late", N_("Days late"), _count),
        _Column("quantity", N_("Units"), _count),
    ),
    OVER_CAPACITY: (
        _WAREHOUSE, _Column("name", N_("Name"), _text), _ON_HAND, _Column("capacity_units", N_("Capacity"), _count),
        _Column("used_pct", N_("Used"), _percent),
    ),
    STATUS_CHANGED: (
        _SKU, _PRODUCT, _WAREHOUSE, _Column("previous_status", N_("Was"), _status),
        _Column("status", N_("Now"), _status),
    ),
}  # fmt: skip
MISSING = "—"


def _columns(alert: Alert) -> tuple[_Column, ...]:
    """The kind's columns; a kind added later without its own shows its key."""
    return COLUMNS.get(alert.kind) or tuple(_Column(name, name, _text) for name in alert.key)


def _cell(column: _Column, value: object, currency: str) -> str:
    return MISSING if json_value(value) is None else column.cells(value, currency)


def _row_link(rows: pd.DataFrame, index: int, dashboard_url: str, as_of: date) -> str:
    warehouse = [rows["warehouse"].iat[index]] if "warehouse" in rows else []
    category = [rows["category"].iat[index]] if "category" in rows and pd.notna(rows["category"].iat[index]) else []
    return view_url(dashboard_url, STOCK_HEALTH_PATH, as_of, warehouse, category)


def _table(alert: Alert, dashboard_url: str, as_of: date, warehouses: tuple[str, ...], currency: str) -> Table:
    columns = _columns(alert)
    values = [alert.rows[column.name].astype("object").tolist() for column in columns]
    rows = tuple(tuple(_cell(c, value, currency) for c, value in zip(columns, row)) for row in zip(*values))
    records = tuple({c.name: json_value(value) for c, value in zip(columns, row)} for row in zip(*values))
    return Table(
        kind=alert.kind,
        title=alert_label(alert.kind),
        columns=tuple(column.name for column in columns),
        headers=tuple(_(column.header) for column in columns),
        rows=rows,
        links=tuple(_row_link(alert.rows, index, dashboard_url, as_of) for index in range(len(alert.rows))),
        records=records,
        key=alert.key,
        view=view_url(dashboard_url, STOCK_HEALTH_PATH, as_of, warehouses),
    )


def digest_content(digest: DestinationDigest, dashboard_url: str, currency: str) -> DigestContent:
    """The digest in the current language; money in `currency`, the shop's."""
    warehouses = digest.destination.warehouses
    day, since = format_date(digest.as_of), format_date(digest.since)
    subject = _("Inventory alerts as of {day}: {count} new or changed")
    subject = subject.format(day=day, count=format_number(digest.alert_count))
    scope = ", ".join(warehouses) if warehouses else _("every warehouse")
    intro = _(
        "Alerts that are new or changed since the last digest, for {scope}, as of {day}. "
        "Status changes are counted from {since}. Each link opens the dashboard view that explains the alert."
    ).format(scope=scope, day=day, since=since)
    return DigestContent(
        destination=digest.destination.id,
        as_of=digest.as_of,
        since=digest.since,
        warehouses=warehouses,
        subject=subject,
        intro=intro,
        dashboard_url=dashboard_url,
        tables=tuple(_table(alert, dashboard_url, digest.as_of, warehouses, currency) for alert in digest.alerts),
    )
