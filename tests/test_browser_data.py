"""The Data page in a real browser: upload a CSV, check the plan, import it,
and find exactly its rows in the database.

The import writes, so it runs against a copy of the browser database with a
server of its own; the shared server of test_browser.py never sees it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.support.browser import (  # expect: playwright's, None without it
    DATA,
    TIMEOUT_MS,
    copy_database,
    expect,
    open_page,
    query,
    save_screenshot,
    visible_button,
    wait_until_idle,
)

# One registration for every browser module: one database, server and browser per session.
pytest_plugins = ["tests.support.browser_fixtures"]

UPLOAD_NAME = "shop_export.csv"
# Two days after the simulated data ends, an existing store (BER) and a new
# one (LYO), an existing SKU and a new one; no order ids, so each store-day is
# one AUTO-<store>-<yyyymmdd> order.
UPLOAD = """\
date,store,sku,qty,price
2026-01-02,BER,{known_sku},3,12.50
2026-01-02,LYO,BRW-NEW-1,1,19.99
2026-01-03,BER,BRW-NEW-1,2,19.99
"""
NEW_LINES_SQL = """
    SELECT l.order_id, l.order_date, p.sku, w.code, l.quantity, l.unit_price, l.net_revenue
    FROM order_lines l
    JOIN products p ON p.product_id = l.product_id
    JOIN warehouses w ON w.warehouse_id = l.warehouse_id
    WHERE l.order_date > DATE '2025-12-31'
    ORDER BY l.order_date, w.code, p.sku"""
PRODUCT_SQL = "SELECT sku, name, category, unit_cost, list_price, supplier FROM products WHERE sku = ?"
COUNTS_SQL = (
    "SELECT (SELECT COUNT(*) FROM order_lines), (SELECT COUNT(*) FROM products), "
    "(SELECT COUNT(*) FROM warehouses), (SELECT COUNT(*) FROM inventory_snapshots)"
)


def _plan_metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def test_upload_and_import_a_csv(page, browser_database, new_app_server, tmp_path):
    database = copy_database(browser_database.reference, tmp_path)
    known_sku = query(database, "SELECT MIN(sku) FROM products")[0][0]
    lines, products, warehouses, snapshots = query(database, COUNTS_SQL)[0]
    known_product = query(database, PRODUCT_SQL, [known_sku])
    assert query(database, NEW_LINES_SQL) == []
    upload = tmp_path / UPLOAD_NAME
    upload.write_text(UPLOAD.format(known_sku=known_sku), encoding="utf-8")

    with new_app_server(f"duckdb:///{database}") as base_url:
        open_page(page, base_url, DATA)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(upload)

        # the plan: every row readable, nothing written yet
        expect(_plan_metric(page, "Will be imported")).to_have_text("3", timeout=TIMEOUT_MS)
        expect(_plan_metric(page, "Rows read")).to_have_text("3")
        expect(_plan_metric(page, "Rejected")).to_have_text("0")
        expect(page.get_by_text("sales and stock file").first).to_be_visible()
        wait_until_idle(page)  # the server holds no connection while idle
        assert query(database, NEW_LINES_SQL) == []

        visible_button(page, "import").click()
        summary = page.locator(".st-key-import_summary")
        expect(summary).to_contain_text(f"Imported {UPLOAD_NAME}.", timeout=TIMEOUT_MS)
        expect(summary).to_contain_text("2–3 Jan 2026")  # the range as Babel writes it in English
        wait_until_idle(page)
        # the sidebar is redrawn from the new data
        expect(page.get_by_test_id("stSidebar")).to_contain_text("– 3 Jan 2026")  # the span now ends on the new day
        save_screenshot(page, "data_import")

    # the server is stopped: nothing holds the file any more
    assert query(database, NEW_LINES_SQL) == [
        ("AUTO-BER-20260102", date(2026, 1, 2), known_sku, "BER", 3, Decimal("12.50"), Decimal("37.50")),
        ("AUTO-LYO-20260102", date(2026, 1, 2), "BRW-NEW-1", "LYO", 1, Decimal("19.99"), Decimal("19.99")),
        ("AUTO-BER-20260103", date(2026, 1, 3), "BRW-NEW-1", "BER", 2, Decimal("19.99"), Decimal("39.98")),
    ]
    assert query(database, COUNTS_SQL)[0] == (lines + 3, products + 1, warehouses + 1, snapshots)
    assert query(database, "SELECT code FROM warehouses WHERE code = 'LYO'") == [("LYO",)]
    # a file without product columns leaves the known product's attributes alone
    assert query(database, PRODUCT_SQL, [known_sku]) == known_product
