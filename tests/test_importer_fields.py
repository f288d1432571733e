"""Header guessing (English and Chinese), file shapes and required fields."""

from __future__ import annotations

import pytest

from data_access.importer import FileProblem
from data_access.importer.fields import guess_mapping, normalise_header
from data_access.importer.shapes import Shape, detect_shape, missing_fields, require_fields


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("Units Sold", "unitssold"),
        ("units_sold", "unitssold"),
        ("UNITS-SOLD.", "unitssold"),
        (" Qty ", "qty"),
        ("Price (€)", "price"),
        ("金额（元）", "金额"),
        ("Ｑｔｙ", "qty"),
        ("Lead time [days]", "leadtime"),
    ],
)
def test_headers_are_compared_without_case_spacing_punctuation_or_units(header, normalised):
    assert normalise_header(header) == normalised


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            [
                "Invoice Date",
                "Invoice No",
                "Item Code",
                "Description",
                "Store ID",
                "Qty",
                "Unit Price",
                "Discount",
                "Amount",
            ],
            {
                "date": "Invoice Date",
                "order_id": "Invoice No",
                "sku": "Item Code",
                "product_name": "Description",
                "warehouse": "Store ID",
                "quantity": "Qty",
                "unit_price": "Unit Price",
                "discount": "Discount",
                "revenue": "Amount",
            },
        ),
        (
            ["Date", "Location", "Product ID", "Units Sold", "Price", "Sales", "On Hand", "Category"],
            {
                "date": "Date",
                "warehouse": "Location",
                "sku": "Product ID",
                "quantity": "Units Sold",
                "unit_price": "Price",
                "revenue": "Sales",
                "on_hand": "On Hand",
                "category": "Category",
            },
        ),
        (
            ["Order Date", "SKU", "Warehouse", "Quantity", "Revenue", "Inventory", "Cost"],
            {
                "date": "Order Date",
                "sku": "SKU",
                "warehouse": "Warehouse",
                "quantity": "Quantity",
                "revenue": "Revenue",
                "on_hand": "Inventory",
                "unit_cost": "Cost",
            },
        ),
        (["Date", "Store", "SKU", "Stock"], {"date": "Date", "warehouse": "Store", "sku": "SKU", "on_hand": "Stock"}),
    ],
    ids=["erp-invoice", "shop-export", "order-export", "stock-export"],
)
def test_english_headers_are_guessed(headers, expected):
    assert guess_mapping(headers) == expected


def test_chinese_headers_are_guessed():
    headers = [
        "订单日期",
        "订单号",
        "商品编码",
        "商品名称",
        "类别",
        "门店",
        "销量",
        "单价",
        "折扣",
        "销售额",
        "库存",
        "成本",
        "供应商",
    ]
    assert guess_mapping(headers) == {
        "date": "订单日期", "order_id": "订单号", "sku": "商品编码", "product_name": "商品名称", "category": "类别",
        "warehouse": "门店", "quantity": "销量", "unit_price": "单价", "discount": "折扣", "revenue": "销售额",
        "on_hand": "库存", "unit_cost": "成本", "supplier": "供应商",
    }  # fmt: skip
    assert guess_mapping(["日期", "仓库", "数量", "金额"]) == {
        "date": "日期",
        "warehouse": "仓库",
        "quantity": "数量",
        "revenue": "金额",
    }


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Pack size", "pack_size"),
        ("Case pack", "pack_size"),
        ("Units per case", "pack_size"),
        ("CASE_QTY", "pack_size"),
        ("箱规", "pack_size"),
        ("每箱数量", "pack_size"),
        ("MOQ", "min_order_qty"),
        ("Min order qty", "min_order_qty"),
        ("Minimum order quantity", "min_order_qty"),
        ("最小起订量", "min_order_qty"),
        ("起订量", "min_order_qty"),
    ],
)
def test_pack_size_and_minimum_order_headers_are_guessed(header, field):
    mapping = guess_mapping(["SKU", header])
    assert mapping == {"sku": "SKU", field: header}
    assert detect_shape(mapping) is Shape.PRODUCTS


def test_one_column_per_field_and_the_plainest_name_wins():
    assert guess_mapping(["Order Date", "Date", "SKU"]) == {"date": "Date", "sku": "SKU"}
    assert guess_mapping(["Unknown", "Other"]) == {}


def test_a_sales_export_with_delivery_dates_stays_a_sales_export():
    mapping = guess_mapping(["Order Date", "Received", "SKU", "Qty", "Price"])
    assert mapping["date"] == "Order Date" and mapping["received_on"] == "Received"
    assert detect_shape(mapping) is Shape.ACTIVITY


def test_generic_headers_follow_the_file_shape():
    assert guess_mapping(["Warehouse", "Name", "Region"]) == {
        "warehouse": "Warehouse",
        "warehouse_name": "Name",
        "region": "Region",
    }
    assert guess_mapping(["Supplier", "SKU", "Date", "ETA", "Received", "Qty"]) == {
        "ordered_on": "Date", "expected_on": "ETA", "received_on": "Received", "supplier": "Supplier", "sku": "SKU",
        "quantity": "Qty",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "shape"),
    [
        ({"date", "sku", "quantity"}, Shape.ACTIVITY),
        ({"date", "sku", "on_hand"}, Shape.ACTIVITY),
        ({"sku", "ordered_on", "quantity"}, Shape.PURCHASE_ORDERS),
        ({"sku", "product_name", "category"}, Shape.PRODUCTS),
        ({"warehouse", "region"}, Shape.WAREHOUSES),
    ],
)
def test_the_shape_follows_from_the_mapped_fields(fields, shape):
    assert detect_shape(dict.fromkeys(fields, "column")) is shape


def test_a_file_of_nothing_recognisable_has_no_shape():
    with pytest.raises(FileProblem, match="No column was recognised"):
        detect_shape({"category": "Category"})


def test_required_fields_are_named_with_the_fix():
    assert missing_fields(Shape.ACTIVITY, {"date": "Date", "quantity": "Qty"}) == ["sku"]
    assert missing_fields(Shape.ACTIVITY, {"date": "Date", "sku": "SKU"}) == ["quantity or on_hand"]
    with pytest.raises(
        FileProblem, match=r"needs a column for: sku \(SKU\).*columns are: Date, Qty.*--map FIELD=COLUMN"
    ):
        require_fields(Shape.ACTIVITY, {"date": "Date", "quantity": "Qty"}, ["Date", "Qty"])
