"""The import's larger SQLite page cache: set for the import's transaction only, restored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from annotator.core.errors import InputError
from annotator.services.importer import import_paths
from annotator.services.workspace import open_workspace
from annotator.storage.database import BULK_CACHE_KIB, Database, bulk_page_cache


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh SQLite workspace (the cache is SQLite's; PostgreSQL's buffers are the server's)."""
    database = open_workspace(str(tmp_path / "annotator.sqlite"))
    yield database
    database.close()


def _cache_size(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_bulk_page_cache_is_restored_after_the_block_and_after_an_error(db: Database) -> None:
    before = _cache_size(db)
    assert before != -BULK_CACHE_KIB
    with db.write() as session:
        conn = session.connection()
        with bulk_page_cache(conn):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -BULK_CACHE_KIB
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == before
    with pytest.raises(RuntimeError), db.write() as session:
        conn = session.connection()
        with bulk_page_cache(conn):
            raise RuntimeError("the import failed")
    # The pool hands out the connection that ran the block (one connection in use at a time).
    assert _cache_size(db) == before


def _record(i: int) -> dict[str, Any]:
    return {"text": f"نص المقال رقم {i} للاختبار", "meta": {"external_id": f"a-{i}"}}


def test_an_import_runs_with_the_bulk_cache_and_leaves_the_default(
    db: Database, tmp_path: Path
) -> None:
    before = _cache_size(db)
    seen: list[int] = []

    def on_insert(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO documents"):
            seen.append(int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one()))

    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(json.dumps(_record(i)) for i in range(3)) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_record(9)) + "\n{not json\n", encoding="utf-8")
    event.listen(db.engine, "after_cursor_execute", on_insert)
    try:
        import_paths(db, [str(good)])
        with pytest.raises(InputError):
            import_paths(db, [str(bad)])
    finally:
        event.remove(db.engine, "after_cursor_execute", on_insert)
    assert seen == [-BULK_CACHE_KIB]  # the bad file fails before its batch is written
    assert _cache_size(db) == before
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one() == 3
