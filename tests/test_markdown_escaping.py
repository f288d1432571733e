"""Values a visitor controls (the link's filters) or a file brought in
(warehouse and category names) are drawn as text, never as markdown: a
crafted link draws no link and loads no image."""

from __future__ import annotations

import pytest

from tests.support.app_db import fresh_caches, open_app, simulated_url, use_simulated  # noqa: F401 (fixtures)
from ui.escaping import escape_markdown

LINK = "[Session expired - log in again](https://evil.example/login)"
IMAGE = "![t](http://127.0.0.1:9/track.png)"

pytestmark = pytest.mark.usefixtures("use_simulated")


@pytest.mark.parametrize("page", ["app.py", "pages/1_Revenue.py", "pages/2_Stock_health.py"])
def test_a_crafted_link_draws_its_values_as_text(page):
    at = open_app(page, query_params={"warehouse": LINK, "category": IMAGE, "compare": ":red[www.evil.example]"})
    assert not at.exception
    notices = [toast.value for toast in at.toast]
    assert len(notices) == 1, notices
    notice = notices[0]
    assert escape_markdown(LINK) in notice and escape_markdown(IMAGE) in notice
    assert r"\[Session expired - log in again\]\(https\://evil\.example/login\)" in notice
    assert r"\!\[t\]\(http\://127\.0\.0\.1\:9/track\.png\)" in notice
    assert r"\:red\[www\.evil\.example\]" in notice
    for markup in ("](", "![", ":red[", "www.evil"):
        assert markup not in notice


def test_escaping_keeps_plain_names_readable():
    assert escape_markdown("Garden tools - BER 2") == "Garden tools - BER 2"
    assert escape_markdown("a_b*c") == r"a\_b\*c"
