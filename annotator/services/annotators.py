"""Annotators: find or create by name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError
from annotator.core.names import check_name, name_key
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.retry import retrying

GOLD = "gold"
"""Name (and role) of the reserved pseudo-annotator that owns the adjudicated layers."""
ROLES = ("annotator", "reviewer")
"""Roles a person can have; ``GOLD`` is the pseudo-annotator's own role."""


def clean_name(name: str) -> str:
    """Validate an annotator name by the rule of all names (``core.names``), not "gold"."""
    try:
        name = check_name(name.strip(), "an annotator name")
    except ValueError as exc:
        raise AnnotatorError(str(exc)) from None
    if name_key(name) == GOLD:
        raise AnnotatorError(
            f"{name!r} is reserved for the adjudicated (gold) layer; choose another name"
        )
    return name


def get_or_create(session: Session, name: str) -> m.Annotator:
    """The annotator called ``name`` in this write session, created when new."""
    name = clean_name(name)
    row = session.scalar(select(m.Annotator).where(m.Annotator.name == name))
    if row is not None:
        return row
    key = name_key(name)
    for other in session.scalars(select(m.Annotator.name).where(m.Annotator.role != GOLD)):
        if other == name:
            # A concurrent writer created this very name since the lookup above (read
            # committed sees its commit now): it is the one we want, not a look-alike.
            row = session.scalar(select(m.Annotator).where(m.Annotator.name == name))
            assert row is not None
            return row
        if name_key(other) == key:
            raise AnnotatorError(
                f"{name!r} is too like the annotator {other!r} (names that differ only in "
                f"case or width are one name); use {other!r}"
            )
    try:
        with session.begin_nested():
            row = m.Annotator(name=name)
            session.add(row)
    except IntegrityError:  # created by a concurrent writer in the meantime
        row = session.scalar(select(m.Annotator).where(m.Annotator.name == name))
        assert row is not None
    return row


def layer_owner(session: Session, name: str) -> m.Annotator:
    """The owner of layers named ``name``: the gold pseudo-annotator, or a person."""
    if name == GOLD:
        row = session.scalar(select(m.Annotator).where(m.Annotator.role == GOLD))
        if row is not None:
            return row
    return get_or_create(session, name)


def list_annotators(db: Database) -> list[str]:
    """All annotator names, sorted (not the gold pseudo-annotator)."""
    with db.read() as session:
        return list(
            session.scalars(
                select(m.Annotator.name).where(m.Annotator.role != GOLD).order_by(m.Annotator.name)
            )
        )


@retrying
def ensure_annotator(db: Database, name: str) -> str:
    """Create the annotator if new; return the cleaned name."""
    with db.write() as session:
        return get_or_create(session, name).name
