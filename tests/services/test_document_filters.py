"""Document list filters: label present/absent, person, status, queue, import date, source; sort."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from annotator.core.model import LayerStatus
from annotator.services import access, assignments, documents, importer
from annotator.services.annotations import AnnotationService
from annotator.services.documents import DocumentFilter
from annotator.storage import models as m
from annotator.storage.database import Database

TITLES = ["ج خبر", "أ خبر", "ب خبر", "د خبر"]


@pytest.fixture
def ids(db: Database, tmp_path: Path) -> list[int]:
    for i, title in enumerate(TITLES):
        path = tmp_path / f"in-{i}.jsonl"
        source = f"{'sport' if i % 2 else 'politics'}-wire-{i}"
        record = {"text": f"نص الخبر رقم {i}", "title": title, "meta": {"source": source}}
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        importer.import_paths(db, [str(path)])
    got = documents.document_ids(db)
    assert len(got) == 4
    return got


def listed(db: Database, **kwargs: object) -> list[int]:
    flt = DocumentFilter(**kwargs)  # type: ignore[arg-type]
    got = documents.document_ids(db, flt)
    assert documents.count_documents(db, flt) == len(got)
    assert [r.id for r in documents.list_documents(db, flt)] == got
    return got


def test_label_person_status_queue_date_source(db: Database, ids: list[int]) -> None:
    alice = AnnotationService(db, "alice")
    alice.add_span(ids[0], 0, 2, "PER")
    alice.set_status(ids[1], LayerStatus.DONE)
    bob = AnnotationService(db, "bob")
    bob.add_span(ids[2], 0, 2, "ORG")
    bob.set_topic(ids[3], "politics", True)

    assert listed(db, with_label="PER") == [ids[0]]
    assert listed(db, with_label="ORG") == [ids[2]]
    assert listed(db, with_label="politics") == [ids[3]]  # a topic counts as a label
    assert listed(db, without_label="PER") == [ids[1], ids[2], ids[3]]
    # With an annotator, labels are looked up in that person's layer only.
    assert listed(db, annotator="alice", with_label="ORG") == []
    assert listed(db, annotator="bob", with_label="ORG") == [ids[2]]
    assert listed(db, annotated_by="alice") == [ids[0], ids[1]]
    assert listed(db, annotated_by="bob") == [ids[2], ids[3]]
    assert listed(db, annotated_by="nobody") == []
    assert listed(db, annotator="alice", statuses=frozenset({LayerStatus.DONE})) == [ids[1]]

    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rita = access.resolve_actor(db, "rita")
    assignments.assign(db, rita, ["alice"], 1, document_ids=[ids[1], ids[3]])
    assert listed(db, annotator="alice", assigned_only=True) == [ids[1], ids[3]]
    assert listed(db, unassigned=True) == [ids[0], ids[2]]

    old = datetime(2020, 1, 1, tzinfo=UTC)
    with db.write() as session:
        session.execute(update(m.Document).where(m.Document.id == ids[0]).values(created_at=old))
    cut = old + timedelta(days=1)
    assert listed(db, imported_before=cut) == [ids[0]]
    assert listed(db, imported_from=cut) == ids[1:]
    assert listed(db, source="sport") == [ids[1], ids[3]]
    assert listed(db, source="politics", with_label="PER") == [ids[0]]
    assert listed(db, source="%") == []  # LIKE wildcards are literal


def test_the_source_filter_ignores_latin_case_on_both_databases(
    db: Database, ids: list[int]
) -> None:
    # SQLite's LIKE ignores ASCII case, PostgreSQL's does not: "--source reuters" found
    # "Reuters" on one database and nothing on the other.
    assert listed(db, source="SPORT") == [ids[1], ids[3]]
    assert listed(db, source="Politics-Wire") == [ids[0], ids[2]]
    assert listed(db, source="_") == []  # still no wildcards


def test_sorting(db: Database, ids: list[int]) -> None:
    by_title = [ids[1], ids[2], ids[0], ids[3]]  # أ ب ج د
    assert listed(db, sort="title") == by_title
    assert listed(db, sort="title", descending=True) == by_title[::-1]
    assert listed(db, descending=True) == ids[::-1]
    alice = AnnotationService(db, "alice")
    alice.add_span(ids[2], 0, 2, "PER")
    alice.add_span(ids[2], 3, 5, "PER")
    alice.add_span(ids[0], 0, 2, "PER")
    alice.set_status(ids[3], LayerStatus.DONE)
    assert listed(db, annotator="alice", sort="spans", descending=True)[:2] == [ids[2], ids[0]]
    # Status sorts in the order work goes: new, in progress, done (it sorted by the stored
    # English word: done, in_progress, new), then by id.
    assert listed(db, annotator="alice", sort="status") == [ids[1], ids[0], ids[2], ids[3]]
    assert listed(db, annotator="alice", sort="status", descending=True) == [
        ids[3],
        ids[2],
        ids[0],
        ids[1],
    ]
    # politics-wire-0, politics-wire-2, sport-wire-1, sport-wire-3
    assert listed(db, sort="source") == [ids[0], ids[2], ids[1], ids[3]]
    page = documents.list_documents(db, DocumentFilter(sort="title"), offset=1, limit=2)
    assert [r.id for r in page] == by_title[1:3]


def test_page_rows_by_id_range_or_list_match_the_list(db: Database, ids: list[int]) -> None:
    """``rows_for_ids`` (the GUI's page fetch: an id range when dense, else an IN list,
    span counts in the same query) gives the rows ``list_documents`` gives, in order."""
    from annotator.services.gui_queries import rows_for_ids

    alice = AnnotationService(db, "alice")
    alice.add_span(ids[0], 0, 2, "PER")
    alice.add_span(ids[0], 3, 7, "ORG")
    alice.add_span(ids[2], 0, 2, "PER")
    alice.set_status(ids[1], LayerStatus.DONE)
    AnnotationService(db, "bob").add_span(ids[3], 0, 2, "PER")  # not alice's: 0 for her
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rita = access.resolve_actor(db, "rita")
    assignments.assign(db, rita, ["alice"], 1, document_ids=[ids[2]])
    for who in ("alice", "bob", None):
        flt = DocumentFilter(annotator=who)
        expected = {r.id: r for r in documents.list_documents(db, flt)}
        counts = {r.id: r.span_count for r in expected.values()}
        if who == "alice":
            assert counts == {ids[0]: 2, ids[1]: 0, ids[2]: 1, ids[3]: 0}
            assert [r.id for r in expected.values() if r.assigned] == [ids[2]]
        for wanted in (ids, ids[1:3], [ids[3], ids[0]], [ids[0], ids[3]], [ids[2]]):
            got = rows_for_ids(db, flt, wanted)
            assert got == [expected[i] for i in wanted], (who, wanted)
    assert rows_for_ids(db, DocumentFilter(), [ids[0], 10_000]) == [
        documents.list_documents(db, DocumentFilter())[0]
    ]


def test_ids_of_a_search_only_filter_skip_the_layer_joins_and_match_them(
    db: Database, ids: list[int]
) -> None:
    """``document_ids`` reads a search-only filter from documents alone: the same ids, in
    the same order, as through the layer and queue joins (which other filters need)."""
    from sqlalchemy import select

    from annotator.services.documents import _documents_only, _order, filtered_query

    alice = AnnotationService(db, "alice")
    alice.add_span(ids[0], 0, 2, "PER")
    alice.set_status(ids[1], LayerStatus.DONE)
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rita = access.resolve_actor(db, "rita")
    assignments.assign(db, rita, ["alice", "bob"], 2, document_ids=[ids[2], ids[3]])
    filters = [
        DocumentFilter(),
        DocumentFilter(annotator="alice"),
        DocumentFilter(annotator="alice", search="خبر", search_in="title"),
        DocumentFilter(annotator="bob", search="الخبر", search_in="text", proclitics=True),
        DocumentFilter(annotator="alice", search="رقم 2", search_in="both"),
        DocumentFilter(search='"الخبر رقم"', search_in="text"),
    ]
    for flt in filters:
        assert _documents_only(flt)
        with db.read() as session:
            inner = filtered_query(flt, dialect=db.engine.dialect.name).subquery()
            joined = list(session.scalars(select(inner.c.id).order_by(*_order(inner, flt))))
        assert documents.document_ids(db, flt) == joined, flt
    assert documents.document_ids(db, filters[5]) == ids
    assert documents.document_ids(db, filters[4]) == [ids[2]]
    assert not _documents_only(DocumentFilter(annotator="alice", assigned_first=True))
    assert not _documents_only(DocumentFilter(statuses=frozenset({LayerStatus.DONE})))
    assert not _documents_only(DocumentFilter(sort="title"))
