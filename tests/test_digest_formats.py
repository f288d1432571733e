"""The digest laid out: chat messages within each service's size limit however
many alerts there are, hostile product names shown as text (never as a link
or markup), CJK text aligned in the plain-text e-mail, and links to a page
that exists."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from analytics.alerts import OUT_OF_STOCK, STATUS_CHANGED, Alert
from analytics.stock_health import STATUS_DTYPE
from data_access.config import PROJECT_ROOT
from planning.digest_content import digest_content
from planning.digest_formats import (
    DINGTALK_BYTES,
    SLACK_SECTION_CHARS,
    WECOM_BYTES,
    dingtalk_payload,
    html_text,
    plain_text,
    slack_payload,
    wecom_payload,
)
from services.alert_settings import Destination
from services.dashboard_links import STOCK_HEALTH_PATH
from services.digest import DestinationDigest
from ui.navigation import STOCK_HEALTH

AS_OF = date(2025, 12, 14)
HOSTILE = "[Click me](https://evil.example/login) <b>*bold*</b> <!channel> & co"


def out_of_stock(names: list[str]) -> Alert:
    rows = pd.DataFrame({
        "sku": [f"SKU-{n:04d}" for n in range(len(names))], "name": names, "category": "Toys", "warehouse": "BER",
        "avg_daily_units": 1.5, "on_order": 0,
    })  # fmt: skip
    return Alert(OUT_OF_STOCK, ("sku", "warehouse"), rows)


def content(*alerts: Alert):
    digest = DestinationDigest(
        Destination("webhook:x#1", "webhook", "https://x.example.com"), AS_OF, AS_OF, alerts, pd.DataFrame()
    )
    return digest_content(digest, "https://inventory.example.com", "EUR")


def test_chat_messages_stay_within_each_services_limit_and_link_to_the_rest():
    many = content(out_of_stock(["商品名称很长的一件产品" * 8] * 400))

    wecom = wecom_payload(many)["markdown"]["content"]
    assert len(wecom.encode()) <= WECOM_BYTES
    assert re.search(r"\[\d+ more on the dashboard\]\(https://inventory.example.com/Stock_health\?", wecom)
    assert len(dingtalk_payload(many)["markdown"]["text"].encode()) <= DINGTALK_BYTES
    sections = [block["text"]["text"] for block in slack_payload(many)["blocks"] if block["type"] == "section"]
    assert len(sections) == 1 and len(sections[0]) <= SLACK_SECTION_CHARS
    assert sections[0].startswith("*Out of stock now* (400)")


def test_hostile_names_are_text_in_every_format():
    hostile = content(out_of_stock([HOSTILE]))

    for markdown in (wecom_payload(hostile)["markdown"]["content"], dingtalk_payload(hostile)["markdown"]["text"]):
        assert not re.search(r"(?<!\\)\]\(https://evil", markdown) and "\\[Click me\\]" in markdown
    slack = slack_payload(hostile)["blocks"][2]["text"]["text"]
    assert "<!channel>" not in slack and "&lt;!channel&gt;" in slack and "<https://evil" not in slack
    html = html_text(hostile)
    assert "<b>" not in html and "&lt;b&gt;*bold*&lt;/b&gt;" in html
    assert HOSTILE in plain_text(hostile)


def test_plain_text_columns_line_up_with_wide_characters():
    text = plain_text(content(out_of_stock(["毛绒熊", "Teddy bear"])))
    rows = [line for line in text.splitlines() if line.startswith("SKU-")]

    def column_of(line: str, marker: str) -> int:
        before = line[: line.index(marker)]
        return sum(2 if re.match(r"[\u4e00-\u9fff]", char) else 1 for char in before)

    assert column_of(rows[0], "BER") == column_of(rows[1], "BER")


def test_status_changes_read_as_words_and_every_kind_links_to_stock_health():
    changed = pd.DataFrame({
        "sku": ["A"], "name": ["Bear"], "category": ["Toys"], "warehouse": ["BER"],
        "previous_status": pd.Categorical(["healthy"], dtype=STATUS_DTYPE),
        "status": pd.Categorical(["out-of-stock"], dtype=STATUS_DTYPE),
    })  # fmt: skip
    made = content(Alert(STATUS_CHANGED, ("sku", "warehouse"), changed))

    assert made.tables[0].rows == (("A", "Bear", "BER", "Healthy", "Out of stock"),)
    assert made.tables[0].records[0]["status"] == "out-of-stock"
    assert made.tables[0].links[0].startswith(f"https://inventory.example.com/{STOCK_HEALTH_PATH}?")
    page_file = PROJECT_ROOT / STOCK_HEALTH.path
    assert page_file.is_file() and page_file.stem.split("_", 1)[1] == STOCK_HEALTH_PATH
