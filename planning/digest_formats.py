"""A digest laid out for each destination: e-mail (plain text and HTML, a
table per alert kind, a link per alert), Slack, WeCom and DingTalk robot
messages, and the generic JSON payload documented in the README.

Chat messages have size limits (WeCom's markdown 4096 bytes, a Slack section
3000 characters), so they list the first rows of each kind and link to the
dashboard view with all of them; e-mail and the generic payload carry every row.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable

from i18n import _
from planning.digest_content import DigestContent, Table

CHAT_ROWS = 5  # rows per kind in a chat message, before the byte budget trims them
WECOM_BYTES = 4096  # WeCom: markdown.content at most 4096 bytes of UTF-8
DINGTALK_BYTES = 18_000  # DingTalk: the whole message at most 20,000 bytes
SLACK_SECTION_CHARS = 3000  # Slack: a section block's text at most 3000 characters
PAYLOAD_VERSION = 1
PAYLOAD_SOURCE = "inventory-dashboard"


# --- e-mail -------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns a monospace font gives `text`: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def plain_text(content: DigestContent) -> str:
    """Aligned columns per kind, the link of each alert at the end of its row."""
    lines = [content.subject, "", content.intro]
    for table in content.tables:
        headers = (*table.headers, _("Explain"))
        rows = [(*row, link) for row, link in zip(table.rows, table.links)]
        widths = [max(_width(cell) for cell in column) for column in zip(headers, *rows)]
        lines += ["", f"{table.title} ({len(table.rows)})"]
        for cells in (headers, *rows):
            lines.append("  ".join(_pad(cell, width) for cell, width in zip(cells, widths)).rstrip())
    lines += ["", _("Open the dashboard: {url}").format(url=content.dashboard_url)]
    return "\n".join(lines) + "\n"


_CELL = 'style="border:1px solid #d0d4da;padding:4px 8px;text-align:left"'


def html_text(content: DigestContent) -> str:
    """A table per kind; every value escaped."""
    e = html.escape
    parts = [
        '<!DOCTYPE html><html><body style="font-family:sans-serif;font-size:14px">',
        f"<h1 style=\"font-size:18px\">{e(content.subject)}</h1>",
        f"<p>{e(content.intro)}</p>",
    ]
    for table in content.tables:
        parts.append(f"<h2 style=\"font-size:16px\">{e(table.title)} ({len(table.rows)})</h2>")
        parts.append(f'<table data-kind="{e(table.kind)}" style="border-collapse:collapse">')
        explain = e(_("Explain"))
        headers = "".join(f"<th {_CELL}>{e(header)}</th>" for header in table.headers)
        parts.append(f"<tr>{headers}<th {_CELL}>{explain}</th></tr>")
        for row, link in zip(table.rows, table.links):
            cells = "".join(f"<td {_CELL}>{e(cell)}</td>" for cell in row)
            parts.append(f'<tr>{cells}<td {_CELL}><a href="{e(link)}">{explain}</a></td></tr>')
        parts.append("</table>")
    dashboard, opening = e(content.dashboard_url), e(_("Open the dashboard"))
    parts.append(f'<p><a href="{dashboard}">{opening}</a></p></body></html>')
    return "\n".join(parts)


# --- chat robots --------------------------------------------------------------


def _row_summary(table: Table, row: tuple[str, ...]) -> tuple[str, str]:
    """(the key's cells, the other cells as "Header value"; a name as itself)."""
    keys = [i for i, name in enumerate(table.columns) if name in table.key]
    label = " · ".join(row[i] for i in keys)
    rest = [row[i] if table.columns[i] == "name" else f"{table.headers[i]} {row[i]}"
            for i in range(len(row)) if i not in keys]  # fmt: skip
    return label, ", ".join(rest)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Text shown as is in a robot's markdown: product names may hold link or
    emphasis syntax. Parentheses stay: without a bare "]" they form no link."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown(content: DigestContent, rows_per_kind: int) -> str:
    lines = [f"### {_md(content.subject)}", _md(content.intro), ""]
    for table in content.tables:
        lines.append(f"**{_md(table.title)}** ({len(table.rows)})")
        for row, link in list(zip(table.rows, table.links))[:rows_per_kind]:
            label, rest = _row_summary(table, row)
            lines.append(f"- [{_md(label)}]({link}) {_md(rest)}")
        if len(table.rows) > rows_per_kind:
            more = _("{count} more on the dashboard").format(count=len(table.rows) - rows_per_kind)
            lines.append(f"- [{_md(more)}]({table.view})")
        lines.append("")
    opening = _md(_("Open the dashboard"))
    lines.append(f"[{opening}]({content.dashboard_url})")
    return "\n".join(lines)


def _fewest_cut(render: Callable[[int], str], fits: Callable[[str], bool]) -> str:
    """The rendering with the most rows per kind (up to CHAT_ROWS) that fits."""
    for rows in range(CHAT_ROWS, 0, -1):
        if fits(text := render(rows)):
            return text
    return render(0)


def _bytes_within(limit: int) -> Callable[[str], bool]:
    return lambda text: len(text.encode()) <= limit


def wecom_payload(content: DigestContent) -> dict:
    """WeCom group robot: a markdown message."""
    text = _fewest_cut(lambda rows: _markdown(content, rows), _bytes_within(WECOM_BYTES))
    return {"msgtype": "markdown", "markdown": {"content": text}}


def dingtalk_payload(content: DigestContent) -> dict:
    """DingTalk custom robot: a markdown message with a title (the chat list shows it)."""
    text = _fewest_cut(lambda rows: _markdown(content, rows), _bytes_within(DINGTALK_BYTES))
    return {"msgtype": "markdown", "markdown": {"title": content.subject, "text": text}}


def _slack(text: str) -> str:
    """Slack's mrkdwn treats &, < and > as markup (<!channel> would ping everyone)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_section(table: Table, rows_per_kind: int) -> str:
    lines = [f"*{_slack(table.title)}* ({len(table.rows)})"]
    for row, link in list(zip(table.rows, table.links))[:rows_per_kind]:
        label, rest = _row_summary(table, row)
        lines.append(f"• <{link}|{_slack(label).replace('|', '/')}> {_slack(rest)}")
    if len(table.rows) > rows_per_kind:
        more = _("{count} more on the dashboard").format(count=len(table.rows) - rows_per_kind)
        lines.append(f"• <{table.view}|{_slack(more)}>")
    return "\n".join(lines)


def slack_payload(content: DigestContent) -> dict:
    """Slack incoming webhook: `text` for notifications, blocks for the message."""
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": content.subject[:150]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": _slack(content.intro)}]},
    ]
    for table in content.tables:
        section = _fewest_cut(lambda rows: _slack_section(table, rows), lambda text: len(text) <= SLACK_SECTION_CHARS)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": section[:SLACK_SECTION_CHARS]}})
    opening = _slack(_("Open the dashboard"))
    link = f"<{content.dashboard_url}|{opening}>"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": link}]})
    return {"text": content.subject, "blocks": blocks}


# --- the generic payload ------------------------------------------------------


def generic_payload(content: DigestContent) -> dict:
    """Every alert with its key, its values (ids and numbers) and its link.
    The README documents this shape; `version` changes if it ever must."""
    return {
        "source": PAYLOAD_SOURCE,
        "version": PAYLOAD_VERSION,
        "subject": content.subject,
        "as_of": content.as_of.isoformat(),
        "status_changes_since": content.since.isoformat(),
        "warehouses": list(content.warehouses) or None,
        "dashboard_url": content.dashboard_url,
        "counts": {table.kind: len(table.rows) for table in content.tables},
        "alerts": [
            {
                "kind": table.kind,
                "title": table.title,
                "key": {name: record[name] for name in table.key if name in record},
                "values": record,
                "link": link,
            }
            for table in content.tables
            for record, link in zip(table.records, table.links)
        ],
    }


def to_json(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()
