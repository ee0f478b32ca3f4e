"""Layering: core -> storage -> services -> cli/gui; no Qt below the GUI, no reshaping in it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import annotator

PACKAGE = Path(annotator.__file__).resolve().parent

# Top-level modules each layer must not import (directly, anywhere in its source).
FORBIDDEN = {
    "core": {"sqlalchemy", "alembic", "PySide6", "annotator.storage", "annotator.services",
             "annotator.cli", "annotator.gui"},
    "storage": {"PySide6", "arabic_reshaper", "bidi", "annotator.services", "annotator.cli",
                "annotator.gui"},
    "services": {"PySide6", "annotator.cli", "annotator.gui"},
    "gui": {"arabic_reshaper", "bidi", "annotator.cli"},
}  # fmt: skip


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module a source file imports (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def violates(name: str, forbidden: set[str]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer: str) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"no sources under annotator/{layer}"
    bad = {
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in files
        for name in imported_modules(path)
        if violates(name, FORBIDDEN[layer])
    }
    assert not bad, sorted(bad)


def test_the_static_check_sees_imports(tmp_path: Path) -> None:
    """The checker itself finds plain, from- and relative imports."""
    sample = PACKAGE / "core" / "formats" / "readers.py"
    names = imported_modules(sample)
    assert "orjson" in names
    assert "annotator.core.errors" in names
    assert violates("PySide6.QtCore", {"PySide6"})
    assert not violates("PySide6x", {"PySide6"})


PROBE = """
import importlib, json, pkgutil, sys
loaded = []
for package in ("annotator.core", "annotator.storage", "annotator.services", "annotator.cli"):
    module = importlib.import_module(package)
    loaded.append(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if info.name.startswith("annotator.storage.migrations."):
            continue  # Alembic scripts: they run inside Alembic only
        importlib.import_module(info.name)
        loaded.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] == "PySide6")
print(json.dumps({"loaded": loaded, "qt": qt}))
"""


def test_importing_everything_below_the_gui_loads_no_qt() -> None:
    """Every module of core, storage, services and cli, in a fresh interpreter: no PySide6."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    for name in ("annotator.core.offsets", "annotator.core.formats.readers",
                 "annotator.storage.database", "annotator.services.importer",
                 "annotator.services.workspace", "annotator.cli.main"):  # fmt: skip
        assert name in result["loaded"]
    assert result["qt"] == []


def test_the_probe_would_see_qt() -> None:
    """The same check on the GUI layer does find PySide6 (so an empty list above means it)."""
    snippet = (
        "import importlib, sys; importlib.import_module('annotator.gui.article_view'); "
        "print(sum(m.split('.')[0] == 'PySide6' for m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", snippet], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 0
