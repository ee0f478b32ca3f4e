"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl on a Unix socket, trust auth.

The cluster lives in a fresh temporary directory, listens on no TCP port (only on a socket in
that directory), and is stopped and removed at the end of the test session. As root (CI), the
server runs as the ``postgres`` system user, because initdb refuses to run as root.
Databases are cloned from a migrated template (``CREATE DATABASE ... TEMPLATE``), which takes
milliseconds, so every test that needs one gets a fresh database.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import queue
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

SUPERUSER = "postgres"
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class PgUnavailable(Exception):
    """No PostgreSQL server binaries on this machine (the only reason to skip)."""


def find_bin_dir() -> Path | None:
    """The directory holding initdb and pg_ctl: first on PATH, else the newest Debian one."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found:
            folder = Path(found).resolve().parent
            if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
                return folder
    candidates = []
    for folder in Path("/usr/lib/postgresql").glob("*/bin"):
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
        self._drops: queue.Queue[str | None] = queue.Queue()
        self._dropper: threading.Thread | None = None
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
        if self._dropper is not None:
            self._drops.put(None)
            self._dropper.join(timeout=30)
            self._dropper = None
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

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
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

    def drop_database_later(self, name: str) -> None:
        """Drop a database in a background thread, so a test's teardown does not wait for it."""
        if self._dropper is None:
            self._dropper = threading.Thread(target=self._drop_worker, daemon=True)
            self._dropper.start()
        self._drops.put(name)

    def _drop_worker(self) -> None:
        """Drop the databases queued by drop_database_later until told to stop."""
        while (name := self._drops.get()) is not None:
            with contextlib.suppress(psycopg.Error):
                self.drop_database(name)


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
        pytest.skip(str(exc))
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
        with psycopg.connect(
            host=str(pg_server.socket_dir), user=SUPERUSER, dbname=TEMPLATE, autocommit=True
        ) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    database = open_workspace(pg_server.url(TEMPLATE))
    database.close()
    return TEMPLATE


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> Iterator[str]:
    """URL of a fresh, migrated PostgreSQL database with the default schema."""
    name = pg_server.create_database(template=pg_template)
    yield pg_server.url(name)
    pg_server.drop_database_later(name)


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
