"""The import audit: import_audit, one row per file imported or replaced
(who, when, file name and sha256, rows read, imported and rejected, mode).

A new table without foreign keys, kept when the data is replaced.

Revision ID: 0007_import_audit
Revises: 0006_replenishment_plans
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_import_audit"
down_revision = "0006_replenishment_plans"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_audit",
        sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("imported_at", sa.DateTime, nullable=False, comment="when the import committed, UTC"),
        sa.Column("imported_by", sa.String(320), nullable=False, comment="the signed-in e-mail, or local"),
        sa.Column("mode", sa.String(16), nullable=False, comment="append or replace"),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, comment="of the file's bytes"),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("rows_imported", sa.Integer, nullable=False),
        sa.Column("rows_rejected", sa.Integer, nullable=False),
        comment="every import and replace, one row per file",
    )


def downgrade() -> None:
    op.drop_table("import_audit")
