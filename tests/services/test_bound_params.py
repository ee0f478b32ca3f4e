"""User text reaching SQL is bound, never formatted in: search, titles, names, labels."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import inspect

from annotator.core.model import Label, LabelKind
from annotator.services import documents, exporter, importer, labels
from annotator.services.annotations import AnnotationService
from annotator.services.documents import DocumentFilter
from annotator.storage.database import Database

INJECTION = "'; DROP TABLE documents; --"
TITLES = {
    "quotes": "O'Reilly قال \"لا\" و'نعم'",
    "injection": f"عنوان {INJECTION}",
    "percent": "نما الاقتصاد 100% هذا العام",
    "underscore": "ملف snake_case_name",
    "backslash": "مسار C:\\data\\new",
    "arabic": "الاقْتِصادُ الأُرْدُنِيّ",
    "plain": "خبر عادي بلا رموز",
}


@pytest.fixture
def imported(db: Database, tmp_path: Path) -> dict[str, int]:
    """One document per title above, imported from JSONL; key -> document id."""
    source = tmp_path / "articles.jsonl"
    with source.open("wb") as out:
        for key, title in TITLES.items():
            record = {"text": f"{title}\nنص المقال {key}", "meta": {"external_id": f"id'{key}"}}
            out.write(orjson.dumps(record) + b"\n")
    summary = importer.import_paths(db, [str(source)])
    assert summary.documents_added == len(TITLES)
    rows = documents.list_documents(db)
    assert sorted(r.title for r in rows) == sorted(TITLES.values())
    return {key: next(r.id for r in rows if r.title == title) for key, title in TITLES.items()}


def search(db: Database, query: str) -> set[int]:
    return {r.id for r in documents.list_documents(db, DocumentFilter(search=query))}


def test_search_matches_literally_and_injects_nothing(
    db: Database, imported: dict[str, int]
) -> None:
    assert search(db, "%") == {imported["percent"]}
    assert search(db, "_") == {imported["underscore"]}
    assert search(db, "\\") == {imported["backslash"]}
    assert search(db, INJECTION) == {imported["injection"]}
    assert search(db, "'") == set(imported.values())  # every external id holds one
    assert search(db, 'قال "لا"') == {imported["quotes"]}  # quote marks matched as typed
    # A query quoted as a whole is a phrase: its marks are not looked for in titles.
    assert search(db, '"لا"') == {imported[k] for k in ("quotes", "percent", "arabic", "plain")}
    assert search(db, "الاقتصاد") == {imported["percent"], imported["arabic"]}
    assert search(db, "%الاقتصاد%") == set()
    assert search(db, "id'injection") == {imported["injection"]}
    assert "documents" in inspect(db.engine).get_table_names()
    assert documents.count_documents(db) == len(TITLES)


def test_names_and_labels_with_quotes_are_stored_as_given(
    db: Database, imported: dict[str, int], tmp_path: Path
) -> None:
    doc = imported["quotes"]
    name = f'O\'Brien "Bob" {INJECTION}'
    label = f"ORG'{INJECTION}"
    labels.add_label(db, Label(label, LabelKind.ENTITY, "#aabbcc"))
    service = AnnotationService(db, name)
    service.add_span(doc, 0, 7, label)
    state = service.layer_state(doc)
    assert state.annotator == name and [s.label for s in state.spans] == [label]
    labels.rename_label(db, label, label + "'2")
    out = tmp_path / "out.jsonl"
    flt = exporter.ExportFilter(annotators=(name,))
    assert exporter.export(db, str(out), flt=flt).records == 1
    record = orjson.loads(out.read_bytes().splitlines()[0])
    assert record["annotator"] == name
    assert [s["label"] for s in record["spans"]] == [label + "'2"]
    assert documents.count_documents(db) == len(TITLES)


def test_text_files_with_quotes_in_title_import(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "txt"
    folder.mkdir()
    for i, title in enumerate(TITLES.values()):
        (folder / f"{i}'s article.txt").write_text(f"{title}\nالنص {i}\n", encoding="utf-8")
    summary = importer.import_paths(db, [str(folder)])
    assert summary.documents_added == len(TITLES)
    assert sorted(r.title for r in documents.list_documents(db)) == sorted(TITLES.values())
