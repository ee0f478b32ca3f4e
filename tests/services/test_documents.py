"""Document list: paging, status filter, diacritics-blind search; details, progress, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import NotFoundError
from annotator.core.model import LayerStatus
from annotator.services import documents, importer
from annotator.services.annotations import AnnotationService
from annotator.services.documents import DocumentFilter
from annotator.storage.database import Database

TITLES = [
    "أمين عام الناتو يزور بروكسل",
    "مُحَمَّد بن سلمان يستقبل الوفد",
    "الاقتصـــاد السعودي ينمو",  # tatweel
    "NATO Secretary General in Brussels",
    "نسبة 100% من المقاعد",
]


@pytest.fixture
def docs(db: Database, tmp_path: Path) -> list[int]:
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"text": f"{title}\nنص المقال رقم {i}", "title": title}, ensure_ascii=False)
        for i, title in enumerate(TITLES)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    importer.import_paths(db, [str(path)])
    rows = documents.list_documents(db)
    assert [r.title for r in rows] == TITLES
    return [r.id for r in rows]


def titles(db: Database, flt: DocumentFilter) -> list[str]:
    return [row.title for row in documents.list_documents(db, flt)]


SEARCHES = [
    ("امين", [0]),  # bare alef finds hamza alef
    ("أمين", [0]),
    ("محمد", [1]),  # no harakat finds the vocalised title
    ("مُحَمَّد", [1]),
    ("الاقتصاد", [2]),  # tatweel is ignored
    ("brussels", [3]),  # Latin is case-blind
    ("بروكسل", [0]),
    ("100%", [4]),  # LIKE wildcards are literal
    ("%", [4]),
    ("_", []),
    ("المقال رقم 3", []),  # only titles and ids are searched, not the body
    ("غير موجود", []),
    ("  ", [0, 1, 2, 3, 4]),
]


def test_search_is_diacritics_blind(db: Database, docs: list[int]) -> None:
    for query, expected in SEARCHES:
        flt = DocumentFilter(search=query)
        assert titles(db, flt) == [TITLES[i] for i in expected], query
        assert documents.count_documents(db, flt) == len(expected), query
        assert documents.document_ids(db, flt) == [docs[i] for i in expected], query


def test_status_filter_and_span_counts(db: Database, docs: list[int]) -> None:
    alice = AnnotationService(db, "alice")
    alice.add_span(docs[0], 0, 4, "PER")
    alice.add_span(docs[0], 5, 8, "ORG")
    alice.set_status(docs[1], LayerStatus.DONE)
    bob = AnnotationService(db, "bob")
    bob.set_status(docs[2], LayerStatus.DONE)

    def ids(annotator: str, *statuses: LayerStatus) -> list[int]:
        flt = DocumentFilter(annotator=annotator, statuses=frozenset(statuses))
        return documents.document_ids(db, flt)

    assert ids("alice", LayerStatus.DONE) == [docs[1]]
    assert ids("alice", LayerStatus.IN_PROGRESS) == [docs[0]]
    assert ids("alice", LayerStatus.NEW) == docs[2:]  # no layer counts as new
    assert ids("alice", LayerStatus.NEW, LayerStatus.DONE) == [docs[1], *docs[2:]]
    assert ids("bob", LayerStatus.DONE) == [docs[2]]
    assert ids("carol", LayerStatus.NEW) == docs
    rows = documents.list_documents(db, DocumentFilter(annotator="alice"))
    assert [(r.status, r.span_count) for r in rows[:2]] == [
        (LayerStatus.IN_PROGRESS, 2),
        (LayerStatus.DONE, 0),
    ]
    assert documents.progress(db, "alice") == (1, len(TITLES))
    assert documents.progress(db, "bob") == (1, len(TITLES))


def test_paging(db: Database, docs: list[int]) -> None:
    pages = [[r.id for r in documents.list_documents(db, offset=o, limit=2)] for o in (0, 2, 4, 6)]
    assert pages == [docs[0:2], docs[2:4], docs[4:], []]


def test_get_document(db: Database, docs: list[int]) -> None:
    detail = documents.get_document(db, docs[1])
    assert detail.title == TITLES[1]
    assert detail.text == f"{TITLES[1]}\nنص المقال رقم 1"
    with pytest.raises(NotFoundError):
        documents.get_document(db, max(docs) + 1)


def test_stats(db: Database, docs: list[int]) -> None:
    people = documents.stats(db).annotators  # whoever a new database holds already
    alice = AnnotationService(db, "alice")
    alice.add_span(docs[0], 0, 4, "PER")
    alice.add_span(docs[1], 0, 4, "PER")
    alice.add_span(docs[1], 0, 4, "QUOTE")
    alice.set_topic(docs[1], "politics", True)
    alice.set_status(docs[1], LayerStatus.DONE)
    AnnotationService(db, "bob").add_span(docs[0], 5, 8, "ORG")
    st = documents.stats(db)
    assert (st.documents, st.annotators, st.layers, st.spans) == (len(TITLES), people + 2, 3, 4)
    assert st.per_label["PER"] == 2
    assert st.per_label["ORG"] == 1
    assert st.per_label["QUOTE"] == 1
    assert st.per_label["politics"] == 1
    assert st.per_label["LOC"] == 0
    assert st.per_status == {"in_progress": 2, "done": 1}
    assert {name: n for name, n in st.per_annotator.items() if n} == {"alice": 2, "bob": 1}
