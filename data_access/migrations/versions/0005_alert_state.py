"""The alert digest's memory: digest_runs, alert_state and alert_history
(`python -m planning digest` writes them; the Overview reads the history).

New tables only, without foreign keys, as in data_access.schema.

Revision ID: 0005_alert_state
Revises: 0004_shop_settings
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_alert_state"
down_revision = "0004_shop_settings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digest_runs",
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ran_at", sa.DateTime, nullable=False, comment="when the run started, UTC"),
        sa.Column("as_of", sa.Date, nullable=False, comment="the day the alerts were evaluated for"),
        comment="one row per digest run that could deliver (dry runs record nothing)",
    )
    op.create_table(
        "alert_state",
        sa.Column(
            "destination", sa.String(200), primary_key=True, comment="e.g. email:ops@example.com, slack:host#hash"
        ),
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("alert_key", sa.String(500), primary_key=True, comment="the alert's key values as a JSON array"),
        sa.Column(
            "fingerprint", sa.String(64), nullable=False, comment="hash of what makes the alert worth sending again"
        ),
        sa.Column("status", sa.String(16), nullable=False, comment="sent, failed"),
        sa.Column("attempted_at", sa.DateTime, nullable=False, comment="when it was last delivered or tried, UTC"),
        sa.Column("error", sa.String(500), nullable=True, comment="why the delivery failed, secrets removed"),
        comment="what each destination was last sent of each current alert; resolved alerts are removed",
    )
    op.create_table(
        "alert_history",
        sa.Column("run_id", sa.Integer, primary_key=True),
        sa.Column("destination", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("alert_key", sa.String(500), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, comment="sent, failed"),
        sa.Column("error", sa.String(500), nullable=True),
        comment="every alert delivered or tried, per run and destination",
    )


def downgrade() -> None:
    op.drop_table("alert_history")
    op.drop_table("alert_state")
    op.drop_table("digest_runs")
