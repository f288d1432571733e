"""Replenishment plans: plan_runs, plan_purchases and plan_transfers (`python
-m planning plan` writes them; the Replenishment and Peak readiness pages
read the newest), and forecast_series.error_sd, the spread of each series'
out-of-sample errors that safety stock needs (empty for older runs).

New tables without foreign keys, as the forecast's; the new column is
nullable, the one change DuckDB allows on a table with a primary key.

Revision ID: 0006_replenishment_plans
Revises: 0005_alert_state
"""

import sqlalchemy as sa
from alembic import op

from data_access.migrations.duckdb_support import rebuild_table

revision = "0006_replenishment_plans"
down_revision = "0005_alert_state"
branch_labels = None
depends_on = None

TABLES = ("plan_transfers", "plan_purchases", "plan_runs")


def upgrade() -> None:
    op.add_column(
        "forecast_series",
        sa.Column("error_sd", sa.Double, nullable=True, comment="RMS of the method's out-of-sample weekly errors"),
    )
    op.create_table(
        "plan_runs",
        sa.Column("plan_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created_at", sa.DateTime, nullable=False, comment="when the plan was stored, UTC"),
        sa.Column("forecast_run_id", sa.Integer, nullable=False, comment="the forecast run the plan sums"),
        sa.Column("as_of", sa.Date, nullable=False, comment="stock, open orders and receipts as of this day"),
        sa.Column(
            "order_day", sa.Date, nullable=False, comment="the day the plan's orders are placed (the next day)"
        ),
        sa.Column("positions", sa.Integer, nullable=False, comment="product x warehouse positions planned"),
        sa.Column(
            "positions_to_order", sa.Integer, nullable=False, comment="positions at or below their reorder point"
        ),
        sa.Column("seconds", sa.Double, nullable=False),
        sa.Column("params", sa.String(2000), nullable=False, comment="the policy settings as JSON"),
    )
    op.create_table(
        "plan_purchases",
        sa.Column("plan_id", sa.Integer, primary_key=True),
        sa.Column("product_id", sa.Integer, primary_key=True),
        sa.Column("warehouse_id", sa.Integer, primary_key=True),
        sa.Column("supplier", sa.String(200), nullable=True),
        sa.Column(
            "reason", sa.String(24), nullable=False, comment="below-reorder-point or top-up (below S only)"
        ),
        sa.Column(
            "quantity", sa.Integer, nullable=False, comment="units, whole packs, at least the minimum order"
        ),
        sa.Column("unit_cost", sa.Double, nullable=True),
        sa.Column("cost", sa.Double, nullable=True, comment="quantity x unit cost; empty without a cost"),
        sa.Column("order_by", sa.Date, nullable=False),
        sa.Column(
            "expected_on",
            sa.Date,
            nullable=False,
            comment="arrival if ordered by order_by, after the mean lead time",
        ),
        sa.Column(
            "protection_demand", sa.Double, nullable=False, comment="forecast over the review period + lead time"
        ),
        sa.Column("protection_days", sa.Double, nullable=False),
        sa.Column("lead_days", sa.Double, nullable=False, comment="mean lead time used"),
        sa.Column("safety_stock", sa.Double, nullable=False),
        sa.Column("on_hand", sa.Integer, nullable=False),
        sa.Column("on_order", sa.Integer, nullable=False),
        sa.Column(
            "transfer_in", sa.Integer, nullable=False, comment="units the plan moves here from other warehouses"
        ),
        sa.Column(
            "needed", sa.Double, nullable=False, comment="order-up-to level - on hand - on order - transfer in"
        ),
        sa.Column("pack_size", sa.Integer, nullable=False),
        sa.Column("min_order_qty", sa.Integer, nullable=False),
        sa.Column("rounding", sa.String(16), nullable=False, comment="none, pack, minimum-order"),
        sa.Column("reorder_point", sa.Double, nullable=False),
        sa.Column("abc_class", sa.String(1), nullable=False),
        sa.Column(
            "lead_source", sa.String(16), nullable=False, comment="an id of analytics.policy.LEAD_TIME_SOURCES"
        ),
    )
    op.create_table(
        "plan_transfers",
        sa.Column("plan_id", sa.Integer, primary_key=True),
        sa.Column("product_id", sa.Integer, primary_key=True),
        sa.Column("from_warehouse_id", sa.Integer, primary_key=True),
        sa.Column("to_warehouse_id", sa.Integer, primary_key=True),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_cost", sa.Double, nullable=True),
        sa.Column("value", sa.Double, nullable=True),
        sa.Column("ship_on", sa.Date, nullable=False),
        sa.Column("arrives_on", sa.Date, nullable=False),
        sa.Column("from_on_hand", sa.Integer, nullable=False),
        sa.Column("from_order_up_to", sa.Double, nullable=False),
        sa.Column(
            "to_position", sa.Double, nullable=False, comment="on hand + on order at the receiving warehouse"
        ),
        sa.Column("to_reorder_point", sa.Double, nullable=False),
        sa.Column("to_order_up_to", sa.Double, nullable=False),
    )


def _forecast_series_before() -> sa.Table:
    """forecast_series as 0003_forecasts made it (comments included: DuckDB keeps them in its catalog)."""
    return sa.Table(
        "forecast_series",
        sa.MetaData(),
        sa.Column("run_id", sa.Integer, primary_key=True),
        sa.Column("product_id", sa.Integer, primary_key=True),
        sa.Column("warehouse_id", sa.Integer, primary_key=True),
        sa.Column(
            "demand_class",
            sa.String(16),
            nullable=False,
            comment="smooth, erratic, intermittent, lumpy, new, no-demand",
        ),
        sa.Column("method", sa.String(16), nullable=False, comment="ses, ses-slow, croston-sba, tsb, zero"),
        sa.Column("stock_known", sa.Boolean, nullable=False),
        sa.Column("recent_units", sa.Double, nullable=False, comment="units sold in the last 52 weeks"),
        sa.Column("hidden_units", sa.Double, nullable=False, comment="estimated demand stockouts hid in those weeks"),
    )


def downgrade() -> None:
    for name in TABLES:
        op.drop_table(name)
    if op.get_context().dialect.name == "duckdb":  # DuckDB drops no column of a table with a primary key
        rebuild_table(op.get_bind(), _forecast_series_before())
        return
    with op.batch_alter_table("forecast_series") as batch:
        batch.drop_column("error_sd")
