"""Files the peers' own tools wrote, in and out: nothing silently lost, every shape read.

The files are in ``tests/data/peers`` (their README names each one's origin and licence).
Each test names where the shape it reads is documented.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.core.formats.registry import ExportOptions
from annotator.services import exporter, importer
from annotator.services.exporter import ExportFilter, ExportSummary
from annotator.storage import models as m
from annotator.storage.database import Database

PEERS = Path(__file__).resolve().parents[1] / "data" / "peers"


def peer(name: str) -> str:
    return str(PEERS / name)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def export(
    db: Database, out: Path, fmt: str, options: ExportOptions | None = None, **flt: Any
) -> ExportSummary:
    return exporter.export(db, str(out), fmt=fmt, flt=ExportFilter(**flt), options=options)


def report_lines(summary: importer.ImportSummary) -> str:
    return "\n".join(summary.report.lines())


def test_spacy_relation_tutorial_round_trips_through_prodigy(db: Database, tmp_path: Path) -> None:
    """spaCy's relation tutorial (Prodigy ``rel.manual`` output: ``tokens``, spans with
    ``token_start``/``token_end``, relations whose ``head``/``child`` are the last tokens
    of their spans; prodi.gy/docs/api-interfaces#relations). "Smad" is a span inside
    "Smad-phosphorylation", one word to our tokenizer: only the file's own tokens hold it."""
    source = lines(PEERS / "spacy_rel_tutorial.jsonl")
    summary = importer.import_paths(
        db, [peer("spacy_rel_tutorial.jsonl")], annotator="bio", add_labels=True
    )
    assert (summary.spans_added, summary.relations_added) == (7, 5)
    said = report_lines(summary)
    assert "fields not kept: _task_hash (2), _view_id (2), relations[].color (5)" in said
    assert "tokens[].disabled (58)" in said
    out = tmp_path / "back.jsonl"
    written = export(db, out, "prodigy")
    assert (written.spans, written.relations, written.problems) == (7, 5, [])
    back = {task["_input_hash"]: task for task in lines(out)}
    for task in source:
        again = back[task["_input_hash"]]
        assert again["text"] == task["text"] and again["answer"] == "accept"
        want = [(t["text"], t["start"], t["end"], t["ws"]) for t in task["tokens"]]
        assert [(t["text"], t["start"], t["end"], t["ws"]) for t in again["tokens"]] == want
        spans = {
            (s["start"], s["end"], s["token_start"], s["token_end"], s["label"])
            for s in task["spans"]
        }
        assert {
            (s["start"], s["end"], s["token_start"], s["token_end"], s["label"])
            for s in again["spans"]
        } == spans
        rels = {(r["head"], r["child"], r["label"]) for r in task["relations"]}
        assert {(r["head"], r["child"], r["label"]) for r in again["relations"]} == rels
        assert again["meta"]["source"] == task["meta"]["source"]
        # spaCy's Doc(words, spaces) rebuilds the text from them.
        assert "".join(t["text"] + " " * t["ws"] for t in again["tokens"]) == task["text"]


def test_prodigy_ner_file_keeps_its_tokens_and_accepted_empty_records(
    db: Database, tmp_path: Path
) -> None:
    """Prodigy ``ner.manual`` output (prodi.gy/docs/api-interfaces#ner_manual) whose tokens
    carry no ``ws``: "club monaco" ends inside "monaco's", one word to our tokenizer; "You
    can't." was accepted with no spans: a decision that nothing is there."""
    summary = importer.import_paths(
        db, [peer("prodigy_ner_fashion.jsonl")], annotator="fashion", add_labels=True
    )
    assert (summary.layers_added, summary.spans_added) == (4, 3)
    assert "spans[].input_hash (1), spans[].source (1)" in report_lines(summary)
    with db.read() as session:
        statuses = session.query(m.Layer.status, m.Layer.answer).all()
    assert statuses == [("done", "accept")] * 4
    out = tmp_path / "back.jsonl"
    assert export(db, out, "prodigy").spans == 3
    tasks = {task["text"]: task for task in lines(out)}
    nothing = tasks["You can't."]
    assert (nothing["answer"], nothing["spans"]) == ("accept", [])
    assert [t["text"] for t in nothing["tokens"]] == ["You", "ca", "n't", "."]
    club = tasks[next(t for t in tasks if t.startswith("club"))]
    assert [(s["text"], s["token_start"], s["token_end"]) for s in club["spans"]] == [
        ("club monaco", 0, 1)
    ]
    # The token formats use the same tokens: CoNLL writes "monaco" and "'s" apart.
    conll = tmp_path / "back.conll"
    assert export(db, conll, "conll").spans == 3
    assert "club B-FASHION_BRAND\nmonaco I-FASHION_BRAND\n's O\n" in conll.read_text()


