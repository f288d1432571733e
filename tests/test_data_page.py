"""The Data page in AppTest: upload (AppTest's file_uploader), the guessed
mapping and its correction, the plan with its rejects, the import button,
and then exactly the expected rows in the database."""

from __future__ import annotations

import logging

import pytest

from data_access.config import ENV_VAR
from data_access.importer.mappings import SavedMapping, list_mappings, save_mapping
from tests.fixtures_import import EXPECTED_SALES, EXPECTED_STOCK, SALES_AND_STOCK, dump, sales, stock
from tests.support.app_db import assert_clean, empty_database, fresh_caches, open_app, table  # noqa: F401 (fixture)
from tests.support.language import test_speaks  # noqa: F401 (fixture)
from tests.support.page_words import english_words, texts_of
from tests.test_page_words import ALLOWED_ENGLISH

DATA_PAGE = "pages/4_Data.py"


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = empty_database(tmp_path)
    monkeypatch.setenv(ENV_VAR, url)
    monkeypatch.setenv("INVENTORY_MAPPINGS_DIR", str(tmp_path / "mappings"))
    return url


def _upload(name: str, text: str | bytes):
    at = open_app(DATA_PAGE)
    assert_clean(at)
    data = text.encode() if isinstance(text, str) else text
    return at.file_uploader(key="upload").set_value((name, data, "text/csv")).run()


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_before_an_upload_the_page_explains_and_offers_templates(url):
    at = open_app(DATA_PAGE)
    assert_clean(at)
    assert "Upload a CSV or `.xlsx` export" in at.info[0].value
    keys = [button.key for button in at.get("download_button")]
    assert {"template_sales_and_stock", "template_products", "template_warehouses", "template_purchase_orders"} <= set(
        keys
    )


def test_upload_check_and_import(url):
    at = _upload("sales.csv", SALES_AND_STOCK)
    assert_clean(at)
    assert at.selectbox(key="map_quantity").value == "Qty"
    assert at.selectbox(key="map_warehouse").value == "Store"
    assert _metrics(at) == {"Rows read": "4", "Will be imported": "4", "Rejected": "0"}
    assert len(table(at, "preview")) == 4
    assert dump(url)["order_lines"] == []
    at.button(key="import").click().run()
    assert_clean(at)
    assert at.success[0].value == r"Imported sales\.csv."  # the file's name escaped: markdown draws it as typed
    assert _metrics(at)["Imported"] == "4"
    summary = table(at, "import_summary").set_index("table")
    assert summary.loc["Sales lines", "total"] == 3
    assert sales(url) == EXPECTED_SALES
    assert stock(url) == EXPECTED_STOCK
    assert "import" not in [button.key for button in at.button]
    assert "import_table" not in at.session_state and "import_plan" not in at.session_state  # the upload released
    before = dump(url)
    again = at.file_uploader(key="upload_1")  # a fresh uploader: the file's bytes were let go
    again.set_value(("sales.csv", SALES_AND_STOCK.encode(), "text/csv")).run()
    at.button(key="import").click().run()  # again: nothing doubles
    assert dump(url) == before


def test_a_corrected_mapping_is_what_gets_imported(url):
    text = "Day,Item Code,Units,Stock,Comment\n2025-03-01,A-1,5,40,n/a\n"
    at = _upload("export.csv", text)
    assert at.selectbox(key="map_quantity").value == "Units"
    at.selectbox(key="map_quantity").set_value("—").run()  # "Units" was the stock count after all...
    at.selectbox(key="map_on_hand").set_value("Units").run()
    assert_clean(at)
    at.button(key="import").click().run()
    assert sales(url) == []
    assert stock(url) == [("2025-03-01", "A-1", "MAIN", 5)]


