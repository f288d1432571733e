"""The simulator's ground truth (commit 56ba958).

Products get their pack size and minimum order quantity; sim_true_demand and
sim_lead_time_behaviour hold what the simulator drew.

The new product columns are nullable: DuckDB can add only nullable columns to
a table that foreign keys reference. For the same reason DuckDB cannot drop
them again, so there the downgrade rebuilds products and the tables that
reference it.

Revision ID: 0002_ground_truth
Revises: 0001_baseline
"""

import sqlalchemy as sa
from alembic import op

from data_access.migrations.duckdb_support import rebuild_table

revision = "0002_ground_truth"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "products",
        sa.Column("pack_size", sa.Integer, nullable=True, comment="units per case pack; orders are whole packs"),
    )
    op.add_column(
        "products", sa.Column("min_order_qty", sa.Integer, nullable=True, comment="smallest purchase order in units")
    )
    op.create_table(
        "sim_true_demand",
        sa.Column("demand_date", sa.Date, primary_key=True),
        sa.Column("product_id", sa.Integer, sa.ForeignKey("products.product_id"), primary_key=True),
        sa.Column("warehouse_id", sa.Integer, sa.ForeignKey("warehouses.warehouse_id"), primary_key=True),
        sa.Column("units", sa.Integer, nullable=False, comment="units customers asked for, before stockouts cut them"),
        comment="true daily demand per product x warehouse; only days with demand (no row = 0 units)",
    )
    op.create_table(
        "sim_lead_time_behaviour",
        sa.Column("supplier", sa.String(200), primary_key=True),
        sa.Column("product_id", sa.Integer, sa.ForeignKey("products.product_id"), primary_key=True),
        sa.Column("nominal_lead_days", sa.Integer, nullable=False, comment="the lead time the supplier promises"),
        sa.Column("on_time_rate", sa.Double, nullable=False, comment="chance an order arrives on time or early"),
        sa.Column(
            "max_early_days", sa.Integer, nullable=False, comment="on time: nominal minus 0..this many days, uniformly"
        ),
        sa.Column(
            "mean_delay_days", sa.Double, nullable=False, comment="late: nominal plus a geometric delay of this mean"
        ),
        sa.Column("max_delay_days", sa.Integer, nullable=False, comment="late delays are capped here"),
        comment="how the simulator draws each supplier x product's actual lead times (at least 1 day)",
    )


def _baseline_products() -> sa.Table:
    money = sa.Numeric(14, 2)
    return sa.Table(
        "products",
        sa.MetaData(),
        sa.Column("product_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("sku", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("unit_cost", money, nullable=True),
        sa.Column("list_price", money, nullable=True),
        sa.Column("supplier", sa.String(200), nullable=True),
        sa.Column("lead_time_days", sa.Integer, nullable=True, comment="nominal supplier lead time"),
        sa.Column("launched_on", sa.Date, nullable=True),
        sa.Column("discontinued_on", sa.Date, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sim_lead_time_behaviour")
    op.drop_table("sim_true_demand")
    if op.get_context().dialect.name == "duckdb":
        rebuild_table(op.get_bind(), _baseline_products())
        return
    with op.batch_alter_table("products") as batch:
        batch.drop_column("min_order_qty")
        batch.drop_column("pack_size")
