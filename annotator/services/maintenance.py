"""Database maintenance: an integrity check, and a consistent backup while the app is in use.

SQLite is checked and copied through a read-only connection, so neither ever writes a byte
of the database (a damaged one included), and the backup (SQLite's online backup API, one
snapshot) is written to a temporary file that becomes OUT only when it is complete and
synced: nothing half-written. PostgreSQL is checked in the database (constraints, amcheck
when installed) and backed up with pg_dump, whose command line is printed, never the
password.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, create_engine, func, inspect, or_, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased
from sqlalchemy.pool import StaticPool

from annotator.core.errors import AnnotatorError
from annotator.core.model import SPEAKER, LabelKind
from annotator.core.names import check_name, printable
from annotator.services.partfiles import partial_beside
from annotator.storage import fulltext, migrate, pg_guard, sqlite_check
from annotator.storage import models as m
from annotator.storage.database import SQLITE_HEADER, open_database, resolve_url, safe_url_text
from annotator.storage.errors import DatabaseOpenError, first_line

SAMPLE = 5
"""Ids shown per kind of problem."""
BODY_INDEX_REVISION = "0014"
TITLE_INDEX_REVISION = "0031"
"""The migration that made the body search index (checked from then on)."""


@dataclass(slots=True)
class CheckReport:
    """What ``annotator db check`` checked and found."""

    database: str
    dialect: str
    checked: list[str] = field(default_factory=list)
    """One line per check that ran (with what it covered)."""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What could not be checked, and why."""

    @property
    def ok(self) -> bool:
        """True when no check found a problem."""
        return not self.problems


@dataclass(frozen=True, slots=True)
class BackupResult:
    """A completed SQLite backup."""

    path: Path
    size: int
    seconds: float
    problems: tuple[str, ...] = ()
    """What a quick check of the copy found (the source was already damaged)."""


# -- check --------------------------------------------------------------------------------


def check_database(db: str | None) -> CheckReport:
    """Check the database named by ``--db`` (or the default) without changing it."""
    url = resolve_url(db)
    if url.get_backend_name() == "sqlite":
        return _check_sqlite(_sqlite_path(url))
    return _check_server(url)


def _sqlite_path(url: URL) -> Path:
    """The existing SQLite file of ``url``, or a clear DatabaseOpenError."""
    if not url.database or url.database == ":memory:":
        raise DatabaseOpenError("an in-memory database has nothing to check or back up")
    path = Path(url.database)
    if not path.is_file():
        raise DatabaseOpenError(f"{path} does not exist")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(f"{path} is not an annotator database (not an SQLite file)")
    return path


def _check_sqlite(path: Path) -> CheckReport:
    """integrity_check, foreign_key_check and the annotation invariants, read-only."""
    for _attempt in range(3):
        before = sqlite_check.file_state(path)
        report = _check_sqlite_once(path)
        if report.ok or sqlite_check.file_state(path) == before:
            return report
    return report  # changed under every attempt: report the last reading


