"""The suppliers table kept in step with the names products and purchase orders carry.

Imports and the sample shop write supplier names, never ids; after a load,
`register_suppliers` adds every name the table does not hold yet, so a new
name creates a supplier and no name is ever lost.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.schema import products, purchase_orders, suppliers


def register_suppliers(conn: Connection) -> None:
    """Add the names on products and purchase orders that `suppliers` lacks, numbered after the highest id.
    A database before revision 0008 (the migration tests load such) has no table yet: 0008 fills it."""
    if not sa.inspect(conn).has_table(suppliers.name):
        return
    named = sa.union(
        sa.select(products.c.supplier.label("name")).where(products.c.supplier.is_not(None)),
        sa.select(purchase_orders.c.supplier.label("name")).where(purchase_orders.c.supplier.is_not(None)),
    ).subquery()
    highest = sa.select(sa.func.coalesce(sa.func.max(suppliers.c.supplier_id), 0)).scalar_subquery()
    numbered = sa.select(
        (sa.func.row_number().over(order_by=named.c.name) + highest).label("supplier_id"), named.c.name
    ).where(named.c.name.not_in(sa.select(suppliers.c.name)))
    conn.execute(suppliers.insert().from_select(["supplier_id", "name"], numbered))
