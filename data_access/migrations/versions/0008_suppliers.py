"""Suppliers get a table of their own, filled from every name products and
purchase orders hold (NULL is no name; every other spelling is kept as it
is). Products and orders keep their names, which stay the supplier's key.

Also forecast_products: each forecast run's XYZ class per product, computed
from the run's own history and seasonal index (runs stored before have none
until the next run).

New tables without foreign keys, so DuckDB needs no rebuild either way.

Revision ID: 0008_suppliers
Revises: 0007_import_audit
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_suppliers"
down_revision = "0007_import_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    suppliers = op.create_table(
        "suppliers",
        sa.Column("supplier_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column(
            "name", sa.String(200), nullable=False, unique=True, comment="as products and purchase orders name it"
        ),
        comment="every supplier named on a product or purchase order",
    )
    products = sa.table("products", sa.column("supplier", sa.String))
    orders = sa.table("purchase_orders", sa.column("supplier", sa.String))
    names = sa.union(
        sa.select(products.c.supplier.label("name")).where(products.c.supplier.is_not(None)),
        sa.select(orders.c.supplier.label("name")).where(orders.c.supplier.is_not(None)),
    ).subquery()
    numbered = sa.select(sa.func.row_number().over(order_by=names.c.name).label("supplier_id"), names.c.name)
    op.execute(suppliers.insert().from_select(["supplier_id", "name"], numbered))
    op.create_table(
        "forecast_products",
        sa.Column("run_id", sa.Integer, primary_key=True),
        sa.Column("product_id", sa.Integer, primary_key=True),
        sa.Column(
            "weeks", sa.Integer, nullable=False, comment="weeks with stock of the last 52 that the CV is over"
        ),
        sa.Column(
            "cv", sa.Double, nullable=True, comment="coefficient of variation of deseasonalised weekly demand"
        ),
        sa.Column("xyz_class", sa.String(8), nullable=False, comment="x, y, z or too-new"),
        comment="each product's XYZ class from the run's history and seasonal index (added by 0008_suppliers)",
    )


def downgrade() -> None:
    op.drop_table("forecast_products")
    op.drop_table("suppliers")
