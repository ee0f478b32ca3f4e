"""Assignment: balanced queues of N annotators per document, the queue first, progress."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import insert

from annotator.core.errors import AnnotatorError, NotFoundError, PermissionDeniedError
from annotator.core.model import LayerStatus
from annotator.services import access, assignments, audit, documents
from annotator.services.annotations import AnnotationService
from annotator.storage import models as m
from annotator.storage.database import Database

PEOPLE = ["alice", "bob", "carol"]


def add_documents(db: Database, n: int, start: int = 0) -> list[int]:
    with db.write() as s:
        return [
            int(
                s.scalar(
                    insert(m.Document)
                    .values(
                        title=f"خبر {i}", text=f"نص الخبر رقم {i}", text_sha256=f"h{i}", meta={}
                    )
                    .returning(m.Document.id)
                )
                or 0
            )
            for i in range(start, start + n)
        ]


@pytest.fixture
def rita(db: Database) -> access.Actor:
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    return access.resolve_actor(db, "rita")


def queue(db: Database) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for row in assignments.list_assignments(db):
        out.setdefault(row.document_id, set()).add(row.annotator)
    return out


def test_balanced_round_robin(db: Database, rita: access.Actor) -> None:
    docs = add_documents(db, 9)
    summary = assignments.assign(db, rita, PEOPLE, 2, all_unassigned=True)
    assert (summary.documents, summary.added) == (9, 18)
    assert summary.load == {"alice": 6, "bob": 6, "carol": 6}
    got = queue(db)
    assert sorted(got) == docs and all(len(names) == 2 for names in got.values())
    # Every pair of annotators shares documents (round-robin, not fixed pairs).
    pairs = Counter(frozenset(names) for names in got.values())
    assert len(pairs) == 3 and set(pairs.values()) == {3}
    # Nothing left unassigned: a rerun adds nothing; new documents keep the queues level.
    assert assignments.assign(db, rita, PEOPLE, 2, all_unassigned=True).added == 0
    add_documents(db, 3, start=100)
    summary = assignments.assign(db, rita, PEOPLE, 2, all_unassigned=True)
    assert summary.added == 6 and summary.load == {"alice": 8, "bob": 8, "carol": 8}


def test_named_documents_count_who_is_already_assigned(db: Database, rita: access.Actor) -> None:
    a, b = add_documents(db, 2)
    assignments.assign(db, rita, ["dave"], 1, document_ids=[a])
    summary = assignments.assign(db, rita, PEOPLE, 2, document_ids=[a, b])
    assert summary.added == 3  # a had dave already: one more; b gets two
    got = queue(db)
    assert "dave" in got[a] and len(got[a]) == 2 and len(got[b]) == 2
    with pytest.raises(NotFoundError):
        assignments.assign(db, rita, PEOPLE, 1, document_ids=[999])
    with pytest.raises(AnnotatorError, match="per-document"):
        assignments.assign(db, rita, PEOPLE, 4, all_unassigned=True)
    assert assignments.unassign(db, rita, "dave") == 1
    assert "dave" not in queue(db)[a]


def test_only_reviewers_assign(db: Database, rita: access.Actor) -> None:
    add_documents(db, 2)
    alice = access.resolve_actor(db, "alice")
    with pytest.raises(PermissionDeniedError, match="reviewers"):
        assignments.assign(db, alice, PEOPLE, 1, all_unassigned=True)
    assert queue(db) == {}
    assignments.assign(db, rita, PEOPLE, 1, all_unassigned=True)
    (event,) = [e for e in audit.read_events(db) if e.action == "assign"]
    assert event.actor == "rita" and event.detail["per_document"] == 1
    assert len(event.detail["documents"]) == 2


def test_queue_first_and_progress(db: Database, rita: access.Actor) -> None:
    docs = add_documents(db, 6)
    assignments.assign(db, rita, ["alice"], 1, document_ids=[docs[4], docs[2]])
    AnnotationService(db, "alice").set_status(docs[4], LayerStatus.DONE)
    AnnotationService(db, "alice").set_status(docs[0], LayerStatus.DONE)  # done, not assigned
    flt = documents.DocumentFilter(annotator="alice", assigned_first=True)
    rows = documents.list_documents(db, flt)
    assert [r.id for r in rows] == [docs[2], docs[4], docs[0], docs[1], docs[3], docs[5]]
    assert [r.assigned for r in rows] == [True, True, False, False, False, False]
    assert documents.document_ids(db, flt) == [r.id for r in rows]
    for size in (1, 2, 4):  # pages across the end of the queue
        paged = [
            r.id
            for offset in range(0, 6, size)
            for r in documents.list_documents(db, flt, offset=offset, limit=size)
        ]
        assert paged == [r.id for r in rows]
    only = documents.DocumentFilter(annotator="alice", assigned_only=True)
    assert [r.id for r in documents.list_documents(db, only)] == [docs[2], docs[4]]
    assert documents.count_documents(db, only) == 2
    assert documents.queue_progress(db, "alice") == (1, 2)
    assert documents.queue_progress(db, "nobody") == (0, 0)
    # Without the option the list keeps document order.
    plain = documents.list_documents(db, documents.DocumentFilter(annotator="alice"))
    assert [r.id for r in plain] == docs
