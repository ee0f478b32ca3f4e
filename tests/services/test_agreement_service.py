"""Agreement over the database: what is read, filters, gold on request, blind mode."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import insert

from annotator.core.arabic import tokenize
from annotator.core.errors import AnnotatorError, PermissionDeniedError
from annotator.core.metrics import AgreementDocument, Layer, agreement_report
from annotator.core.model import LabelKind
from annotator.services import access, agreement
from annotator.services.annotations import AnnotationService
from annotator.services.review import ReviewService
from annotator.storage import models as m
from annotator.storage.database import Database

TEXTS = ["علي وسارة في باريس اليوم", "زار أحمد بيروت مع منظمة الصحة"]
LAYERS = {
    "alice": [[(0, 3, "PER"), (4, 9, "PER"), (13, 18, "LOC")], [(4, 8, "PER"), (9, 14, "LOC")]],
    "bob": [[(0, 3, "PER"), (5, 9, "PER"), (13, 18, "ORG")], [(4, 8, "PER"), (18, 29, "ORG")]],
    "carol": [[(0, 3, "PER")], []],
}
TOPICS = {"alice": ["politics"], "bob": ["politics", "health"], "carol": []}


@pytest.fixture
def docs(db: Database) -> list[int]:
    ids = []
    with db.write() as s:
        for i, text in enumerate(TEXTS):
            ids.append(
                int(
                    s.scalar(
                        insert(m.Document)
                        .values(title="", text=text, text_sha256=f"h{i}", meta={})
                        .returning(m.Document.id)
                    )
                    or 0
                )
            )
    for name, per_doc in LAYERS.items():
        service = AnnotationService(db, name)
        for doc, spans in zip(ids, per_doc, strict=True):
            for start, end, label in spans:
                service.add_span(doc, start, end, label)
            for topic in TOPICS[name] if doc == ids[0] else []:
                service.set_topic(doc, topic, True)
    return ids


def expected(**kwargs: object) -> dict[str, object]:
    documents = [
        AgreementDocument(
            text,
            {
                name: Layer(per_doc[i], TOPICS[name] if i == 0 else ())
                for name, per_doc in LAYERS.items()
                if per_doc[i] or (i == 0 and TOPICS[name])
            },
        )
        for i, text in enumerate(TEXTS)
    ]
    return dict(agreement_report(documents, **kwargs))


def test_the_database_report_is_the_core_report(db: Database, docs: list[int]) -> None:
    kinds = {"PER": LabelKind.ENTITY, "LOC": LabelKind.ENTITY, "ORG": LabelKind.ENTITY}
    result = agreement.compute(db)
    assert result.documents == 2
    assert result.report["annotators"] == ["alice", "bob", "carol"]
    want = expected(label_kinds=kinds)
    got = dict(result.report)
    for key in ("annotators", "topics", "topic_alpha", "matrix"):
        assert got[key] == want[key], key
    assert [r["label"] for r in got["pairs"]] == [r["label"] for r in want["pairs"]]
    for mine, theirs in zip(got["pairs"], want["pairs"], strict=True):
        for metric in ("exact_f1", "overlap_f1", "kappa"):
            a, b = mine[metric], theirs[metric]
            assert (a is None and b is None) or math.isclose(a, b), (mine, theirs)
    shape = result.to_json()
    assert {"rows", "alpha", "topics", "matrix"} <= shape.keys()


def test_filters_gold_and_cache(db: Database, docs: list[int]) -> None:
    only = agreement.compute(db, annotators=["alice", "bob"], labels=["PER"])
    assert {(r["a"], r["b"], r["label"]) for r in only.report["pairs"]} == {
        ("alice", "bob", "PER"),
        ("alice", "bob", None),
    }
    quotes = agreement.compute(db, kind=LabelKind.QUOTE)
    assert all(r["exact_f1"] is None for r in quotes.report["pairs"])
    with pytest.raises(AnnotatorError, match="'zed'"):
        agreement.compute(db, annotators=["zed"])
    with pytest.raises(AnnotatorError, match="no label"):
        agreement.compute(db, labels=["NOPE"])
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    ReviewService(db, "rita").start(docs[0])
    assert "gold" not in agreement.compute(db).report["annotators"]
    with_gold = agreement.compute(db, annotators=["alice", "gold"])
    assert with_gold.report["annotators"] == ["alice", "gold"]
    cache = agreement.TokenCache(size=1)
    agreement.compute(db, cache=cache)
    assert cache.get(docs[1], "ignored") == tokenize(TEXTS[1])  # kept; one at most


def test_blind_mode_keeps_agreement_for_reviewers(db: Database, docs: list[int]) -> None:
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rita = access.resolve_actor(db, "rita")
    access.set_setting(db, rita, access.BLIND_MODE, "on")
    with pytest.raises(PermissionDeniedError, match="blind mode"):
        agreement.compute(db, actor=access.resolve_actor(db, "alice"))
    with pytest.raises(PermissionDeniedError):
        agreement.compute(db)
    assert agreement.compute(db, actor=rita).documents == 2
