"""Keep the translation catalogs in step with the code: a developer's tool,
never imported by the dashboard.

    python -m i18n.catalog update   # extract the words into inventory.pot, merge them into every .po
    python -m i18n.catalog check    # what the tests check; exit 1 naming each problem

`update` is `pybabel extract` then `pybabel update` with the project's options
(README, "Translations"): no source locations and sorted messages, so two
branches that add words conflict only where they add the same ones. A new or
changed message arrives in each .po untranslated (or fuzzy, with a guess from
a similar one): translate it and clear the fuzzy flag, or `check` and the
tests fail.
"""

from __future__ import annotations

import argparse
import string
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, catalog_path

PROJECT_ROOT = LOCALE_DIR.parent.parent
MAPPING_FILE = PROJECT_ROOT / "babel.cfg"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
TRANSLATED = tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)

EXTRACT_OPTIONS = (
    "--mapping-file", str(MAPPING_FILE), "--keyword", "N_", "--add-comments", "Translators:",
    "--no-location", "--sort-output", "--omit-header",
)  # fmt: skip
UPDATE_OPTIONS = ("--domain", DOMAIN, "--ignore-obsolete", "--ignore-pot-creation-date")


def _pybabel(*arguments: str) -> None:
    status = CommandLineInterface().run(["pybabel", "--quiet", *arguments])
    if status:
        raise RuntimeError(f"pybabel {arguments[0]} failed with status {status}")


def extract(template: Path) -> Catalog:
    """The code's messages, written to `template` (a .pot file) and read back."""
    _pybabel("extract", *EXTRACT_OPTIONS, "--output-file", str(template), str(PROJECT_ROOT))
    with template.open("rb") as pot:
        return read_po(pot)


def update() -> None:
    """Extract into the template, then merge it into every language's catalog."""
    extract(TEMPLATE)
    for language in TRANSLATED:
        _pybabel(
            "update", *UPDATE_OPTIONS, "--input-file", str(TEMPLATE), "--output-dir", str(LOCALE_DIR),
            "--locale", language,
        )  # fmt: skip


def read_catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language)


def _ids(catalog: Catalog) -> set[str]:
    return {message.id for message in catalog if message.id}


def _fields(text: str | tuple[str, ...]) -> set[str] | None:
    """The {placeholders} of a message (all its plural forms'), which its
    translation must keep; None for unbalanced braces."""
    try:
        forms = (text,) if isinstance(text, str) else text
        return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name is not None}
    except ValueError:
        return None


def _untranslated(translation: str | tuple[str, ...]) -> bool:
    forms = (translation,) if isinstance(translation, str) else translation
    return not forms or any(not form or not form.strip() for form in forms)


def problems() -> Iterator[str]:
    """Everything that keeps the catalogs from matching the code, one sentence each."""
    with tempfile.TemporaryDirectory() as scratch:
        code = _ids(extract(Path(scratch) / f"{DOMAIN}.pot"))
    with TEMPLATE.open("rb") as pot:
        template = _ids(read_po(pot))
    fix = "run `python -m i18n.catalog update`"
    for missing in sorted(code - template, key=str):
        yield f"{TEMPLATE.name} lacks {missing!r}: {fix}"
    for stale in sorted(template - code, key=str):
        yield f"{TEMPLATE.name} still has {stale!r}, which the code no longer uses: {fix}"
    for language in TRANSLATED:
        catalog = read_catalog(language)
        name = f"{language}/LC_MESSAGES/{DOMAIN}.po"
        for missing in sorted(code - _ids(catalog), key=str):
            yield f"{name} lacks {missing!r}: {fix}, then translate it"
        for stale in sorted(_ids(catalog) - code, key=str):
            yield f"{name} still has {stale!r}, which the code no longer uses: {fix}"
        for message in catalog:
            if not message.id or message.id not in code:
                continue
            if _untranslated(message.string):
                yield f"{name}: {message.id!r} has no translation"
            elif message.fuzzy:
                yield f"{name}: {message.id!r} is marked fuzzy: check the translation and remove the flag"
            elif _fields(message.string) != _fields(message.id):
                yield f"{name}: {message.id!r} -> {message.string!r} does not keep the placeholders {{...}} exactly"
        for message, errors in catalog.check():
            yield from (f"{name}: {message.id!r}: {error}" for error in errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m i18n.catalog", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("update", "check"))
    args = parser.parse_args(argv)
    if args.action == "update":
        update()
    found = list(problems())
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
