"""User-supplied text (a link's values, file and column names, warehouse and
category names from imported data) drawn in markdown as itself.

Streamlit draws st.markdown, captions, toasts and alerts as markdown: a value
like `[Log in](https://evil.example)` would become a link, `![t](http://...)`
an image the browser loads, `:red[...]` or `:material/...:` a colour or an
icon, and GitHub's extension links a bare `www.host.example` or `a@b.example`.
A backslash before each mark that can start markup keeps it literal (CommonMark
allows one before any ASCII punctuation); hyphens and plus signs stay as they
are, since values never start a line.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#!|~:$.@])")


def escape_markdown(text: object) -> str:
    return _MARKUP.sub(r"\\\1", str(text))
