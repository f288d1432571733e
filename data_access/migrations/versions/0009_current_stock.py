"""current_stock: each position's latest snapshot and latest sale, beside the
snapshot history, so that "stock now" reads one row per position instead of
the latest of a daily row per position (data_access.current_stock). Filled
here from the history; the writers keep it in step from now on.

A new table without foreign keys, so DuckDB needs no rebuild either way.

Revision ID: 0009_current_stock
Revises: 0008_suppliers
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_current_stock"
down_revision = "0008_suppliers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    current = op.create_table(
        "current_stock",
        sa.Column("product_id", sa.Integer, primary_key=True),
        sa.Column("warehouse_id", sa.Integer, primary_key=True),
        sa.Column("snapshot_date", sa.Date, nullable=False, comment="the position's latest snapshot"),
        sa.Column("on_hand", sa.Integer, nullable=False, comment="units on hand at that snapshot"),
        sa.Column(
            "last_sale_date", sa.Date, nullable=True, comment="its latest day with a positive sale; empty if never sold"
        ),
        sa.Column("first_snapshot_date", sa.Date, nullable=False, comment="the position's first snapshot"),
        comment="every position with a snapshot: its latest snapshot and sale (added by 0009_current_stock)",
    )
    op.execute(current.insert().from_select([c.name for c in current.columns], _latest_per_position()))


def downgrade() -> None:
    op.drop_table("current_stock")


def _latest_per_position() -> sa.Select:
    """The rows as of this revision's schema (the code's own query may change later)."""
    snapshots = sa.table(
        "inventory_snapshots",
        sa.column("snapshot_date", sa.Date),
        sa.column("product_id", sa.Integer),
        sa.column("warehouse_id", sa.Integer),
        sa.column("on_hand", sa.Integer),
    )
    sales = sa.table(
        "daily_sales",
        sa.column("sale_date", sa.Date),
        sa.column("product_id", sa.Integer),
        sa.column("warehouse_id", sa.Integer),
        sa.column("sold_units", sa.Integer),
    )
    latest = _per_position(snapshots, sa.func.max(snapshots.c.snapshot_date))
    latest = latest.add_columns(sa.func.min(snapshots.c.snapshot_date).label("first_day")).subquery("latest")
    last_sale = _per_position(sales, sa.func.max(sales.c.sale_date)).where(sales.c.sold_units > 0).subquery("sold")
    stock = (snapshots.c.product_id, snapshots.c.warehouse_id, snapshots.c.snapshot_date, snapshots.c.on_hand)
    return sa.select(*stock, last_sale.c.day, latest.c.first_day).select_from(
        snapshots.join(
            latest,
            sa.and_(_same_position(latest, snapshots), latest.c.day == snapshots.c.snapshot_date),
        ).outerjoin(last_sale, _same_position(last_sale, snapshots))
    )


def _per_position(table: sa.TableClause, day: sa.ColumnElement) -> sa.Select:
    return sa.select(table.c.product_id, table.c.warehouse_id, day.label("day")).group_by(
        table.c.product_id, table.c.warehouse_id
    )


def _same_position(one: sa.FromClause, other: sa.FromClause) -> sa.ColumnElement[bool]:
    return sa.and_(one.c.product_id == other.c.product_id, one.c.warehouse_id == other.c.warehouse_id)
