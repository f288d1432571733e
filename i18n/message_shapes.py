"""Messages written in English by a layer that speaks no language of the
user's (data_access: the importer, the database's errors), shown in the
current language.

Such a message has a fixed shape, so each shape is a pattern here with its
words in the catalog; the parts that are data (column names, values, URLs,
line numbers) are kept, and parts that are ids of their own can be named
through a function (a label). A message of an unknown shape, and any
message in English, is shown as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from i18n import SOURCE_LANGUAGE, _, current_language

Part = Callable[[str], str]
Shape = tuple[str, str, Mapping[str, Part]]
"""The English message as a pattern (named groups for its parts), its words
marked with N_ (the same names as {placeholders}), and how parts are shown."""


class MessageShapes:
    def __init__(self, shapes: Sequence[Shape]) -> None:
        self._shapes = tuple((re.compile(pattern + r"\Z", re.DOTALL), words, parts) for pattern, words, parts in shapes)

    def __call__(self, message: str) -> str:
        """`message` in the current language; unknown shapes as they are."""
        if current_language() == SOURCE_LANGUAGE:
            return message
        for pattern, words, parts in self._shapes:
            if match := pattern.match(message):
                values = {name: parts.get(name, str)(value) for name, value in match.groupdict().items()}
                return _(words).format(**values)
        return message
