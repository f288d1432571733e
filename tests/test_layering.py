"""Imports point down: pages -> ui -> services -> analytics, data_access;
planning -> services; Streamlit only in app.py, pages/ and ui/. Every module's
imports are read with `ast` (those inside functions too) and checked against
the arrows; a wrong one fails with the module and the forbidden import."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_access.config import PROJECT_ROOT

# What each layer may import from the project, besides itself. app.py and
# pages/ are the "pages" layer; benchmarks/ and tests/ drive the app from
# outside and are not checked.
MAY_IMPORT = {
    "pages": {"ui", "services", "analytics", "i18n"},  # reads go through ui's cached loaders, not data_access
    "ui": {"services", "analytics", "data_access", "i18n", "sample_data"},  # sample_data: the first start's shop
    "planning": {"services", "analytics", "data_access", "i18n"},
    "services": {"analytics", "data_access"},  # ids and numbers, never words
    "sample_data": {"analytics", "data_access"},
    "analytics": set(),
    "data_access": set(),
    "i18n": set(),  # the leaf of words that ui and planning share
}
STREAMLIT_LAYERS = {"pages", "ui"}


def layer_of(path: Path, root: Path) -> str | None:
    parts = path.relative_to(root).parts
    if parts == ("app.py",) or parts[0] == "pages":
        return "pages"
    return parts[0] if parts[0] in MAY_IMPORT and len(parts) > 1 else None


def modules(root: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(root.rglob("*.py")):
        if ".venv" in path.parts or "site-packages" in path.parts:
            continue
        layer = layer_of(path, root)
        if layer:
            yield path, layer


def imported_names(source: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def violations(root: Path) -> list[str]:
    """One line per import against the arrows: the module, what it imports, and why not."""
    found = []
    for path, layer in modules(root):
        module = path.relative_to(root).as_posix()
        for name in imported_names(path.read_text(encoding="utf-8")):
            top = name.split(".")[0]
            if top == "streamlit" and layer not in STREAMLIT_LAYERS:
                found.append(f"{module} imports {name}: Streamlit belongs in app.py, pages/ and ui/ only")
            elif top in MAY_IMPORT and top != layer and top not in MAY_IMPORT[layer]:
                allowed = ", ".join(sorted(MAY_IMPORT[layer])) or "nothing else of the project"
                found.append(f"{module} imports {name}: {layer} may import {allowed}")
    return found


def test_every_import_points_down_the_arrows():
    assert violations(PROJECT_ROOT) == []


def test_the_check_names_the_module_and_the_forbidden_import(tmp_path):
    (tmp_path / "analytics").mkdir()
    (tmp_path / "analytics" / "bad.py").write_text(
        "import pandas as pd\nfrom data_access.schema import products\n\n\ndef later():\n    import streamlit as st\n"
    )
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "fine.py").write_text("from analytics.kpis import share\nfrom data_access import sales\n")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "1_Page.py").write_text("import streamlit as st\nfrom data_access.periods import GRAINS\n")

    found = violations(tmp_path)

    assert found == [
        "analytics/bad.py imports data_access.schema: analytics may import nothing else of the project",
        "analytics/bad.py imports streamlit: Streamlit belongs in app.py, pages/ and ui/ only",
        "pages/1_Page.py imports data_access.periods: pages may import analytics, i18n, services, ui",
    ]


def is_importable(path: Path) -> bool:
    """Modules Python imports; not scripts that a tool runs by path: `__main__`,
    Alembic's env.py and its revisions (in a folder that is no package)."""
    return path.name not in ("__main__.py", "env.py") and (path.parent / "__init__.py").is_file()


@pytest.mark.parametrize("package", ["analytics", "data_access", "services", "i18n", "sample_data"])
def test_nothing_below_ui_loads_streamlit_even_indirectly(package):
    """What a command imports must not pull Streamlit in through a chain of imports."""
    assert not importing_loads({package}, "streamlit")


def test_the_dashboards_modules_leave_statsmodels_unloaded():
    """statsmodels (the forecast run's category fits) adds about half a second
    to the first page of every dashboard process, which never fits a model."""
    assert not importing_loads({"ui", "services"}, "statsmodels")


def importing_loads(layers: set[str], library: str) -> bool:
    """Whether importing every module of `layers` in a fresh interpreter loads `library`."""
    names = sorted(
        ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path, layer in modules(PROJECT_ROOT)
        if layer in layers and is_importable(path)
    )
    code = f"import sys\nfor name in {names!r}:\n    __import__(name)\nprint({library!r} in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"
