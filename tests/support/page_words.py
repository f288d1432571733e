"""Every text a rendered page shows, read from an AppTest's element tree, and
the words in it that are in the wrong language.

The texts come from each element's and container's protobuf (labels, help,
options, bodies, captions, alerts, metric values and deltas, expander and tab
labels), from a table's visible headers (the column config's label, else the
frame's column) and its string cells, and from a Plotly figure's JSON (titles,
axis titles, legend names, trace text, hover templates without their
%{...} placeholders, tick text, annotations). Code spans, URLs and 32-hex ids
are left out: they are names the reader types or copies, not words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
from google.protobuf.message import Message

# Protobuf fields that hold ids, formats or payloads, never words on screen.
_NOT_WORDS = {
    "id", "key", "form_id", "format", "type", "icon", "page", "url", "spec", "columns", "data", "theme",
    "page_script_hash", "selection_mode", "column_order", "raw_values", "default", "value", "color",
    "delta_color", "width", "height", "arrow_data", "config", "deck_json", "image", "src", "target_format",
    "data_type", "on_change_handler", "placeholder_color", "initial_value", "unique_id", "editing_mode",
    "element_hash", "shortcut", "tooltip_style", "body_color", "format_string", "delta_arrow", "chart_type",
    "query_string",
}  # fmt: skip
# Fields of those names that ARE words on screen, by the element that holds them.
_WORDS_BY_TYPE = {"metric": {"body", "label", "help", "delta"}}

_CODE_SPAN = re.compile(r"`[^`]*`")
_URL = re.compile(r"(?:https?|duckdb|sqlite|postgresql(?:\+\w+)?)://\S+|\b[\w.+-]+@[\w-]+\.[\w.]+")
_HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")
_PLACEHOLDER = re.compile(r"%\{[^}]*\}|<extra>.*?</extra>|<[^>]+>")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Plotly keys whose string values are read on screen.
_FIGURE_TEXT_KEYS = {"text", "name", "hovertemplate", "ticktext", "title", "legendgrouptitle"}


@dataclass(frozen=True)
class Shown:
    """One text on one page."""

    page: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}: {self.text!r}"


def texts_of(at) -> Iterator[str]:
    """Every text the AppTest's current run shows, code spans, URLs and ids removed."""
    for node in at._tree:
        for text in _node_texts(node):
            cleaned = _HEX_ID.sub(" ", _URL.sub(" ", _CODE_SPAN.sub(" ", text))).strip()
            if cleaned:
                yield cleaned


def _node_texts(node) -> Iterator[str]:
    proto = getattr(node, "proto", None)
    if proto is None:
        return
    kind = getattr(node, "type", "")
    if kind == "plotly_chart":
        yield from _figure_texts(json.loads(proto.spec))
        return
    if kind in ("dataframe", "table", "arrow_data_frame"):
        yield from _table_texts(node)
        return
    if kind == "page_link" and getattr(proto, "external", False):
        return
    yield from _message_texts(proto, _WORDS_BY_TYPE.get(kind, set()))  # a container: its own fields only


def _message_texts(message: Message, words: set[str]) -> Iterator[str]:
    for descriptor, value in message.ListFields():
        name = descriptor.name
        if name in _NOT_WORDS and name not in words:
            continue
        if descriptor.type == descriptor.TYPE_STRING:
            yield from (value if _repeated(descriptor) else [value])
        elif descriptor.type == descriptor.TYPE_MESSAGE:
            for item in value if _repeated(descriptor) else [value]:
                yield from _message_texts(item, words)


def _repeated(descriptor) -> bool:
    return descriptor.is_repeated


def _table_texts(node) -> Iterator[str]:
    frame: pd.DataFrame = node.value
    config = json.loads(node.proto.columns) if getattr(node.proto, "columns", "") else {}
    for column in frame.columns:
        settings = config.get(str(column), {})
        if settings.get("hidden"):
            continue
        yield str(settings.get("label") or column)
        if settings.get("help"):
            yield settings["help"]
        if frame[column].dtype == object:
            yield from (value for value in frame[column].dropna().unique() if isinstance(value, str))
    index_header = config.get("_index", {}).get("label") or frame.index.name
    if index_header:
        yield str(index_header)
    if frame.index.dtype == object:
        yield from (value for value in frame.index.unique() if isinstance(value, str))


def _figure_texts(spec: dict) -> Iterator[str]:
    figure = spec.get("figure", spec)
    yield from _json_texts(figure.get("layout", {}), None)
    for trace in figure.get("data", []):
        yield from _json_texts(trace, None)


def _json_texts(value, key: str | None) -> Iterator[str]:
    if isinstance(value, dict):
        for child_key, child in value.items():
            if child_key == "template":
                continue
            yield from _json_texts(child, child_key if child_key in _FIGURE_TEXT_KEYS else None)
    elif isinstance(value, list):
        for item in value:
            yield from _json_texts(item, key)
    elif isinstance(value, str) and key in _FIGURE_TEXT_KEYS:
        text = _PLACEHOLDER.sub(" ", value)
        if text.strip():
            yield text


def english_words(text: str, allowed: set[str]) -> list[str]:
    """Words of two or more Latin letters, except ALL-CAPS codes (SKUs,
    warehouse codes, currency codes) and the allowed ones."""
    return [
        word for word in _ENGLISH_WORD.findall(text) if not word.isupper() and word not in allowed
    ]


def chinese_characters(text: str, allowed: set[str]) -> list[str]:
    for name in allowed:
        text = text.replace(name, "")
    return _CHINESE.findall(text)
