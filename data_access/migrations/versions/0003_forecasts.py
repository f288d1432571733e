"""Forecast runs and their accuracy: forecast_runs, forecast_series,
forecast_values, backtest_scores and backtest_totals (`python -m planning
forecast` writes them; the Forecast page reads the newest run).

New tables only, without foreign keys: a run is deleted children first, and
DuckDB refuses to delete a parent row whose children went earlier in the same
transaction.

Revision ID: 0003_forecasts
Revises: 0002_ground_truth
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_forecasts"
down_revision = "0002_ground_truth"
branch_labels = None
depends_on = None

TABLES = ("backtest_totals", "backtest_scores", "forecast_values", "forecast_series", "forecast_runs")


def _series_key() -> list[sa.Column]:
    return [
        sa.Column("run_id", sa.Integer, primary_key=True),
        sa.Column("product_id", sa.Integer, primary_key=True),
        sa.Column("warehouse_id", sa.Integer, primary_key=True),
    ]


def upgrade() -> None:
    op.create_table(
        "forecast_runs",
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created_at", sa.DateTime, nullable=False, comment="when the run finished, UTC"),
        sa.Column("as_of", sa.Date, nullable=False, comment="the last day of history the run used"),
        sa.Column("first_week", sa.Date, nullable=False, comment="the first forecast Monday (the first after as_of)"),
        sa.Column("horizon_weeks", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, comment="done; a failed run writes nothing"),
        sa.Column("series", sa.Integer, nullable=False, comment="product x warehouse series forecast"),
        sa.Column(
            "stock_levels", sa.Boolean, nullable=False, comment="false: no snapshots, demand estimated from sales"
        ),
        sa.Column(
            "true_demand", sa.Boolean, nullable=False, comment="the backtest was also scored against true demand"
        ),
        sa.Column("seconds", sa.Double, nullable=False, comment="time to fit, backtest and store"),
        sa.Column("params", sa.String(2000), nullable=False, comment="model settings as JSON"),
    )
    op.create_table(
        "forecast_series",
        *_series_key(),
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
    op.create_table(
        "forecast_values",
        *_series_key(),
        sa.Column("week_start", sa.Date, primary_key=True),
        sa.Column("forecast_units", sa.Double, nullable=False),
        sa.Column("low", sa.Double, nullable=False, comment="P10"),
        sa.Column("high", sa.Double, nullable=False, comment="P90"),
    )
    op.create_table(
        "backtest_scores",
        *_series_key(),
        sa.Column("scope", sa.String(16), primary_key=True, comment="all, week-13, peak"),
        sa.Column("target", sa.String(16), primary_key=True, comment="sales, demand"),
        sa.Column("abs_error", sa.Double, nullable=False),
        sa.Column("error", sa.Double, nullable=False, comment="forecast - actual, summed"),
        sa.Column("actual", sa.Double, nullable=False),
        sa.Column("naive_abs_error", sa.Double, nullable=False, comment="seasonal naive's absolute error"),
        sa.Column("covered", sa.Double, nullable=False, comment="cells inside the 80% band"),
        sa.Column("cells", sa.Double, nullable=False, comment="series x weeks scored"),
        comment="sums over the rolling-origin backtest; an aggregate's error is the sum of its series' sums",
    )
    op.create_table(
        "backtest_totals",
        sa.Column("run_id", sa.Integer, primary_key=True),
        sa.Column("category", sa.String(100), primary_key=True),
        sa.Column("warehouse_id", sa.Integer, primary_key=True),
        sa.Column("cutoff", sa.Date, primary_key=True),
        sa.Column("week_start", sa.Date, primary_key=True),
        sa.Column("horizon", sa.Integer, nullable=False),
        sa.Column("forecast", sa.Double, nullable=False),
        sa.Column("sales", sa.Double, nullable=False),
        sa.Column("demand", sa.Double, nullable=True, comment="true demand, where the simulator's truth exists"),
        sa.Column("naive", sa.Double, nullable=False),
        comment="backtest forecasts and actuals summed per category x warehouse: an aggregate's own errors",
    )


def downgrade() -> None:
    for name in TABLES:
        op.drop_table(name)
