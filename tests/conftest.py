"""Shared fixtures: a fresh database per test, paths of the shared third-party data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never need a screen in tests; set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.services.workspace import open_workspace
from annotator.storage.database import Database
from tests import needs

# The throwaway PostgreSQL cluster and the backend-parametrized fixtures (backend, backend_db).
pytest_plugins = ["tests.pgserver"]

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files the app keeps in the user's cache folder (the stats dock's counts) go to the
    test's own folder, never the real one nor another test's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a not-yet-created SQLite database file."""
    return tmp_path / "annotator.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, migrated SQLite database with the default schema."""
    database = open_workspace(str(db_path))
    yield database
    database.close()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only third-party data folder (``../shared/data``); skips when absent."""
    return needs.shared("data")
