"""The dashboard in a real browser: `streamlit run app.py` against a small
simulated DuckDB file, driven by headless Chromium through Playwright.

Every page loads without an exception and draws its chart; a sidebar filter
changes the Net revenue tile to the number plain SQL gives; filters survive
page switches (widgets and URL); downloaded CSVs add up to the database.
Each page leaves a full-page screenshot in test-artifacts/screenshots/.

Skips (or fails, with INVENTORY_REQUIRE_ALL_BACKENDS=1) without Playwright or
Chromium. The import on the Data page is in test_browser_data.py.
"""

from __future__ import annotations

import contextvars
import csv
import re
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import openpyxl
import pytest

from analytics.alerts import LATE_PURCHASE_ORDERS
from analytics.stock_health import STATUSES
from i18n import _, set_language
from i18n.formats import format_date_range
from i18n.labels import alert_label, status_label
from tests.support.browser import (  # expect: playwright's, None without it
    DATA,
    OVERVIEW,
    PAGES,
    REPLENISHMENT,
    REVENUE,
    STOCK_HEALTH,
    SUPPLIERS,
    TIMEOUT_MS,
    TRENDS,
    BrowserPage,
    assert_no_exception,
    choose_option,
    download_csv,
    euro_texts,
    expect,
    expect_query,
    expect_selected_tags,
    metric_value,
    open_page,
    query,
    save_screenshot,
    sidebar_link,
    wait_for_page,
    wait_until_idle,
)

# One registration for every browser module: one database, server and browser per session.
pytest_plugins = ["tests.support.browser_fixtures"]

# What each page must show besides its chart (container keys).
PAGE_CONTENT = {
    "Overview": [
        "metric_net_revenue", "metric_units_sold", "metric_orders", "metric_average_order_value",
        "metric_gross_margin_pct", "metric_inventory_value", "metric_stockout_rate", "metric_skus_needing_reorder",
        "metric_excess_stock_value", "metric_dead_stock_value", "download_revenue_trend", "attention_links",
        "table_attention",
    ],
    "Revenue": ["chart_category_heatmap", "table_categories", "table_top_products", "download_category_share"],
    "Stock health": ["metric_out-of-stock", "metric_dead-stock", "table_status_summary", "table_positions"],
    "Trends": ["download_trend"],
    "Forecast": ["table_forecast_accuracy", "table_forecast_products", "download_forecast_weekly"],
    "Replenishment": ["metric_plan_cost", "metric_plan_peak_value", "table_plan_suppliers", "download_plan_workbook"],
    "Peak readiness": ["metric_plan_cost", "metric_peak_revenue_at_risk", "table_peak_positions",
                       "chart_position_days"],
    "Suppliers": ["metric_supplier_on_time", "metric_supplier_spread_value", "table_supplier_scorecard",
                  "table_supplier_orders"],
    "Cash and classes": ["metric_cash_excess_value", "metric_cash_dead_value", "table_cash_ageing",
                         "table_cash_matrix"],
    "Data": [],
}  # fmt: skip


# --- reference numbers, by plain SQL on a copy of the served database -----------


def last_sale_day(database) -> date:
    return query(database.reference, "SELECT MAX(order_date) FROM order_lines")[0][0]


def trailing_days(database, days: int) -> tuple[date, date]:
    """A "Last N days" preset: N days ending on the latest day with sales."""
    end = last_sale_day(database)
    return end - timedelta(days=days - 1), end


def net_revenue(database, start: date, end: date, warehouses=(), categories=()) -> Decimal:
    sql = """
        SELECT COALESCE(SUM(l.net_revenue), 0)
        FROM order_lines l
        JOIN products p ON p.product_id = l.product_id
        JOIN warehouses w ON w.warehouse_id = l.warehouse_id
        WHERE l.order_date BETWEEN ? AND ?"""
    params: list = [start, end]
    for column, values in (("w.code", warehouses), ("p.category", categories)):
        if values:
            sql += f" AND {column} IN ({', '.join('?' * len(values))})"
            params += list(values)
    return query(database.reference, sql, params)[0][0]


def biggest_category(database) -> str:
    return query(
        database.reference,
        """SELECT p.category FROM order_lines l JOIN products p ON p.product_id = l.product_id
           GROUP BY p.category ORDER BY SUM(l.net_revenue) DESC, p.category LIMIT 1""",
    )[0][0]


