"""Baseline: the schema as it stood before migrations (commit 5684221).

A database made before migrations existed is stamped at this revision when it
holds all of these tables and columns (see data_access.migrations.adoption).
Secondary indexes exist on SQLite and PostgreSQL only: DuckDB scans columns
with zone maps and would pay for ART indexes on every bulk load.

Revision ID: 0001_baseline
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 2)
ROW_STORES = ("sqlite", "postgresql")


def _product_ref() -> sa.Column:
    return sa.Column("product_id", sa.Integer, sa.ForeignKey("products.product_id"), nullable=False)


def _warehouse_ref() -> sa.Column:
    return sa.Column("warehouse_id", sa.Integer, sa.ForeignKey("warehouses.warehouse_id"), nullable=False)


def _row_store_index(name: str, table: str, *columns: str) -> None:
    if op.get_context().dialect.name in ROW_STORES:
        op.create_index(name, table, list(columns))


def upgrade() -> None:
    op.create_table(
        "warehouses",
        sa.Column("warehouse_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("capacity_units", sa.Integer, nullable=True, comment="units it can hold"),
    )
    op.create_table(
        "products",
        sa.Column("product_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("sku", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("unit_cost", MONEY, nullable=True),
        sa.Column("list_price", MONEY, nullable=True),
        sa.Column("supplier", sa.String(200), nullable=True),
        sa.Column("lead_time_days", sa.Integer, nullable=True, comment="nominal supplier lead time"),
        sa.Column("launched_on", sa.Date, nullable=True),
        sa.Column("discontinued_on", sa.Date, nullable=True),
    )
    op.create_table(
        "order_lines",
        sa.Column("line_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("order_date", sa.Date, nullable=False),
        _product_ref(),
        _warehouse_ref(),
        sa.Column("quantity", sa.Integer, nullable=False, comment="negative = a return"),
        sa.Column("unit_price", MONEY, nullable=False),
        sa.Column("net_revenue", MONEY, nullable=False, comment="after discount; negative for returns"),
    )
    _row_store_index("ix_order_lines_date_product", "order_lines", "order_date", "product_id")
    _row_store_index("ix_order_lines_product_warehouse", "order_lines", "product_id", "warehouse_id")
    op.create_table(
        "inventory_snapshots",
        sa.Column("snapshot_date", sa.Date, primary_key=True),
        sa.Column("product_id", sa.Integer, sa.ForeignKey("products.product_id"), primary_key=True),
        sa.Column("warehouse_id", sa.Integer, sa.ForeignKey("warehouses.warehouse_id"), primary_key=True),
        sa.Column("on_hand", sa.Integer, nullable=False, comment="end-of-day units on hand"),
    )
    _row_store_index(
        "ix_snapshots_product_warehouse_date", "inventory_snapshots", "product_id", "warehouse_id", "snapshot_date"
    )
    op.create_table(
        "purchase_orders",
        sa.Column("po_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("supplier", sa.String(200), nullable=True),
        _product_ref(),
        _warehouse_ref(),
        sa.Column("ordered_on", sa.Date, nullable=False),
        sa.Column("expected_on", sa.Date, nullable=True),
        sa.Column("received_on", sa.Date, nullable=True, comment="empty while open"),
        sa.Column("quantity", sa.Integer, nullable=False),
    )
    _row_store_index("ix_purchase_orders_product_warehouse", "purchase_orders", "product_id", "warehouse_id")
    create_sales_summaries()


def create_sales_summaries() -> None:
    """The derived tables of data_access.sales_summary. Also run on its own when
    a database made before they existed is adopted (they are then filled from
    its order lines)."""
    op.create_table(
        "daily_sales",
        sa.Column("sale_date", sa.Date, primary_key=True),
        sa.Column("product_id", sa.Integer, sa.ForeignKey("products.product_id"), primary_key=True),
        sa.Column("warehouse_id", sa.Integer, sa.ForeignKey("warehouses.warehouse_id"), primary_key=True),
        sa.Column("units", sa.Integer, nullable=False, comment="net units: returns subtract"),
        sa.Column("sold_units", sa.Integer, nullable=False, comment="units of the day's positive lines"),
        sa.Column("revenue", MONEY, nullable=False, comment="net revenue"),
        comment="order_lines summed per day, product and warehouse (data_access.sales_summary keeps it in step)",
    )
    _row_store_index("ix_daily_sales_product_warehouse", "daily_sales", "product_id", "warehouse_id")
    op.create_table(
        "daily_orders",
        sa.Column("sale_date", sa.Date, primary_key=True),
        sa.Column("warehouse_id", sa.Integer, sa.ForeignKey("warehouses.warehouse_id"), primary_key=True),
        sa.Column(
            "orders", sa.Integer, nullable=False, comment="orders whose every line is on this day in this warehouse"
        ),
    )
    op.create_table(
        "spanning_orders",
        sa.Column("order_id", sa.String(64), primary_key=True),
        sa.Column("sale_date", sa.Date, primary_key=True),
        sa.Column("warehouse_id", sa.Integer, sa.ForeignKey("warehouses.warehouse_id"), primary_key=True),
        comment="every day x warehouse cell of the orders with lines in more than one",
    )


def downgrade() -> None:
    for table in (
        "spanning_orders",
        "daily_orders",
        "daily_sales",
        "purchase_orders",
        "inventory_snapshots",
        "order_lines",
        "products",
        "warehouses",
    ):
        op.drop_table(table)
