"""Ids apart from words: every id of every kind has words of its own, and
words follow the language of the current context."""

from __future__ import annotations

import contextvars
import re

import pytest

import i18n
from analytics.date_ranges import COMPARISONS, PRESETS
from i18n.labels import comparison_label, preset_label

KINDS = {
    "date preset": (PRESETS, preset_label),
    "comparison": (COMPARISONS, comparison_label),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_id_has_its_own_non_empty_label(kind):
    ids, label = KINDS[kind]

    words = [label(id_) for id_ in ids]

    assert len(set(ids)) == len(ids) > 0
    assert all(isinstance(w, str) and w.strip() for w in words), words
    assert len(set(words)) == len(words), words


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_id_is_named_in_the_error(kind):
    _, label = KINDS[kind]

    with pytest.raises(ValueError, match="'no-such-id'"):
        label("no-such-id")


def test_ids_share_one_style():
    """Lower case words joined by hyphens: the same in a URL, a cache key and a table."""
    for ids, _ in KINDS.values():
        for id_ in ids:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id_), id_


def test_the_language_is_per_context_and_words_fall_back_to_the_source():
    def in_chinese() -> tuple[str, str]:
        i18n.set_language("zh")
        return i18n.current_language(), preset_label("last-90-days")

    assert contextvars.copy_context().run(in_chinese) == ("zh", "Last 90 days")  # no catalog yet: the source words
    assert i18n.current_language() == i18n.SOURCE_LANGUAGE