def test_prodigy_binary_textcat_accepts_topics_and_keeps_rejects_as_decisions(
    db: Database, tmp_path: Path
) -> None:
    """Prodigy ``textcat.teach`` output: one ``label`` and an ``answer`` per task
    (prodi.gy/docs/api-interfaces#classification). Accepted: the label is a topic;
    rejected/ignored: the document and the decision, never the label as a topic."""
    with pytest.raises(InputError, match="names no annotator; pass --annotator"):
        importer.import_paths(db, [peer("prodigy_textcat_binary.jsonl")], add_labels=True)
    summary = importer.import_paths(
        db, [peer("prodigy_textcat_binary.jsonl")], annotator="gh", add_labels=True
    )
    assert (summary.documents_added, summary.layers_added, summary.topics_added) == (8, 8, 4)
    said = report_lines(summary)
    assert "1 ignored, 3 rejected record(s) kept as documents with that decision" in said
    assert "the 4 spans, labels and relations they turned down were not imported" in said
    assert "fields not kept: _task_hash (8), priority (8)" in said
    with db.read() as session:
        answers = sorted(a for (a,) in session.query(m.Layer.answer))
    assert answers == ["accept"] * 4 + ["ignore"] + ["reject"] * 3
    out = tmp_path / "back.jsonl"
    written = export(db, out, "prodigy")
    tasks = lines(out)
    assert sorted(t["answer"] for t in tasks) == answers
    assert all(t["accept"] == (["DOCUMENTATION"] if t["answer"] == "accept" else []) for t in tasks)
    assert written.topics == 4
    # A later file accepting what was rejected makes the layer an accepted one.
    later = tmp_path / "later.jsonl"
    first = lines(PEERS / "prodigy_textcat_binary.jsonl")[0]
    later.write_text(json.dumps({**first, "answer": "accept"}) + "\n", encoding="utf-8")
    assert importer.import_paths(db, [str(later)], annotator="gh").topics_added == 1
    with db.read() as session:
        assert sorted(a for (a,) in session.query(m.Layer.answer)).count("reject") == 2
    importer.import_paths(db, [str(later)], annotator="gh")  # again: nothing changes
    # doccano and Hugging Face take accepted examples only; the others are counted.
    for fmt in ("doccano", "hf"):
        written = export(db, tmp_path / f"out.{fmt}", fmt, ExportOptions(doccano="classification"))
        assert written.records == 5
        assert written.left_out == {
            "layers rejected or ignored in a peer tool (no accepted examples)": 3
        }
        assert any("3 records left out" in p for p in written.problems)


def test_label_studio_export_with_completed_by_objects(db: Database) -> None:
    """A Label Studio export from its SDK's own tests: ``completed_by`` is an object
    (labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks)."""
    summary = importer.import_paths(db, [peer("ls_sdk_completed_by_object.json")], add_labels=True)
    assert (summary.layers_added, summary.topics_added) == (1, 1)
    said = report_lines(summary)
    assert "annotations[].created_at (1)" in said and "result[].origin (1)" in said
    with db.read() as session:
        (name,) = session.query(m.Annotator.name).join(m.Layer).one()
        (ext,) = session.query(m.Document.external_id).one()
    assert (name, ext) == ("annotator@example.com", "labelstudio:1")


