"""Why a database cannot be opened; every message is one line fit to show as it is."""

from __future__ import annotations

from annotator.core.errors import AnnotatorError


def first_line(exc: BaseException) -> str:
    """The first line of an error's own message (a driver error's, not SQLAlchemy's wrapper)."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class DatabaseOpenError(AnnotatorError):
    """The database cannot be opened (missing, damaged, foreign, or too new)."""


class SchemaVersionError(DatabaseOpenError):
    """The database schema is newer than this program, or not an annotator schema at all."""


class DatabaseDamagedError(DatabaseOpenError):
    """The file is an SQLite database whose structure is damaged (truncated, corrupt)."""


class DatabaseWriteError(AnnotatorError):
    """The database could not store an action (disk full or failing, read-only, server gone)."""


class DatabaseGoneError(DatabaseWriteError):
    """The SQLite file was deleted or replaced under the open database: writes would be lost."""