def _check_sqlite_once(path: Path) -> CheckReport:
    """One read-only pass of the SQLite checks."""
    report = CheckReport(str(path), "sqlite")
    cut_short = sqlite_check.size_problems(path)
    report.checked.append("file size against the header's page count")
    if cut_short:
        report.problems.extend(f"integrity: {p}" for p in cut_short)
        report.notes.append("the file is damaged: pages, foreign keys and annotations not checked")
        return report
    uri = sqlite_check.readonly_uri(path)
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"cannot open {path}: {exc}") from None
    try:
        try:
            found = sqlite_check.problems(conn, full=True)
        except sqlite3.DatabaseError as exc:
            found = [str(exc)]
        report.checked.append("SQLite integrity_check (every page, index and constraint)")
        if found:
            report.problems.extend(f"integrity: {p}" for p in found)
            report.notes.append("the file is damaged: foreign keys and annotations not checked")
            return report
        report.problems.extend(f"foreign key: {p}" for p in sqlite_check.foreign_key_problems(conn))
        report.checked.append("SQLite foreign_key_check")
    finally:
        conn.close()
    engine = create_engine("sqlite+pysqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with engine.connect() as sa_conn:
            _check_schema_and_invariants(sa_conn, report)
    finally:
        engine.dispose()
    return report


def _check_server(url: URL) -> CheckReport:
    """PostgreSQL (or another server): constraints, amcheck if installed, invariants."""
    database = open_database(url, upgrade=False)
    report = CheckReport(database.display_name, database.engine.dialect.name)
    try:
        with database.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                _check_postgresql(conn, report)
            else:
                report.notes.append(f"no structural check for {conn.dialect.name}")
            _check_schema_and_invariants(conn, report)
            conn.rollback()
    finally:
        database.close()
    return report


def _check_postgresql(conn: Connection, report: CheckReport) -> None:
    """Constraints in force (validated, triggers enabled) and, with amcheck, B-tree and heap."""
    tables = sorted(inspect(conn).get_table_names())
    unvalidated = conn.execute(
        text(
            "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c "
            "WHERE NOT c.convalidated AND c.conrelid::regclass::text = ANY(:tables)"
        ),
        {"tables": tables},
    ).all()
    for table, name in unvalidated:
        report.problems.append(f"constraint {name} on {table} is not validated (NOT VALID)")
    disabled = conn.execute(
        text(
            "SELECT t.tgrelid::regclass::text, t.tgname FROM pg_trigger t "
            "WHERE t.tgenabled = 'D' AND t.tgrelid::regclass::text = ANY(:tables)"
        ),
        {"tables": tables},
    ).all()
    for table, name in disabled:
        report.problems.append(f"trigger {name} on {table} is disabled (constraints not enforced)")
    report.checked.append(
        "PostgreSQL constraints validated and enforced (pg_constraint, pg_trigger)"
    )
    _check_team_guard(conn, report, len(tables))
    has_amcheck = conn.scalar(text("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'"))
    if not has_amcheck:
        report.notes.append(
            "amcheck is not installed in this database, so index and table pages were not "
            "verified (a superuser can run: CREATE EXTENSION amcheck)"
        )
        return
    indexes = conn.execute(
        text(
            "SELECT i.indexrelid::regclass::text FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'btree' AND i.indrelid::regclass::text = ANY(:tables)"
        ),
        {"tables": tables},
    ).scalars()
    names = list(indexes)
    index_check = text("SELECT bt_index_check(CAST(:i AS regclass), true)")
    for index in names:
        try:
            with conn.begin_nested():
                conn.execute(index_check, {"i": index})
        except DBAPIError as exc:  # amcheck reports corruption as an error
            report.problems.append(f"index {index}: {first_line(exc)}")
    heap_check = conn.scalar(text("SELECT 1 FROM pg_proc WHERE proname = 'verify_heapam'"))
    for table in tables if heap_check else ():
        rows = conn.execute(
            text("SELECT blkno, msg FROM verify_heapam(CAST(:t AS regclass)) LIMIT :n"),
            {"t": table, "n": SAMPLE},
        ).all()
        report.problems.extend(f"table {table} page {blk}: {msg}" for blk, msg in rows)
    heap = f" and {len(tables)} tables (verify_heapam)" if heap_check else ""
    report.checked.append(
        f"amcheck: {len(names)} B-tree indexes (bt_index_check with heapallindexed){heap}"
    )


def _check_team_guard(conn: Connection, report: CheckReport, tables: int) -> None:
    """Team mode's guard (``storage.pg_guard``): row security or no write grant on every
    table, owner-only TRUNCATE, fixed search paths; each hole found is a problem."""
    holes = pg_guard.guard_problems(
        lambda statement, params: conn.exec_driver_sql(statement, params).all()
    )
    report.problems.extend(f"team mode guard: {hole}" for hole in holes)
    report.checked.append(
        f"team mode guard: {tables} tables, their grants, policies, sequences and functions "
        "(row security or no write grant; search_path fixed)"
    )


def _foreign_sqlite_marks(conn: Connection) -> str | None:
    """What makes an SQLite file without our tables someone else's (as every other command
    judges it, ``migrate``): views, triggers or indexes, or an application id or version."""
    if conn.dialect.name != "sqlite":
        return None
    objects = conn.execute(
        text(
            "SELECT type, name FROM sqlite_master WHERE name != 'alembic_version' "
            "AND tbl_name != 'alembic_version' ORDER BY type, name"
        )
    ).all()
    if objects:
        listed = ", ".join(f"{kind} {name}" for kind, name in objects[:5])
        return f"it holds other schema objects: {listed}"
    application_id = conn.scalar(text("PRAGMA application_id"))
    user_version = conn.scalar(text("PRAGMA user_version"))
    if application_id or user_version:
        return (
            "it belongs to another application: "
            f"application_id {application_id}, user_version {user_version}"
        )
    return None


def _check_schema_and_invariants(conn: Connection, report: CheckReport) -> None:
    """Schema revision, then what the annotation model requires beyond SQL constraints."""
    # Imported here: Alembic costs ~80 ms at every CLI start, and only the check needs it.
    from alembic.runtime.migration import MigrationContext

    try:
        revision = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names())
    except Exception as exc:
        report.problems.append(f"schema: cannot be read: {first_line(exc)}")
        return
    if revision is None:
        if tables - {"alembic_version"}:
            report.problems.append(
                "not an annotator database (it holds other tables: "
                f"{', '.join(sorted(tables)[:5])})"
            )
        elif foreign := _foreign_sqlite_marks(conn):
            report.problems.append(f"not an annotator database ({foreign})")
        else:
            report.notes.append("the database is empty (no schema yet)")
        return
    if revision not in migrate.known_revisions():
        report.notes.append(
            f"schema {revision} is newer than this annotator: annotations not checked"
        )
        return
    head = migrate.head_revision()
    report.checked.append(
        f"schema revision {revision}"
        + ("" if revision == head else f" (run 'annotator db upgrade' to reach {head})")
    )
    if conn.dialect.name == "sqlite":
        _check_sqlite_objects(conn, revision, report)
    _check_names(conn, report)
    if _reached(revision, BODY_INDEX_REVISION):
        report.problems.extend(
            f"{p} (repair: 'annotator db check --repair-index')" for p in fulltext.problems(conn)
        )
        report.checked.append("the body search index (present, readable, one entry per document)")
    if _reached(revision, TITLE_INDEX_REVISION):
        report.problems.extend(
            f"{p} (repair: 'annotator db check --repair-index')"
            for p in fulltext.title_problems(conn)
        )
        if conn.dialect.name == "sqlite":
            report.checked.append(
                "the title search index (present, readable, one entry per document)"
            )
    for description, query in _invariant_queries():
        ids = list(conn.execute(query.limit(SAMPLE + 1)).scalars())
        if ids:
            more = ", ..." if len(ids) > SAMPLE else ""
            report.problems.append(f"{description}: ids {', '.join(map(str, ids[:SAMPLE]))}{more}")
    counts = {
        name: conn.scalar(select(func.count()).select_from(table)) or 0
        for name, table in (
            ("documents", m.Document),
            ("layers", m.Layer),
            ("spans", m.Span),
            ("relations", m.Relation),
        )
    }
    report.checked.append(
        "annotation invariants over "
        + ", ".join(f"{n} {name}" for name, n in counts.items())
        + " (spans inside their text, relations within one layer, speakers, topics)"
    )


