"""The services suite runs against SQLite and a real PostgreSQL server (tests/pgserver.py)."""

from __future__ import annotations

import pytest

from annotator.storage.database import Database


@pytest.fixture
def db(backend_db: Database) -> Database:
    """A fresh database with the default schema: SQLite, then PostgreSQL (``backend``)."""
    return backend_db
