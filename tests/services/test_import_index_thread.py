"""The import's body index, written on a helper thread: same transaction, one user of the
connection at a time, and a failure anywhere leaves the database as it was."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from annotator.core.errors import InputError
from annotator.services import documents, importer
from annotator.services.documents import DocumentFilter
from annotator.storage import fulltext
from annotator.storage import models as m
from annotator.storage.database import Database


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 50 records: every test crosses several batches with few articles."""
    monkeypatch.setattr(importer, "BATCH", 50)


WORDS = ["بروكسل", "الحلف", "الأمين", "روته", "قمة", "وزير", "الخارجية", "لاهاي"]


def corpus(path: Path, n: int, *, bad_at: int | None = None) -> Path:
    """``n`` articles, each with a word of its own (``كلمةN`` spelled in letters) and a
    shared sentence; line ``bad_at`` (1-based) is not JSON."""
    lines = []
    for i in range(n):
        own = "رقم" + "".join("أبتثجحخدذر"[int(d)] for d in str(i))
        text = f"{WORDS[i % len(WORDS)]} {own} قال الأمين العام في بروكسل"
        lines.append(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False))
    if bad_at is not None:
        lines[bad_at - 1] = "{not json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def own_word(i: int) -> str:
    return "رقم" + "".join("أبتثجحخدذر"[int(d)] for d in str(i))


def helper_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("body-index")]


def counts(db: Database) -> tuple[int, int]:
    """Documents, and documents in the body index (FTS5 rows; PostgreSQL: vectors)."""
    indexed = (
        f"SELECT count(*) FROM {fulltext.FTS_TABLE}_docsize"
        if db.is_sqlite
        else f"SELECT count({fulltext.PG_COLUMN}) FROM documents"
    )
    with db.read() as s:
        docs = s.scalar(select(func.count()).select_from(m.Document)) or 0
        return docs, int(s.connection().exec_driver_sql(indexed).scalar_one())


def test_every_batch_is_indexed_and_found(db: Database, tmp_path: Path) -> None:
    n = importer.BATCH * 3 + 17  # three full batches and a part
    importer.import_paths(db, [str(corpus(tmp_path / "c.jsonl", n))])
    assert counts(db) == (n, n)
    for i in (0, importer.BATCH - 1, importer.BATCH, n - 1):  # each batch's edges
        ids = documents.document_ids(db, DocumentFilter(search=own_word(i), search_in="text"))
        assert len(ids) == 1, i
    assert not helper_threads()


def test_the_connection_has_one_user_at_a_time(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No statement of the importer runs while the helper writes (a slow helper makes an
    overlap certain if the importer did not wait)."""
    busy: list[tuple[float, float]] = []
    statements: list[tuple[str, float]] = []
    real_write = fulltext.BatchIndexer._write

    def slow_write(self: fulltext.BatchIndexer, rows: list[tuple[int, str]]) -> None:
        start = time.perf_counter()
        time.sleep(0.05)
        real_write(self, rows)
        busy.append((start, time.perf_counter()))

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            statements.append((statement, time.perf_counter()))

    monkeypatch.setattr(fulltext.BatchIndexer, "_write", slow_write)
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        importer.import_paths(db, [str(corpus(tmp_path / "c.jsonl", importer.BATCH * 3))])
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    # SQLite: each batch indexed on the helper; PostgreSQL: vectors go in with the rows
    assert len(busy) == (3 if db.is_sqlite else 0)
    overlapping = [s for s, at in statements for lo, hi in busy if lo <= at <= hi]
    assert overlapping == []
    assert counts(db) == (importer.BATCH * 3, importer.BATCH * 3)


def test_a_bad_line_while_the_helper_writes_changes_nothing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    importer.import_paths(db, [str(corpus(tmp_path / "first.jsonl", 3))])
    before = counts(db)
    real_write = fulltext.BatchIndexer._write

    def slow_write(self: fulltext.BatchIndexer, rows: list[tuple[int, str]]) -> None:
        time.sleep(0.2)  # still writing batch 1 when the bad line is read
        real_write(self, rows)

    monkeypatch.setattr(fulltext.BatchIndexer, "_write", slow_write)
    path = corpus(tmp_path / "c.jsonl", importer.BATCH + 100, bad_at=importer.BATCH + 20)
    with pytest.raises(InputError) as caught:
        importer.import_paths(db, [str(path)])
    assert str(caught.value).startswith(f"{path}:{importer.BATCH + 20}:")
    assert counts(db) == before
    assert not helper_threads()
    importer.import_paths(db, [str(corpus(tmp_path / "again.jsonl", importer.BATCH + 5))])
    assert counts(db) == (importer.BATCH + 5, importer.BATCH + 5)


def test_a_failure_on_the_helper_is_raised_and_changes_nothing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement that fails on the helper thread (a real SQLite error) fails the import
    at its next use of the connection; the rollback waits for the helper."""
    importer.import_paths(db, [str(corpus(tmp_path / "first.jsonl", 3))])
    before = counts(db)
    real_write = fulltext.BatchIndexer._write
    calls = []

    def failing_write(self: fulltext.BatchIndexer, rows: list[tuple[int, str]]) -> None:
        calls.append(threading.current_thread().name)
        real_write(self, rows)
        if len(calls) == 2:
            self._conn.exec_driver_sql("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(fulltext.BatchIndexer, "_write", failing_write)
    path = corpus(tmp_path / "c.jsonl", importer.BATCH * 4)
    if not db.is_sqlite:  # no helper there: the vectors go in with the rows
        importer.import_paths(db, [str(path)])
        assert calls == []
        return
    with pytest.raises(OperationalError, match="no_such_table"):
        importer.import_paths(db, [str(path)])
    assert calls == ["body-index_0", "body-index_0"]
    assert counts(db) == before
    assert not helper_threads()


def test_an_in_memory_database_is_indexed_on_the_importing_thread(tmp_path: Path) -> None:
    """The driver refuses an in-memory database's connection to other threads: the batches
    are written on the importer's own thread, and every one is found."""
    from annotator.services.workspace import open_workspace

    db = open_workspace(":memory:")
    try:
        n = importer.BATCH * 2 + 1
        importer.import_paths(db, [str(corpus(tmp_path / "c.jsonl", n))])
        assert counts(db) == (n, n)
        ids = documents.document_ids(db, DocumentFilter(search=own_word(n - 1), search_in="text"))
        assert len(ids) == 1
    finally:
        db.close()
