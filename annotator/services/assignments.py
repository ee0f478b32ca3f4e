"""Assignment: reviewers put documents in annotators' queues, N annotators per document.

``assign`` hands each document to the N annotators (of those named) with the fewest
assignments so far, ties going round-robin in the order given, so the queues stay level
however many documents are assigned at once or over several runs. A document already
assigned to someone keeps them, and counts them towards its N.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError, NotFoundError
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.models import utcnow
from annotator.storage.retry import retrying

from . import access, annotators, audit
from .review import as_utc

PAGE = 1000


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """One document in one annotator's queue."""

    document_id: int
    annotator: str
    assigned_by: str
    assigned_at: datetime


@dataclass(slots=True)
class AssignSummary:
    """What ``assign`` did: documents topped up, assignments added, each annotator's load."""

    documents: int = 0
    added: int = 0
    load: dict[str, int] = field(default_factory=dict)
    """Every named annotator's number of assigned documents afterwards."""


@retrying
def assign(
    db: Database,
    actor: access.Actor,
    names: Sequence[str],
    per_document: int,
    *,
    document_ids: Sequence[int] | None = None,
    all_unassigned: bool = False,
) -> AssignSummary:
    """Give documents N annotators each (see the module docstring); reviewers only.

    ``document_ids`` names the documents; ``all_unassigned`` takes every document with
    fewer than ``per_document`` annotators assigned.
    """
    access.require_reviewer(actor, "assigning documents")
    people = list(dict.fromkeys(annotators.clean_name(n) for n in names))
    if not people:
        raise AnnotatorError("name the annotators to assign documents to")
    if not 1 <= per_document <= len(people):
        raise AnnotatorError(
            f"--per-document must be between 1 and the number of annotators ({len(people)})"
        )
    if (document_ids is None) == (not all_unassigned):
        raise AnnotatorError("give either document ids or all unassigned documents")
    summary = AssignSummary()
    with db.write() as session:
        ids = {a: annotators.get_or_create(session, a).id for a in people}
        load = dict.fromkeys(people, 0)
        for annotator_id, count in session.execute(
            select(m.Assignment.annotator_id, func.count())
            .where(m.Assignment.annotator_id.in_(ids.values()))
            .group_by(m.Assignment.annotator_id)
        ):
            load[next(a for a, i in ids.items() if i == annotator_id)] = count
        counts = (
            select(m.Assignment.document_id, func.count().label("n"))
            .group_by(m.Assignment.document_id)
            .subquery()
        )
        query = (
            select(m.Document.id, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.document_id == m.Document.id)
            .order_by(m.Document.id)
        )
        if document_ids is not None:
            wanted = sorted(set(document_ids))
            docs = session.execute(query.where(m.Document.id.in_(wanted))).all()
            missing = sorted(set(wanted) - {d for d, _ in docs})
            if missing:
                raise NotFoundError(f"no document {', '.join(map(str, missing[:5]))}")
        else:
            docs = session.execute(query.where(func.coalesce(counts.c.n, 0) < per_document)).all()
        taken = _taken(session, [d for d, n in docs if n], ids)
        turn = {a: i - len(people) for i, a in enumerate(people)}  # round-robin tie-break
        rows: list[dict[str, object]] = []
        now = utcnow()
        tick = 0
        for doc_id, already in docs:
            need = per_document - already
            free = [a for a in people if a not in taken.get(doc_id, ())]
            chosen = sorted(free, key=lambda a: (load[a], turn[a]))[: max(need, 0)]
            for name in chosen:
                load[name] += 1
                turn[name] = tick
                tick += 1
                rows.append(
                    {
                        "document_id": doc_id,
                        "annotator_id": ids[name],
                        "assigned_by": actor.name,
                        "assigned_at": now,
                    }
                )
            summary.documents += bool(chosen)
        for start in range(0, len(rows), PAGE):
            session.execute(insert(m.Assignment), rows[start : start + PAGE])
        summary.added = len(rows)
        summary.load = load
        audit.record(
            session,
            actor.name,
            "assign",
            detail={
                "annotators": people,
                "per_document": per_document,
                "documents": sorted({int(str(r["document_id"])) for r in rows}),
            },
        )
    return summary


def _taken(session: Session, doc_ids: list[int], ids: dict[str, int]) -> dict[int, set[str]]:
    """Which of the named annotators each document is already assigned to."""
    names = {i: a for a, i in ids.items()}
    taken: dict[int, set[str]] = {}
    for start in range(0, len(doc_ids), PAGE):
        for doc_id, annotator_id in session.execute(
            select(m.Assignment.document_id, m.Assignment.annotator_id).where(
                m.Assignment.document_id.in_(doc_ids[start : start + PAGE])
            )
        ):
            if annotator_id in names:
                taken.setdefault(doc_id, set()).add(names[annotator_id])
    return taken


@retrying
def unassign(
    db: Database,
    actor: access.Actor,
    name: str,
    document_ids: Sequence[int] | None = None,
) -> int:
    """Take documents (all, when None) out of an annotator's queue; return how many."""
    access.require_reviewer(actor, "unassigning documents")
    with db.write() as session:
        who = session.scalar(select(m.Annotator.id).where(m.Annotator.name == name))
        if who is None:
            raise NotFoundError(f"no annotator named {name!r}")
        query = delete(m.Assignment).where(m.Assignment.annotator_id == who)
        if document_ids is not None:
            query = query.where(m.Assignment.document_id.in_(list(document_ids)))
        removed = int(session.execute(query).rowcount)  # type: ignore[attr-defined]
        if removed:
            audit.record(
                session,
                actor.name,
                "unassign",
                detail={
                    "annotator": name,
                    "documents": sorted(document_ids or []),
                    "removed": removed,
                },
            )
        return removed


def list_assignments(
    db: Database,
    *,
    annotator: str | None = None,
    document_id: int | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[AssignmentRow]:
    """Assignments by document, then annotator; filtered, one page."""
    query = (
        select(
            m.Assignment.document_id,
            m.Annotator.name,
            m.Assignment.assigned_by,
            m.Assignment.assigned_at,
        )
        .join(m.Annotator, m.Assignment.annotator_id == m.Annotator.id)
        .order_by(m.Assignment.document_id, m.Annotator.name)
        .offset(offset)
    )
    if annotator is not None:
        query = query.where(m.Annotator.name == annotator)
    if document_id is not None:
        query = query.where(m.Assignment.document_id == document_id)
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return [
            AssignmentRow(doc, name, by, as_utc(at)) for doc, name, by, at in session.execute(query)
        ]