def expect_net_revenue(page, amount: Decimal) -> None:
    """The Net revenue tile shows `amount` (waits: the rerun may still be on its way)."""
    pattern = "|".join(re.escape(text) for text in sorted(euro_texts(float(amount))))
    expect(metric_value(page, "net_revenue")).to_have_text(re.compile(f"^({pattern})$"), timeout=TIMEOUT_MS)


def cents(amounts) -> Decimal:
    return sum((Decimal(a) for a in amounts), Decimal(0)).quantize(Decimal("0.01"))


# --- every page ---------------------------------------------------------------


@pytest.mark.parametrize("target", PAGES, ids=[p.screenshot for p in PAGES])
def test_page_loads_draws_its_chart_and_leaves_a_screenshot(page, app_server, target: BrowserPage):
    open_page(page, app_server, target)
    for key in PAGE_CONTENT[target.title]:
        expect(page.locator(f".st-key-{key}").first).to_be_visible()
    if target is DATA:  # its uploader, no chart
        expect(page.locator('[data-testid="stFileUploader"]')).to_be_visible()
    elif target.chart_key:
        expect(page.locator(f".st-key-{target.chart_key} .main-svg").first).to_be_visible()
    # the sidebar: a link per page and the filters
    for other in PAGES:
        expect(sidebar_link(page, other.title)).to_be_visible()
    expect(page.locator(".st-key-filter_warehouses")).to_be_visible()
    path = save_screenshot(page, target.screenshot)
    assert path.stat().st_size > 20_000, f"{path} is suspiciously small"


def test_overview_numbers_follow_the_sidebar_filters(page, app_server, browser_database, tmp_path):
    open_page(page, app_server, OVERVIEW, chart=False)
    start, end = trailing_days(browser_database, 90)  # the default preset
    expect_net_revenue(page, net_revenue(browser_database, start, end))

    choose_option(page, "filter_warehouses", "BER")
    expect_net_revenue(page, net_revenue(browser_database, start, end, warehouses=["BER"]))
    expect_selected_tags(page, "filter_warehouses", ["BER"])
    expect_query(page, warehouse=["BER"], preset=["last-90-days"])

    choose_option(page, "filter_preset", "Last 30 days")
    start, end = trailing_days(browser_database, 30)
    expect_net_revenue(page, net_revenue(browser_database, start, end, warehouses=["BER"]))
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"{format_date_range(start, end, 'en')} (30 days)")
    expect_query(page, warehouse=["BER"], preset=["last-30-days"])

    # the chart's CSV holds the same selection
    path = download_csv(page, "revenue_trend", tmp_path)
    assert path.name == f"Overview_Revenue-trend_BER_all_{start}_{end}.csv"
    rows = _read_csv(path)
    assert [*rows[0]] == ["Period", "Net revenue"]  # the headers the chart's reader sees
    assert cents(row["Net revenue"] for row in rows) == net_revenue(browser_database, start, end, warehouses=["BER"])


def test_filters_survive_page_switches(page, app_server, browser_database):
    category = biggest_category(browser_database)
    open_page(page, app_server, OVERVIEW, chart=False)
    choose_option(page, "filter_warehouses", "MAD")
    choose_option(page, "filter_categories", category)
    choose_option(page, "filter_preset", "Last 7 days")
    start, end = trailing_days(browser_database, 7)
    expect_net_revenue(page, net_revenue(browser_database, start, end, ["MAD"], [category]))

    for target in (REVENUE, STOCK_HEALTH, TRENDS, OVERVIEW):
        sidebar_link(page, target.title).click()
        wait_for_page(page, target, chart=False)
        assert urlsplit(page.url).path == f"/{target.path}"
        expect(page.locator(".st-key-filter_warehouses [data-tag] [title]")).to_have_text(["MAD"])
        expect(page.locator(".st-key-filter_categories [data-tag] [title]")).to_have_text([category])
        expect(page.locator(".st-key-filter_preset input")).to_have_value("Last 7 days")
        expect_query(page, warehouse=["MAD"], category=[category], preset=["last-7-days"])
    expect_net_revenue(page, net_revenue(browser_database, start, end, ["MAD"], [category]))


def test_a_link_with_filters_reopens_the_same_view(page, app_server, browser_database):
    """A copied URL (here: Overview, PAR, last 7 days) opens with its filters applied."""
    open_page(page, app_server, OVERVIEW, "preset=last-7-days&warehouse=PAR", chart=False)
    start, end = trailing_days(browser_database, 7)
    expect_net_revenue(page, net_revenue(browser_database, start, end, warehouses=["PAR"]))
    expect_selected_tags(page, "filter_warehouses", ["PAR"])
    expect_query(page, warehouse=["PAR"], preset=["last-7-days"])


