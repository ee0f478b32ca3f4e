"""Alembic migrations run on open; a database from a newer annotator is refused.

Alembic itself is imported only when a migration has to run: opening an up-to-date
database (every start of the app) compares the stored revision with ``HEAD_REVISION``,
which saves about 0.3 s of imports at start-up.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from annotator.storage import sqlite_check
from annotator.storage.errors import DatabaseDamagedError, DatabaseOpenError, SchemaVersionError
from annotator.storage.urls import safe_url_text

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0033"
"""The newest migration's revision (a test checks it against the migration scripts)."""

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant: serialises concurrent first-time migrations on one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x616E6E6F


def alembic_config() -> Config:
    """Alembic configuration pointing at the bundled migration scripts."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> set[str]:
    """Every revision id this program's migrations know."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    """The newest schema revision this program knows (read from the migration scripts)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations bundled"
    return head


def _verdict(revision: str | None, tables: set[str], shown: str) -> None:
    """Raise when the schema is foreign or newer; pass for empty or known schemas."""
    if revision is None:
        if tables - {"alembic_version"}:
            raise SchemaVersionError(
                f"{shown} is not an annotator database (it holds other tables: "
                f"{', '.join(sorted(tables)[:5])})"
            )
        return
    if revision != HEAD_REVISION and revision not in known_revisions():
        raise SchemaVersionError(
            f"{shown} was written by a newer version of annotator (schema {revision}); "
            "install that version or newer to open it"
        )


def check_sqlite_file_readonly(path: Path, shown: str) -> None:
    """Vet an existing SQLite file through a read-only connection, so a refusal writes nothing.

    Refuses a foreign or newer schema (SchemaVersionError) and a damaged file
    (DatabaseDamagedError: an unreadable schema, or what ``PRAGMA quick_check`` finds in a
    file of up to ``sqlite_check.QUICK_CHECK_MAX_BYTES``). A file that changed while it was
    read belongs to a live writer, and is read again before it is called damaged.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    for _attempt in range(3):
        before = sqlite_check.file_state(path)
        tables, revision, damage = _read_sqlite_file(path, shown)
        if not damage or sqlite_check.file_state(path) == before:
            break
    if tables is not None:
        _verdict(revision, tables, shown)
        if revision is None:
            _refuse_foreign_sqlite(path, shown)
    if damage:
        raise DatabaseDamagedError(sqlite_check.describe(Path(shown), damage))


def _refuse_foreign_sqlite(path: Path, shown: str) -> None:
    """Refuse an SQLite file without our schema that is not empty: another application's.

    It may hold no table yet still be someone's: views, triggers or indexes only, or an
    ``application_id`` (set by applications that register one) or ``user_version``.
    """
    try:
        conn = sqlite3.connect(sqlite_check.readonly_uri(path), uri=True)
        try:
            objects = conn.execute(
                "SELECT type, name FROM sqlite_master WHERE name != 'alembic_version' "
                "AND tbl_name != 'alembic_version' ORDER BY type, name"
            ).fetchall()
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # damage is judged by the caller's own reading
    if objects:
        listed = ", ".join(f"{kind} {name}" for kind, name in objects[:5])
        raise SchemaVersionError(
            f"{shown} is not an annotator database (it holds other schema objects: {listed})"
        )
    if application_id or user_version:
        raise SchemaVersionError(
            f"{shown} is not an annotator database (it belongs to another application: "
            f"application_id {application_id}, user_version {user_version})"
        )


def _read_sqlite_file(path: Path, shown: str) -> tuple[set[str] | None, str | None, list[str]]:
    """(tables, schema revision, damage found) of an SQLite file, read read-only."""
    tables: set[str] | None = None
    revision = None
    cut_short = sqlite_check.size_problems(path)
    if cut_short:
        return tables, revision, cut_short
    try:
        conn = sqlite3.connect(sqlite_check.readonly_uri(path), uri=True)
        try:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            if path.stat().st_size <= sqlite_check.QUICK_CHECK_MAX_BYTES:
                return tables, revision, sqlite_check.problems(conn)
        finally:
            conn.close()
    except UnicodeDecodeError as exc:
        # A scribbled schema page can hold bytes that are not UTF-8 where names should be.
        return tables, revision, [f"the schema holds undecodable bytes ({exc.reason})"]
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        damaged = code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
        if damaged or not isinstance(exc, sqlite3.OperationalError):
            return tables, revision, [str(exc)]
        raise DatabaseOpenError(f"cannot open {shown}: {exc}") from None
    return tables, revision, []


def stored_revision(conn: Connection) -> str | None:
    """The schema revision recorded in the database (None when it has none)."""
    if not conn.dialect.has_table(conn, "alembic_version"):
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def check_compatible(conn: Connection, shown: str) -> None:
    """Refuse a foreign or newer schema, reading only."""
    revision = stored_revision(conn)
    if revision == HEAD_REVISION:
        return
    _verdict(revision, set(inspect(conn).get_table_names()), shown)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None when empty)."""
    with engine.connect() as conn:
        return stored_revision(conn)


def upgrade(engine: Engine, target: str = "head") -> bool:
    """Bring the schema to ``target``; return True when something was applied."""
    if target == "head" and current_revision(engine) == HEAD_REVISION:
        return False
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        conn.execution_options(annotator_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
            check_compatible(conn, safe_url_text(engine.url))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
    return True
