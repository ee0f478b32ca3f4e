"""Opening SQLite databases: pragmas, migrations on open, and refusing files we must not touch."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from annotator.core.errors import AnnotatorError
from annotator.core.search import document_search_text
from annotator.services import documents
from annotator.services.documents import DocumentFilter
from annotator.services.workspace import open_workspace
from annotator.storage import fulltext, migrate
from annotator.storage.database import (
    ENV_VAR,
    Database,
    DatabaseOpenError,
    _switch_to_wal,
    create_db_engine,
    open_database,
    resolve_url,
    safe_url_text,
    table_names,
)
from annotator.storage.errors import DatabaseGoneError, DatabaseWriteError
from annotator.storage.migrate import SchemaVersionError
from annotator.storage.models import Base

TABLES = {
    "alembic_version", "annotators", "assignments", "documents", "events", "labels",
    "layer_topics", "layers", "relations", "review_comments", "settings", "spans",
}  # fmt: skip


@pytest.fixture
def sqlite_db(db_path: Path) -> Iterator[Database]:
    database = open_database(str(db_path))
    yield database
    database.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_new_database_is_at_head_with_wal_fk_and_timeout(
    sqlite_db: Database, db_path: Path
) -> None:
    assert db_path.exists()
    assert migrate.current_revision(sqlite_db.engine) == migrate.head_revision()
    # At least the foundation's tables (later features add theirs; migrations == models
    # is checked below).
    assert set(table_names(sqlite_db.engine)) >= TABLES
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) > 0
    assert sqlite_db.is_sqlite
    assert sqlite_db.display_name == str(db_path)


def test_migrations_match_the_models(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        # The body search index (FTS5 and its shadow tables) has no model on purpose.
        opts = {
            "compare_type": True,
            "include_name": lambda name, kind, _parent: (
                kind != "table" or not fulltext.is_index_table(name)
            ),
        }
        context = MigrationContext.configure(conn, opts=opts)
        assert compare_metadata(context, Base.metadata) == []


def test_opening_again_applies_nothing(db_path: Path) -> None:
    open_database(str(db_path)).close()
    database = open_database(str(db_path))
    try:
        assert migrate.upgrade(database.engine) is False
    finally:
        database.close()


def make_old_database(db_path: Path, revision: str) -> None:
    """A database left at an older schema revision, holding one document."""
    engine = create_db_engine(resolve_url(str(db_path)))
    try:
        migrate.upgrade(engine, revision)
        assert migrate.current_revision(engine) == revision
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO documents (title, text, text_sha256, source, meta, created_at) "
                    "VALUES (:title, :text, 'h', '', '{}', '2024-01-01 00:00:00')"
                ),
                {"title": "أمينُ عامِّ الناتو", "text": "نص المقال عن بروكسل"},
            )
    finally:
        engine.dispose()


def test_older_database_is_upgraded_and_backfilled(db_path: Path) -> None:
    make_old_database(db_path, "0001")
    database = open_workspace(str(db_path))
    try:
        assert migrate.current_revision(database.engine) == migrate.head_revision()
        with database.engine.connect() as conn:
            stored = conn.execute(text("SELECT search_text FROM documents")).scalar()
        assert stored == document_search_text("أمينُ عامِّ الناتو")
        found = documents.list_documents(database, DocumentFilter(search="امين عام"))
        assert [row.title for row in found] == ["أمينُ عامِّ الناتو"]
        # Revision 0005 took the body out of the search text: titles and ids only.
        assert documents.count_documents(database, DocumentFilter(search="بروكسل")) == 0
    finally:
        database.close()


def test_duplicate_spans_of_an_old_database_are_merged(db_path: Path) -> None:
    """0003 adds the unique span key; duplicates left by 0002 merge and keep their relations."""
    make_old_database(db_path, "0002")
    con = sqlite3.connect(db_path)
    with con:
        con.execute("INSERT INTO annotators VALUES (1, 'alice', 'annotator', '2024-01-01')")
        con.execute("INSERT INTO labels VALUES (1, 'PER', 'entity', '#ffffff', NULL, '', 0)")
        con.execute("INSERT INTO labels VALUES (2, 'QUOTE', 'quote', '#ffffff', NULL, '', 1)")
        con.execute("INSERT INTO layers VALUES (1, 1, 1, 'new', 1, '2024-01-01')")
        spans = [(1, 0, 2, 1), (2, 0, 2, 1), (3, 3, 6, 2), (4, 0, 2, 1)]
        for sid, start, end, label in spans:
            con.execute(
                "INSERT INTO spans VALUES (?, 1, ?, ?, ?, '2024-01-01')", (sid, start, end, label)
            )
        con.execute("INSERT INTO relations VALUES (1, 1, 3, 2, 'SPEAKER')")
        con.execute("INSERT INTO relations VALUES (2, 1, 3, 4, 'SPEAKER')")  # same link twice
        con.execute("INSERT INTO relations VALUES (3, 1, 4, 3, 'OTHER')")
    con.close()
    database = open_database(str(db_path))
    database.close()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT id FROM spans ORDER BY id").fetchall() == [(1,), (3,)]
        assert con.execute(
            "SELECT head_span_id, child_span_id, label FROM relations ORDER BY id"
        ).fetchall() == [(3, 1, "SPEAKER"), (1, 3, "OTHER")]
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("INSERT INTO spans VALUES (9, 1, 0, 2, 1, '2024-01-01')")
    finally:
        con.close()


def newer_database(db_path: Path) -> None:
    open_workspace(str(db_path)).close()
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    assert not Path(f"{db_path}-wal").exists()


def test_newer_database_is_refused_and_untouched(db_path: Path) -> None:
    newer_database(db_path)
    before = snapshot(db_path.parent)
    for opener in (open_database, open_workspace):
        with pytest.raises(SchemaVersionError) as info:
            opener(str(db_path))
        assert "newer" in str(info.value)
        assert str(db_path) in str(info.value)
    assert snapshot(db_path.parent) == before  # same bytes, and no -wal/-shm files created


def test_newer_database_is_refused_by_upgrade_too(db_path: Path) -> None:
    newer_database(db_path)
    before = snapshot(db_path.parent)
    with pytest.raises(SchemaVersionError):
        open_database(str(db_path), upgrade=False)
    assert snapshot(db_path.parent) == before


def test_non_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes("هذا ملف نصي وليس قاعدة بيانات\n".encode() * 50)
    before = snapshot(tmp_path)
    with pytest.raises(DatabaseOpenError) as info:
        open_workspace(str(path))
    assert "not an annotator database" in str(info.value)
    assert snapshot(tmp_path) == before


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        con.execute("INSERT INTO contacts (name) VALUES ('Mark')")
    con.close()
    before = snapshot(tmp_path)
    with pytest.raises(AnnotatorError) as info:
        open_workspace(str(path))
    assert "not an annotator database" in str(info.value)
    assert "contacts" in str(info.value)
    assert snapshot(tmp_path) == before


def test_damaged_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    good = tmp_path / "good.sqlite"
    open_workspace(str(good)).close()
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(good.read_bytes()[:100] + b"\xff" * 3000)
    before = snapshot(tmp_path)
    with pytest.raises(DatabaseOpenError) as info:
        open_workspace(str(damaged))
    assert str(damaged) in str(info.value)
    assert snapshot(tmp_path) == before


def test_folder_is_refused(tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    with pytest.raises(DatabaseOpenError, match="is a folder"):
        open_workspace(str(tmp_path))
    assert snapshot(tmp_path) == before


def test_resolve_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.sqlite"
    url = resolve_url(str(path))
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(path)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite"))
    assert resolve_url(None).database == str(tmp_path / "env.sqlite")
    assert resolve_url(str(path)).database == str(path)  # --db wins over the variable
    pg = resolve_url("postgresql+psycopg://ann:secret@host/db")
    assert pg.get_backend_name() == "postgresql"
    assert "secret" not in safe_url_text(pg)
    assert "secret" not in safe_url_text("postgresql+psycopg://ann:secret@host/db")
    with pytest.raises(DatabaseOpenError):
        resolve_url("://no-dialect")


def test_environment_variable_picks_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "sub" / "env.sqlite"))
    database = open_workspace(None)
    database.close()
    assert (tmp_path / "sub" / "env.sqlite").exists()


def test_writing_into_a_replaced_file_is_refused(tmp_path: Path) -> None:
    """A file swapped under an open database (a restore, a sync tool) is not written into."""
    path = tmp_path / "open.sqlite"
    database = open_workspace(str(path))
    try:
        with database.write() as session:
            session.execute(text("UPDATE settings SET value = value"))
        other = tmp_path / "other.sqlite"
        open_workspace(str(other)).close()
        other.replace(path)
        gone = pytest.raises(DatabaseGoneError, match="deleted or replaced while it was open")
        with gone, database.write():
            pass
    finally:
        database.close()


def test_an_unreachable_file_is_a_plain_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be read, or a mount gone stale, says so instead of a traceback."""
    database = open_workspace(str(tmp_path / "db.sqlite"))
    real_stat = Path.stat

    def stale(self: Path, **kwargs: object) -> object:
        if self.name == "db.sqlite":
            raise OSError(116, "Stale file handle")
        return real_stat(self, **kwargs)  # type: ignore[arg-type]

    try:
        monkeypatch.setattr(Path, "stat", stale)
        unreachable = pytest.raises(DatabaseWriteError, match=r"cannot reach .*Stale file handle")
        with unreachable, database.write():
            pass
    finally:
        monkeypatch.undo()
        database.close()


class _RacingCursor:
    """A cursor whose switch to WAL fails as when another process opens the new file."""

    def __init__(self, failures: int, code: int = sqlite3.SQLITE_BUSY) -> None:
        self.failures, self.code, self.mode, self.tries = failures, code, "delete", 0

    def execute(self, sql: str) -> _RacingCursor:
        if sql == "PRAGMA journal_mode = WAL":
            self.tries += 1
            if self.tries <= self.failures:
                error = sqlite3.OperationalError("database is locked")
                error.sqlite_errorcode = self.code  # type: ignore[attr-defined]
                raise error
            self.mode = "wal"
        return self

    def fetchone(self) -> tuple[str]:
        return (self.mode,)


def test_switch_to_wal_waits_out_a_racing_opener() -> None:
    """SQLite fails the switch at once, without its busy handler: look again and retry."""
    cursor = _RacingCursor(failures=3)
    _switch_to_wal(cursor)
    assert (cursor.mode, cursor.tries) == ("wal", 4)
    other = _RacingCursor(failures=1, code=sqlite3.SQLITE_IOERR)
    with pytest.raises(sqlite3.OperationalError):
        _switch_to_wal(other)
    assert other.tries == 1  # anything but busy is not waited out
