"""The floor: the page's aggregations as hand-written SQL, run straight on the
engine through one open connection, with no query builder, no DataFrame and no
cache in between. It reads the same tables as our layer (the `daily_sales`
summary for money and units, `order_lines` for distinct orders), so the gap
between the two is what our layer costs on top of the database.

One function per cached loader that reads the database, taking that loader's
arguments. Period buckets use `date_trunc`, so the floor runs on DuckDB and
PostgreSQL (SQLite has no such function; the benchmark reports no floor there).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.current_stock import RECENT_DAYS
from data_access.filters import Filters

FLOOR_BACKENDS = ("duckdb", "postgresql")
_GRAINS = ("day", "week", "month")
_SPLITS = {None: "", "category": "p.category", "warehouse": "w.code"}
_DIMENSIONS = "JOIN products p ON p.product_id = {t}.product_id JOIN warehouses w ON w.warehouse_id = {t}.warehouse_id"
_SALES = "sum(d.revenue) AS revenue, sum(d.units) AS units, sum(d.units * coalesce(p.unit_cost, 0)) AS cost"
_DAYS_IN_RANGE = "d.sale_date BETWEEN :start AND :end{dims}"
_LINES_IN_RANGE = f"FROM order_lines l {_DIMENSIONS.format(t='l')} WHERE l.order_date BETWEEN :start AND :end{{dims}}"
_ORDER_CELLS_IN_RANGE = (
    "JOIN warehouses w ON w.warehouse_id = o.warehouse_id WHERE o.sale_date BETWEEN :start AND :end{dims}"
)


_DIMENSION_COLUMNS = {"warehouses": "w.code", "categories": "p.category", "skus": "p.sku"}


def _dimension_terms(f: Filters | None, names: tuple[str, ...]) -> str:
    return "".join(f" AND {_DIMENSION_COLUMNS[name]} IN :{name}" for name in names if f and getattr(f, name))


def _run(conn: Connection, sql: str, f: Filters | None = None, **params) -> list:
    """`{dims}` becomes the filter's warehouse, category and SKU terms,
    `{product_dims}` only its category and SKU terms."""
    sql = sql.replace("{dims}", _dimension_terms(f, ("warehouses", "categories", "skus")))
    stmt = sa.text(sql.replace("{product_dims}", _dimension_terms(f, ("categories", "skus"))))
    dimension_params = {name: list(getattr(f, name)) for name in _DIMENSION_COLUMNS if f and getattr(f, name)}
    for name in dimension_params:
        stmt = stmt.bindparams(sa.bindparam(name, expanding=True))
    return conn.execute(stmt, {**params, **dimension_params}).fetchall()


def _dates(f: Filters) -> dict:
    return {"start": f.start, "end": f.end}


def data_extent(conn: Connection, scope: tuple[str, ...] | None = None) -> list:
    """The data's date span, the warehouses and the categories, as the
    benchmark's local user (every warehouse: `scope` None) sees them."""
    if scope is not None:
        raise ValueError("The floor reads as the local user, who sees every warehouse; got a scope.")
    return [
        *_run(
            conn,
            "SELECT (SELECT min(order_date) FROM order_lines), (SELECT max(order_date) FROM order_lines), "
            "(SELECT min(snapshot_date) FROM inventory_snapshots), "
            "(SELECT max(snapshot_date) FROM inventory_snapshots)",
        ),
        *_run(conn, "SELECT code, name, region, capacity_units FROM warehouses ORDER BY code"),
        *_run(conn, "SELECT DISTINCT category FROM products ORDER BY category"),
    ]


def _orders(conn: Connection, f: Filters, grain: str, split: str | None = None) -> list:
    """Distinct orders, read as our layer reads them: from the lines when the
    selection names categories or SKUs, else from the order-count summaries."""
    if f.categories or f.skus or split == "category":
        keys, positions = _bucketed("l.order_date", grain, split)
        return _grouped(conn, f, keys, positions, f"count(DISTINCT l.order_id) {_LINES_IN_RANGE}")
    keys, positions = _bucketed("o.sale_date", grain, split)
    single = f"sum(o.orders) FROM daily_orders o {_ORDER_CELLS_IN_RANGE}"
    spanning = f"count(DISTINCT o.order_id) FROM spanning_orders o {_ORDER_CELLS_IN_RANGE}"
    return [*_grouped(conn, f, keys, positions, single), *_grouped(conn, f, keys, positions, spanning)]