def test_ambiguous_dates_are_asked_for(url):
    at = _upload("us.csv", "Date,SKU,Stock\n01/02/2025,A-1,3\n03/04/2025,A-1,4\n")
    assert "ambiguous" in at.warning[0].value
    assert "import" not in [button.key for button in at.button]  # not before the order is chosen
    at.radio(key="date_order").set_value("MDY").run()
    assert_clean(at)
    at.button(key="import").click().run()
    assert stock(url) == [("2025-01-02", "A-1", "MAIN", 3), ("2025-03-04", "A-1", "MAIN", 4)]


def test_rejects_are_shown_and_block_the_import_unless_partial_is_chosen(url):
    text = SALES_AND_STOCK + "2025-03-03,SO-9,BER,A-1,Hose,Garden,lots,10.00,,1\n"
    at = _upload("bad.csv", text)
    assert _metrics(at) == {"Rows read": "5", "Will be imported": "4", "Rejected": "1"}
    rejects = table(at, "rejects")
    assert rejects.to_dict("records") == [{"row": 6, "column": "Qty", "value": "lots", "reason": "not a number"}]
    assert "download_rejects" in [b.key for b in at.get("download_button")]
    assert at.button(key="import").disabled
    at.checkbox(key="allow_partial").check().run()
    at.button(key="import").click().run()
    assert_clean(at)
    assert _metrics(at)["Rejected"] == "1"
    assert sales(url) == EXPECTED_SALES


def test_a_file_that_cannot_be_read_says_why_and_writes_nothing(url):
    before = dump(url)
    at = _upload("bad.csv", "Qty,SKU,Qty\n1,A,2\n")
    assert "names 'Qty' twice" in at.error[0].value
    assert not at.exception
    assert dump(url) == before


def test_replace_mode_needs_a_confirmation(url):
    at = _upload("sales.csv", SALES_AND_STOCK)
    at.button(key="import").click().run()
    at = _upload("stock.csv", "Date,SKU,Stock\n2025-04-01,Z-9,5\n")
    at.radio(key="mode").set_value("replace").run()
    assert at.button(key="import").disabled
    at.checkbox(key="confirm_replace").check().run()
    at.button(key="import").click().run()
    assert_clean(at)
    assert sales(url) == [] and stock(url) == [("2025-04-01", "Z-9", "MAIN", 5)]


def test_a_mapping_saved_on_the_page_is_offered_for_the_next_file(url):
    text = "Tag;Nummer;Bestand\n31.01.2025;A-1;5\n"
    at = _upload("odd.csv", text)
    at.selectbox(key="map_date").set_value("Tag").run()
    at.selectbox(key="map_sku").set_value("Nummer").run()
    at.selectbox(key="map_on_hand").set_value("Bestand").run()
    at.text_input(key="mapping_name").input("Odd shop").run()
    at.button(key="save_mapping").click().run()
    assert_clean(at)
    at = _upload("odd-2.csv", "Tag;Nummer;Bestand\n01.02.2025;A-1;6\n")
    assert at.selectbox(key="saved_mapping").value == "Odd shop"
    assert at.selectbox(key="map_on_hand").value == "Bestand"
    at.button(key="import").click().run()
    assert stock(url) == [("2025-02-01", "A-1", "MAIN", 6)]


def test_a_saved_date_order_is_reused(url):
    save_mapping(SavedMapping("US export", {"date": "Date", "sku": "SKU", "on_hand": "Stock"}, "MDY"))
    at = _upload("us.csv", "Date,SKU,Stock\n01/02/2025,A-1,3\n")
    assert not at.warning
    at.button(key="import").click().run()
    assert stock(url) == [("2025-01-02", "A-1", "MAIN", 3)]


