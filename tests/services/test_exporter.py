"""Export: streaming JSONL per (document, layer), filters, --all, and import(export) == export."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from annotator.core.errors import AnnotatorError
from annotator.core.model import LayerStatus
from annotator.services import documents, exporter, importer
from annotator.services.annotations import AnnotationService
from annotator.services.exporter import ExportFilter
from annotator.services.workspace import open_workspace
from annotator.storage.database import Database

ARTICLES = [
    ("a1", 'قال الأمين العام مارك روته 😀: "الحلف قوي" في بروكسل'),
    ("a2", "أعلنت منظمة أوبك\r\nخفض الإنتاج في فيينا"),
    ("a3", "مقال بلا تعليقات\u200f بعد"),
]


def at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.fixture
def corpus(db: Database, tmp_path: Path) -> list[int]:
    """Three articles: a1 annotated by alice (done) and bob, a2 by alice, a3 by nobody."""
    return make_corpus(db, tmp_path)


def make_corpus(db: Database, tmp_path: Path) -> list[int]:
    """Import and annotate the ``corpus`` fixture's articles; return their document ids."""
    path = tmp_path / "input" / "in.jsonl"
    path.parent.mkdir()
    lines = [
        json.dumps({"text": text, "meta": {"external_id": ext, "lang": "ar"}}, ensure_ascii=False)
        for ext, text in ARTICLES
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    importer.import_paths(db, [str(path)])
    ids = [row.id for row in documents.list_documents(db)]
    a1 = documents.get_document(db, ids[0]).text
    a2 = documents.get_document(db, ids[1]).text
    alice = AnnotationService(db, "alice")
    per = alice.add_span(ids[0], *at(a1, "مارك روته"), "PER").added_spans[0].id
    quote = alice.add_span(ids[0], *at(a1, '"الحلف قوي"'), "QUOTE").added_spans[0].id
    alice.add_span(ids[0], *at(a1, "بروكسل"), "GPE")
    alice.link(ids[0], quote, per)
    alice.set_topic(ids[0], "defence", True)
    alice.set_status(ids[0], LayerStatus.DONE)
    alice.add_span(ids[1], *at(a2, "أوبك"), "ORG")
    alice.add_span(ids[1], *at(a2, "منظمة أوبك"), "ORG")
    alice.set_topic(ids[1], "energy", True)
    alice.set_topic(ids[1], "economy", True)
    bob = AnnotationService(db, "bob")
    bob.add_span(ids[0], *at(a1, "مارك"), "PER")
    return ids


def export_lines(db: Database, out: Path, fmt: str = "native", **flt: Any) -> list[dict[str, Any]]:
    exporter.export(db, str(out), fmt=fmt, flt=ExportFilter(**flt))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def comparable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records without database ids: spans by position, relations by span position."""
    out = []
    for rec in records:
        pos = {span["id"]: i for i, span in enumerate(rec["spans"])}
        rec = dict(rec)
        rec.pop("document_id")
        rec["spans"] = [{k: v for k, v in s.items() if k != "id"} for s in rec["spans"]]
        rec["relations"] = [
            {**r, "head": pos[r["head"]], "child": pos[r["child"]]} for r in rec["relations"]
        ]
        out.append(rec)
    return out


def test_native_export(db: Database, corpus: list[int], tmp_path: Path) -> None:
    records = export_lines(db, tmp_path / "out.jsonl")
    assert [(r["document_id"], r["annotator"]) for r in records] == [
        (corpus[0], "alice"),
        (corpus[0], "bob"),
        (corpus[1], "alice"),
    ]
    first = records[0]
    assert first["status"] == "done"
    assert first["meta"] == {"lang": "ar", "external_id": "a1", "title": first["meta"]["title"]}
    assert [(s["label"], s["kind"], s["text"]) for s in first["spans"]] == [
        ("PER", "entity", "مارك روته"),
        ("QUOTE", "quote", '"الحلف قوي"'),
        ("GPE", "entity", "بروكسل"),
    ]
    by_id = {s["id"]: s["text"] for s in first["spans"]}
    assert [(by_id[r["head"]], by_id[r["child"]], r["label"]) for r in first["relations"]] == [
        ('"الحلف قوي"', "مارك روته", "SPEAKER")
    ]
    assert first["topics"] == ["defence"]
    assert records[2]["text"] == "أعلنت منظمة أوبك\nخفض الإنتاج في فيينا"
    assert records[2]["topics"] == ["economy", "energy"]
    assert records[2]["status"] == "in_progress"


@pytest.mark.parametrize("fmt", exporter.FORMATS)
def test_every_span_text_matches_its_offsets(
    db: Database, corpus: list[int], tmp_path: Path, fmt: str
) -> None:
    records = export_lines(db, tmp_path / f"out.{fmt}.jsonl", fmt=fmt)
    assert len(records) == 3
    spans = 0
    for rec in records:
        text = rec["text"]
        if fmt == "doccano":
            for ent in rec["entities"]:
                assert 0 <= ent["start_offset"] < ent["end_offset"] <= len(text)
                spans += 1
            continue
        for span in rec["spans"]:
            assert text[span["start"] : span["end"]] == span["text"]
            spans += 1
        for rel in rec["relations"]:
            for side in ("head_span", "child_span"):
                if side in rel:
                    assert text[rel[side]["start"] : rel[side]["end"]] == rel[side]["text"]
    assert spans == 6


@pytest.mark.parametrize("fmt", exporter.FORMATS)
def test_export_import_export_is_identical(
    db: Database, corpus: list[int], tmp_path: Path, fmt: str
) -> None:
    first = tmp_path / "first.jsonl"
    export_lines(db, first, fmt=fmt)
    fresh = open_workspace(str(tmp_path / "fresh.sqlite"))
    try:
        # Prodigy and doccano lines name their annotator in _annotator_id / annotator.
        importer.import_paths(fresh, [str(first)], fmt="doccano" if fmt == "doccano" else "auto")
        second = tmp_path / "second.jsonl"
        export_lines(fresh, second, fmt="native")
    finally:
        fresh.close()
    expected = comparable(export_lines(db, tmp_path / "original.jsonl", fmt="native"))
    got = comparable([json.loads(line) for line in second.read_text(encoding="utf-8").splitlines()])
    if fmt == "doccano":
        # A relation-extraction project (the default doccano shape) holds no topics; the
        # status goes as an extra field, which doccano keeps.
        for rec in expected:
            rec["topics"] = []
    if fmt == "prodigy":
        # Prodigy tasks carry the tokens, which the documents now keep; and "answer":
        # "accept", a decision the imported layers record.
        for rec in got:
            assert rec["meta"].pop("tokens")
            assert rec.pop("answer") == "accept"
    assert got == expected


def test_all_writes_unannotated_documents(db: Database, corpus: list[int], tmp_path: Path) -> None:
    records = export_lines(db, tmp_path / "all.jsonl", include_unannotated=True)
    assert [(r["document_id"], r["annotator"]) for r in records] == [
        (corpus[0], "alice"),
        (corpus[0], "bob"),
        (corpus[1], "alice"),
        (corpus[2], None),
    ]
    empty = records[3]
    assert (empty["spans"], empty["relations"], empty["topics"], empty["status"]) == (
        [], [], [], None
    )  # fmt: skip
    assert empty["text"] == "مقال بلا تعليقات\u200f بعد"
    # bob's filter: documents without a bob layer come as empty records.
    bob_all = export_lines(
        db, tmp_path / "bob.jsonl", annotators=("bob",), include_unannotated=True
    )
    assert [(r["document_id"], r["annotator"]) for r in bob_all] == [
        (corpus[0], "bob"),
        (corpus[1], None),
        (corpus[2], None),
    ]
    # Importing --all output, even with a default annotator, adds no layers.
    fresh = open_workspace(str(tmp_path / "fresh.sqlite"))
    try:
        summary = importer.import_paths(fresh, [str(tmp_path / "all.jsonl")], annotator="zed")
        assert (summary.documents_added, summary.layers_added) == (3, 3)
        layers = documents.stats(fresh).per_annotator
        assert {name: n for name, n in layers.items() if n} == {"alice": 2, "bob": 1}
    finally:
        fresh.close()


def test_status_and_annotator_filters(db: Database, corpus: list[int], tmp_path: Path) -> None:
    def keys(**flt: Any) -> list[tuple[int, str]]:
        return [(r["document_id"], r["annotator"]) for r in export_lines(db, tmp_path / "f", **flt)]

    assert keys(statuses=(LayerStatus.DONE,)) == [(corpus[0], "alice")]
    assert keys(statuses=(LayerStatus.IN_PROGRESS,)) == [(corpus[0], "bob"), (corpus[1], "alice")]
    assert keys(annotators=("bob",)) == [(corpus[0], "bob")]
    assert keys(annotators=("alice",), statuses=(LayerStatus.IN_PROGRESS,)) == [
        (corpus[1], "alice")
    ]
    assert keys(statuses=(LayerStatus.NEW,)) == []
    with pytest.raises(AnnotatorError, match="no annotator named 'nobody'"):
        keys(annotators=("nobody",))


def test_export_target_checks(db: Database, corpus: list[int], tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="is a folder"):
        exporter.export(db, str(tmp_path))
    with pytest.raises(AnnotatorError, match="does not exist"):
        exporter.export(db, str(tmp_path / "missing" / "out.jsonl"))
    with pytest.raises(AnnotatorError, match="unknown export format"):
        exporter.export(db, str(tmp_path / "x.jsonl"), fmt="no-such-format")
    summary = exporter.export(db, str(tmp_path / "ok.jsonl"))
    assert (summary.records, summary.documents, summary.spans) == (3, 2, 6)
    # Written whole or not at all: no temporary .part file is left beside it.
    assert [p.name for p in tmp_path.iterdir() if "jsonl" in p.name] == ["ok.jsonl"]


def test_export_file_gets_ordinary_permissions(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    old = os.umask(0o022)
    try:
        exporter.export(db, str(out), flt=exporter.ExportFilter(include_unannotated=True))
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    "flt",
    [
        ExportFilter(),
        ExportFilter(annotators=("alice",), statuses=(LayerStatus.DONE,)),
        ExportFilter(annotators=("bob",), gold=True, include_unannotated=True),
    ],
    ids=["everyone", "alice-done", "bob-gold-all"],
)
def test_sqlite_reads_each_page_by_its_document_range(tmp_path: Path, flt: ExportFilter) -> None:
    """A page's layers, spans, relations and topics come by the (document, annotator) index.

    Without statistics SQLite once chose the (annotator, status) index and scanned all of an
    annotator's layers for every page (quadratic in the corpus); spans must also come in
    index order with no sort.
    """
    db = open_workspace(str(tmp_path / "plan.sqlite"))
    make_corpus(db, tmp_path)
    executed: list[tuple[str, Any]] = []

    def remember(conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        if "layers.document_id >" in statement:
            executed.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", remember)
    exporter.export(db, str(tmp_path / "out.jsonl"), flt=flt)
    event.remove(db.engine, "before_cursor_execute", remember)
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        plans = [
            (
                statement,
                "\n".join(
                    row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", params)
                ),
            )
            for statement, params in executed
        ]
    db.close()
    # Layers, spans, relations and topics of each page.
    assert len(plans) == 4
    for statement, plan in plans:
        assert "(document_id>? AND document_id<?)" in plan, (statement, plan)
        assert "ix_layers_annotator_status" not in plan, (statement, plan)
        if statement.startswith("SELECT spans."):
            assert "TEMP B-TREE" not in plan, plan


def test_export_refuses_to_write_over_the_database(tmp_path: Path) -> None:
    """A mistyped export path must not turn the workspace into JSON lines."""
    path = tmp_path / "work.labels.json"  # an odd name, to meet an HF sidecar's below
    db = open_workspace(str(path))
    make_corpus(db, tmp_path)
    before = path.read_bytes()
    wal = tmp_path / "work.labels.json-wal"
    for target in (path, wal, tmp_path / "sub" / ".." / "work.labels.json"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        with pytest.raises(AnnotatorError, match="is the database itself"):
            exporter.export(db, str(target))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    # A sidecar that would land on the database is skipped and said; the export is written.
    summary = exporter.export(db, str(tmp_path / "work.jsonl"), fmt="hf")
    assert summary.sidecars == []
    assert f"{path} is the database itself; not written" in summary.problems
    assert (tmp_path / "work.jsonl").stat().st_size > 0
    db.close()
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