def _grouped(conn: Connection, f: Filters, keys: str, positions: str, rest: str) -> list:
    return _run(conn, f"SELECT {keys}, {rest} GROUP BY {positions}", f, **_dates(f))


def sales_totals(conn: Connection, f: Filters) -> list:
    """Sums and distinct orders in one statement (the orders as scalar subqueries)."""
    if f.categories or f.skus:
        orders = f"(SELECT count(DISTINCT l.order_id) {_LINES_IN_RANGE})"
    else:
        orders = (
            f"coalesce((SELECT sum(o.orders) FROM daily_orders o {_ORDER_CELLS_IN_RANGE}), 0) "
            f"+ coalesce((SELECT count(DISTINCT o.order_id) FROM spanning_orders o {_ORDER_CELLS_IN_RANGE}), 0)"
        )
    sql = f"SELECT {_SALES}, {orders} FROM daily_sales d {_DIMENSIONS.format(t='d')} WHERE {_DAYS_IN_RANGE}"
    return _run(conn, sql, f, **_dates(f))


def sales_by_category(conn: Connection, f: Filters) -> list:
    sql = (
        f"SELECT p.category, {_SALES} FROM daily_sales d {_DIMENSIONS.format(t='d')} "
        f"WHERE {_DAYS_IN_RANGE} GROUP BY p.category ORDER BY revenue DESC"
    )
    return _run(conn, sql, f, **_dates(f))


def _bucketed(date_column: str, grain: str | None, split: str | None) -> tuple[str, str]:
    """SELECT terms and GROUP BY terms for an optional period bucket and split."""
    if grain is not None and grain not in _GRAINS:
        raise ValueError(f"Unknown grain {grain!r}")
    keys = [f"date_trunc('{grain}', {date_column})" if grain else "", _SPLITS[split]]
    keys = [key for key in keys if key]
    return ", ".join(keys), ", ".join(str(n + 1) for n in range(len(keys)))


def sales_by_period(
    conn: Connection, f: Filters, grain: str, split: str | None = None, with_orders: bool = False
) -> list:
    keys, positions = _bucketed("d.sale_date", grain, split)
    sql = (
        f"SELECT {keys}, {_SALES} FROM daily_sales d {_DIMENSIONS.format(t='d')} "
        f"WHERE {_DAYS_IN_RANGE} GROUP BY {positions} ORDER BY {positions}"
    )
    sums = _run(conn, sql, f, **_dates(f))
    return [*sums, *_orders(conn, f, grain, split)] if with_orders else sums


def product_sales(conn: Connection, f: Filters) -> list:
    sql = (
        "SELECT p.sku, p.name, p.category, coalesce(s.revenue, 0) AS revenue, coalesce(s.units, 0), "
        "coalesce(s.cost, 0) "
        f"FROM products p LEFT JOIN (SELECT d.product_id, {_SALES} FROM daily_sales d {_DIMENSIONS.format(t='d')} "
        f"WHERE {_DAYS_IN_RANGE} GROUP BY d.product_id) s ON s.product_id = p.product_id "
        "WHERE (p.launched_on IS NULL OR p.launched_on <= :end) "
        "AND (p.discontinued_on IS NULL OR p.discontinued_on >= :start)"
        "{product_dims}"
        + " ORDER BY revenue DESC, p.sku"
    )
    return _run(conn, sql, f, **_dates(f))


