"""The translation catalogs (README, "Translations"): in step with the code,
every message translated in Chinese, placeholders kept; what the check
reports when they are not; fuzzy translations never shown; language tags
from URLs and browsers."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

import i18n
from i18n import catalog


def test_the_catalogs_match_the_code_and_every_message_is_translated():
    found = list(catalog.problems())
    assert not found, "\n".join(found)


def _edited_copy(tmp_path: Path, edit) -> Path:
    with i18n.catalog_path("zh").open("rb") as po:
        messages = read_po(po, locale="zh")
    edit(messages)
    copy = tmp_path / "inventory.po"
    with copy.open("wb") as po:
        write_po(po, messages)
    return copy


def test_the_check_names_each_untranslated_fuzzy_broken_missing_or_stale_message(tmp_path, monkeypatch):
    def spoil(messages):
        messages["Trends"].string = ""
        messages["Overview"].flags.add("fuzzy")
        messages["selling {units}/day"].string = "日均销售"  # the number is lost
        messages["Capacity used (%)"].string = "容量{"  # unbalanced
        messages.delete("Data")
        messages.add("Words nobody uses any more", "没人用的词")

    spoiled = _edited_copy(tmp_path, spoil)
    monkeypatch.setattr(catalog, "catalog_path", lambda language: spoiled)

    found = "\n".join(catalog.problems())

    assert "'Trends' has no translation" in found
    assert "'Overview' is marked fuzzy" in found
    assert "'selling {units}/day' -> '日均销售' does not keep the placeholders" in found
    assert "'Capacity used (%)' -> '容量{' does not keep the placeholders" in found
    assert "inventory.po lacks 'Data': run `python -m i18n.catalog update`, then translate it" in found
    assert "still has 'Words nobody uses any more'" in found


def test_fuzzy_translations_are_never_shown(tmp_path, monkeypatch):
    def guess(messages):
        messages["Overview"].flags.add("fuzzy")

    guessed = _edited_copy(tmp_path, guess)
    monkeypatch.setattr(i18n, "catalog_path", lambda language: guessed)

    words = i18n.translations.__wrapped__("zh")  # not the cached catalog

    assert (words.gettext("Overview"), words.gettext("Trends")) == ("Overview", "趋势")


def test_english_is_the_source_and_has_no_catalog():
    assert i18n.translations("en").gettext("Overview") == "Overview"


@pytest.mark.parametrize(
    "tag, language",
    [("zh-CN", "zh"), ("zh", "zh"), ("ZH-cn", "zh"), ("zh_Hans", "zh"), ("zh-TW", "zh"), ("en-GB", "en"),
     ("en", "en"), ("fr-FR", None), ("", None), (None, None), ("<script>", None)],
)  # fmt: skip
def test_tags_from_urls_and_browsers_name_one_of_our_languages(tag, language):
    assert i18n.supported_language(tag) == language


def test_only_known_languages_can_be_spoken():
    with pytest.raises(ValueError, match="'fr'"):
        i18n.set_language("fr")
    assert [i18n.language_name(language) for language in i18n.LANGUAGES] == ["English", "中文"]
