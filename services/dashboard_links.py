"""Links into the dashboard for messages read outside it (the digest): the
query-string keys the sidebar reads and writes (`ui.filter_links` parses
them), and the URL path of the page a link opens.

?preset=custom&start=2025-10-01&end=2025-12-31&warehouse=BER&category=Toys
opens that range and selection; lists repeat their key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from urllib.parse import urlencode

from analytics.date_ranges import CUSTOM_PRESET

QUERY_PRESET = "preset"
QUERY_START = "start"
QUERY_END = "end"
QUERY_COMPARISON = "compare"
QUERY_WAREHOUSE = "warehouse"
QUERY_CATEGORY = "category"
QUERY_KEYS = (QUERY_PRESET, QUERY_START, QUERY_END, QUERY_COMPARISON, QUERY_WAREHOUSE, QUERY_CATEGORY)
QUERY_STATUS = "status"  # Stock health's status filter (a status id, repeated for several); not a sidebar key
QUERY_SECTION = "section"  # a Stock health section to open on arrival (ui.stock_health.SECTIONS); not a sidebar key

# Streamlit names a file-based page's URL after its file without the number:
# pages/2_Stock_health.py is /Stock_health (a test checks the file exists).
STOCK_HEALTH_PATH = "Stock_health"
VIEW_DAYS = 90  # a link's range: the sidebar's default length, ending on the day the alert was raised


def view_url(
    base_url: str, page_path: str, end: date, warehouses: Sequence[str] = (), categories: Sequence[str] = ()
) -> str:
    """The page as of `end` (a fixed range, so the link shows that day even
    after newer data arrives), narrowed to the warehouses and categories."""
    query = {
        QUERY_PRESET: [CUSTOM_PRESET],
        QUERY_START: [(end - timedelta(days=VIEW_DAYS - 1)).isoformat()],
        QUERY_END: [end.isoformat()],
        QUERY_WAREHOUSE: list(warehouses),
        QUERY_CATEGORY: list(categories),
    }
    return f"{base_url.rstrip('/')}/{page_path}?{urlencode(query, doseq=True)}"