def stock_history(conn: Connection, f: Filters, grain: str, split: str | None = None) -> list:
    keys, positions = _bucketed("s.snapshot_date", grain, split)
    sql = (
        f"SELECT {keys}, sum(s.on_hand) * 1.0 / count(DISTINCT s.snapshot_date), "
        "sum(s.on_hand * coalesce(p.unit_cost, 0)) * 1.0 / count(DISTINCT s.snapshot_date), "
        "sum(CASE WHEN s.on_hand <= 0 THEN 1 ELSE 0 END), count(*) "
        f"FROM inventory_snapshots s {_DIMENSIONS.format(t='s')} "
        f"WHERE s.snapshot_date BETWEEN :start AND :end{{dims}} GROUP BY {positions} ORDER BY {positions}"
    )
    return _run(conn, sql, f, **_dates(f))


def stockout_totals(conn: Connection, f: Filters) -> list:
    sql = (
        "SELECT sum(CASE WHEN s.on_hand <= 0 THEN 1 ELSE 0 END), count(*) "
        f"FROM inventory_snapshots s {_DIMENSIONS.format(t='s')} WHERE s.snapshot_date BETWEEN :start AND :end{{dims}}"
    )
    return _run(conn, sql, f, **_dates(f))


def open_purchase_orders(conn: Connection, f: Filters, as_of: date) -> list:
    sql = (
        "SELECT po.po_id, po.supplier, p.sku, p.name, w.code, po.ordered_on, po.expected_on, po.quantity, "
        "CASE WHEN po.expected_on < :as_of THEN :as_of - po.expected_on ELSE 0 END "
        f"FROM purchase_orders po {_DIMENSIONS.format(t='po')} "
        "WHERE po.ordered_on <= :as_of AND (po.received_on IS NULL OR po.received_on > :as_of){dims} "
        "ORDER BY po.expected_on, po.po_id"
    )
    return _run(conn, sql, f, as_of=as_of)


# A past day's stock and last sale: the day's own snapshots first, the last
# RECENT_DAYS before it for the positions not counted that day, further back
# only for those not found there; an old last sale looked up per position
# (data_access.current_stock). The result is materialized too: PostgreSQL otherwise
# joins the dimensions to a guess of a few hundred rows by nested loops.
_STOCK_AS_OF = """(
WITH counted AS MATERIALIZED (SELECT product_id, warehouse_id, snapshot_date, on_hand FROM inventory_snapshots
                              WHERE snapshot_date = :as_of),
recent AS MATERIALIZED (SELECT s.product_id, s.warehouse_id, max(s.snapshot_date) AS day FROM inventory_snapshots s
                        JOIN current_stock c ON c.product_id = s.product_id AND c.warehouse_id = s.warehouse_id
                        LEFT JOIN counted k ON k.product_id = c.product_id AND k.warehouse_id = c.warehouse_id
                        WHERE k.product_id IS NULL AND c.first_snapshot_date < :as_of
                          AND s.snapshot_date BETWEEN :recent AND :day_before
                        GROUP BY s.product_id, s.warehouse_id),
unseen AS (SELECT c.product_id, c.warehouse_id FROM current_stock c
           LEFT JOIN counted k ON k.product_id = c.product_id AND k.warehouse_id = c.warehouse_id
           LEFT JOIN recent r ON r.product_id = c.product_id AND r.warehouse_id = c.warehouse_id
           WHERE k.product_id IS NULL AND r.product_id IS NULL AND c.first_snapshot_date < :recent),
earlier AS (SELECT s.product_id, s.warehouse_id, max(s.snapshot_date) AS day FROM inventory_snapshots s
            JOIN unseen u ON u.product_id = s.product_id AND u.warehouse_id = s.warehouse_id
            WHERE s.snapshot_date < :recent GROUP BY s.product_id, s.warehouse_id),
stock AS (SELECT * FROM counted
          UNION ALL
          SELECT s.product_id, s.warehouse_id, s.snapshot_date, s.on_hand FROM inventory_snapshots s
          JOIN recent r ON r.product_id = s.product_id AND r.warehouse_id = s.warehouse_id AND r.day = s.snapshot_date
          WHERE s.snapshot_date BETWEEN :recent AND :day_before
          UNION ALL
          SELECT s.product_id, s.warehouse_id, s.snapshot_date, s.on_hand FROM inventory_snapshots s
          JOIN earlier e ON e.product_id = s.product_id AND e.warehouse_id = s.warehouse_id AND e.day = s.snapshot_date
          WHERE s.snapshot_date < :recent),
sold AS (SELECT product_id, warehouse_id, max(sale_date) AS day FROM daily_sales
         WHERE sold_units > 0 AND sale_date BETWEEN :recent AND :as_of GROUP BY product_id, warehouse_id),
sold_earlier AS (SELECT c.product_id, c.warehouse_id,
                        (SELECT max(d.sale_date) FROM daily_sales d
                         WHERE d.product_id = c.product_id AND d.warehouse_id = c.warehouse_id
                           AND d.sold_units > 0 AND d.sale_date < :recent) AS day
                 FROM current_stock c LEFT JOIN sold r ON r.product_id = c.product_id AND r.warehouse_id = c.warehouse_id
                 WHERE r.product_id IS NULL AND c.last_sale_date > :as_of),
result AS MATERIALIZED (
  SELECT st.*, coalesce(r.day, e.day, CASE WHEN c.last_sale_date <= :as_of THEN c.last_sale_date END) AS last_sale_date
  FROM stock st JOIN current_stock c ON c.product_id = st.product_id AND c.warehouse_id = st.warehouse_id
  LEFT JOIN sold r ON r.product_id = st.product_id AND r.warehouse_id = st.warehouse_id
  LEFT JOIN sold_earlier e ON e.product_id = st.product_id AND e.warehouse_id = st.warehouse_id)
SELECT * FROM result)"""