# --- downloads ------------------------------------------------------------------


def _read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_the_plans_workbook_holds_the_stored_plan(page, app_server, browser_database, tmp_path):
    """The Replenishment page's Excel download, opened with openpyxl: a summary
    and a sheet per supplier whose units are the stored plan's."""
    open_page(page, app_server, REPLENISHMENT)
    path = download_csv(page, "plan_workbook", tmp_path)
    assert path.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(path)
    plan = query(browser_database.reference, """
        SELECT supplier, sum(quantity) FROM plan_purchases WHERE plan_id = (SELECT max(plan_id) FROM plan_runs)
        GROUP BY supplier""")  # fmt: skip
    assert workbook.sheetnames[0] == "Summary" and len(workbook.sheetnames) == len(plan) + 1
    summary = {row[0]: row[2] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary == {supplier: units for supplier, units in plan}
    for supplier, units in plan:
        rows = workbook[supplier[:31]].iter_rows(min_row=2, values_only=True)
        assert sum(row[3] for row in rows) == units


def test_revenue_by_category_csv_matches_the_database(page, app_server, browser_database, tmp_path):
    open_page(page, app_server, REVENUE, "preset=last-30-days&warehouse=BER&warehouse=PAR", chart=False)
    expect_selected_tags(page, "filter_warehouses", ["BER", "PAR"])
    path = download_csv(page, "category_share", tmp_path)
    start, end = trailing_days(browser_database, 30)
    assert path.name == f"Revenue_Revenue-by-category_BER-PAR_all_{start}_{end}.csv"
    rows = _read_csv(path)
    assert [*rows[0]] == ["Category", "Revenue", "Share"]  # the headers the chart's reader sees
    expected = net_revenue(browser_database, start, end, warehouses=["BER", "PAR"])
    assert cents(row["Revenue"] for row in rows) == expected
    per_category = dict(
        query(
            browser_database.reference,
            """SELECT p.category, SUM(l.net_revenue) FROM order_lines l
               JOIN products p ON p.product_id = l.product_id JOIN warehouses w ON w.warehouse_id = l.warehouse_id
               WHERE l.order_date BETWEEN ? AND ? AND w.code IN ('BER', 'PAR') GROUP BY p.category""",
            [start, end],
        )
    )
    assert {row["Category"]: cents([row["Revenue"]]) for row in rows} == per_category
    shares = [row["Share"] for row in rows]
    assert all(len(share.partition(".")[2]) <= 1 for share in shares)  # rates to one decimal
    assert sum(float(share) for share in shares) == pytest.approx(100, abs=0.05 * len(shares))


def test_clicking_a_category_bar_lists_that_categorys_products(page, app_server, browser_database, tmp_path):
    """The click a user makes on the Revenue page's category chart (the mouse over the bar, then a
    click: Plotly's drag layer above the bars receives it) drills into that category: the select
    box names it, and its product table holds exactly that category's revenue per product."""
    open_page(page, app_server, REVENUE, "preset=last-30-days&warehouse=BER&warehouse=PAR")
    start, end = trailing_days(browser_database, 30)
    per_category = query(
        browser_database.reference,
        """SELECT p.category, SUM(l.net_revenue) AS revenue FROM order_lines l
           JOIN products p ON p.product_id = l.product_id JOIN warehouses w ON w.warehouse_id = l.warehouse_id
           WHERE l.order_date BETWEEN ? AND ? AND w.code IN ('BER', 'PAR') GROUP BY p.category
           ORDER BY revenue, p.category""",
        [start, end],
    )
    smallest = per_category[0][0]  # the lowest bar (the chart puts the largest on top); not the default pick
    drill = page.locator(".st-key-revenue_drill_category input")
    expect(drill).not_to_have_value(smallest)
    bar = page.locator(".st-key-chart_category_share g.point path").first  # bars are drawn in the data's order
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.up()
    expect(drill).to_have_value(smallest, timeout=TIMEOUT_MS)
    wait_for_page(page, REVENUE, chart=False)
    path = download_csv(page, "category_products", tmp_path)
    rows = _read_csv(path)
    assert rows and {row["Category"] for row in rows} == {smallest}
    by_sku = query(
        browser_database.reference,
        """SELECT p.sku, SUM(l.net_revenue) FROM order_lines l
           JOIN products p ON p.product_id = l.product_id JOIN warehouses w ON w.warehouse_id = l.warehouse_id
           WHERE l.order_date BETWEEN ? AND ? AND w.code IN ('BER', 'PAR') AND p.category = ? GROUP BY p.sku""",
        [start, end, smallest],
    )
    shown = {row["SKU"]: cents([row["Revenue"]]) for row in rows if Decimal(row["Revenue"]) != 0}
    assert shown == {sku: cents([revenue]) for sku, revenue in by_sku if revenue != 0}
    assert cents(row["Revenue"] for row in rows) == per_category[0][1].quantize(Decimal("0.01"))


def test_the_supplier_scorecard_csv_counts_the_received_orders(page, app_server, browser_database, tmp_path):
    open_page(page, app_server, SUPPLIERS)
    path = download_csv(page, "supplier_scorecard", tmp_path)
    rows = _read_csv(path)
    start, end = trailing_days(browser_database, 90)
    received = dict(query(browser_database.reference, """
        SELECT COALESCE(o.supplier, p.supplier), COUNT(*) FROM purchase_orders o JOIN products p USING (product_id)
        WHERE o.received_on BETWEEN ? AND ? GROUP BY 1""", [start, end]))  # fmt: skip
    assert {row["Supplier"]: int(row["Orders received"]) for row in rows if int(row["Orders received"])} == received


def test_the_position_csv_holds_every_position_in_the_pages_language(page, app_server, browser_database, tmp_path):
    """The table sends its first rows; the CSV, built on the click outside the
    page's run, writes every position with its status and reason in Chinese."""
    chinese = BrowserPage(_zh(STOCK_HEALTH.title), STOCK_HEALTH.path, None, "stock_health_zh")
    open_page(page, app_server, chinese, "lang=zh", chart=False)
    path = download_csv(page, "positions", tmp_path)
    rows = _read_csv(path)
    _start, end = trailing_days(browser_database, 90)
    (positions,) = query(browser_database.reference, """
        SELECT COUNT(*) FROM (SELECT DISTINCT product_id, warehouse_id FROM inventory_snapshots
        WHERE snapshot_date <= ?) AS held""", [end])  # fmt: skip
    assert len(rows) == positions[0]
    status, why = _zh("Status"), _zh("Why")
    chinese_statuses = {_zh(status_label(status_id)) for status_id in STATUSES}
    assert {row[status] for row in rows} <= chinese_statuses
    assert all(row[why] for row in rows)


def _zh(words: str) -> str:
    return contextvars.copy_context().run(lambda: (set_language("zh"), _(words))[1])


def test_an_attention_link_opens_stock_health_filtered_and_its_sections_draw_when_opened(
    page, app_server, browser_database
):
    """The Overview's link for positions out of stock opens Stock health with
    that status picked; the open orders are drawn when their expander is
    opened, as the database holds them, and the pick stays."""
    open_page(page, app_server, OVERVIEW, chart=False)
    page.locator(".st-key-attention_links a", has_text=f"{_('Out of stock now')}:").filter(visible=True).click()
    wait_for_page(page, STOCK_HEALTH, chart=False)
    expect_selected_tags(page, "stock_status_filter", [status_label("out-of-stock")])
    expect_query(page, status=["out-of-stock"])
    expect(page.locator(".st-key-table_open_orders")).to_have_count(0)

    page.locator(".st-key-stock_section_orders summary").click()
    expect(page.locator(".st-key-table_open_orders")).to_be_visible(timeout=TIMEOUT_MS)
    _start, end = trailing_days(browser_database, 90)
    (open_orders,) = query(browser_database.reference, """
        SELECT COUNT(*) FROM purchase_orders WHERE ordered_on <= ? AND (received_on IS NULL OR received_on > ?)""",
        [end, end])  # fmt: skip
    expect(page.get_by_text(re.compile(rf"of {open_orders[0]:,} open orders are past"))).to_be_visible()
    expect_selected_tags(page, "stock_status_filter", [status_label("out-of-stock")])
    assert_no_exception(page)


def test_the_late_orders_link_opens_stock_health_with_the_open_orders_drawn(page, app_server):
    """The Overview's link for late purchase orders opens Stock health with the
    open orders' expander already open, and only that one."""
    open_page(page, app_server, OVERVIEW, chart=False)
    late = alert_label(LATE_PURCHASE_ORDERS)
    page.locator(".st-key-attention_links a", has_text=f"{late}:").filter(visible=True).click()
    wait_for_page(page, STOCK_HEALTH, chart=False)
    expect_query(page, section=["orders"])
    expect(page.locator(".st-key-table_open_orders")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".st-key-chart_capacity")).to_have_count(0)
    assert_no_exception(page)
