"""Opening the database for a CLI command or the GUI: migrate, seed the default schema."""

from __future__ import annotations

from importlib import resources

from annotator.services.labels import seed_default_schema
from annotator.storage.database import Database, open_database


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
