"""Column mappings saved by name, to reuse on the next export of the same kind.

Stored as one JSON file per mapping in `INVENTORY_MAPPINGS_DIR` (default
`.streamlit/import_mappings/` in the project), not in the database: they
belong to the people importing, not to the data. Only admins save and delete
them on the Data page (a saved mapping is preselected for everyone).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from data_access.config import PROJECT_ROOT
from data_access.importer.errors import OptionProblem
from data_access.importer.fields import FIELDS

MAPPINGS_DIR_ENV = "INVENTORY_MAPPINGS_DIR"
DEFAULT_MAPPINGS_DIR = PROJECT_ROOT / ".streamlit" / "import_mappings"


@dataclass(frozen=True)
class SavedMapping:
    name: str
    mapping: dict[str, str]  # field -> column
    date_format: str | None = None

    def fits(self, headers: list[str]) -> bool:
        """Every column it names is in the file."""
        return set(self.mapping.values()) <= set(headers)


def mappings_dir() -> Path:
    return Path(os.environ.get(MAPPINGS_DIR_ENV) or DEFAULT_MAPPINGS_DIR)


def _path_for(name: str) -> Path:
    """A file name from the mapping's name; nothing in it can leave the folder."""
    slug = re.sub(r"[^\w-]+", "-", name.strip().casefold()).strip("-_")
    if not slug:
        raise OptionProblem("Give the mapping a name with at least one letter or digit.")
    return mappings_dir() / f"{slug}.json"


def save_mapping(saved: SavedMapping) -> Path:
    path = _path_for(saved.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.tmp")
    partial.write_text(json.dumps(asdict(saved), ensure_ascii=False, indent=2), encoding="utf-8")
    partial.replace(path)
    return path


def delete_mapping(name: str) -> Path:
    """Remove a saved mapping; the file it was in, for the record."""
    path = _path_for(name)
    if not path.is_file():
        raise OptionProblem(f"No saved mapping '{name}' in {mappings_dir()}.")
    path.unlink()
    return path


def load_mapping(name: str) -> SavedMapping:
    path = _path_for(name)
    if not path.is_file():
        known = ", ".join(saved.name for saved in list_mappings()) or "none yet"
        raise OptionProblem(f"No saved mapping '{name}' in {mappings_dir()} (saved: {known}).")
    return _parse(path)


def list_mappings() -> list[SavedMapping]:
    """Every readable saved mapping, by name; a damaged file is skipped."""
    found = []
    for path in sorted(mappings_dir().glob("*.json")):
        try:
            found.append(_parse(path))
        except OptionProblem:
            continue
    return sorted(found, key=lambda saved: saved.name.casefold())


def _parse(path: Path) -> SavedMapping:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        saved = SavedMapping(
            str(data["name"]), {str(k): str(v) for k, v in data["mapping"].items()}, data.get("date_format")
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OptionProblem(f"The saved mapping {path.name} cannot be read ({type(exc).__name__}).") from None
    unknown = set(saved.mapping) - set(FIELDS)
    if unknown:
        raise OptionProblem(f"The saved mapping {path.name} names unknown fields: {', '.join(sorted(unknown))}.")
    return saved
