"""The Overview's "Needs attention" links read back: each alert kind's count
and, for overstocked and dead stock, its value, as the link labels show them
("Overstocked: 1,234, worth €56,789")."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

_LABEL = re.compile(r"^(?P<problem>.+): (?P<count>[\d,]+)(, worth (?P<value>.+))?$")


def attention_counts(at: AppTest) -> dict[str, tuple[int, float | None]]:
    """Problem -> (count, value at cost or None), from the links above the attention table."""
    counts = {}
    for link in at.container("attention_links").get("page_link"):
        parts = _LABEL.match(link.proto.label)
        assert parts, link.proto.label
        value = parts["value"] and float(re.sub(r"[^\d.]", "", parts["value"]))
        counts[parts["problem"]] = (int(parts["count"].replace(",", "")), value)
    return counts
