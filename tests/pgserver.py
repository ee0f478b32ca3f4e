"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl on a Unix socket, trust auth.

The cluster lives in a fresh temporary directory, listens on no TCP port (only on a socket in
that directory), and is stopped and removed at the end of the test session. As root (CI), the
server runs as the ``postgres`` system user, because initdb refuses to run as root.
Databases are cloned from a migrated template (``CREATE DATABASE ... TEMPLATE``), which takes
milliseconds, so every test that needs one gets a fresh database.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from annotator.services.workspace import open_workspace
from annotator.storage.database import Database
from tests import needs

SUPERUSER = "postgres"
Conn = psycopg.Connection[tuple[object, ...]]
PREFETCH = 2
"""Databases cloned ahead of the tests that will take them."""
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class PgUnavailable(Exception):
    """No PostgreSQL server binaries on this machine (the only reason to skip)."""


def find_bin_dir(
    search_path: str | None = None, debian_root: Path = Path("/usr/lib/postgresql")
) -> Path | None:
    """The directory holding initdb and pg_ctl: first on PATH, else the newest Debian one."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name, path=search_path)
        if found:
            folder = Path(found).resolve().parent
            if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
                return folder
    candidates = []
    for folder in debian_root.glob("*/bin"):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            version = folder.parent.name
            candidates.append((int(version) if version.isdigit() else 0, folder))
    return max(candidates)[1] if candidates else None


class PgServer:
    """One running throwaway cluster and the databases made in it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.socket_dir = self.root
        self._as_user: str | None = None
        self._counter = itertools.count(1)
        # One background worker clones databases ahead of the tests that take them and drops
        # the used ones, so neither CREATE nor DROP DATABASE (each an fsync-heavy
        # checkpoint) is waited for by a test.
        self._cond = threading.Condition()
        self._ready: collections.deque[str] = collections.deque()
        self._used: collections.deque[str] = collections.deque()
        self._template: str | None = None
        self._failure: BaseException | None = None
        self._worker: threading.Thread | None = None
        self._stopping = False
        self.running = False

    # -- life cycle ---------------------------------------------------------------------

    def _command(self, *args: str) -> list[str]:
        """A server command line, run as the postgres user when we are root."""
        if self._as_user is None:
            return list(args)
        if shutil.which("runuser"):
            return ["runuser", "-u", self._as_user, "--", *args]
        quoted = " ".join(_shell_quote(a) for a in args)
        return ["su", self._as_user, "-s", "/bin/sh", "-c", quoted]

    def _run(self, *args: str) -> None:
        """Run a server command; fail with its output when it fails."""
        done = subprocess.run(
            self._command(*args), capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({done.returncode}): {done.stdout}{done.stderr}{log}"
            )

    def start(self) -> None:
        """initdb and start the server on a Unix socket in the temporary directory."""
        if os.geteuid() == 0:
            try:
                entry = pwd.getpwnam(SUPERUSER)
            except KeyError:
                raise RuntimeError(
                    "running as root but there is no 'postgres' system user to run the server"
                ) from None
            self._as_user = SUPERUSER
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o700)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-instructions",
            "--no-sync",  # a throwaway cluster; the server itself keeps fsync on
        )
        options = (
            "-c listen_addresses='' "
            f"-c unix_socket_directories='{self.socket_dir}' "
            "-c max_connections=100 "
            "-c shared_buffers=32MB "
            "-c deadlock_timeout=200ms"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.running = True
        atexit.register(self.stop)

    def stop(self) -> None:
        """Stop the server (immediately: nothing in it is kept) and remove its directory."""
        if self._worker is not None:
            with self._cond:
                self._stopping = True
                self._cond.notify_all()
            self._worker.join(timeout=30)
            self._worker = None
        if self.running:
            self.running = False
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run(
                    str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
                )
        shutil.rmtree(self.root, ignore_errors=True)

    # -- databases ----------------------------------------------------------------------

    def url(self, dbname: str, *, password: str | None = None) -> str:
        """SQLAlchemy URL of a database of this cluster (psycopg 3, over the socket)."""
        auth = SUPERUSER if password is None else f"{SUPERUSER}:{password}"
        return f"postgresql+psycopg://{auth}@/{dbname}?host={self.socket_dir}"

    def admin(self) -> Conn:
        """An autocommit connection to the maintenance database."""
        return psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """Create a database (cloned from ``template`` when given); return its name."""
        name = name or f"t_{os.getpid()}_{next(self._counter)}"
        if not _NAME.match(name):
            raise ValueError(f"bad database name {name!r}")
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            # FILE_COPY: cloning and later dropping a small database is fastest this way.
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        with self.admin() as conn:
            conn.execute(query)
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting whoever still uses it."""
        with self.admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def clone(self, template: str) -> str:
        """A fresh database in the state of ``template`` (prepared in the background)."""
        with self._cond:
            if self._template is None:
                self._template = template
                self._worker = threading.Thread(target=self._work, daemon=True)
                self._worker.start()
            assert template == self._template, "one template per server"
            while not self._ready and self._failure is None:
                self._cond.notify_all()
                self._cond.wait()
            if self._failure is not None:
                raise RuntimeError(f"cloning {template} failed: {self._failure}")
            name = self._ready.popleft()
            self._cond.notify_all()
            return name

    def recycle(self, name: str) -> None:
        """Hand back a used database: reset to the template's state for reuse, else dropped.

        The reset (TRUNCATE ... RESTART IDENTITY, then the template's rows and sequence
        positions copied back) takes milliseconds where CREATE DATABASE takes a checkpoint;
        a database whose schema a test changed is dropped instead. It runs in the background.
        """
        with self._cond:
            self._used.append(name)
            self._cond.notify_all()

    def _work(self) -> None:
        """Keep PREFETCH databases ready (reset or cloned), until the server stops."""
        snapshot: _Snapshot | None = None
        while True:
            with self._cond:
                while not self._stopping and not self._used and len(self._ready) >= PREFETCH:
                    self._cond.wait()
                if self._stopping:
                    return
                used = self._used.popleft() if self._used else None
                template = self._template
            assert template is not None
            try:
                if snapshot is None:
                    snapshot = _Snapshot.take(self, template)
                name = used if used is not None else self.create_database(template=template)
                if used is not None and not snapshot.restore(self, used):
                    with contextlib.suppress(psycopg.Error):
                        self.drop_database(used)
                    continue
            except BaseException as exc:
                with self._cond:
                    self._failure = exc
                    self._cond.notify_all()
                return
            with self._cond:
                self._ready.append(name)
                self._cond.notify_all()

    def connect(self, dbname: str) -> Conn:
        """An autocommit superuser connection to a database of this cluster."""
        return psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname=dbname, autocommit=True
        )


_FINGERPRINT = (
    "SELECT table_name, column_name, data_type, column_default FROM information_schema.columns "
    "WHERE table_schema = 'public' ORDER BY 1, 2",
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
    "SELECT conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
    "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' ORDER BY 1",
    "SELECT extname, extversion FROM pg_extension ORDER BY 1",
    "SELECT nspname FROM pg_namespace ORDER BY 1",
    "SELECT version_num FROM alembic_version",
    # Team mode's guard: a test that opened a hole (row security off, a grant, a policy)
    # gets a fresh database, not this one back.
    "SELECT relname, relrowsecurity, relforcerowsecurity, relacl::text FROM pg_class "
    "WHERE relnamespace = 'public'::regnamespace ORDER BY 1",
    "SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies "
    "WHERE schemaname = 'public' ORDER BY 1, 2",
    "SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'",
    "SELECT p.oid::regprocedure::text, p.proconfig::text, p.proacl::text FROM pg_proc p "
    "WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1",
)


class _Snapshot:
    """The template's schema fingerprint, rows and sequence positions, to reset a clone."""

    def __init__(
        self,
        fingerprint: list[list[tuple[object, ...]]],
        tables: list[str],
        rows: dict[str, bytes],
        sequences: list[tuple[str, int]],
    ) -> None:
        self.fingerprint = fingerprint
        self.tables = tables
        self.rows = rows
        self.sequences = sequences

    @staticmethod
    def _fingerprint(
        conn: psycopg.Connection[tuple[object, ...]],
    ) -> list[list[tuple[object, ...]]]:
        return [conn.execute(query).fetchall() for query in _FINGERPRINT]

    @classmethod
    def take(cls, server: PgServer, template: str) -> _Snapshot:
        """Read the template once."""
        with server.connect(template) as conn:
            tables = [
                str(r[0])
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version' ORDER BY 1"
                )
            ]
            rows = {}
            for table in tables:
                query = sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(table))
                with conn.cursor().copy(query) as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                if data:
                    rows[table] = data
            sequences = [
                (str(name), int(str(last)))
                for name, last in conn.execute(
                    "SELECT sequencename, last_value FROM pg_sequences "
                    "WHERE schemaname = 'public' AND last_value IS NOT NULL"
                )
            ]
            return cls(cls._fingerprint(conn), tables, rows, sequences)

    def restore(self, server: PgServer, name: str) -> bool:
        """Reset a used clone to the template's state; False when its schema was changed."""
        with server.admin() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        try:
            with server.connect(name) as conn:
                if self._fingerprint(conn) != self.fingerprint:
                    return False
                conn.execute("SET lock_timeout = '5s'")
                with conn.transaction():
                    conn.execute(
                        sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                            sql.SQL(", ").join(sql.Identifier(t) for t in self.tables)
                        )
                    )
                    for table, data in self.rows.items():
                        query = sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))
                        with conn.cursor().copy(query) as copy:
                            copy.write(data)
                    for sequence, last in self.sequences:
                        conn.execute("SELECT setval(%s, %s, true)", (sequence, last))
        except psycopg.Error:
            return False
        return True


