"""Opening a database: URL resolution, SQLite pragmas, migrations on open, sessions."""

from __future__ import annotations

import functools
import gc
import os
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import (
    Connection,
    Engine,
    Text,
    bindparam,
    cast,
    create_engine,
    event,
    insert,
    inspect,
    literal_column,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    DisconnectionError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, TableClause

from annotator.core.errors import AnnotatorError, PermissionDeniedError
from annotator.core.jsonio import loads_exact
from annotator.storage import migrate, sqlite_check
from annotator.storage.errors import (
    DatabaseGoneError,
    DatabaseOpenError,
    DatabaseWriteError,
    first_line,
)
from annotator.storage.urls import safe_url_text as safe_url_text  # re-exported
from annotator.storage.urls import split_secrets

ENV_VAR = "ANNOTATOR_DB"
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"


def default_database_path() -> Path:
    """The SQLite file used when neither ``--db`` nor ``ANNOTATOR_DB`` is given."""
    return Path(platformdirs.user_data_dir("annotator", appauthor=False)) / "annotator.sqlite"


def resolve_url(db: str | None) -> URL:
    """Turn ``--db`` (a path or any SQLAlchemy URL), else ``ANNOTATOR_DB``, else the default."""
    value = db or os.environ.get(ENV_VAR) or str(default_database_path())
    if "://" in value:
        try:
            return make_url(value)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise DatabaseOpenError(f"not a database URL: {safe_url_text(value)}") from None
    path = Path(value).expanduser()
    return URL.create("sqlite+pysqlite", database=str(path))


def _check_sqlite_file(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not an SQLite database."""
    if path.is_dir():
        raise DatabaseOpenError(
            f"{path} is a folder; give a database file such as {path}/db.sqlite"
        )
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(f"{path} is not an annotator database (not an SQLite file)")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL for concurrent readers, enforced foreign keys, and waiting instead of failing."""
    # Let SQLAlchemy's begin event issue BEGIN itself (pysqlite's implicit one is lazy).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    # FULL: a committed action survives power loss too, not just a killed process.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """Put the database in WAL mode, once, even when several processes open it at once.

    Switching needs the file to itself, and SQLite does not wait for that (no busy
    handler): a process opening a new file at the same moment as another makes it fail at
    once with "database is locked" (3 of 320 such opens here). So wait and look again,
    up to the busy timeout; usually the other process has switched it meanwhile.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode in ("wal", "memory"):
            return
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", sqlite3.SQLITE_BUSY)
            if code & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(random.uniform(pause / 2, pause))
        pause = min(pause * 2, 0.2)


def _sqlite_begin(conn: Any) -> None:
    """Writers take the write lock up front so two writers queue instead of deadlocking."""
    mode = "IMMEDIATE" if conn.get_execution_options().get("annotator_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


# SQLite's primary result codes that mean the storage failed, not the statement: the
# action cannot be saved, and saying so plainly beats a driver message and a traceback.
_SQLITE_STORAGE = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_NOTADB,
    }
)
# PostgreSQL SQLSTATE classes of the same kind: connection, resources (disk full), system
# (I/O), and the server shutting down.
_PG_STORAGE = ("08", "53", "58", "57P")


def storage_failure(exc: DBAPIError) -> bool:
    """Whether a driver error says the database could not store anything, not a bug of ours."""
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate.startswith(_PG_STORAGE)
    code = getattr(orig, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in _SQLITE_STORAGE


PG_REFUSED = "42501"
"""PostgreSQL's SQLSTATE insufficient_privilege: a grant or a row-security policy said no."""


def refused_by_database(exc: DBAPIError) -> bool:
    """Whether PostgreSQL refused the statement to this login (team mode's guard)."""
    return getattr(exc.orig, "sqlstate", None) == PG_REFUSED


def refusal_text(exc: DBAPIError) -> str:
    """One line saying the database refused, with its own reason."""
    return (
        f"the database refused it: {first_line(exc)} (your login's role does not allow "
        "this; see README, Team mode)"
    )


class Database:
    """An open, migrated annotator database and the sessions to use it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url
        self._file = self._main_file()
        self._identity = _identity(self._file) if self._file else None
        self.commits = 0
        """Write transactions committed through ``write`` since it was opened (what a
        command's workspace asks before it removes a database file the command made)."""

    @property
    def is_sqlite(self) -> bool:
        """True for SQLite (the dialect that needs its own pragmas and locking)."""
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        """The database location fit for a window title or message (no password)."""
        return safe_url_text(self.url)

    def own_files(self) -> frozenset[Path]:
        """The files this SQLite database lives in, which nothing may be written over.

        The database file and its WAL, shared-memory index and journal; none for a server
        database or one in memory.
        """
        main = self._file
        if main is None:
            return frozenset()
        extra = ("-wal", "-shm", "-journal")
        return frozenset({main, *(main.with_name(main.name + end) for end in extra)})

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it never writes."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.rollback()

    @contextmanager
    def single_read(self) -> Iterator[Connection]:
        """A connection for reads of ONE statement each: each statement its own snapshot.

        On a server outside any transaction (autocommit), which spares the BEGIN and the
        ROLLBACK around the statement: one round trip to PostgreSQL instead of three (the
        article opened at each step through the list, a page of the list). One statement
        sees one snapshot either way; a read of several statements that must agree with
        each other takes ``read``. Never for writes.
        """
        if self.is_sqlite:
            with self.engine.connect() as conn:
                yield conn
                conn.rollback()
            return
        with self._autocommit.connect() as conn:
            yield conn

    @functools.cached_property
    def _autocommit(self) -> Engine:
        """The engine's pool, its connections lent without a transaction."""
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back wholly on an error.

        Raises ``DatabaseGoneError`` before writing when the SQLite file was deleted or
        replaced since it was opened (the writes would go to a file nobody can open again),
        and ``DatabaseWriteError`` when the storage refuses (disk full, read-only, I/O).
        """
        self._check_file()
        try:
            with self.engine.connect() as conn:
                conn.execution_options(annotator_write=True)
                with conn.begin(), Session(bind=conn, expire_on_commit=False) as session:
                    yield session
                    session.flush()
                self.commits += 1
        except DBAPIError as exc:
            if refused_by_database(exc):
                raise PermissionDeniedError(refusal_text(exc)) from None
            if not storage_failure(exc):
                raise
            raise DatabaseWriteError(
                f"could not save to {self.display_name} ({first_line(exc)}); nothing of this "
                "action was saved. Check the disk and the file's permissions ('annotator db "
                "check' tells whether the file is damaged), then try again"
            ) from exc

    def _main_file(self) -> Path | None:
        """The SQLite database file, or None for a server or in-memory database."""
        name = self.url.database if self.is_sqlite else None
        return Path(name).resolve() if name and name != ":memory:" else None

    def _check_file(self) -> None:
        """Refuse to write when the SQLite file is no longer the one that was opened."""
        if self._file is None:
            return
        try:
            now = _identity(self._file)
        except OSError as exc:  # a folder not readable, a dropped network or sync mount
            raise DatabaseWriteError(
                f"cannot reach the database file {self._file} ({exc.strerror}); nothing of "
                "this action was saved"
            ) from None
        if now == self._identity:
            return
        raise DatabaseGoneError(
            f"the database file {self._file} was deleted or replaced while it was open; "
            "nothing of this action was saved. Open the database again (or restore it "
            "from a backup)"
        )

    def refresh_statistics(self, tables: Iterable[str]) -> list[str]:
        """Let PostgreSQL's planner see rows just written: VACUUM (ANALYZE) those tables
        it may.

        Right after a large import autovacuum has not yet sampled the new rows, and the
        planner, still thinking the tables small, reads every layer of an annotator to page
        the list. Nor has it vacuumed them: until then every read of a new row checks its
        inserting transaction and writes hint bits, and no page is all-visible, so a
        phrase search at a million articles took 1.25 s p95 right after the import and
        0.13 s after VACUUM (80 s there; a later import's VACUUM visits only the pages
        changed since). Both need the table's or the database's owner (PostgreSQL 15; a
        superuser too): tables this login may not vacuum are skipped without a word
        (autovacuum does it within minutes), as is SQLite (its planner needs no
        statistics here). Runs outside the import's transaction (VACUUM cannot run inside
        one) after the data was committed; a failure never undoes the import. Returns the
        tables vacuumed and analysed.
        """
        if self.is_sqlite:
            return []
        wanted = sorted(set(tables))
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                may = conn.execute(
                    text(
                        "SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = ANY("
                        "SELECT pg_catalog.to_regclass(n) FROM pg_catalog.unnest("
                        "CAST(:names AS text[])) AS n) AND (pg_catalog.pg_has_role("
                        "c.relowner, 'USAGE') OR pg_catalog.pg_has_role((SELECT d.datdba "
                        "FROM pg_catalog.pg_database d WHERE d.datname = "
                        "pg_catalog.current_database()), 'USAGE'))"
                    ),
                    {"names": wanted},
                ).scalars()
                names = sorted(set(may) & set(wanted))
                if names:
                    quote = conn.dialect.identifier_preparer.quote
                    conn.execute(text("VACUUM (ANALYZE) " + ", ".join(quote(n) for n in names)))
        except DBAPIError:
            return []  # statistics are an optimisation: autovacuum will catch up
        return names

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def create_db_engine(url: URL) -> Engine:
    """Create an engine with this project's per-dialect settings."""
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            path = Path(url.database)
            _check_sqlite_file(path)
            migrate.check_sqlite_file_readonly(path, safe_url_text(url))
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            json_deserializer=loads_exact,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A password given as ?password= goes to the driver, not into the engine's URL.
    url, secrets = split_secrets(url)
    # LIFO: the connection used last (the one least likely to have been dropped) goes out
    # first, so the window's next read finds it without a ping.
    engine = create_engine(url, connect_args=secrets, pool_use_lifo=True)
    _ping_when_idle(engine)
    return engine


PING_AFTER_IDLE_S = 1.0
"""A pooled server connection unused for longer than this is pinged before it is used."""
_IDLE_SINCE = "annotator_idle_since"


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled server connection before use, unless it was in use a moment ago.

    ``pool_pre_ping`` pings at every checkout: a round trip to the server more for every
    transaction (1 of the 5 an article's opening costs on PostgreSQL, paid at each step
    through the list). Here a connection handed back less than ``PING_AFTER_IDLE_S`` ago
    goes out as it is; an idle one (the server may have been restarted, or a firewall may
    have dropped it, meanwhile) is pinged, and replaced by a new one when the ping fails.
    Should the server drop a connection in the second after its last use, the statement
    fails as a lost connection: SQLAlchemy invalidates the pool, the action saves nothing
    and says so (``DatabaseWriteError``), and the next one reconnects.
    """
    dialect = engine.dialect

    def idle(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is not None and time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            # The pool throws this connection away and checks out another (a new one).
            raise DisconnectionError(f"the pooled connection is gone: {first_line(exc)}") from exc

    event.listen(engine, "connect", idle)
    event.listen(engine, "checkin", idle)
    event.listen(engine, "checkout", checkout)


def open_database(
    db: str | URL | None = None, *, upgrade: bool = True, create: bool = True
) -> Database:
    """Open (creating if needed) and migrate the database named by ``db``.

    Refuses with ``DatabaseOpenError`` a database of a newer annotator, a database of
    another application, or a damaged or foreign file; such files are left untouched.
    ``create=False``: a SQLite file that does not exist is refused too, not made (with
    its folders), so that a mistyped path is not taken for an empty database.
    """
    url = db if isinstance(db, URL) else resolve_url(db)
    shown = safe_url_text(url)
    if not create and missing_sqlite_file(url):
        raise DatabaseOpenError(
            f"no database at {shown} (check the path; 'annotator import' or the app makes one)"
        )
    if not create and _sqlite_without_schema(url):
        # Not even the switch to WAL: a reading command leaves such a file as it is.
        raise DatabaseOpenError(_NO_SCHEMA.format(shown=shown))
    try:
        engine = create_db_engine(url)
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"cannot open {shown}: {exc}") from None
    except ArgumentError as exc:
        raise DatabaseOpenError(f"cannot use {shown}: {exc}") from None
    except ModuleNotFoundError as exc:
        raise DatabaseOpenError(
            f"cannot use {shown}: driver {exc.name!r} is not installed "
            "(for PostgreSQL: pip install 'annotator[postgres]')"
        ) from None
    try:
        with engine.connect() as conn:
            migrate.check_compatible(conn, shown)
            empty = migrate.stored_revision(conn) is None
        if empty and not create:
            engine.dispose()
            raise DatabaseOpenError(_NO_SCHEMA.format(shown=shown))
        if upgrade:
            migrate.upgrade(engine)
    except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DatabaseOpenError(f"cannot open {shown}: {first_line(exc)}") from None
    except AnnotatorError:
        engine.dispose()
        raise
    return Database(engine)


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names now (device, inode), or None when there is none."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):  # gone, or a folder of its path is
        return None
    return info.st_dev, info.st_ino


_NO_SCHEMA = (
    "{shown} holds no annotator database; a reading command does not make one "
    "(an import, the app or 'annotator db upgrade' does)"
)


def _sqlite_without_schema(url: URL) -> bool:
    """Whether ``url`` names an existing SQLite file without our schema (read-only look).

    An empty file, or an SQLite database with no schema object and no application id; one
    holding others' objects or id, or that cannot be read as SQLite, is left to the checks
    that say why.
    """
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return False
    path = Path(url.database)
    try:
        if not path.is_file():
            return False
        if path.stat().st_size == 0:
            return True
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        conn = sqlite3.connect(sqlite_check.readonly_uri(path), uri=True)
        try:
            found = conn.execute("SELECT 1 FROM sqlite_master").fetchone() or any(
                conn.execute(f"PRAGMA {pragma}").fetchone()[0]
                for pragma in ("application_id", "user_version")
            )
        finally:
            conn.close()
    except (OSError, sqlite3.DatabaseError):
        return False
    return not found


def missing_sqlite_file(url: URL) -> bool:
    """Whether ``url`` names a SQLite file that does not exist (yet)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return False
    return not Path(url.database).exists()


def table_names(engine: Engine) -> list[str]:
    """Names of the tables present (for diagnostics and tests)."""
    return sorted(inspect(engine).get_table_names())


def sql_literal(conn: Connection, column: ColumnElement[Any], value: object) -> Any:
    """``value`` as an SQL literal of ``column``'s type, rendered into the statement once.

    For a value every row of a bulk insert shares (one timestamp per batch): a bound value
    would be converted again for each of many thousand rows.
    """
    render = column.type.dialect_impl(conn.dialect).literal_processor(conn.dialect)
    if render is None:
        raise TypeError(f"{column.type} values cannot be rendered as SQL literals")
    return literal_column(render(value), column.type)


def insert_rows(
    conn: Connection,
    table: TableClause,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: dict[str, Any] | None = None,
    *,
    utf8: Sequence[str] = (),
) -> None:
    """INSERT plain row tuples with one ``executemany`` handed straight to the driver.

    The hot path of bulk imports: the statement is compiled for the connection's dialect
    once, and the values go to the DB-API as they are, without SQLAlchemy's per-row
    parameter processing. So every value must already be what the driver takes (int,
    str, None): no datetimes or JSON, which go in ``constants`` (column name -> value,
    rendered once as SQL literals) or through an ordinary ``insert()``.

    ``utf8``: text columns whose values may come as their UTF-8 bytes (SQLite only): they
    are bound as ``CAST(? AS TEXT)``, which stores those very bytes as the text (the
    database's encoding is UTF-8), where binding the ``str`` would have the driver encode
    it once more (~4 us for an article's 8 KB).
    """
    if not rows:
        return
    values: dict[str, Any] = {name: bindparam(name) for name in columns}
    for name in utf8:
        values[name] = cast(values[name], Text)
    for name, value in (constants or {}).items():
        values[name] = sql_literal(conn, table.c[name], value)
    compiled = insert(table).values(values).compile(dialect=conn.dialect)
    params: Sequence[Any]
    if compiled.positional:
        order = [columns.index(name) for name in compiled.positiontup or ()]
        params = (
            rows
            if order == list(range(len(columns)))
            else [tuple(row[i] for i in order) for row in rows]
        )
    else:
        params = [dict(zip(columns, row, strict=True)) for row in rows]
    conn.exec_driver_sql(str(compiled), params)


@contextmanager
def bulk_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for one bulk import or export.

    Such a run allocates millions of short-lived rows, dicts and tuples, which plain
    reference counting frees; but they keep triggering full collections that walk every
    object the process holds (all of SQLAlchemy's), for no garbage: about a tenth of an
    import's or export's time. Reference cycles made meanwhile are collected afterwards.
    Restores the collector's previous state (nested or concurrent use is harmless).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


BULK_CACHE_KIB = 256 * 1024
"""SQLite page cache of one bulk import (KiB; the connection's default is 2 MB)."""


@contextmanager
def bulk_page_cache(conn: Connection, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """A larger SQLite page cache on this connection for one bulk write, restored after.

    One import is one transaction: every page it changes stays dirty until the commit.
    With the default 2 MB cache SQLite writes such pages out to the WAL when the cache is
    full and reads them back when the import touches them again, above all the leaves of
    the unique index of text hashes, where each new document lands on a random page. At
    100,000 articles that made the import write 1.5 GB and read 2.8 GB for a 560 MB
    database; with 256 MB, 1.1 GB (the WAL, then the checkpoint) and 1.8 GB. The memory
    is taken only as the database's pages need it and given back when the size is
    restored. PostgreSQL: nothing (its buffers are the server's).
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        # If the connection failed meanwhile, the import's own error is the one to tell.
        with suppress(SQLAlchemyError):
            conn.exec_driver_sql(f"PRAGMA cache_size = {before}")
