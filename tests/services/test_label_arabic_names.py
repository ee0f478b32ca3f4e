"""A label's Arabic display name: stored, edited, loaded from schema files, never exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError, NotFoundError
from annotator.core.model import Label
from annotator.core.schema import load_schema_file
from annotator.services import exporter, labels
from annotator.services.annotations import AnnotationService
from annotator.services.exporter import ExportFilter
from annotator.services.importer import import_paths
from annotator.storage.database import Database


def by_name(db: Database) -> dict[str, Label]:
    return {label.name: label for label in labels.list_labels(db)}


def test_default_schema_brings_arabic_names(db: Database) -> None:
    shown = by_name(db)
    assert shown["PER"].arabic_name == "شخص"
    assert shown["politics"].arabic_name == "سياسة"


def test_set_arabic_name_and_clear_it(db: Database) -> None:
    labels.set_arabic_name(db, "ORG", "  هيئة  ", actor="rita")
    assert by_name(db)["ORG"].arabic_name == "هيئة"
    labels.set_arabic_name(db, "ORG", "")
    assert by_name(db)["ORG"].arabic_name == ""
    with pytest.raises(NotFoundError):
        labels.set_arabic_name(db, "NOPE", "لا")


def test_schema_file_sets_arabic_name_and_keeps_it_when_unstated(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "schema.json"
    path.write_text(
        json.dumps(
            {"labels": [{"name": "WEAPON", "kind": "entity", "arabic_name": "سلاح"}]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    labels.load_schema(db, load_schema_file(path), path=str(path))
    assert by_name(db)["WEAPON"].arabic_name == "سلاح"
    path.write_text(json.dumps([{"name": "WEAPON", "colour": "#123456"}]), encoding="utf-8")
    labels.load_schema(db, load_schema_file(path), path=str(path))
    assert by_name(db)["WEAPON"].arabic_name == "سلاح"  # the file did not state it
    path.write_text(json.dumps([{"name": "WEAPON", "arabic_name": 3}]), encoding="utf-8")
    with pytest.raises(InputError, match="arabic_name"):
        load_schema_file(path)


def test_exports_keep_the_label_names(db: Database, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("عنوان\nقال مارك روته إن الحلف قوي", encoding="utf-8")
    import_paths(db, [str(article)])
    text = "عنوان\nقال مارك روته إن الحلف قوي"
    start = text.index("مارك")
    service = AnnotationService(db, "alice")
    (doc,) = _document_ids(db)
    service.add_span(doc, start, start + 9, "PER")
    service.set_topic(doc, "politics", True)
    out = tmp_path / "out.jsonl"
    exporter.export(db, str(out), flt=ExportFilter(annotators=("alice",)))
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert [s["label"] for s in record["spans"]] == ["PER"]
    assert record["topics"] == ["politics"]
    assert "شخص" not in out.read_text(encoding="utf-8")


def _document_ids(db: Database) -> list[int]:
    from annotator.services.documents import document_ids

    return list(document_ids(db))
