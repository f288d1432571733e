"""${message}

Rules for DuckDB (see README, "Schema migrations"): define the tables you
touch here with sa.table/sa.Table, never import data_access.schema; add
columns to referenced tables as nullable; rebuild with
data_access.migrations.duckdb_support.rebuild_table what DuckDB's ALTER refuses.

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
revision = "${up_revision}"
down_revision = "${down_revision}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
