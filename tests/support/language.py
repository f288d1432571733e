"""The test's own language, for AppTest.

AppTest formats a widget's value with the widget's `format_func` in the
test's thread when it sends the widget states of the next run, and looks the
result up among the options the script drew. Label functions answer in the
current language (`i18n`), so after a page was drawn in Chinese the test
must speak Chinese too, or the next run fails with "'Last 30 days' is not in
list". The fixture lets a test switch and puts English back afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

import i18n


@pytest.fixture
def test_speaks() -> Iterator[Callable[[str], None]]:
    """`test_speaks("zh")`: format widget values as the page now does."""
    yield i18n.set_language
    i18n.set_language(i18n.SOURCE_LANGUAGE)