def _check_names(conn: Connection, report: CheckReport) -> None:
    """Note label and annotator names stored before the name rule that break it."""
    for kind, column in (("label", m.Label.name), ("annotator", m.Annotator.name)):
        bad = []
        for name in conn.scalars(select(column)):
            try:
                check_name(name)
            except ValueError:
                bad.append(printable(name)[:40])
        if bad:
            report.notes.append(
                f"{len(bad)} {kind} names break the name rule (rename them): "
                + ", ".join(f"'{name}'" for name in bad[:SAMPLE])
            )
    report.checked.append("label and annotator names against the name rule")


_SCHEMA_OBJECTS = text(
    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
)
_Objects = dict[tuple[str, str], tuple[str, str]]
_reference_objects: dict[str, _Objects] = {}


def _sqlite_objects(conn: Connection) -> _Objects:
    """Every schema object of an SQLite database: (type, name) -> (table, SQL)."""
    return {
        (kind, name): (table, " ".join((sql or "").split()))
        for kind, name, table, sql in conn.execute(_SCHEMA_OBJECTS)
    }


def migrated_objects(revision: str) -> _Objects:
    """The schema objects the migrations make in a new SQLite database, up to ``revision``."""
    if revision not in _reference_objects:
        engine = create_engine("sqlite://", poolclass=StaticPool)
        try:
            migrate.upgrade(engine, revision)
            with engine.connect() as conn:
                _reference_objects[revision] = _sqlite_objects(conn)
        finally:
            engine.dispose()
    return _reference_objects[revision]


