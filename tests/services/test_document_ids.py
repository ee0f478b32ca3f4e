"""The document list's id sequence (``documents.document_ids``) of a search in texts only."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import event

from annotator.services import documents, importer
from annotator.services.documents import DocumentFilter
from annotator.services.workspace import open_workspace
from annotator.storage.database import Database

BODIES = [
    "اجتمع الوزراء وبروكسل تستعد، ثم عادوا ببروكسل والبيت هادئ",
    "قال وزير الخارجية إن المحادثات مستمرة",
    "قال الوزير إن الخارجية الأمريكية لم ترد",
    "بروكسل مدينة أوروبية",
    "لا شيء هنا عن ذلك",
]


def test_a_texts_only_id_list_is_the_index_s_own_ids(backend_db: Database, tmp_path: Path) -> None:
    """The ids of a search in texts only come from the body index alone: no statement
    reads the documents table again (on SQLite its rows hold every text: a common word's
    matches read most of its pages; PostgreSQL's search function reads the matching
    documents itself), and the ids are those the general query gives."""
    source = tmp_path / "docs.jsonl"
    source.write_text(
        "".join(
            json.dumps({"text": body, "title": f"بروكسل {i}", "external_id": f"d{i}"}) + "\n"
            for i, body in enumerate(BODIES)
        ),
        encoding="utf-8",
    )
    importer.import_paths(backend_db, [str(source)])
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(backend_db.engine, "before_cursor_execute", seen)
    for query, proclitics, expected in [
        ("بروكسل", False, 1),  # not the titles' بروكسل: texts only
        ("بروكسل", True, 2),
        ('"وزير الخارجية"', False, 1),
        ("قال الخارجية", False, 2),
        ("غائبة", False, 0),
    ]:
        flt = DocumentFilter(search=query, search_in="text", proclitics=proclitics)
        statements.clear()
        got = documents.document_ids(backend_db, flt)
        assert statements and not any("documents" in s for s in statements), statements
        assert len(got) == expected
        # descending: the general query (documents joined), in the other order
        general = documents.document_ids(backend_db, replace(flt, descending=True))
        assert got == sorted(general) and got == sorted(got)
        assert documents.count_documents(backend_db, flt) == len(got)
    event.remove(backend_db.engine, "before_cursor_execute", seen)


def _titled_articles(tmp_path: Path) -> Path:
    """A JSONL file of ``BODIES`` with titles of their own (words the texts lack too)."""
    source = tmp_path / "titled.jsonl"
    titles = ["بروكسل اليوم", "وزير الخارجية", "مقال", "قال الوزير", "Brussels ١٢"]
    source.write_text(
        "".join(
            json.dumps({"text": body, "title": title, "external_id": f"ext-{i}"}) + "\n"
            for i, (body, title) in enumerate(zip(BODIES, titles, strict=True))
        ),
        encoding="utf-8",
    )
    return source


def test_titles_and_both_id_lists_are_the_indexes_own_ids_on_sqlite(
    db_path: Path, tmp_path: Path
) -> None:
    """On SQLite a search in titles, or in titles and texts, is answered by the title and
    body indexes alone too (one word, several, a phrase, a short key, more terms than the
    both scope takes apart): the same ids as the general query, no documents read."""
    source = _titled_articles(tmp_path)
    db = open_workspace(str(db_path))
    try:
        importer.import_paths(db, [str(source)])
        statements: list[str] = []

        def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        long_query = " ".join(f"كلمة{i}" for i in range(20)) + " بروكسل"
        for scope in ("title", "both"):
            for query in (
                "بروكسل",
                "وزير الخارجية",
                '"قال الوزير"',
                "الوزير بروكسل",
                "بر",
                "ext-3",
                "brussels 12",
                long_query,
            ):
                flt = DocumentFilter(search=query, search_in=scope)
                event.listen(db.engine, "before_cursor_execute", seen)
                statements.clear()
                got = documents.document_ids(db, flt)
                event.remove(db.engine, "before_cursor_execute", seen)
                assert not any("documents" in s for s in statements), (scope, query)
                general = documents.document_ids(db, replace(flt, descending=True))
                assert got == sorted(general), (scope, query, got, general)
        assert documents.document_ids(db, DocumentFilter(search="بروكسل", search_in="both"))
    finally:
        db.close()


def test_a_both_scope_id_list_unites_titles_and_texts(backend_db: Database, tmp_path: Path) -> None:
    """Titles and texts, one word (or more than the scope takes apart): the ids of the
    titles united with the texts' as two queries' sets, on both backends (PostgreSQL's
    single OR condition read every row's text: 3.4 s at a million articles), and the same
    ids as the general query."""
    source = _titled_articles(tmp_path)
    importer.import_paths(backend_db, [str(source)])
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    long_query = " ".join(f"كلمة{i}" for i in range(20)) + " بروكسل"
    expected = {"بروكسل": 2, "الخارجية": 2, '"قال الوزير"': 2}
    for query in [*expected, long_query]:
        flt = DocumentFilter(search=query, search_in="both")
        event.listen(backend_db.engine, "before_cursor_execute", seen)
        statements.clear()
        got = documents.document_ids(backend_db, flt)
        event.remove(backend_db.engine, "before_cursor_execute", seen)
        assert any("UNION" in s for s in statements), (query, statements)
        general = documents.document_ids(backend_db, replace(flt, descending=True))
        assert got == sorted(general), (query, got, general)
        if query in expected:
            assert len(got) == expected[query], query