def test_label_studio_taxonomy_predictions_and_same_text_tasks(
    db: Database, tmp_path: Path
) -> None:
    """Taxonomy results (labelstud.io/tags/taxonomy) are topics named by their path;
    predictions with scores (labelstud.io/guide/predictions) are a model's layer; a
    skipped annotation is a decision; two tasks of one text stay two documents; a data
    field beside the text (an image for ``$image``) stays where it was."""
    summary = importer.import_paths(db, [peer("ls_taxonomy_predictions.json")], add_labels=True)
    assert (summary.documents_added, summary.documents_by_text) == (2, 0)
    said = report_lines(summary)
    assert "predictions[].score" not in said and "result[].score" not in said  # audit2:
    # a prediction's own score is kept and exported again (test_peer_audit.py), and so is
    # its region's score (0.93, with the model layer: qa9 found it reported as not kept)
    assert "1 ignored record(s)" in said
    with db.read() as session:
        topics = {
            name
            for (name,) in session.query(m.Label.name).join(
                m.LayerTopic, m.LayerTopic.label_id == m.Label.id
            )
        }
        layers = dict(session.query(m.Annotator.name, m.Layer.answer).join(m.Layer).all())
    assert topics == {"اقتصاد/طاقة", "سياسة"}
    assert layers["prediction:ner-v3"] is None and layers["ls-13"] == "ignore"
    out = tmp_path / "back.json"
    export(db, out, "labelstudio")
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["image"] for t in tasks] == [
        "https://example.org/7.jpg",
        "https://example.org/8.jpg",
    ]
    assert [t["data"]["external_id"] for t in tasks] == ["labelstudio:7", "labelstudio:8"]
    assert tasks[0]["predictions"][0]["result"][0]["value"]["text"] == "بروكسل"
    assert [a["was_cancelled"] for a in tasks[0]["annotations"]] == [False, True]
    # Importing the export again adds nothing.
    again = importer.import_paths(db, [str(out)])
    assert (again.documents_added, again.layers_added, again.spans_added) == (0, 0, 0)


def test_records_without_ids_meet_by_text_and_say_so(db: Database, tmp_path: Path) -> None:
    text = "نص واحد لمقالين"
    path = tmp_path / "twice.jsonl"
    rows = [{"text": text}, {"text": text}, {"text": text, "meta": {"external_id": "a"}}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    summary = importer.import_paths(db, [str(path)])
    # The three are one new document (the third, with an id, joins it: it has none).
    assert (summary.documents_added, summary.documents_existing) == (1, 0)
    assert summary.records == 3
    # Within the import, "a" claimed the document without an id: "b" gets its own.
    other = tmp_path / "other.jsonl"
    rows = [{"text": text, "meta": {"external_id": e}} for e in ("a", "b")]
    other.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    again = importer.import_paths(db, [str(other)])
    assert (again.documents_added, again.documents_by_text) == (1, 1)
    ids = tmp_path / "ids.jsonl"
    ids.write_text(
        "\n".join(json.dumps({"text": "نص آخر", "meta": {"external_id": e}}) for e in "xy") + "\n"
    )
    apart = importer.import_paths(db, [str(ids)])
    assert (apart.documents_added, apart.documents_existing) == (2, 0)


def test_doccano_intent_file_strict_and_lenient(db: Database) -> None:
    """doccano's intent-detection export (doccano docs, "Export Dataset" > intent
    detection: ``entities`` as [start, end, label] triples and ``cats``), from doccano's own
    test data, whose fifth record has no text."""
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [peer("doccano_intent.jsonl")], annotator="d", add_labels=True)
    assert info.value.located() == f'{peer("doccano_intent.jsonl")}:5: record has no "text" string'
    summary = importer.import_paths(
        db, [peer("doccano_intent.jsonl")], annotator="d", add_labels=True, lenient=True
    )
    assert (summary.records, summary.spans_added, summary.topics_added) == (4, 2, 2)
    assert summary.report.repairs == [
        f'{peer("doccano_intent.jsonl")}:5: record has no "text" string; record skipped'
    ]


