"""Active learning: score documents by the current model's uncertainty, kept per version.

The document list's "uncertainty" order (``documents.UNCERTAINTY``) reads the scores of
the current model of a kind from ``uncertainty_scores``; this module computes the missing
ones a batch at a time (the to-do list's documents without a score of that version,
queued documents first) and stores them. Each login keeps its own scores (on PostgreSQL
row security lets a login read and write only its own rows, of the current version only:
migration 0027), so nobody can move a document in a colleague's list by storing a made-up
score. A new model version has no scores yet, so its order starts again; a new document
has none either, so it is scored on the next pass; nothing is computed twice by a login.
Scores of older versions are dropped as new ones are stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, delete, func, insert, select

from annotator.core.errors import AnnotatorError
from annotator.core.formats.tokens import stored_tokens
from annotator.core.suggest import uncertainty
from annotator.core.suggest.base import words_of
from annotator.services.documents import UNCERTAINTY, DocumentFilter, filtered_query
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.retry import retrying

if TYPE_CHECKING:
    from annotator.core.suggest.entity_model import EntityModel
    from annotator.core.suggest.topic_model import TopicModel

BATCH = 40
"""Documents scored and stored at a time (a CRF pass over a news article takes ~50 ms)."""


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A stored model by kind and version (``entity-3``)."""

    kind: str
    version: int

    @property
    def name(self) -> str:
        """As suggestions and ``suggest models`` name it."""
        return f"{self.kind}-{self.version}"


def current_models(db: Database) -> dict[str, ModelRef]:
    """The current (newest) model of each kind that has one."""
    with db.read() as session:
        rows = session.execute(
            select(m.SuggestModel.kind, func.max(m.SuggestModel.version)).group_by(
                m.SuggestModel.kind
            )
        ).all()
    return {kind: ModelRef(kind, int(version)) for kind, version in rows if version is not None}


def current_model(db: Database, kind: str | None = None) -> ModelRef | None:
    """The model the order uses: of ``kind``, or the entity model, else the topic model."""
    models = current_models(db)
    if kind is not None:
        return models.get(kind)
    return models.get("entity") or models.get("topic")


def ordered(flt: DocumentFilter, kind: str) -> DocumentFilter:
    """``flt`` in the uncertainty order of the current ``kind`` model (the to-do list)."""
    return replace(flt, sort=UNCERTAINTY, descending=False, model_kind=kind)


Scorer = Callable[[Sequence[tuple[int, str, dict[str, Any]]]], list[tuple[int, float]]]
"""Scores ``(id, text, meta)`` documents: ``(id, score)`` each."""


@dataclass(slots=True)
class LoadedModel:
    """A stored model read for scoring, with its version."""

    ref: ModelRef
    model: EntityModel | TopicModel

    def score(self, docs: Sequence[tuple[int, str, dict[str, Any]]]) -> list[tuple[int, float]]:
        """Each document's uncertainty (see ``core.suggest.uncertainty``)."""
        from annotator.core.suggest.entity_model import EntityModel

        if isinstance(self.model, EntityModel):
            out = []
            for doc_id, text, meta in docs:
                tokens = stored_tokens(meta, text) or words_of(text)
                out.append((doc_id, uncertainty.entity_uncertainty(self.model, text, tokens)))
            return out
        scores = uncertainty.topic_uncertainty(self.model, [text for _i, text, _m in docs])
        return [(doc_id, s) for (doc_id, _t, _m), s in zip(docs, scores, strict=True)]


