"""The audit log: who did what and when, appended in the transaction of every change.

Every mutating service call (annotation and gold operations, assignments, status changes,
review comments, settings, roles, label schema changes) calls ``record`` inside its own
write transaction, so an entry exists exactly when the change was committed. Entries are
never changed; on PostgreSQL a login may only append entries under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.models import utcnow

if TYPE_CHECKING:  # the annotation service imports this module
    from annotator.services.annotations import Change


@dataclass(frozen=True, slots=True)
class EventRow:
    """One audit entry as read back; ``layer_owner`` is whose layer it was, when a layer."""

    id: int
    at: datetime
    actor: str
    action: str
    document_id: int | None
    layer_id: int | None
    layer_owner: str | None
    detail: dict[str, Any]


def record(
    session: Session,
    actor: str,
    action: str,
    *,
    document_id: int | None = None,
    layer_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append an entry in the caller's open write transaction."""
    session.execute(
        insert(m.Event).values(
            at=utcnow(),
            actor=actor,
            action=action,
            document_id=document_id,
            layer_id=layer_id,
            detail=detail or {},
        )
    )


def change_detail(change: Change, owner: str) -> dict[str, Any]:
    """A Change as JSON-ready detail: the layer's owner (as named then) and what changed."""
    detail: dict[str, Any] = {"layer": owner}
    if change.added_spans:
        detail["added_spans"] = [list(s.key) for s in change.added_spans]
    if change.removed_spans:
        detail["removed_spans"] = [list(s.key) for s in change.removed_spans]
    if change.added_relations:
        detail["added_relations"] = [
            [list(h), list(c), lab] for h, c, lab in change.added_relations
        ]
    if change.removed_relations:
        detail["removed_relations"] = [
            [list(h), list(c), lab] for h, c, lab in change.removed_relations
        ]
    if change.topics_on:
        detail["topics_on"] = sorted(change.topics_on)
    if change.topics_off:
        detail["topics_off"] = sorted(change.topics_off)
    if change.status is not None:
        detail["status"] = [change.status[0].value, change.status[1].value]
    if change.decided:
        detail["decided"] = sorted(change.decided)
    if change.undecided:
        detail["undecided"] = sorted(change.undecided)
    if change.version is not None:
        detail["version"] = change.version
    return detail


def read_events(
    db: Database,
    *,
    document_id: int | None = None,
    actor: str | None = None,
    after_id: int = 0,
    limit: int | None = None,
) -> list[EventRow]:
    """Entries in the order they were written, filtered by document and actor, one page."""
    query = (
        select(
            m.Event.id,
            m.Event.at,
            m.Event.actor,
            m.Event.action,
            m.Event.document_id,
            m.Event.layer_id,
            m.Event.detail,
        )
        .where(m.Event.id > after_id)
        .order_by(m.Event.id)
    )
    if document_id is not None:
        query = query.where(m.Event.document_id == document_id)
    if actor is not None:
        query = query.where(m.Event.actor == actor)
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return [
            EventRow(
                eid,
                at if at.tzinfo is not None else at.replace(tzinfo=UTC),  # SQLite: naive UTC
                who,
                action,
                doc,
                lid,
                (detail or {}).get("layer"),
                dict(detail or {}),
            )
            for eid, at, who, action, doc, lid, detail in session.execute(query)
        ]
