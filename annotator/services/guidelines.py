"""The database's guidelines document: read the version in force, its history; set a new one.

Each set appends a version (``storage.models.Guidelines``) and an audit entry
(``set_guidelines``, with the version and its size) in one transaction; nothing is ever
overwritten. Setting is for reviewers: on PostgreSQL the database itself refuses others
(migration 0011); on SQLite once the database has a reviewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError
from annotator.core.guidelines import MAX_BYTES
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.retry import retrying

from . import access, audit


@dataclass(frozen=True, slots=True)
class Version:
    """One version of the guidelines."""

    version: int
    text: str
    author: str
    created_at: datetime


def _version(row: m.Guidelines) -> Version:
    at = row.created_at if row.created_at.tzinfo is not None else row.created_at.replace(tzinfo=UTC)
    return Version(row.id, row.text, row.author, at)


def current(db: Database) -> Version | None:
    """The guidelines in force (the newest version), None when never set."""
    with db.read() as session:
        row = session.scalars(
            select(m.Guidelines).order_by(m.Guidelines.id.desc()).limit(1)
        ).first()
        return _version(row) if row is not None else None


def current_version(db: Database) -> int | None:
    """The number of the version in force, None when never set."""
    with db.read() as session:
        return session.scalar(select(func.max(m.Guidelines.id)))


def version_at(versions: Sequence[Version], when: datetime) -> int | None:
    """The number of the version in force at ``when`` (``versions`` oldest first, as
    ``history`` gives them); None before the first."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    found = None
    for version in versions:
        if version.created_at > when:
            break
        found = version.version
    return found


def history(db: Database) -> list[Version]:
    """Every version, oldest first."""
    with db.read() as session:
        return [
            _version(r) for r in session.scalars(select(m.Guidelines).order_by(m.Guidelines.id))
        ]


def _reviewers_only(db: Database, session: Session) -> bool:
    """Whether only reviewers change the guidelines: always on PostgreSQL, on SQLite once
    the database has a reviewer."""
    return access.database_login(db) is not None or bool(
        session.scalar(
            select(func.count()).select_from(m.Annotator).where(m.Annotator.role == access.REVIEWER)
        )
    )


def may_change(db: Database, actor: access.Actor | None) -> bool:
    """Whether ``actor`` may set new guidelines now (the rule ``set_guidelines`` applies)."""
    with db.read() as session:
        if not _reviewers_only(db, session):
            return actor is not None
    return actor is not None and actor.is_reviewer


@retrying
def set_guidelines(db: Database, actor: access.Actor, text: str) -> Version | None:
    """Make ``text`` the guidelines in force; None (nothing written) when it is unchanged."""
    if "\x00" in text:
        raise AnnotatorError("guidelines cannot hold a NUL character")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        # The limit of ``guidelines set``'s file, for the app's editor too.
        raise AnnotatorError(
            f"the guidelines are larger than {MAX_BYTES} bytes; they are one document"
        )
    with db.write() as session:
        if _reviewers_only(db, session):
            access.require_reviewer(actor, "changing the guidelines")
        last = session.scalars(
            select(m.Guidelines).order_by(m.Guidelines.id.desc()).limit(1)
        ).first()
        if last is not None and last.text == text:
            return None
        version = session.scalar(
            insert(m.Guidelines)
            .values(text=text, author=actor.name, created_at=m.utcnow())
            .returning(m.Guidelines.id)
        )
        assert version is not None
        audit.record(
            session,
            actor.name,
            "set_guidelines",
            detail={"version": version, "characters": len(text)},
        )
        row = session.get(m.Guidelines, version)
        assert row is not None
        return _version(row)