def _shell_quote(arg: str) -> str:
    """Quote one argument for ``sh -c``."""
    return "'" + arg.replace("'", "'\"'\"'") + "'"


def start_server() -> PgServer:
    """Start a throwaway cluster, or raise PgUnavailable when no binaries exist."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PgUnavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in "
            "/usr/lib/postgresql/*/bin; install Debian's postgresql package to run these tests"
        )
    server = PgServer(bin_dir)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


# -- pytest fixtures (registered by tests/conftest.py through pytest_plugins) -------------

TEMPLATE = "annotator_template"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's throwaway PostgreSQL cluster; skips only when no binaries exist."""
    try:
        server = start_server()
    except PgUnavailable as exc:
        needs.missing(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """A migrated database with the default schema, cloned for each test that needs one."""
    pg_server.create_database(TEMPLATE)
    with pg_server.admin() as conn:
        available = conn.execute(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'"
        ).fetchone()
    if available:
        with pg_server.connect(TEMPLATE) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    database = open_workspace(pg_server.url(TEMPLATE))
    database.close()
    return TEMPLATE


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> Iterator[str]:
    """URL of a fresh, migrated PostgreSQL database with the default schema."""
    name = pg_server.clone(pg_template)
    yield pg_server.url(name)
    pg_server.recycle(name)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend a test runs against: SQLite, then PostgreSQL."""
    return str(request.param)


@pytest.fixture
def backend_url(backend: str, request: pytest.FixtureRequest) -> str:
    """Where the test's fresh database lives: an SQLite path (``db_path``) or a PostgreSQL URL."""
    if backend == "sqlite":
        return str(request.getfixturevalue("db_path"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def backend_db(backend_url: str) -> Iterator[Database]:
    """A fresh, migrated database with the default schema, on the test's backend."""
    database = open_workspace(backend_url)
    yield database
    database.close()