def _check_sqlite_objects(conn: Connection, revision: str, report: CheckReport) -> None:
    """Report every table, index, view and trigger the migrations did not make, or lack.

    A trigger planted in the file (``DELETE FROM spans`` on every insert) would run inside
    the next import; views and triggers are compared with their SQL too.
    """
    found = _sqlite_objects(conn)
    expected = migrated_objects(revision)
    for (kind, name), (table, sql) in sorted(found.items()):
        known = expected.get((kind, name))
        on = "" if table == name else f" on {table}"
        if known is None:
            report.problems.append(
                f"schema: {kind} {name}{on} was not made by annotator's migrations: {sql[:120]}"
            )
        elif kind in ("trigger", "view") and known[1] != sql:
            report.problems.append(f"schema: {kind} {name}{on} differs from the migrations'")
    for kind, name in sorted(set(expected) - set(found)):
        report.problems.append(f"schema: {kind} {name} is missing")
    report.checked.append(
        f"{len(found)} schema objects (tables, indexes, views, triggers) against a new "
        f"database migrated to {revision}"
    )


def _reached(revision: str, wanted: str) -> bool:
    """Whether schema ``revision`` is ``wanted`` or comes after it."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return any(r.revision == wanted for r in script.iterate_revisions(revision, "base"))


def repair_index(db: str | None) -> int:
    """Rebuild the body and title search indexes from the stored texts and title keys in
    one transaction; the count.

    The texts are read, never written; the old index stays if the rebuild fails.
    """
    database = open_database(db, create=False)
    try:
        with database.write() as session:
            return fulltext.rebuild_all(session.connection())
    finally:
        database.close()


def _invariant_queries() -> Iterator[tuple[str, Any]]:
    """(description, SELECT of offending ids) for each invariant SQL constraints cannot state."""
    yield (
        "spans ending beyond their document's text",
        select(m.Span.id)
        .join(m.Layer, m.Span.layer_id == m.Layer.id)
        .join(m.Document, m.Layer.document_id == m.Document.id)
        .where(m.Span.end > func.length(m.Document.text))
        .order_by(m.Span.id),
    )
    head = aliased(m.Span)
    child = aliased(m.Span)
    yield (
        "relations between spans of another layer",
        select(m.Relation.id)
        .join(head, m.Relation.head_span_id == head.id)
        .join(child, m.Relation.child_span_id == child.id)
        .where(or_(head.layer_id != m.Relation.layer_id, child.layer_id != m.Relation.layer_id))
        .order_by(m.Relation.id),
    )
    head_label = aliased(m.Label)
    child_label = aliased(m.Label)
    yield (
        f"{SPEAKER} relations not from a quote to an entity",
        select(m.Relation.id)
        .join(head, m.Relation.head_span_id == head.id)
        .join(child, m.Relation.child_span_id == child.id)
        .join(head_label, head.label_id == head_label.id)
        .join(child_label, child.label_id == child_label.id)
        .where(
            and_(
                m.Relation.label == SPEAKER,
                or_(
                    head_label.kind != LabelKind.QUOTE.value,
                    child_label.kind != LabelKind.ENTITY.value,
                ),
            )
        )
        .order_by(m.Relation.id),
    )
    spoken = (
        select(m.Relation.head_span_id)
        .where(m.Relation.label == SPEAKER)
        .group_by(m.Relation.head_span_id)
        .having(func.count() > 1)
    )
    yield (
        f"quotes with more than one {SPEAKER} (relation ids)",
        select(m.Relation.id)
        .where(m.Relation.label == SPEAKER, m.Relation.head_span_id.in_(spoken))
        .order_by(m.Relation.id),
    )
    yield (
        "document topics whose label is not a topic (layer ids)",
        select(m.LayerTopic.layer_id)
        .join(m.Label, m.LayerTopic.label_id == m.Label.id)
        .where(m.Label.kind != LabelKind.TOPIC.value)
        .order_by(m.LayerTopic.layer_id),
    )
    # A span whose label is a topic is a *topic span* (a topic key over a selection), a
    # documented feature: it is not damage.


# -- backup -------------------------------------------------------------------------------


def backup(
    db: str | None, out: Path, *, progress: Callable[[int, int], None] | None = None
) -> BackupResult | str:
    """Back up the database: an SQLite copy (BackupResult), else pg_dump instructions."""
    url = resolve_url(db)
    if url.get_backend_name() != "sqlite":
        return pg_dump_instructions(url, out)
    return backup_sqlite(_sqlite_path(url), out, progress=progress)


def backup_sqlite(
    source: Path, out: Path, *, progress: Callable[[int, int], None] | None = None
) -> BackupResult:
    """Copy an SQLite database to ``out`` (which must not exist): one consistent snapshot.

    Runs beside writers (WAL readers never block them); the copy is written to a temporary
    file next to ``out``, checked, synced and then linked into place, so ``out`` is either
    the whole copy or absent.
    """
    out = out.expanduser()
    if out.resolve() == source.resolve():
        raise AnnotatorError("the backup cannot be the database itself")
    if out.exists():
        raise AnnotatorError(f"{out} already exists; choose a new file name for the backup")
    if not out.parent.is_dir():
        raise AnnotatorError(f"{out.parent} is not a folder")
    started = time.monotonic()
    with _temporary_beside(out) as partial:
        for _attempt in range(3):
            before = sqlite_check.file_state(source)
            _copy(source, partial, progress)
            if sqlite_check.file_state(source) == before or before[2]:
                break  # read through the WAL (consistent by itself), or nothing changed
        problems = _finish_copy(partial)
        try:
            os.link(partial, out)  # fails rather than overwrite a file made meanwhile
        except FileExistsError:
            raise AnnotatorError(f"{out} appeared meanwhile; nothing was overwritten") from None
        _sync_dir(out.parent)
    return BackupResult(out, out.stat().st_size, time.monotonic() - started, tuple(problems))


def _copy(source: Path, target: Path, progress: Callable[[int, int], None] | None) -> None:
    """SQLite online backup of ``source`` into ``target``, in one step (one snapshot).

    ``target`` is the locked partial file (``partfiles``), empty or holding an earlier
    attempt, which the backup overwrites whole; it is not replaced, so its lock holds.
    """
    try:
        src = sqlite3.connect(sqlite_check.readonly_uri(source), uri=True)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"cannot open {source}: {exc}") from None
    try:
        dst = sqlite3.connect(target)
        try:

            def report(_status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            src.backup(dst, pages=-1, progress=report)
        finally:
            dst.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"cannot copy {source}: {exc}") from None
    finally:
        src.close()


def _finish_copy(path: Path) -> list[str]:
    """Make the copy a self-contained file (no -wal needed), quick-check it, and sync it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        try:
            problems = sqlite_check.problems(conn)
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
    finally:
        conn.close()
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
    return problems


