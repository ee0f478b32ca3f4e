"""Import of real Arabic data: SaudiNewsNet articles and AQMAR NER gold (CoNLL, via JSONL)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.core.arabic import contains_presentation_forms, search_key
from annotator.core.offsets import normalise_text
from annotator.services import documents, exporter, importer
from annotator.services.annotations import AnnotationService
from annotator.services.documents import DocumentFilter
from annotator.services.exporter import ExportFilter
from annotator.storage import models as m
from annotator.storage.database import Database

HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


def dump(db: Database) -> dict[str, list[str]]:
    with db.read() as s:
        return {
            t.name: sorted(map(repr, s.execute(select(t)).all()))
            for t in m.Base.metadata.sorted_tables
        }


def articles(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_saudinewsnet_articles(db: Database, saudinewsnet_jsonl: Path) -> None:
    source = articles(saudinewsnet_jsonl)
    assert len(source) == 50
    summary = importer.import_paths(db, [str(saudinewsnet_jsonl)])
    assert (summary.records, summary.documents_added) == (50, 50)
    assert documents.count_documents(db) == 50
    rows = documents.list_documents(db)
    assert [r.title for r in rows] == [a["title"] for a in source]
    assert [r.external_id for r in rows] == [a["meta"]["external_id"] for a in source]
    for row, article in zip(rows, source, strict=True):
        detail = documents.get_document(db, row.id)
        # Stored as it came (no \r, no BOM in the data), except that a stray word pasted
        # in presentation forms is folded into its letters (one such article in these 50).
        assert detail.text == normalise_text(article["text"])[0]
        assert not contains_presentation_forms(detail.text)
        assert detail.source == article["meta"]["source"]
        assert detail.meta["date_extracted"] == article["meta"]["date_extracted"]
    # A title word searched without diacritics (and without hamza) finds its article.
    title = next(a["title"] for a in source if len(a["title"].split()) >= 3)
    word = max(title.split(), key=len)
    query = HARAKAT.sub("", word).replace("أ", "ا").replace("إ", "ا")
    found = documents.list_documents(db, DocumentFilter(search=query))
    assert title in [r.title for r in found]
    assert all(search_key(query) in search_key(r.title + " " + (r.external_id or "") + " "
               + documents.get_document(db, r.id).text[:500]) for r in found)  # fmt: skip
    # Importing the same file again adds nothing.
    before = dump(db)
    again = importer.import_paths(db, [str(saudinewsnet_jsonl)])
    assert (again.documents_added, again.documents_existing) == (0, 50)
    assert dump(db) == before


TAG = re.compile(r"^([BI])-(PER|LOC|ORG|MIS[0-3])$")
AQMAR_FILES = ("Islamic_Golden_Age.txt", "Portugal_football_team.txt", "Raul_Gonzales.txt")
Gold = tuple[int, int, str, str]
"""(start, end, label, the tokens' text joined by spaces)"""


def aqmar_record(path: Path) -> tuple[dict[str, Any], list[Gold]]:
    """One AQMAR article as a JSONL record: tokens joined by spaces, sentences by newlines.

    Spans come from well-formed B-/I- tags (an I- that continues nothing starts a span);
    malformed tags (OO, I--ORG, B-MIS1`, ...) are skipped as if they were O. Returns the
    record and the gold spans with the text of their tokens as read from the file.
    """
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        token, tag = line.split()
        sentences[-1].append((token, tag))
    if not sentences[-1]:
        sentences.pop()
    lines: list[str] = []
    gold: list[tuple[int, int, str, list[str]]] = []
    offset = 0
    for sentence in sentences:
        inside: str | None = None
        position = offset
        for token, tag in sentence:
            match = TAG.match(tag)
            if match and match[1] == "I" and inside == match[2]:
                start, _end, label, words = gold[-1]
                gold[-1] = (start, position + len(token), label, [*words, token])
            elif match:
                gold.append((position, position + len(token), match[2], [token]))
            inside = match[2] if match else None
            position += len(token) + 1
        lines.append(" ".join(token for token, _tag in sentence))
        offset += len(lines[-1]) + 1
    text = "\n".join(lines)
    spans = [(s, e, label, " ".join(words)) for s, e, label, words in gold]
    record = {
        "text": text,
        "title": path.stem,
        "meta": {"external_id": f"aqmar/{path.name}"},
        "spans": [{"start": s, "end": e, "label": lab, "text": t} for s, e, lab, t in spans],
    }
    return record, spans


def test_aqmar_gold_spans(db: Database, shared_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "aqmar.jsonl"
    expected: dict[str, list[Gold]] = {}
    with path.open("w", encoding="utf-8") as out:
        for name in AQMAR_FILES:
            record, spans = aqmar_record(shared_data / "aqmar" / name)
            assert len(spans) > 50
            expected[record["meta"]["external_id"]] = spans
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    summary = importer.import_paths(db, [str(path)], annotator="aqmar", add_labels=True)
    total = sum(len(spans) for spans in expected.values())
    assert (summary.documents_added, summary.spans_added) == (3, total)
    assert {"MIS1", "MIS2"} <= set(summary.labels_added) <= {"MIS0", "MIS1", "MIS2", "MIS3"}
    service = AnnotationService(db, "aqmar")
    for row in documents.list_documents(db):
        assert row.external_id is not None
        text = documents.get_document(db, row.id).text
        stored = sorted(
            (s.start, s.end, s.label, text[s.start : s.end])
            for s in service.layer_state(row.id).spans
        )
        # Every stored span holds exactly the tokens it came from.
        assert stored == sorted(expected[row.external_id])
    out = tmp_path / "aqmar-export.jsonl"
    exported = exporter.export(db, str(out), flt=ExportFilter(annotators=("aqmar",)))
    assert (exported.records, exported.spans) == (3, total)
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert rec["annotator"] == "aqmar"
        for span in rec["spans"]:
            assert rec["text"][span["start"] : span["end"]] == span["text"]
