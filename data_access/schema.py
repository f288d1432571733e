"""The database schema, defined in code (never reflected: duckdb-engine cannot
reflect under SQLAlchemy 2.1).

Integer surrogate keys keep the 10M-row fact table narrow; natural keys
(`warehouses.code`, `products.sku`) are unique and are what users see.
Ids are supplied by the writer (DuckDB has no SERIAL), see `bulk.next_ids`.

Indexes: DuckDB scans columns with zone maps and gains nothing from ART
indexes on fact tables while paying for them on every bulk load, so the
secondary indexes are created on SQLite and PostgreSQL only.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
)

metadata = MetaData()

# Money is exact in the database (DECIMAL) and arrives in pandas as float.
Money = Numeric(14, 2, asdecimal=False)

_ROW_STORE_DIALECTS = ("sqlite", "postgresql")


def _row_store_index(name: str, *columns) -> Index:
    return Index(name, *columns).ddl_if(dialect=_ROW_STORE_DIALECTS)


warehouses = Table(
    "warehouses",
    metadata,
    Column("warehouse_id", Integer, primary_key=True, autoincrement=False),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("region", String(100), nullable=False),
    Column("capacity_units", Integer, nullable=True, comment="units it can hold"),
)

products = Table(
    "products",
    metadata,
    Column("product_id", Integer, primary_key=True, autoincrement=False),
    Column("sku", String(64), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("category", String(100), nullable=False),
    Column("unit_cost", Money, nullable=True),
    Column("list_price", Money, nullable=True),
    Column("supplier", String(200), nullable=True),
    Column("lead_time_days", Integer, nullable=True, comment="nominal supplier lead time"),
    Column("launched_on", Date, nullable=True),
    Column("discontinued_on", Date, nullable=True),
    # Added after the baseline: nullable, since DuckDB can only add nullable columns to a referenced table.
    Column("pack_size", Integer, nullable=True, comment="units per case pack; orders are whole packs"),
    Column("min_order_qty", Integer, nullable=True, comment="smallest purchase order in units"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("line_id", BigInteger, primary_key=True, autoincrement=False),
    Column("order_id", String(64), nullable=False),
    Column("order_date", Date, nullable=False),
    Column("product_id", Integer, ForeignKey("products.product_id"), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouses.warehouse_id"), nullable=False),
    Column("quantity", Integer, nullable=False, comment="negative = a return"),
    Column("unit_price", Money, nullable=False),
    Column("net_revenue", Money, nullable=False, comment="after discount; negative for returns"),
)
_row_store_index("ix_order_lines_date_product", order_lines.c.order_date, order_lines.c.product_id)
_row_store_index("ix_order_lines_product_warehouse", order_lines.c.product_id, order_lines.c.warehouse_id)

inventory_snapshots = Table(
    "inventory_snapshots",
    metadata,
    Column("snapshot_date", Date, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.product_id"), primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouses.warehouse_id"), primary_key=True),
    Column("on_hand", Integer, nullable=False, comment="end-of-day units on hand"),
)
_row_store_index(
    "ix_snapshots_product_warehouse_date",
    inventory_snapshots.c.product_id,
    inventory_snapshots.c.warehouse_id,
    inventory_snapshots.c.snapshot_date,
)

purchase_orders = Table(
    "purchase_orders",
    metadata,
    Column("po_id", BigInteger, primary_key=True, autoincrement=False),
    Column("supplier", String(200), nullable=True),
    Column("product_id", Integer, ForeignKey("products.product_id"), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouses.warehouse_id"), nullable=False),
    Column("ordered_on", Date, nullable=False),
    Column("expected_on", Date, nullable=True),
    Column("received_on", Date, nullable=True, comment="empty while open"),
    Column("quantity", Integer, nullable=False),
)
_row_store_index("ix_purchase_orders_product_warehouse", purchase_orders.c.product_id, purchase_orders.c.warehouse_id)

daily_sales = Table(
    "daily_sales",
    metadata,
    Column("sale_date", Date, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.product_id"), primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouses.warehouse_id"), primary_key=True),
    Column("units", Integer, nullable=False, comment="net units: returns subtract"),
    Column("sold_units", Integer, nullable=False, comment="units of the day's positive lines"),
    Column("revenue", Money, nullable=False, comment="net revenue"),
    comment="order_lines summed per day, product and warehouse (data_access.sales_summary keeps it in step)",
)
_row_store_index("ix_daily_sales_product_warehouse", daily_sales.c.product_id, daily_sales.c.warehouse_id)

# Distinct orders cannot be summed across days or warehouses when an order
# spans several, so the orders are split: counts of the orders that lie in one
# day x warehouse cell, and the cells of the (usually few) that span more.
daily_orders = Table(
    "daily_orders",
    metadata,
    Column("sale_date", Date, primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouses.warehouse_id"), primary_key=True),
    Column("orders", Integer, nullable=False, comment="orders whose every line is on this day in this warehouse"),
)

spanning_orders = Table(
    "spanning_orders",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("sale_date", Date, primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouses.warehouse_id"), primary_key=True),
    comment="every day x warehouse cell of the orders with lines in more than one",
)

# Each position's stock now: its latest snapshot and latest sale, kept beside the
# history (data_access.current_stock) so that reading "stock now" reads one row
# per position instead of picking the latest among a daily row per position.
# No foreign keys: rebuilt whole from the history, and DuckDB could not add one later.

current_stock = Table(
    "current_stock",
    metadata,
    Column("product_id", Integer, primary_key=True),
    Column("warehouse_id", Integer, primary_key=True),
    Column("snapshot_date", Date, nullable=False, comment="the position's latest snapshot"),
    Column("on_hand", Integer, nullable=False, comment="units on hand at that snapshot"),
    Column("last_sale_date", Date, nullable=True, comment="its latest day with a positive sale; empty if never sold"),
    Column("first_snapshot_date", Date, nullable=False, comment="the position's first snapshot"),
    comment="every position with a snapshot: its latest snapshot and sale (added by 0009_current_stock)",
)

# --- The simulator's ground truth ----------------------------------------------
# Written only by `python -m sample_data`; imported data has none, and readers
# say so instead of failing. Forecast accuracy against true demand and the
# replay of a replenishment policy read them.

sim_true_demand = Table(
    "sim_true_demand",
    metadata,
    Column("demand_date", Date, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.product_id"), primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouses.warehouse_id"), primary_key=True),
    Column("units", Integer, nullable=False, comment="units customers asked for, before stockouts cut them"),
    comment="true daily demand per product x warehouse; only days with demand (no row = 0 units)",
)

sim_lead_time_behaviour = Table(
    "sim_lead_time_behaviour",
    metadata,
    Column("supplier", String(200), primary_key=True),
    Column("product_id", Integer, ForeignKey("products.product_id"), primary_key=True),
    Column("nominal_lead_days", Integer, nullable=False, comment="the lead time the supplier promises"),
    Column("on_time_rate", Double, nullable=False, comment="chance an order arrives on time or early"),
    Column("max_early_days", Integer, nullable=False, comment="on time: nominal minus 0..this many days, uniformly"),
    Column("mean_delay_days", Double, nullable=False, comment="late: nominal plus a geometric delay of this mean"),
    Column("max_delay_days", Integer, nullable=False, comment="late delays are capped here"),
    comment="how the simulator draws each supplier x product's actual lead times (at least 1 day)",
)

# --- The shop's settings ---------------------------------------------------------
# What the data means rather than what happened: the currency its amounts are
# in and the retail calendar it follows (data_access.shop_settings).

shop_settings = Table(
    "shop_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
    comment="the shop's settings, one row each: currency (ISO 4217 code), calendar (a retail calendar id)",
)

# Parents before children: the order to load in, reversed to delete.
TABLES_IN_LOAD_ORDER = (warehouses, products, order_lines, inventory_snapshots, purchase_orders)
# Derived from the tables above (data_access.sales_summary, data_access.current_stock), never loaded
# directly; emptied first.
SUMMARY_TABLES = (daily_sales, daily_orders, spanning_orders, current_stock)
# The simulator's ground truth (after the tables above when loading, emptied before them).
GROUND_TRUTH_TABLES = (sim_true_demand, sim_lead_time_behaviour)

# --- Forecast runs (`python -m planning forecast`) ------------------------------
# Written whole in one transaction per run; the newest KEEP_RUNS runs are kept
# (data_access.forecast_store). No foreign keys: a run is deleted child rows
# first, and DuckDB refuses to delete a parent whose children went earlier in
# the same transaction. Classes, methods, scopes and targets are ids.

forecast_runs = Table(
    "forecast_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=False),
    Column("created_at", DateTime, nullable=False, comment="when the run finished, UTC"),
    Column("as_of", Date, nullable=False, comment="the last day of history the run used"),
    Column("first_week", Date, nullable=False, comment="the first forecast Monday (the first after as_of)"),
    Column("horizon_weeks", Integer, nullable=False),
    Column("status", String(16), nullable=False, comment="done; a failed run writes nothing"),
    Column("series", Integer, nullable=False, comment="product x warehouse series forecast"),
    Column("stock_levels", Boolean, nullable=False, comment="false: no snapshots, demand estimated from sales"),
    Column("true_demand", Boolean, nullable=False, comment="the backtest was also scored against true demand"),
    Column("seconds", Double, nullable=False, comment="time to fit, backtest and store"),
    Column("params", String(2000), nullable=False, comment="model settings as JSON"),
)

forecast_series = Table(
    "forecast_series",
    metadata,
    Column("run_id", Integer, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    Column("warehouse_id", Integer, primary_key=True),
    Column("demand_class", String(16), nullable=False, comment="smooth, erratic, intermittent, lumpy, new, no-demand"),
    Column("method", String(16), nullable=False, comment="ses, ses-slow, croston-sba, tsb, zero"),
    Column("stock_known", Boolean, nullable=False),
    Column("recent_units", Double, nullable=False, comment="units sold in the last 52 weeks"),
    Column("hidden_units", Double, nullable=False, comment="estimated demand stockouts hid in those weeks"),
    # Added by 0006_replenishment_plans: empty for runs stored before it.
    Column("error_sd", Double, nullable=True, comment="RMS of the method's out-of-sample weekly errors"),
)

forecast_values = Table(
    "forecast_values",
    metadata,
    Column("run_id", Integer, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    Column("warehouse_id", Integer, primary_key=True),
    Column("week_start", Date, primary_key=True),
    Column("forecast_units", Double, nullable=False),
    Column("low", Double, nullable=False, comment="P10"),
    Column("high", Double, nullable=False, comment="P90"),
)

backtest_scores = Table(
    "backtest_scores",
    metadata,
    Column("run_id", Integer, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    Column("warehouse_id", Integer, primary_key=True),
    Column("scope", String(16), primary_key=True, comment="all, week-13, peak"),
    Column("target", String(16), primary_key=True, comment="sales, demand"),
    Column("abs_error", Double, nullable=False),
    Column("error", Double, nullable=False, comment="forecast - actual, summed"),
    Column("actual", Double, nullable=False),
    Column("naive_abs_error", Double, nullable=False, comment="seasonal naive's absolute error"),
    Column("covered", Double, nullable=False, comment="cells inside the 80% band"),
    Column("cells", Double, nullable=False, comment="series x weeks scored"),
    comment="sums over the rolling-origin backtest; an aggregate's error is the sum of its series' sums",
)

backtest_totals = Table(
    "backtest_totals",
    metadata,
    Column("run_id", Integer, primary_key=True),
    Column("category", String(100), primary_key=True),
    Column("warehouse_id", Integer, primary_key=True),
    Column("cutoff", Date, primary_key=True),
    Column("week_start", Date, primary_key=True),
    Column("horizon", Integer, nullable=False),
    Column("forecast", Double, nullable=False),
    Column("sales", Double, nullable=False),
    Column("demand", Double, nullable=True, comment="true demand, where the simulator's truth exists"),
    Column("naive", Double, nullable=False),
    comment="backtest forecasts and actuals summed per category x warehouse: an aggregate's own errors",
)

forecast_products = Table(
    "forecast_products",
    metadata,
    Column("run_id", Integer, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    Column("weeks", Integer, nullable=False, comment="weeks with stock of the last 52 that the CV is over"),
    Column("cv", Double, nullable=True, comment="coefficient of variation of deseasonalised weekly demand"),
    Column("xyz_class", String(8), nullable=False, comment="x, y, z or too-new"),
    comment="each product's XYZ class from the run's history and seasonal index (added by 0008_suppliers)",
)

# Children first: the order to delete a run in.
FORECAST_TABLES = (
    forecast_products, backtest_totals, backtest_scores, forecast_values, forecast_series, forecast_runs
)
# Kept when the data is replaced (an import's replace mode): they describe the shop, not its rows.
SETTINGS_TABLES = (shop_settings,)

# --- The alert digest's memory (`python -m planning digest`) -------------------
# Per destination, what was last sent of each alert, and the history of every
# delivery. Ids and keys only: a destination's id never holds a secret. No
# foreign keys (rows are deleted and rewritten freely, which DuckDB's foreign
# keys hinder), and kept when the shop's data is replaced (data_access.bulk),
# so a refreshed import does not send every alert again.

digest_runs = Table(
    "digest_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=False),
    Column("ran_at", DateTime, nullable=False, comment="when the run started, UTC"),
    Column("as_of", Date, nullable=False, comment="the day the alerts were evaluated for"),
    comment="one row per digest run that could deliver (dry runs record nothing)",
)

alert_state = Table(
    "alert_state",
    metadata,
    Column("destination", String(200), primary_key=True, comment="e.g. email:ops@example.com, slack:host#hash"),
    Column("kind", String(64), primary_key=True),
    Column("alert_key", String(500), primary_key=True, comment="the alert's key values as a JSON array"),
    Column("fingerprint", String(64), nullable=False, comment="hash of what makes the alert worth sending again"),
    Column("status", String(16), nullable=False, comment="sent, failed"),
    Column("attempted_at", DateTime, nullable=False, comment="when it was last delivered or tried, UTC"),
    Column("error", String(500), nullable=True, comment="why the delivery failed, secrets removed"),
    comment="what each destination was last sent of each current alert; resolved alerts are removed",
)

alert_history = Table(
    "alert_history",
    metadata,
    Column("run_id", Integer, primary_key=True),
    Column("destination", String(200), primary_key=True),
    Column("kind", String(64), primary_key=True),
    Column("alert_key", String(500), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status", String(16), nullable=False, comment="sent, failed"),
    Column("error", String(500), nullable=True),
    comment="every alert delivered or tried, per run and destination",
)

# Not the shop's data: a replace keeps them.
ALERT_TABLES = (digest_runs, alert_state, alert_history)

# --- Replenishment plans (`python -m planning plan`) ------------------------------
# Written whole in one transaction per plan, from the latest forecast run; the
# newest KEEP_PLANS are kept (data_access.plan_store). No foreign keys, as for
# forecast runs. A line keeps the numbers its reason quotes and ids (rounding,
# ABC class, lead-time source), never words.

plan_runs = Table(
    "plan_runs",
    metadata,
    Column("plan_id", Integer, primary_key=True, autoincrement=False),
    Column("created_at", DateTime, nullable=False, comment="when the plan was stored, UTC"),
    Column("forecast_run_id", Integer, nullable=False, comment="the forecast run the plan sums"),
    Column("as_of", Date, nullable=False, comment="stock, open orders and receipts as of this day"),
    Column("order_day", Date, nullable=False, comment="the day the plan's orders are placed (the next day)"),
    Column("positions", Integer, nullable=False, comment="product x warehouse positions planned"),
    Column("positions_to_order", Integer, nullable=False, comment="positions at or below their reorder point"),
    Column("seconds", Double, nullable=False),
    Column("params", String(2000), nullable=False, comment="the policy settings as JSON"),
)

plan_purchases = Table(
    "plan_purchases",
    metadata,
    Column("plan_id", Integer, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    Column("warehouse_id", Integer, primary_key=True),
    Column("supplier", String(200), nullable=True),
    Column("reason", String(24), nullable=False, comment="below-reorder-point or top-up (below S only)"),
    Column("quantity", Integer, nullable=False, comment="units, whole packs, at least the minimum order"),
    Column("unit_cost", Double, nullable=True),
    Column("cost", Double, nullable=True, comment="quantity x unit cost; empty without a cost"),
    Column("order_by", Date, nullable=False),
    Column("expected_on", Date, nullable=False, comment="arrival if ordered by order_by, after the mean lead time"),
    Column("protection_demand", Double, nullable=False, comment="forecast over the review period + lead time"),
    Column("protection_days", Double, nullable=False),
    Column("lead_days", Double, nullable=False, comment="mean lead time used"),
    Column("safety_stock", Double, nullable=False),
    Column("on_hand", Integer, nullable=False),
    Column("on_order", Integer, nullable=False),
    Column("transfer_in", Integer, nullable=False, comment="units the plan moves here from other warehouses"),
    Column("needed", Double, nullable=False, comment="order-up-to level - on hand - on order - transfer in"),
    Column("pack_size", Integer, nullable=False),
    Column("min_order_qty", Integer, nullable=False),
    Column("rounding", String(16), nullable=False, comment="none, pack, minimum-order"),
    Column("reorder_point", Double, nullable=False),
    Column("abc_class", String(1), nullable=False),
    Column("lead_source", String(16), nullable=False, comment="an id of analytics.policy.LEAD_TIME_SOURCES"),
)

plan_transfers = Table(
    "plan_transfers",
    metadata,
    Column("plan_id", Integer, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    Column("from_warehouse_id", Integer, primary_key=True),
    Column("to_warehouse_id", Integer, primary_key=True),
    Column("quantity", Integer, nullable=False),
    Column("unit_cost", Double, nullable=True),
    Column("value", Double, nullable=True),
    Column("ship_on", Date, nullable=False),
    Column("arrives_on", Date, nullable=False),
    Column("from_on_hand", Integer, nullable=False),
    Column("from_order_up_to", Double, nullable=False),
    Column("to_position", Double, nullable=False, comment="on hand + on order at the receiving warehouse"),
    Column("to_reorder_point", Double, nullable=False),
    Column("to_order_up_to", Double, nullable=False),
)

# Children first: the order to delete a plan in.
PLAN_TABLES = (plan_transfers, plan_purchases, plan_runs)

# --- The import audit (0007_import_audit) ---------------------------------------
# One row per file imported, from the Data page or `python -m data_access.importer`:
# who, when, which file (name and sha256), how many rows, in which mode. Kept
# when the data is replaced, so a replace leaves its own trace.

import_audit = Table(
    "import_audit",
    metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=False),
    Column("imported_at", DateTime, nullable=False, comment="when the import committed, UTC"),
    Column("imported_by", String(320), nullable=False, comment="the signed-in e-mail, or local"),
    Column("mode", String(16), nullable=False, comment="append or replace"),
    Column("file_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False, comment="of the file's bytes"),
    Column("rows_read", Integer, nullable=False),
    Column("rows_imported", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    comment="every import and replace, one row per file",
)
AUDIT_TABLES = (import_audit,)

# --- Suppliers ---------------------------------------------------------------------
# Every supplier named on a product or a purchase order, one row each. Products
# and orders keep the name (imports keep sending names); the name is the
# supplier's key, and a load registers names it has not seen
# (data_access.suppliers). No foreign keys: DuckDB cannot add one to the
# existing tables.

suppliers = Table(
    "suppliers",
    metadata,
    Column("supplier_id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False, unique=True, comment="as products and purchase orders name it"),
    comment="every supplier named on a product or purchase order",
)

SUPPLIER_TABLES = (suppliers,)