def _past_days(as_of: date) -> dict:
    """_STOCK_AS_OF's other days."""
    return {"recent": as_of - timedelta(days=RECENT_DAYS), "day_before": as_of - timedelta(days=1)}


def _later_than(conn: Connection, f: Filters, as_of: date) -> bool:
    """Whether a position of the selection has a snapshot or a sale after `as_of`."""
    dimensions = _DIMENSIONS.format(t="c") if f.names_dimensions else ""
    sql = (
        f"SELECT 1 FROM current_stock c {dimensions} "
        "WHERE (c.snapshot_date > :as_of OR c.last_sale_date > :as_of){dims} LIMIT 1"
    )
    return bool(_run(conn, sql, f, as_of=as_of))


def stock_positions(conn: Connection, f: Filters, as_of: date, velocity_window_days: int) -> list:
    """The stock from `current_stock` when no position of the selection has a
    snapshot or sale after `as_of` (from the history otherwise); subqueries
    aggregate on ids and join the dimensions only to filter on them."""
    joined = {t: _DIMENSIONS.format(t=t) if f.names_dimensions else "" for t in ("d", "po")}
    stock = "current_stock" if not _later_than(conn, f, as_of) else _STOCK_AS_OF
    sql = (
        "SELECT s.product_id, s.warehouse_id, p.sku, p.name, p.category, w.code, s.on_hand, p.unit_cost, "
        "s.on_hand * coalesce(p.unit_cost, 0), p.list_price, p.supplier, p.lead_time_days, p.pack_size, "
        "p.min_order_qty, p.launched_on, s.snapshot_date, v.units, v.units_squared, s.last_sale_date, o.on_order "
        f"FROM {stock} s {_DIMENSIONS.format(t='s')} "
        "LEFT JOIN (SELECT d.product_id, d.warehouse_id, sum(d.units) AS units, "
        "sum(d.units * d.units) AS units_squared "
        f"FROM daily_sales d {joined['d']} WHERE d.sale_date BETWEEN :window_start AND :as_of{{dims}} "
        "GROUP BY d.product_id, d.warehouse_id) v ON v.product_id = s.product_id AND v.warehouse_id = s.warehouse_id "
        "LEFT JOIN (SELECT po.product_id, po.warehouse_id, sum(po.quantity) AS on_order "
        f"FROM purchase_orders po {joined['po']} WHERE po.ordered_on <= :as_of "
        "AND (po.received_on IS NULL OR po.received_on > :as_of){dims} "
        "GROUP BY po.product_id, po.warehouse_id) o ON o.product_id = s.product_id AND o.warehouse_id = s.warehouse_id "
        "WHERE 1 = 1{dims} ORDER BY p.sku, w.code"
    )
    window_start = as_of - timedelta(days=velocity_window_days - 1)
    return _run(conn, sql, f, as_of=as_of, window_start=window_start, **_past_days(as_of))


