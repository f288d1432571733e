"""Writing to the database on every backend: derived dimensions, the exact
rows written, idempotent re-imports, replace mode, partial imports, dry
runs, and atomicity when the database fails half way."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import bulk
from data_access.engine import make_engine
from data_access.export import to_csv_bytes
from data_access.importer import FileProblem, run_import
from data_access.importer.rejects import rejects_csv
from data_access.schema import daily_sales, products, purchase_orders, warehouses
from tests.fixtures_import import (
    EXPECTED_SALES,
    EXPECTED_STOCK,
    SALES_AND_STOCK,
    dump,
    import_text,
    pack_terms,
    plan_text,
    product_rows,
    rows,
    sales,
    stock,
    summaries_agree,
    warehouse_rows,
)


def test_a_sales_and_stock_file_on_every_backend_and_again(backend, new_database):
    url = new_database(backend)
    report = import_text(url, SALES_AND_STOCK)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 4, 0)
    assert report.written == {"order_lines": 3, "inventory_snapshots": 4}
    assert report.created == {"warehouses": 2, "products": 2}
    assert sales(url) == EXPECTED_SALES
    assert stock(url) == EXPECTED_STOCK
    assert product_rows(url) == [
        ("A-1", "Hose", "Garden", None, None, None, None),
        ("B-2", "Book", "Uncategorized", None, None, None, None),
    ]
    assert warehouse_rows(url) == [("BER", "BER", "Unknown", None), ("MAD", "MAD", "Unknown", None)]
    first = dump(url)

    again = import_text(url, SALES_AND_STOCK)
    assert dump(url) == first  # the very same rows, ids included
    assert again.written == {"order_lines": 0, "inventory_snapshots": 0}
    assert summaries_agree(url)
    assert again.totals == report.totals


def test_a_corrected_export_replaces_the_rows_it_names(backend, new_database):
    url = new_database(backend)
    import_text(url, SALES_AND_STOCK)
    corrected = SALES_AND_STOCK.replace(
        "2025-03-01,SO-1,BER,A-1,Hose,Garden,2,", "2025-03-01,SO-1,BER,A-1,Hose,Garden,3,"
    )
    corrected = corrected.replace(",-1,10.00,,3", ",-1,10.00,,4")
    report = import_text(url, corrected)
    assert report.written == {"order_lines": 1, "inventory_snapshots": 1}
    assert sales(url) == [EXPECTED_SALES[0], ("SO-1", "2025-03-01", "A-1", "BER", 3, 10.0, 24.0), EXPECTED_SALES[2]]
    assert stock(url) == [EXPECTED_STOCK[0], ("2025-03-01", "A-1", "MAD", 4), *EXPECTED_STOCK[2:]]
    assert summaries_agree(url)


def test_a_corrected_day_that_sold_nothing_clears_the_earlier_line(backend, new_database):
    url = new_database(backend)
    import_text(url, "Date,Store,SKU,Units sold,Price,Stock\n2025-03-01,BER,A,2,5,10\n2025-03-01,BER,B,1,5,3\n")
    import_text(url, "Date,Store,SKU,Units sold,Price,Stock\n2025-03-01,BER,A,0,5,12\n")
    assert sales(url) == [("AUTO-BER-20250301", "2025-03-01", "B", "BER", 1, 5.0, 5.0)]
    assert summaries_agree(url)
    assert stock(url) == [("2025-03-01", "A", "BER", 12), ("2025-03-01", "B", "BER", 3)]


def test_duplicate_lines_count_as_lines_and_stay_idempotent(new_database):
    url = new_database("duckdb")
    text = "Date,Order,SKU,Qty,Price\n2025-03-01,SO-1,A,1,2\n2025-03-01,SO-1,A,1,2\n"
    import_text(url, text)
    import_text(url, text)
    assert sales(url) == [("SO-1", "2025-03-01", "A", "MAIN", 1, 2.0, 2.0)] * 2
    import_text(url, "Date,Order,SKU,Qty,Price\n2025-03-01,SO-1,A,1,2\n")
    assert sales(url) == [("SO-1", "2025-03-01", "A", "MAIN", 1, 2.0, 2.0)]


def test_products_warehouses_and_purchase_orders_files(backend, new_database):
    url = new_database(backend)
    import_text(url, SALES_AND_STOCK)
    import_text(
        url,
        "SKU,Product name,Category,Unit cost,List price,Supplier,Lead time (days)\n"
        'A-1,Garden hose,,4.20,"1,234.50",Acme,7\nC-3,Rake,Garden,,9.99,,\n',
        name="products.csv",
    )
    assert product_rows(url) == [
        ("A-1", "Garden hose", "Garden", 4.2, 1234.5, "Acme", 7),  # a blank category keeps the known one
        ("B-2", "Book", "Uncategorized", None, None, None, None),
        ("C-3", "Rake", "Garden", None, 9.99, None, None),
    ]
    import_text(url, "Warehouse,Name,Region,Capacity\nBER,Berlin,DE,5000\nPAR,Paris,FR,\n", name="warehouses.csv")
    assert warehouse_rows(url) == [
        ("BER", "Berlin", "DE", 5000),
        ("MAD", "MAD", "Unknown", None),
        ("PAR", "Paris", "FR", None),
    ]
    orders = (
        "Supplier,SKU,Warehouse,Ordered on,Expected on,Received on,Qty\n"
        "Acme,A-1,BER,2025-02-20,2025-02-27,2025-02-28,100\n,C-3,PAR,2025-02-25,,,40\n"
    )
    report = import_text(url, orders, name="orders.csv")
    assert report.written == {"purchase_orders": 2}
    expected_orders = [
        ("Acme", "A-1", "BER", "2025-02-20", "2025-02-27", "2025-02-28", 100),
        (None, "C-3", "PAR", "2025-02-25", None, None, 40),
    ]
    order_rows = sa.select(
        purchase_orders.c.supplier,
        products.c.sku,
        warehouses.c.code,
        purchase_orders.c.ordered_on,
        purchase_orders.c.expected_on,
        purchase_orders.c.received_on,
        purchase_orders.c.quantity,
    ).select_from(purchase_orders.join(products).join(warehouses))
    assert rows(url, order_rows) == sorted(expected_orders, key=repr)
    before = dump(url)
    import_text(url, orders, name="orders.csv")
    assert dump(url) == before


def test_pack_size_and_minimum_order_are_stored_and_a_blank_keeps_them(backend, new_database):
    url = new_database(backend)
    import_text(url, "SKU,Name,Case pack,MOQ\nA-1,Hose,6,12\nB-2,Book,10,\n", name="products.csv")
    assert pack_terms(url) == [("A-1", 6, 12), ("B-2", 10, None)]
    report = import_text(url, "SKU,箱规,最小起订量\nA-1,,\nB-2,12,24\nC-3,,5\n", name="products.csv")
    assert (report.created["products"], report.updated["products"]) == (1, 1)
    assert pack_terms(url) == [("A-1", 6, 12), ("B-2", 12, 24), ("C-3", None, 5)]
    import_text(url, "Date,SKU,Qty,Price,Units per case\n2025-03-01,A-1,2,9.90,8\n")  # any file with a SKU
    assert pack_terms(url)[0] == ("A-1", 8, 12)


def test_without_warehouse_category_or_price_columns(new_database):
    url = new_database("duckdb")
    import_text(url, "SKU,Name,List price\nA,Hose,12.5\n", name="products.csv")
    import_text(url, "Date,SKU,Units sold\n2025-03-01,A,2\n2025-03-01,NEW,1\n")
    assert warehouse_rows(url) == [("MAIN", "MAIN", "Unknown", None)]
    assert sales(url) == [
        ("AUTO-MAIN-20250301", "2025-03-01", "A", "MAIN", 2, 12.5, 25.0),
        ("AUTO-MAIN-20250301", "2025-03-01", "NEW", "MAIN", 1, 0.0, 0.0),
    ]
    assert [row[:3] for row in product_rows(url)] == [("A", "Hose", "Uncategorized"), ("NEW", "NEW", "Uncategorized")]


def test_revenue_column_wins_and_its_sign_follows_the_quantity(new_database):
    url = new_database("duckdb")
    import_text(url, "Date,Order,SKU,Qty,Revenue,Discount\n2025-03-01,1,A,2,18.00,50%\n2025-03-01,2,A,-1,9.00,\n")
    assert sales(url) == [
        ("1", "2025-03-01", "A", "MAIN", 2, 9.0, 18.0),
        ("2", "2025-03-01", "A", "MAIN", -1, 9.0, -9.0),
    ]


def test_replace_mode_empties_every_table_first(backend, new_database):
    url = new_database(backend)
    import_text(url, SALES_AND_STOCK)
    import_text(url, "Date,Store,SKU,Stock\n2025-04-01,PAR,Z-9,5\n", mode="replace")
    assert sales(url) == []
    assert stock(url) == [("2025-04-01", "Z-9", "PAR", 5)]
    assert [row[0] for row in product_rows(url)] == ["Z-9"]
    assert [row[0] for row in warehouse_rows(url)] == ["PAR"]
    assert rows(url, sa.select(daily_sales)) == []


def test_a_database_failure_half_way_leaves_everything_as_it_was(backend, new_database, monkeypatch):
    url = new_database(backend)
    import_text(url, SALES_AND_STOCK)
    before = dump(url)
    real_insert = bulk.insert_frame
    calls = []

    def failing_insert(conn, table, frame):
        calls.append(table.name)
        if len(calls) > 2:
            raise RuntimeError("disk full (simulated)")
        real_insert(conn, table, frame)

    monkeypatch.setattr(bulk, "insert_frame", failing_insert)
    changed = SALES_AND_STOCK.replace("BER", "LIS").replace("A-1", "A-7")
    with pytest.raises(RuntimeError, match="disk full"):
        import_text(url, changed)
    assert calls[:2] == ["warehouses", "products"]  # it did fail after writing
    assert dump(url) == before
    with pytest.raises(RuntimeError, match="disk full"):
        calls.clear()
        import_text(url, changed, mode="replace")
    assert dump(url) == before


def test_rejected_rows_import_nothing_unless_partial_is_allowed(new_database):
    url = new_database("duckdb")
    import_text(url, SALES_AND_STOCK)
    before = dump(url)
    text = SALES_AND_STOCK + "2025-03-03,SO-9,BER,A-1,Hose,Garden,x,10.00,,1\n2025-03-03,SO-9,BER,C-3,Cup,,1,3.00,,-4\n"
    with pytest.raises(FileProblem, match="2 row\\(s\\) failed validation, so nothing was imported"):
        import_text(url, text)
    assert dump(url) == before
    report = import_text(url, text, allow_partial=True)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (6, 4, 2)
    assert dump(url) == before  # the valid rows were there already; the rejects changed nothing
    assert [row[0] for row in product_rows(url)] == ["A-1", "B-2"]


def test_a_dry_run_reports_exactly_and_writes_nothing(new_database):
    url = new_database("duckdb")
    import_text(url, "Date,SKU,Stock\n2025-01-01,A-1,1\n")
    before = dump(url)
    report = import_text(url, SALES_AND_STOCK, dry_run=True)
    assert report.created == {"warehouses": 2, "products": 1}
    assert report.totals["order_lines"] == 3
    assert dump(url) == before


def test_several_files_are_one_import(new_database):
    url = new_database("duckdb")
    engine = make_engine(url)
    plans = [plan_text("SKU,Name,Category\nA-1,Hose,Garden\n", name="products.csv"), plan_text(SALES_AND_STOCK)]
    report = run_import(engine, plans)
    engine.dispose()
    assert report.rows_read == 5
    assert product_rows(url)[0][:3] == ("A-1", "Hose", "Garden")


def test_formula_like_names_are_stored_as_typed_and_neutralised_on_export(new_database):
    url = new_database("duckdb")
    formula = '=HYPERLINK("http://evil.example","click")'
    text = (
        'Date,SKU,Product,Qty,Price\n2025-03-01,A,"=HYPERLINK(""http://evil.example"",""click"")",1,2\n'
        '2025-03-01,B,"@SUM(1+1)",x,2\n'
    )
    plan = plan_text(text)
    engine = make_engine(url)
    run_import(engine, [plan], allow_partial=True)
    engine.dispose()
    assert product_rows(url)[0][1] == formula
    exported = to_csv_bytes(pd.DataFrame({"name": [formula]})).decode("utf-8-sig")
    assert "\n=" not in exported and ",=" not in exported
    rejects = rejects_csv({"data.csv": plan.rejects}).decode("utf-8-sig")
    assert "row" in rejects.splitlines()[0] and "x" in rejects
    assert all(not cell.startswith(("=", "@", "+")) for line in rejects.splitlines() for cell in line.split(","))