def test_in_chinese_the_plan_its_notes_and_its_reject_reasons_are_chinese(url, test_speaks):
    text = (
        "Date,Order,Store,SKU,Product,Category,Qty,Price,Discount,Stock,Extra\n"
        "2025-03-01,SO-1,BER,A-1,Hose,Garden,2,10.00,20%,40,x\n"
        "2025-03-01,SO-1,BER,A-1,Hose,Garden,lots,10.00,150%,-3,x\n"
        "1890-03-01,SO-2,BER,B-1,Hose,Garden,,,,,x\n"
        "2025-03-02,SO-3,BER,C-1,Hose,Garden,2,,,4,x\n"
    )
    at = open_app(DATA_PAGE, query_params={"lang": "zh"})
    test_speaks("zh")
    at.file_uploader(key="upload").set_value(("bad.csv", text.encode(), "text/csv")).run()
    at.selectbox(key="map_product_name").set_value("Product").run()

    assert_clean(at)
    reasons = table(at, "rejects")["reason"].tolist()
    assert "不是数字" in reasons and "库存水平为负" in reasons and len(reasons) >= 5
    data = {"Hose", "Garden", "lots", "Extra", "Qty", "Price", "Discount", "Stock", "Store", "Order", "Product",
            "Category", "Date", "bad", "csv", "x", "Windows", "Latin"}  # fmt: skip (data; encodings' names)
    wrong = [shown for shown in texts_of(at) if english_words(shown, data | ALLOWED_ENGLISH)]
    assert not wrong, "\n".join(wrong)


def test_an_import_and_a_replace_are_in_the_history_with_who_and_where_the_old_data_went(url, tmp_path):
    auth = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "s", "client_id": "c",
            "client_secret": "s", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    secrets = {"auth": auth, "access": {"users": {"ana@example.com": {"role": "admin"}}}}
    at = open_app(DATA_PAGE, secrets=secrets, user={"is_logged_in": True, "email": "ana@example.com"})
    at.file_uploader(key="upload").set_value(("sales.csv", SALES_AND_STOCK.encode(), "text/csv")).run()
    at.button(key="import").click().run()
    at = _upload("stock.csv", "Date,SKU,Stock\n2025-04-01,Z-9,5\n")  # not signed in: the local admin
    at.radio(key="mode").set_value("replace").run()
    at.checkbox(key="confirm_replace").check().run()
    at.button(key="import").click().run()
    assert_clean(at)
    (copy,) = tmp_path.glob("*.before-replace-*")
    assert str(copy) in at.info[0].value
    history = table(at, "import_audit")[["imported_by", "mode", "file_name", "rows_read", "rows_imported",
                                         "rows_rejected"]]  # fmt: skip
    assert history.values.tolist() == [
        ["local", "Replace all data in the database", "stock.csv", 1, 1, 0],
        ["ana@example.com", "Add and update (safe to repeat)", "sales.csv", 4, 4, 0],
    ]  # fmt: skip (the mode in words, as the radio names it)


def test_an_admin_deletes_a_saved_mapping_after_confirming_and_it_is_logged(url, tmp_path, caplog):
    save_mapping(SavedMapping("Old shop", {"date": "Tag", "sku": "Nummer", "on_hand": "Bestand"}))
    save_mapping(SavedMapping("US export", {"date": "Date", "sku": "SKU", "on_hand": "Stock"}, "MDY"))
    at = open_app(DATA_PAGE)
    assert_clean(at)
    at.selectbox(key="delete_mapping_name").set_value("Old shop").run()
    assert at.button(key="delete_mapping").disabled  # not before the box is ticked
    at.checkbox(key="confirm_delete_mapping").check().run()
    with caplog.at_level(logging.INFO, logger="inventory.admin"):
        at.button(key="delete_mapping").click().run()
    assert_clean(at)
    assert [m.name for m in list_mappings()] == ["US export"]
    assert sorted(p.name for p in (tmp_path / "mappings").iterdir()) == ["us-export.json"]
    assert any("Deleted “Old shop”" in s.value for s in at.success)
    assert at.selectbox(key="delete_mapping_name").options == ["US export"]
    assert not at.checkbox(key="confirm_delete_mapping").value  # the next deletion asks again
    (record,) = [r for r in caplog.records if r.name == "inventory.admin"]
    assert record.getMessage().startswith("local deleted the saved column mapping 'Old shop'")
    at = _upload("odd.csv", "Tag;Nummer;Bestand\n31.01.2025;A-1;5\n")  # no longer offered for its file
    assert at.selectbox(key="saved_mapping").value is None

