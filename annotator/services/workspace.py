"""Opening the database for a CLI command or the GUI: migrate, seed the default schema."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from annotator.services.labels import seed_default_schema
from annotator.storage.database import Database, missing_sqlite_file, open_database, resolve_url


def open_workspace(db: str | None = None, *, create: bool = True) -> Database:
    """Open (create, migrate) the database named by ``--db`` / ANNOTATOR_DB / the default.

    ``create=False`` (a reading command) refuses a SQLite file that does not exist, or has
    no annotator schema, instead of making it, and writes nothing: the default schema is
    given by the commands that may write (and by ``db upgrade``).
    """
    database = open_database(db, create=create)
    if create:
        try:
            seed_default_schema(database)
        except BaseException:  # e.g. a team database this login may not set up
            database.close()
            raise
    return database


def demo_article_paths() -> list[str]:
    """Paths of the bundled demo articles (``resources/samples/*.txt``)."""
    folder = resources.files("annotator.resources") / "samples"
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))


@contextlib.contextmanager
def command_workspace(db: str | None = None, *, create: bool = True) -> Iterator[Database]:
    """``open_workspace`` for one command, closed at the end; a SQLite file the command
    made is removed again when the command fails (a bad file to import, a full disk, an
    interrupt) before it committed anything, so a failed first command leaves no empty
    database behind: the files are as they were. A file that was there before is never
    removed, nor one holding a committed write: a failure after it (the summary's output
    cut off by a closed pipe or a full disk, an interrupt) loses nothing acknowledged.
    """
    url = resolve_url(db)
    made = Path(url.database) if url.database and missing_sqlite_file(url) else None
    try:
        database = open_workspace(db, create=create)
    except BaseException:
        if made is not None:
            _remove_new(made)
        raise
    opened = database.commits  # the new file's own setup (the bundled label schema)
    try:
        yield database
    except BaseException:
        database.close()
        if made is not None and database.commits == opened:
            _remove_new(made)
        raise
    database.close()


def _remove_new(path: Path) -> None:
    """Remove a database file this command made (and its WAL, shared memory, journal)."""
    for name in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + name).unlink(missing_ok=True)
