"""What a file holds, told from the fields its columns are mapped to.

- sales and stock: a date, a SKU, and units sold and/or a stock level
  (one row may carry both);
- purchase orders: a SKU, an order date and a quantity;
- products: SKUs with their attributes;
- warehouses: warehouse codes with their attributes.
"""

from __future__ import annotations

from enum import StrEnum

from data_access.importer.errors import FileProblem
from data_access.importer.fields import FIELDS, PURCHASE_ORDER_DATES

PRODUCT_ATTRIBUTES = (
    "product_name",
    "category",
    "unit_cost",
    "supplier",
    "lead_time_days",
    "pack_size",
    "min_order_qty",
)
WAREHOUSE_ATTRIBUTES = ("warehouse_name", "region", "capacity_units")


class Shape(StrEnum):
    ACTIVITY = "sales and stock"
    PURCHASE_ORDERS = "purchase orders"
    PRODUCTS = "products"
    WAREHOUSES = "warehouses"


_OWN_FIELDS: dict[Shape, tuple[str, ...]] = {
    Shape.ACTIVITY: (
        "date",
        "order_id",
        "sku",
        "warehouse",
        "quantity",
        "unit_price",
        "revenue",
        "discount",
        "on_hand",
    ),
    Shape.PURCHASE_ORDERS: ("sku", "warehouse", "quantity", *PURCHASE_ORDER_DATES),
    Shape.PRODUCTS: ("sku", "unit_price"),
    Shape.WAREHOUSES: ("warehouse",),
}
REQUIRED_FIELDS: dict[Shape, tuple[str, ...]] = {
    Shape.ACTIVITY: ("date", "sku"),
    Shape.PURCHASE_ORDERS: ("sku", "ordered_on", "quantity"),
    Shape.PRODUCTS: ("sku",),
    Shape.WAREHOUSES: ("warehouse",),
}


def used_fields(shape: Shape) -> tuple[str, ...]:
    """The fields a file of this shape can fill (products' and warehouses'
    attributes come along with a SKU and a warehouse)."""
    own = _OWN_FIELDS[shape]
    attributes = (PRODUCT_ATTRIBUTES if "sku" in own else ()) + (WAREHOUSE_ATTRIBUTES if "warehouse" in own else ())
    return tuple(dict.fromkeys(own + attributes))


def detect_shape(mapping: dict[str, str]) -> Shape:
    """Purchase orders need their order date (or other order dates and no plain
    date): a sales export with a "Received" column stays a sales export."""
    if "ordered_on" in mapping or ("date" not in mapping and any(f in mapping for f in PURCHASE_ORDER_DATES)):
        return Shape.PURCHASE_ORDERS
    if any(field in mapping for field in ("date", "quantity", "on_hand")):
        return Shape.ACTIVITY
    if "sku" in mapping:
        return Shape.PRODUCTS
    if "warehouse" in mapping:
        return Shape.WAREHOUSES
    raise FileProblem(
        "No column was recognised as a date, SKU, quantity, stock level or warehouse, so it is not clear "
        "what the file holds. Map its columns to fields (see the templates for the accepted shapes)."
    )


def missing_fields(shape: Shape, mapping: dict[str, str]) -> list[str]:
    """Required fields without a column; for sales and stock, quantity or on_hand too."""
    missing = [field for field in REQUIRED_FIELDS[shape] if field not in mapping]
    if shape is Shape.ACTIVITY and "quantity" not in mapping and "on_hand" not in mapping:
        missing.append("quantity or on_hand")
    return missing


def require_fields(shape: Shape, mapping: dict[str, str], headers: list[str]) -> None:
    missing = missing_fields(shape, mapping)
    if missing:
        named = ", ".join(f"{m} ({FIELDS[m].label})" if m in FIELDS else m for m in missing)
        raise FileProblem(
            f"A {shape} file needs a column for: {named}. The file's columns are: {', '.join(headers)}. "
            "Map the right column to each (on the Data page, or with --map FIELD=COLUMN)."
        )
