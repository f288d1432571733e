"""Example files, one per accepted shape: headers the importer recognises and
a few rows showing the formats it reads (a return, a percent discount, a
blank category)."""

from __future__ import annotations

import pandas as pd

from data_access.export import to_csv_bytes


def _frame(headers: str, *rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=headers.split("|"))


TEMPLATES: dict[str, pd.DataFrame] = {
    "sales and stock": _frame(
        "Date|Store|SKU|Product name|Category|Units sold|Unit price|Discount|Stock on hand",
        ("2025-03-01", "BER", "SKU-001", "Garden hose 20 m", "Garden", 3, 24.90, "10%", 41),
        ("2025-03-01", "BER", "SKU-002", "Watering can", "Garden", 0, 12.50, "", 17),
        ("2025-03-02", "BER", "SKU-001", "Garden hose 20 m", "Garden", -1, 24.90, "", 42),
    ),
    "sales": _frame(
        "Order date|Order ID|SKU|Product name|Category|Warehouse|Quantity|Unit price|Discount",
        ("2025-03-01", "SO-1001", "SKU-001", "Garden hose 20 m", "Garden", "BER", 2, 24.90, 0.1),
        ("2025-03-01", "SO-1001", "SKU-003", "Picture book", "", "BER", 1, 9.99, ""),
        ("2025-03-02", "SO-1002", "SKU-001", "Garden hose 20 m", "Garden", "MAD", -1, 24.90, ""),
    ),
    "stock levels": _frame(
        "Date|Warehouse|SKU|On hand",
        ("2025-03-01", "BER", "SKU-001", 41),
        ("2025-03-01", "MAD", "SKU-001", 8),
        ("2025-03-02", "BER", "SKU-001", 42),
    ),
    "products": _frame(
        "SKU|Product name|Category|Unit cost|List price|Supplier|Lead time (days)|Pack size|Min order qty",
        ("SKU-001", "Garden hose 20 m", "Garden", 11.20, 24.90, "Acme Garden", 7, 6, 12),
        ("SKU-002", "Watering can", "Garden", 5.10, 12.50, "Acme Garden", 7, 10, ""),
        ("SKU-003", "Picture book", "Books", 3.80, 9.99, "Paper & Co", 14, "", ""),
    ),
    "warehouses": _frame(
        "Warehouse|Warehouse name|Region|Capacity",
        ("BER", "Berlin", "DE", 5000),
        ("MAD", "Madrid", "ES", 3000),
    ),
    "purchase orders": _frame(
        "Supplier|SKU|Warehouse|Ordered on|Expected on|Received on|Quantity",
        ("Acme Garden", "SKU-001", "BER", "2025-02-20", "2025-02-27", "2025-02-28", 100),
        ("Paper & Co", "SKU-003", "MAD", "2025-02-25", "2025-03-11", "", 40),
    ),
}


def template_file_name(shape: str) -> str:
    return f"template_{shape.replace(' ', '_')}.csv"


def template_csv(shape: str) -> bytes:
    return to_csv_bytes(TEMPLATES[shape])