def load(db: Database, kind: str) -> LoadedModel | None:
    """The current model of ``kind`` with its version (read together), or None;
    AnnotatorError when it cannot be read."""
    from annotator.services.suggestions import read_model

    with db.read() as session:
        row = session.execute(
            select(m.SuggestModel.version, m.SuggestModel.data)
            .where(m.SuggestModel.kind == kind)
            .order_by(m.SuggestModel.version.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    ref = ModelRef(kind, int(row.version))
    return LoadedModel(ref, read_model(kind, ref.version, row.data))


def unscored(db: Database, flt: DocumentFilter, limit: int) -> list[int]:
    """Up to ``limit`` documents of the ordered list without a current score, list order."""
    with db.read() as session:
        inner = filtered_query(flt, dialect=db.engine.dialect.name).subquery()
        order = [inner.c.assigned.desc()] if flt.assigned_first else []
        query = (
            select(inner.c.id)
            .where(inner.c.sort_key.is_(None))
            .order_by(*order, inner.c.id)
            .limit(limit)
        )
        return list(session.scalars(query))


def progress(db: Database, flt: DocumentFilter) -> tuple[int, int]:
    """(scored, total): the ordered list's documents with a current score, and all of them."""
    with db.read() as session:
        inner = filtered_query(flt, dialect=db.engine.dialect.name).subquery()
        total = session.scalar(select(func.count()).select_from(inner)) or 0
        scored = (
            session.scalar(
                select(func.count()).select_from(inner).where(inner.c.sort_key.is_not(None))
            )
            or 0
        )
    return scored, total


def texts(db: Database, ids: Sequence[int]) -> list[tuple[int, str, dict[str, Any]]]:
    """The documents' texts and meta, in the order of ``ids``."""
    with db.read() as session:
        rows = session.execute(
            select(m.Document.id, m.Document.text, m.Document.meta).where(
                m.Document.id.in_(list(ids))
            )
        ).all()
    found = {doc_id: (doc_id, text, dict(meta or {})) for doc_id, text, meta in rows}
    return [found[i] for i in ids if i in found]


@retrying
def store(db: Database, ref: ModelRef, scores: Sequence[tuple[int, float]]) -> bool:
    """Store scores of model ``ref``; False (nothing stored) when it is no longer current.

    A score this login stored meanwhile (another window) is kept (the same model gives the
    same score); this login's scores of the kind's older versions are dropped.
    """
    mine = m.UncertaintyScore.login == m.session_login()
    with db.write() as session:
        newest = session.scalar(
            select(func.max(m.SuggestModel.version)).where(m.SuggestModel.kind == ref.kind)
        )
        if newest != ref.version:
            return False
        session.execute(
            delete(m.UncertaintyScore).where(
                mine,
                m.UncertaintyScore.kind == ref.kind,
                m.UncertaintyScore.version != ref.version,
            )
        )
        ids = [doc_id for doc_id, _s in scores]
        have = set(
            session.scalars(
                select(m.UncertaintyScore.document_id).where(
                    mine,
                    m.UncertaintyScore.kind == ref.kind,
                    m.UncertaintyScore.version == ref.version,
                    m.UncertaintyScore.document_id.in_(ids),
                )
            )
        )
        alive = set(session.scalars(select(m.Document.id).where(m.Document.id.in_(ids))))
        rows = [
            {"document_id": doc_id, "kind": ref.kind, "version": ref.version, "score": score}
            for doc_id, score in scores
            if doc_id not in have and doc_id in alive
        ]
        if rows:
            # A Core insert: the login is the connection's (SQL), never a parameter.
            table = cast(Table, m.UncertaintyScore.__table__)
            session.execute(insert(table).values(login=m.session_login()), rows)
    return True


@dataclass(slots=True)
class RankResult:
    """What ``rank`` did: the model used, documents scored now, the list's size."""

    model: ModelRef
    scored_now: int
    total: int
    seconds: float


def rank(
    db: Database,
    flt: DocumentFilter,
    kind: str | None = None,
    *,
    batch: int = BATCH,
    progress_to: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> RankResult:
    """Score every document of ``flt``'s to-do list the current model has no score of.

    ``flt`` is put in the uncertainty order of the model (``kind``, or the entity model,
    else the topic model). ``progress_to(scored, total)`` is called after each batch;
    ``stop()`` True ends the run after the batch in hand.
    """
    began = time.perf_counter()
    ref = current_model(db, kind)
    if ref is None:
        what = f"no {kind} model" if kind else "no model"
        raise AnnotatorError(
            f"{what} yet: train one first ('annotator suggest train'), then order by uncertainty"
        )
    loaded = load(db, ref.kind)
    assert loaded is not None
    flt = ordered(flt, ref.kind)
    done, total = progress(db, flt)
    now = 0
    while not (stop and stop()):
        ids = unscored(db, flt, batch)
        if not ids:
            break
        if not store(db, loaded.ref, loaded.score(texts(db, ids))):
            # A newer model was stored meanwhile: carry on with it.
            fresh = load(db, ref.kind)
            assert fresh is not None
            loaded, ref = fresh, fresh.ref
            done, total = progress(db, flt)
            continue
        now += len(ids)
        done += len(ids)
        if progress_to:
            progress_to(done, total)
    return RankResult(ref, now, total, time.perf_counter() - began)


def scores(db: Database, ref: ModelRef, ids: Sequence[int]) -> dict[int, float]:
    """This login's stored scores of model ``ref`` for these documents (those it has)."""
    out: dict[int, float] = {}
    with db.read() as session:
        for start in range(0, len(ids), 500):
            page = list(ids[start : start + 500])
            rows = session.execute(
                select(m.UncertaintyScore.document_id, m.UncertaintyScore.score).where(
                    m.UncertaintyScore.login == m.session_login(),
                    m.UncertaintyScore.kind == ref.kind,
                    m.UncertaintyScore.version == ref.version,
                    m.UncertaintyScore.document_id.in_(page),
                )
            )
            out.update((doc_id, score) for doc_id, score in rows)
    return out


def current_scores(db: Database, kind: str, ids: Sequence[int]) -> dict[int, float]:
    """This login's scores of the current ``kind`` model for these documents (those it
    has)."""
    current = (
        select(func.max(m.SuggestModel.version))
        .where(m.SuggestModel.kind == kind)
        .scalar_subquery()
    )
    with db.single_read() as conn:  # one statement (read with each page of the list)
        rows = conn.execute(
            select(m.UncertaintyScore.document_id, m.UncertaintyScore.score).where(
                m.UncertaintyScore.login == m.session_login(),
                m.UncertaintyScore.kind == kind,
                m.UncertaintyScore.version == current,
                m.UncertaintyScore.document_id.in_(list(ids)),
            )
        )
        return {doc_id: score for doc_id, score in rows}
