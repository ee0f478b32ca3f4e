"""Suggestion services on SQLite and PostgreSQL: train, store, predict, export, patterns,
rejections, and the suggesters the app uses."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import LayerStatus
from annotator.core.suggest import entity_model
from annotator.core.suggest.base import Suggestion, TopicSuggestion
from annotator.services import access, exporter, suggestions
from annotator.services.annotations import AnnotationService
from annotator.services.documents import DocumentFilter, document_ids
from annotator.services.importer import import_paths
from annotator.services.review import ReviewService
from annotator.storage.database import Database

FIRST = ["محمد", "أحمد", "سارة", "خالد", "ليلى", "عمر", "هدى", "يوسف"]
LAST = ["العلي", "الحسن", "منصور", "الخطيب", "السيد", "داود"]
PLACES = ["بيروت", "دمشق", "القاهرة", "عمان", "تونس", "الرباط"]


def article(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """A short article with two names and a place, and which phrases carry which label."""
    a = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    b = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    place = rng.choice(PLACES)
    text = (
        f"قال الوزير {a} إن الوفد وصل إلى {place} صباح اليوم .\n"
        f"وأضاف الرئيس {b} أن المحادثات ستستمر في {place} .\n"
        f"وقال {a}: «المفاوضات كانت صعبة جدا» أمس ."
    )
    return text, [(a, "PER"), (place, "LOC"), (b, "PER")]


def fill(db: Database, tmp_path: Path, count: int = 12, done: int = 9) -> list[int]:
    """Import ``count`` articles; huda labels the first ``done`` and marks them done."""
    rng = random.Random(4)
    path = tmp_path / "articles.jsonl"
    made = [article(rng) for _ in range(count)]
    with path.open("w", encoding="utf-8") as fh:
        for i, (text, _spans) in enumerate(made):
            topic = "politics" if i % 2 else "economy"
            body = text if topic == "politics" else text.replace("الوزير", "المصرف")
            fh.write(
                json.dumps(
                    {"text": body + f"\n{i}", "meta": {"external_id": f"a{i}", "t": topic}},
                    ensure_ascii=False,
                )
                + "\n"
            )
    import_paths(db, [str(path)])
    ids = document_ids(db, DocumentFilter())
    huda = AnnotationService(db, "huda")
    for doc_id, (_text, marks) in zip(ids[:done], made[:done], strict=True):
        text = huda_text(db, doc_id)
        for phrase, label in marks:
            start = text.index(phrase)
            huda.add_span(doc_id, start, start + len(phrase), label)
        huda.set_topic(doc_id, "economy" if "المصرف" in text else "politics", True)
        huda.set_status(doc_id, LayerStatus.DONE)
    return ids


def huda_text(db: Database, doc_id: int) -> str:
    from annotator.services.documents import get_document

    return get_document(db, doc_id).text


def test_train_store_version_and_predict_with_scores(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = fill(db, tmp_path)
    result = suggestions.train(db, "entity", folds=3)
    assert result.version == 1 and result.documents == 9
    assert result.layers == {"huda": 9}
    assert result.labels == {"PER": 18, "LOC": 9}
    assert set(result.scores) == {"PER", "LOC", "*"}
    assert all(0 <= v <= 1 for p_r_f_n in result.scores.values() for v in p_r_f_n[:3])
    # The folds and the final model trained in worker processes: the same as in this one.
    mat = suggestions.material(db, "entity")
    stored = suggestions.load_entity_model(db)
    assert stored is not None and stored.crf == entity_model.train(mat.documents)[0].crf
    monkeypatch.setattr(entity_model, "MAX_WORKERS", 1)
    assert suggestions.cross_validate(mat, "entity", 3) == result.scores
    again = suggestions.train(db, "entity", folds=0)
    assert again.version == 2 and again.scores == {}
    assert [(i.kind, i.version) for i in suggestions.list_models(db)] == [
        ("entity", 2),
        ("entity", 1),
    ]

    written = suggestions.predict(db, "crf", "entity", document_ids=ids[9:])
    assert written.annotator == "prediction:crf" and written.documents == 3
    assert written.version == "entity-2" and written.spans > 0
    # Predicting again replaces the layer's spans, it does not add to them.
    assert suggestions.predict(db, "crf", "entity", document_ids=ids[9:]).spans == written.spans

    flt = exporter.ExportFilter(annotators=("prediction:crf",))
    out = tmp_path / "pred.jsonl"
    exporter.export(db, str(out), flt=flt)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    for record in records:
        spans = {(s["start"], s["end"], s["label"]) for s in record["spans"]}
        scored = {(s["start"], s["end"], s["label"]) for s in record["scores"]}
        assert spans == scored and spans
        assert all(0 < s["score"] <= 1 for s in record["scores"])
        assert all(record["text"][s["start"] : s["end"]] == s["text"] for s in record["spans"])
    ls = tmp_path / "pred.json"
    exporter.export(db, str(ls), fmt="labelstudio", flt=flt)
    task = json.loads(ls.read_text(encoding="utf-8"))[0]
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == "crf"
    assert 0 < prediction["score"] <= 1
    assert all("score" in r for r in prediction["result"] if r["type"] == "labels")


def test_a_model_layer_is_no_accepted_prodigy_example(db: Database, tmp_path: Path) -> None:
    """Exporting everyone's layers after ``suggest predict`` must not make the model's output
    accepted training data: a model layer is a Prodigy task to correct, without an answer."""
    ids = fill(db, tmp_path)
    suggestions.train(db, "entity", folds=0)
    suggestions.predict(db, "crf", "entity", document_ids=ids[9:])
    out = tmp_path / "all.jsonl"
    exporter.export(db, str(out), fmt="prodigy", flt=exporter.ExportFilter())
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    model = [r for r in records if r.get("_annotator_id") == "prediction:crf"]
    people = [r for r in records if r.get("_annotator_id") == "huda"]
    assert model and people
    assert all("answer" not in r for r in model)
    assert all(r["answer"] == "accept" for r in people)


def test_topics_train_and_predict_top_k(db: Database, tmp_path: Path) -> None:
    ids = fill(db, tmp_path)
    result = suggestions.train(db, "topic", folds=3)
    assert result.labels == {"politics": 4, "economy": 5}
    written = suggestions.predict(db, "svm", "topic", document_ids=ids[9:], top=2)
    assert written.topics == 6
    flt = exporter.ExportFilter(annotators=("prediction:svm",))
    out = tmp_path / "topics.jsonl"
    exporter.export(db, str(out), flt=flt)
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert sorted(record["topics"]) == sorted(s["label"] for s in record["scores"])


def test_nothing_to_train_and_no_model_yet(db: Database) -> None:
    with pytest.raises(AnnotatorError, match="nothing to train on"):
        suggestions.train(db, "entity")
    with pytest.raises(AnnotatorError, match="no entity model yet"):
        suggestions.predict(db, "x", "entity")


def test_training_material_prefers_gold_and_skips_model_layers(
    db: Database, tmp_path: Path
) -> None:
    ids = fill(db, tmp_path)
    suggestions.train(db, "entity", folds=0)
    suggestions.predict(db, "crf", "entity", document_ids=ids)
    mat = suggestions.material(db, "entity")
    assert mat.layers == {"huda": 9}  # not the prediction layers
    assert suggestions.material(db, "entity", people=["nobody"]).documents == []


def test_training_material_reads_only_gold_or_done_layers(db: Database, tmp_path: Path) -> None:
    # The layer query keeps only gold and done layers in SQL: an annotator's layer still
    # in progress stays out, a gold layer counts whatever its status, and gold wins.
    ids = fill(db, tmp_path)
    huda = AnnotationService(db, "huda")
    huda.add_span(ids[10], 0, 5, "PER")  # in progress: not material
    assert suggestions.material(db, "entity").layers == {"huda": 9}
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    ReviewService(db, "rita").start(ids[11])  # a gold layer, not marked done
    ReviewService(db, "rita").start(ids[0])  # gold over huda's done layer
    mat = suggestions.material(db, "entity")
    assert mat.layers == {"huda": 8, "gold": 2}
    assert sorted(mat.document_ids) == sorted([*ids[:9], ids[11]])


def test_patterns_import_and_names(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "patterns.jsonl"
    path.write_text(
        '{"label": "ORG", "pattern": "حلف شمال الأطلسي"}\n'
        '{"label": "ORG", "pattern": [{"lower": "الناتو"}]}\n',
        encoding="utf-8",
    )
    first = suggestions.import_patterns(db, path)
    assert (first.added, first.present) == (2, 0)
    assert suggestions.import_patterns(db, path).present == 2
    names = tmp_path / "places.txt"
    names.write_text("بروكسل\nلاهاي\n", encoding="utf-8")
    assert suggestions.import_patterns(db, names, label="LOC").added == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "NOPE", "pattern": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="'NOPE' is not in the schema"):
        suggestions.import_patterns(db, bad)
    with pytest.raises(InputError, match="needs --label"):
        suggestions.import_patterns(db, names)
    found = suggestions.Suggesters.load(db).spans("اجتمع الناتو وحلف شمال الاطلسي في بروكسل", None)
    assert [(s.label, s.suggester) for s in found] == [("ORG", "dictionary")] * 2 + [
        ("LOC", "dictionary")
    ]


def test_names_in_a_document_with_its_own_tokens_cover_whole_tokens(
    db: Database, tmp_path: Path
) -> None:
    """A document with its own tokens (CoNLL, Prodigy) has its spans on them: a known
    "بروكسل" inside the token "وبروكسل" is suggested as the whole token, which CoNLL and
    Hugging Face export can write (the part after the و they would leave out); a text
    without its own tokens keeps the name alone."""
    names = tmp_path / "places.txt"
    names.write_text("بروكسل\nحلف شمال الأطلسي\n", encoding="utf-8")
    suggestions.import_patterns(db, names, label="LOC")
    text = "وصل الوفد وبروكسل تستعد ولحلف شمال الأطلسي"
    tokens = [[m.start(), m.end()] for m in re.finditer(r"\S+", text)]
    sug = suggestions.Suggesters.load(db)
    own = sug.spans(text, {"tokens": tokens})
    assert [text[s.start : s.end] for s in own] == ["وبروكسل", "ولحلف شمال الأطلسي"]
    plain = sug.spans(text, None)
    assert [text[s.start : s.end] for s in plain] == ["بروكسل", "حلف شمال الأطلسي"]


def test_suggesters_skip_what_the_layer_has_and_rejections(db: Database, tmp_path: Path) -> None:
    ids = fill(db, tmp_path)
    suggestions.train(db, "entity", folds=0)
    suggestions.train(db, "topic", folds=0)
    sug = suggestions.Suggesters.load(db)
    text = huda_text(db, ids[10])
    found = sug.spans(text, None)
    labels = {s.label for s in found}
    assert {"PER", "QUOTE"} <= labels
    assert {s.suggester for s in found} >= {"propagation", "quotes"}
    quote = next(s for s in found if s.label == "QUOTE")
    assert quote.speaker is not None and quote.speaker[2] == "PER"
    first = found[0]
    suggestions.reject(db, "rana", ids[10], first)
    keys = suggestions.rejected(db, "rana", ids[10])
    assert keys == {first.key}
    assert suggestions.rejected(db, "huda", ids[10]) == set()
    again = sug.spans(text, None, rejected_keys=keys)
    assert first.key not in {s.key for s in again}
    have = [(found[1].start, found[1].end, found[1].label)]
    assert found[1].key not in {s.key for s in sug.spans(text, None, have)}
    topics = sug.topic_suggestions(text, top=2)
    assert [t.label for t in topics][:1] in (["politics"], ["economy"])
    suggestions.reject(db, "rana", ids[10], TopicSuggestion(topics[0].label, 0.9))
    keys = suggestions.rejected(db, "rana", ids[10])
    assert topics[0].label not in {t.label for t in sug.topic_suggestions(text, rejected_keys=keys)}
    assert isinstance(first, Suggestion)


@pytest.mark.parametrize("fmt", ["native", "labelstudio"])
def test_prediction_layer_round_trip_keeps_scores(db: Database, tmp_path: Path, fmt: str) -> None:
    from annotator.services.workspace import open_workspace
    from annotator.storage import models as m

    ids = fill(db, tmp_path)
    suggestions.train(db, "entity", folds=0)
    suggestions.predict(db, "crf", "entity", document_ids=ids[9:])
    out = tmp_path / ("pred.jsonl" if fmt == "native" else "pred.json")
    flt = exporter.ExportFilter(annotators=("prediction:crf",))
    exporter.export(db, str(out), fmt=fmt, flt=flt)
    with db.read() as s:
        before = sorted(
            (doc, start, end, label, round(score, 6))
            for doc, start, end, label, score in s.execute(
                select(
                    m.Layer.document_id,
                    m.PredictionScore.start,
                    m.PredictionScore.end,
                    m.PredictionScore.label,
                    m.PredictionScore.score,
                ).join(m.Layer, m.Layer.id == m.PredictionScore.layer_id)
            )
        )
    other = open_workspace(str(tmp_path / "other.sqlite"))
    try:
        summary = import_paths(other, [str(out)])
        assert summary.layers_added == 3
        with other.read() as s:
            names = set(s.scalars(select(m.Annotator.name)))
            after = sorted(
                (start, end, label, round(score, 6))
                for start, end, label, score in s.execute(
                    select(
                        m.PredictionScore.start,
                        m.PredictionScore.end,
                        m.PredictionScore.label,
                        m.PredictionScore.score,
                    )
                )
            )
        assert "prediction:crf" in names
        assert after == sorted(b[1:] for b in before) and after
    finally:
        other.close()


def test_scores_of_a_person_layer_are_reported_not_kept(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "huda.jsonl"
    path.write_text(
        json.dumps(
            {
                "text": "زار سعيد بيروت",
                "annotator": "huda",
                "status": "done",
                "spans": [{"start": 4, "end": 8, "label": "PER"}],
                "scores": [{"start": 4, "end": 8, "label": "PER", "score": 0.7}],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    summary = import_paths(db, [str(path)])
    assert any("1 scores not kept" in line for line in summary.report.lines())
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "x y", "annotator": "prediction:m", '
        '"scores": [{"label": "PER", "score": "high"}]}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bad\.jsonl:1: score of 'PER' must be a number"):
        import_paths(db, [str(bad)])


def test_propagation_suggests_a_colleague_s_labels_in_other_documents_only(
    db: Database, tmp_path: Path
) -> None:
    """Propagation suggested, in the very document a colleague had finished, every span
    of that colleague's layer ("PER محمد", "LOC بروكسل" in d1 for a third annotator): in
    blind mode the colleague's labels of that article, and agreement measured on copies.
    The issue: what the team labelled is suggested at "its occurrences in other documents"."""
    texts = [
        "التقى الوزير سامر الحلبي في بروكسل أمس .",
        "وصل سامر الحلبي إلى بروكسل صباحا .",
        "قال سامر الحلبي إن المدينة هادئة .",
    ]
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts))
    import_paths(db, [str(path)])
    ids = document_ids(db, DocumentFilter())
    karim = AnnotationService(db, "karim")
    for phrase, label in (("سامر الحلبي", "PER"), ("بروكسل", "LOC")):
        start = texts[0].index(phrase)
        karim.add_span(ids[0], start, start + len(phrase), label)
    karim.set_status(ids[0], LayerStatus.DONE)
    sug = suggestions.Suggesters.load(db)

    def found(i: int) -> set[tuple[str, str]]:
        spans = sug.spans(texts[i], None, document_id=ids[i])
        return {(texts[i][s.start : s.end], s.label) for s in spans if s.suggester == "propagation"}

    assert found(0) == set()  # known only from this document's own layer
    assert found(1) == {("سامر الحلبي", "PER"), ("بروكسل", "LOC")}
    assert found(2) == {("سامر الحلبي", "PER")}
    # Without a document (a text from elsewhere) everything known is offered, as before.
    assert {s.label for s in sug.spans(texts[0], None)} >= {"PER", "LOC"}


def test_a_renamed_label_keeps_its_names_rejections_and_prediction_scores(
    db: Database, tmp_path: Path
) -> None:
    # These keep a label by name: after "labels rename LOC PLACE" the LOC names were
    # listed under LOC and never suggested again, a rejected LOC suggestion was offered
    # again as PLACE, and the export wrote scores labelled LOC beside spans labelled
    # PLACE (Label Studio left the regions' scores out): all without a word.
    from annotator.core.model import Label, LabelKind
    from annotator.services import labels

    ids = fill(db, tmp_path)
    names = tmp_path / "places.txt"
    names.write_text("طرابلس\n", encoding="utf-8")
    suggestions.import_patterns(db, names, label="LOC")
    suggestions.train(db, "entity", folds=0)
    suggestions.predict(db, "crf", "entity", document_ids=ids[9:])
    text = huda_text(db, ids[10])
    place = next(p for p in PLACES if p in text)
    start = text.index(place)
    suggestions.reject(db, "rana", ids[10], Suggestion(start, start + len(place), "LOC", 1, "x"))
    # A removed label's rows, of the name the rename takes, are no one's any more.
    labels.add_label(db, Label("PLACE", LabelKind.ENTITY))
    suggestions.import_patterns(db, names, label="PLACE")
    labels.remove_label(db, "PLACE")
    labels.rename_label(db, "LOC", "PLACE")

    assert [(p.label, p.pattern) for p in suggestions.list_patterns(db)] == [("PLACE", '"طرابلس"')]
    found = suggestions.Suggesters.load(db).spans("زار طرابلس", None)
    assert [(s.label, s.suggester) for s in found] == [("PLACE", "dictionary")]
    assert suggestions.rejected(db, "rana", ids[10]) == {(start, start + len(place), "PLACE")}
    out = tmp_path / "pred.jsonl"
    exporter.export(
        db, str(out), fmt="native", flt=exporter.ExportFilter(annotators=("prediction:crf",))
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    spans = {(s["start"], s["end"], s["label"]) for r in records for s in r["spans"]}
    scored = {(s["start"], s["end"], s["label"]) for r in records for s in r["scores"]}
    assert "PLACE" in {label for _s, _e, label in spans} and scored == spans


def test_a_label_removed_takes_its_prediction_scores_with_its_spans(
    db: Database, tmp_path: Path
) -> None:
    # "labels remove LOC --force" deleted the predicted LOC spans but not their scores:
    # the native export wrote scores of spans that were gone, and Label Studio counted
    # them in the prediction's mean score.
    from annotator.services import labels

    ids = fill(db, tmp_path)
    suggestions.train(db, "entity", folds=0)
    suggestions.predict(db, "crf", "entity", document_ids=ids[9:])
    labels.remove_label(db, "LOC", force=True)
    out = tmp_path / "pred.jsonl"
    exporter.export(
        db, str(out), fmt="native", flt=exporter.ExportFilter(annotators=("prediction:crf",))
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    spans = {(s["start"], s["end"], s["label"]) for r in records for s in r["spans"]}
    scored = {(s["start"], s["end"], s["label"]) for r in records for s in r["scores"]}
    assert spans and scored == spans


def test_suggesters_go_on_without_a_model_that_cannot_be_read(db: Database, tmp_path: Path) -> None:
    # A stored model of a newer annotator (or damaged) made loading the suggesters fail
    # as a whole: the app showed no suggestion at all, dictionary ones included, and
    # said nothing.
    from sqlalchemy import update

    from annotator.storage import models as m

    ids = fill(db, tmp_path)
    names = tmp_path / "places.txt"
    names.write_text("طرابلس\n", encoding="utf-8")
    suggestions.import_patterns(db, names, label="LOC")
    suggestions.train(db, "entity", folds=0)
    suggestions.train(db, "topic", folds=0)
    with db.write() as session:
        session.execute(update(m.SuggestModel).values(data=b"annotator-crf-9 ..."))
    sug = suggestions.Suggesters.load(db)
    found = sug.spans("زار طرابلس", None)
    assert [(s.label, s.suggester) for s in found] == [("LOC", "dictionary")]
    assert sug.entity is None and sug.topics is None
    assert sug.problems == [
        "the stored entity model entity-1 cannot be read (not an annotator entity model): "
        "train it again, or use the annotator version that trained it",
        "the stored topic model topic-1 cannot be read (not an annotator topic model): "
        "train it again, or use the annotator version that trained it",
    ]
    assert ids


def test_names_in_presentation_forms_are_stored_as_their_letters(
    db: Database, tmp_path: Path
) -> None:
    """A list of names copied from a PDF holds presentation forms (ﺑﺮﻭﻛﺴﻞ), which no stored
    text does (import folds them): stored as their letters, as import stores texts, they
    are found; they were kept as glyphs and never matched."""
    names = tmp_path / "places.txt"
    names.write_text("\ufe91\ufeae\ufeed\ufedb\ufeb4\ufede\n", encoding="utf-8")  # ﺑﺮﻭﻛﺴﻞ
    suggestions.import_patterns(db, names, label="LOC")
    text = "وصل الوفد إلى بروكسل"
    found = suggestions.Suggesters.load(db).spans(text, None)
    assert [(text[s.start : s.end], s.label) for s in found] == [("بروكسل", "LOC")]