def receipt_histograms(conn: Connection, f: Filters, as_of: date, history_days: int) -> list:
    """Received orders per supplier x product x lead days (the selection's
    products), then, for a selection of some products, per supplier x lead
    days (every product)."""
    received = "po.received_on BETWEEN :start AND :as_of AND po.supplier IS NOT NULL"
    own = (
        "SELECT po.supplier, po.product_id, po.received_on - po.ordered_on AS lead_days, count(*) "
        f"FROM purchase_orders po JOIN products p ON p.product_id = po.product_id WHERE {received}{{product_dims}} "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    pooled = (
        "SELECT po.supplier, po.received_on - po.ordered_on AS lead_days, count(*) "
        f"FROM purchase_orders po WHERE {received} GROUP BY 1, 2 ORDER BY 1, 2"
    )
    start = as_of - timedelta(days=history_days - 1)
    products = Filters(f.start, f.end, (), f.categories, f.skus)  # every warehouse: lead times are the supplier's
    rows = _run(conn, own, products, start=start, as_of=as_of)
    if not (f.categories or f.skus):
        return rows  # every product's receipts: the pooled figures are their sums
    return [*rows, *_run(conn, pooled, start=start, as_of=as_of)]


def product_revenue(conn: Connection, start: date, end: date) -> list:
    sql = (
        "SELECT product_id, sum(revenue) FROM daily_sales WHERE sale_date BETWEEN :start AND :end "
        "GROUP BY product_id ORDER BY product_id"
    )
    return _run(conn, sql, start=start, end=end)


# --- the Suppliers and Cash pages ---------------------------------------------------

_SUPPLIER = "coalesce(po.supplier, p.supplier)"


def supplier_receipts(conn: Connection, f: Filters) -> list:
    """Received orders and units per supplier, month, lead days and days late."""
    keys = (
        f"{_SUPPLIER}, date_trunc('month', po.received_on), po.received_on - po.ordered_on, "
        "po.received_on - po.expected_on"
    )
    sql = (
        f"SELECT {keys}, count(*), sum(po.quantity) FROM purchase_orders po {_DIMENSIONS.format(t='po')} "
        f"WHERE po.received_on BETWEEN :start AND :end AND {_SUPPLIER} IS NOT NULL{{dims}} "
        "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
    )
    return _run(conn, sql, f, **_dates(f))


def supplier_open_orders(conn: Connection, f: Filters, as_of: date) -> list:
    """Per supplier: open orders, units, value at cost and late ones, as of a day."""
    sql = (
        f"SELECT {_SUPPLIER}, count(*), sum(po.quantity), sum(po.quantity * coalesce(p.unit_cost, 0)), "
        "sum(CASE WHEN po.expected_on < :as_of THEN 1 ELSE 0 END) "
        f"FROM purchase_orders po {_DIMENSIONS.format(t='po')} "
        "WHERE po.ordered_on <= :as_of AND (po.received_on IS NULL OR po.received_on > :as_of) "
        f"AND {_SUPPLIER} IS NOT NULL{{dims}} GROUP BY 1 ORDER BY 1"
    )
    return _run(conn, sql, f, as_of=as_of)


def supplier_orders(conn: Connection, f: Filters, supplier: str) -> list:
    """One supplier's orders received in the dates or open at their end, newest first."""
    received = "CASE WHEN po.received_on <= :end THEN po.received_on END"
    sql = (
        "SELECT po.po_id, po.product_id, p.sku, p.name, w.code, po.ordered_on, po.expected_on, "
        f"{received}, po.quantity, po.quantity * coalesce(p.unit_cost, 0), {received} - po.ordered_on, "
        "coalesce(" + received + ", CAST(:end AS DATE)) - po.expected_on "
        f"FROM purchase_orders po {_DIMENSIONS.format(t='po')} "
        f"WHERE {_SUPPLIER} = :supplier AND (po.received_on BETWEEN :start AND :end "
        "OR (po.ordered_on <= :end AND (po.received_on IS NULL OR po.received_on > :end))){dims} "
        "ORDER BY po.ordered_on DESC, po.po_id DESC"
    )
    return _run(conn, sql, f, supplier=supplier, **_dates(f))


def receipts_by_age(conn: Connection, f: Filters, as_of: date, band_upper_days: tuple[int, ...]) -> list:
    """Units received by a day per position and age band (the first band whose upper age holds it)."""
    age = "(CAST(:as_of AS DATE) - po.received_on)"
    bands = " ".join(f"WHEN {age} <= {int(upper)} THEN {n}" for n, upper in enumerate(band_upper_days))
    sql = (
        f"SELECT po.product_id, po.warehouse_id, CASE {bands} ELSE {len(band_upper_days)} END, sum(po.quantity) "
        f"FROM purchase_orders po {_DIMENSIONS.format(t='po')} WHERE po.received_on <= :as_of{{dims}} "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    return _run(conn, sql, f, as_of=as_of)


def untracked_held_since(conn: Connection, f: Filters, as_of: date, since: date) -> list:
    """Per position holding more than it received by `as_of`: its first
    snapshot with stock after its last empty one."""
    stock = "current_stock" if not _later_than(conn, f, as_of) else _STOCK_AS_OF
    sql = (
        "WITH untracked AS (SELECT s.product_id, s.warehouse_id FROM " + stock + " s "
        "LEFT JOIN (SELECT product_id, warehouse_id, sum(quantity) AS units FROM purchase_orders "
        "WHERE received_on <= :as_of GROUP BY product_id, warehouse_id) r "
        "ON r.product_id = s.product_id AND r.warehouse_id = s.warehouse_id "
        "WHERE s.on_hand > coalesce(r.units, 0)), "
        "days AS (SELECT s.product_id, s.warehouse_id, s.snapshot_date, s.on_hand "
        f"FROM inventory_snapshots s {_DIMENSIONS.format(t='s')} "
        "JOIN untracked u ON u.product_id = s.product_id AND u.warehouse_id = s.warehouse_id "
        "WHERE s.snapshot_date BETWEEN :since AND :as_of{dims}) "
        "SELECT d.product_id, d.warehouse_id, min(d.snapshot_date) FROM days d "
        "LEFT JOIN (SELECT product_id, warehouse_id, max(snapshot_date) AS last_empty FROM days WHERE on_hand <= 0 "
        "GROUP BY 1, 2) e ON e.product_id = d.product_id AND e.warehouse_id = d.warehouse_id "
        "WHERE d.on_hand > 0 AND (e.last_empty IS NULL OR d.snapshot_date > e.last_empty) "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    )
    return _run(conn, sql, f, since=since, as_of=as_of, **_past_days(as_of))


def selection_revenue(conn: Connection, f: Filters) -> list:
    sql = (
        f"SELECT d.product_id, sum(d.revenue) FROM daily_sales d {_DIMENSIONS.format(t='d')} "
        f"WHERE {_DAYS_IN_RANGE} GROUP BY 1 ORDER BY 1"
    )
    return _run(conn, sql, f, **_dates(f))


def forecast_product_classes(conn: Connection, run_id: int) -> list:
    sql = "SELECT product_id, weeks, cv, xyz_class FROM forecast_products WHERE run_id = :run_id ORDER BY product_id"
    return _run(conn, sql, run_id=run_id)


QUERIES: dict[str, Callable[..., list]] = {
    query.__name__: query
    for query in (
        data_extent, sales_totals, sales_by_category, sales_by_period, product_sales,
        stock_positions, stock_history, stockout_totals, open_purchase_orders, receipt_histograms, product_revenue,
        supplier_receipts, supplier_open_orders, supplier_orders, receipts_by_age, untracked_held_since,
        selection_revenue, forecast_product_classes,
    )
}  # fmt: skip
"""Loader name -> hand-written equivalent: every loader that reads the
database. Loaders that only combine other loaders and apply the analytics rules
(the Overview headline, the stock classification, the Trends series) are
absent: their reads are logged, and floored, as those other loaders."""
