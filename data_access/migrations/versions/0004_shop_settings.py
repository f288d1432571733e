"""The shop's settings: the currency its amounts are in and its retail calendar.

A new table only, so no backend's ALTER limits apply. It starts empty: a
database made before it holds amounts in a currency nobody recorded, and the
dashboard keeps showing them in euro (as it did) until an import or the Data
page stores the currency.

Revision ID: 0004_shop_settings
Revises: 0003_forecasts
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_shop_settings"
down_revision = "0003_forecasts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shop_settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        comment="the shop's settings, one row each: currency (ISO 4217 code), calendar (a retail calendar id)",
    )


def downgrade() -> None:
    op.drop_table("shop_settings")