PARTIAL_SUFFIX = ".partial"
"""The suffix of a backup's hidden partial file (``partfiles``)."""


@contextmanager
def _temporary_beside(out: Path) -> Iterator[Path]:
    """A locked partial file in ``out``'s folder, removed whatever happens.

    Partial files a killed backup of the same OUT left behind are removed first.
    """
    with partial_beside(out, PARTIAL_SUFFIX) as path:
        try:
            yield path
        finally:
            Path(f"{path}-journal").unlink(missing_ok=True)


def _sync_dir(folder: Path) -> None:
    """fsync a folder so a new directory entry survives a power loss."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pg_dump_instructions(url: URL, out: Path | str) -> str:
    """The pg_dump command that backs up this PostgreSQL database (password never shown)."""
    host = url.host or url.query.get("host")
    if isinstance(host, tuple):
        host = host[0]
    args = ["pg_dump", "--format=custom", f"--file={out}"]
    if host:
        args.append(f"--host={host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    args.append(url.database or "")
    return "\n".join(
        (
            f"{safe_url_text(url)} is a PostgreSQL database: back it up with pg_dump, which "
            "takes a consistent snapshot while the database is in use:",
            f"  {shlex.join(args)}",
            "The password is not shown: pg_dump asks for it, or reads PGPASSWORD or ~/.pgpass.",
            "Restore into a new, empty database with:",
            f"  pg_restore --dbname=NEW_DATABASE {shlex.quote(str(out))}",
        )
    )