def test_doccano_labels_key_and_sequence_labelling_export(db: Database, tmp_path: Path) -> None:
    """The ``labels`` key of doccano's tutorial, read under ``auto`` (its other fields kept
    as meta, its id the document's); and the shape a doccano sequence-labelling project
    imports (``label`` triples; doccano docs, "Import Dataset" > sequence labeling)."""
    summary = importer.import_paths(
        db, [peer("doccano_labels_key.jsonl")], annotator="d", add_labels=True
    )
    assert summary.spans_added == 2
    with db.read() as session:
        (ext, meta) = session.query(m.Document.external_id, m.Document.meta).one()
    assert ext == "doccano:3" and (meta["doc_id"], meta["username"]) == (3, "admin")
    importer.import_paths(
        db, [peer("doccano_sequence_labeling.jsonl")], annotator="d", add_labels=True
    )
    out = tmp_path / "seq.jsonl"
    written = export(db, out, "doccano", ExportOptions(doccano="sequence"))
    assert written.spans == 6
    got = {r["text"]: r["label"] for r in lines(out)}
    for record in lines(PEERS / "doccano_sequence_labeling.jsonl"):
        assert got[record["text"]] == record["label"]
    assert all("entities" not in r for r in lines(out))


def test_one_blank_prodigy_record_is_refused_or_skipped(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    good = {"text": "خبر", "spans": [], "answer": "accept", "_annotator_id": "a"}
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (good, {"text": "  "}, good)) + "\n"
    )
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [str(path)])
    assert info.value.located().startswith(f"{path}:2: text is empty")
    summary = importer.import_paths(db, [str(path)], lenient=True)
    assert (summary.records, summary.layers_added) == (2, 1)
    assert summary.report.repairs[0].startswith(f"{path}:2: text is empty")


def test_include_unannotated_is_no_training_data(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "mix.jsonl"
    rows = [
        {"text": "مقال لم يوسمه أحد"},
        {"text": "مقال موسوم", "annotator": "a", "spans": [{"start": 0, "end": 4, "label": "ORG"}]},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    importer.import_paths(db, [str(path)])
    native = export(db, tmp_path / "n.jsonl", "native", include_unannotated=True)
    assert native.records == 2
    for fmt in ("prodigy", "hf", "conll", "doccano"):
        written = export(db, tmp_path / f"x.{fmt}", fmt, include_unannotated=True)
        assert written.records == 1, fmt
        assert written.left_out == {"documents without a layer (nothing to learn from)": 1}


def test_a_declined_layer_is_no_vote_in_agreement_or_gold(db: Database, tmp_path: Path) -> None:
    """Before answers were kept, a rejected record brought no layer; as a layer holding
    nothing it must not count as an annotator who found nothing."""
    from annotator.services import access, agreement
    from annotator.services.review import ReviewService

    text = "قال مارك روته في بروكسل"
    per = {"start": 4, "end": 13, "label": "PER"}
    path = tmp_path / "votes.jsonl"
    rows = [
        {"text": text, "spans": [per], "answer": "accept", "_annotator_id": "alice"},
        {"text": text, "spans": [per], "answer": "reject", "_annotator_id": "bob"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    importer.import_paths(db, [str(path)])
    result = agreement.compute(db)
    assert result.report["annotators"] == ["alice"]
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    review = ReviewService(db, "rita")
    with db.read() as session:
        (doc,) = session.query(m.Document.id).one()
    assert set(review.layers(doc)) == {"alice"}
    review.start(doc)
    assert {s.key for s in review.gold.layer_state(doc).spans} == {(4, 13, "PER")}


def test_one_extra_span_field_is_named_not_dropped_silently(db: Database, tmp_path: Path) -> None:
    """A span of four fields (start, end, label and one we do not keep, such as spaCy's
    ``kb_id`` or a ``meta``) lost that field without a word: only spans of five or more
    were checked. Truth 3: a reader that does not keep a field says so with a count."""
    path = tmp_path / "spans.jsonl"
    path.write_text(
        json.dumps(
            {
                "text": "قال مارك روته",
                "annotator": "a",
                "spans": [{"start": 4, "end": 8, "label": "PER", "kb_id": "Q57792"}],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    summary = importer.import_paths(db, [str(path)], add_labels=True)
    assert summary.spans_added == 1
    assert "spans[].kb_id (1)" in report_lines(summary)
