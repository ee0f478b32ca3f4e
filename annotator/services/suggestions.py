"""Suggestions: train and store models, predict into ``prediction:NAME`` layers, patterns,
rejections, and the suggesters the app asks for one document's suggestions.

Training material is the done layers (default: a document's gold layer where it has one,
else every done layer of people; ``--gold`` only gold; ``--annotators`` only theirs);
model layers (``prediction:...``) never train a model. Models are stored in the database
(``suggest_models``), versioned per kind; the highest version is the current one, so a
team on PostgreSQL shares it. On PostgreSQL, training, patterns and prediction layers are
for reviewers and the administrator (the database enforces it, migration 0010); on SQLite
nobody needs to say who they are.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import delete, func, null, or_, select
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError, InputError, NotFoundError, PermissionDeniedError
from annotator.core.formats.tokens import PackedTokens, stored_tokens
from annotator.core.model import LabelKind, LayerStatus, is_model_layer
from annotator.core.offsets import fold_presentation_forms
from annotator.core.suggest import entity_model
from annotator.core.suggest.base import (
    LabelledText,
    Suggestion,
    TopicSuggestion,
    merge,
    snap_to_tokens,
    words_of,
)
from annotator.core.suggest.patterns import (
    Pattern,
    PatternMatcher,
    parse_names,
    parse_patterns,
    stored_pattern,
)
from annotator.core.suggest.propagation import Propagation
from annotator.core.suggest.quotes import suggest_quotes
from annotator.core.textio import read_text_file
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.retry import retrying

from . import access, annotators, audit, exporter

if TYPE_CHECKING:  # NumPy and scikit-learn load only when topics are trained or suggested
    from annotator.core.suggest import topic_model

PREDICTION = "prediction:"
"""Prefix of the pseudo-annotators whose layers a model wrote."""
KINDS = ("entity", "topic")
NO_RANGE = -1
"""``start`` and ``end`` of a topic's rejection or score."""


def require_model_writer(db: Database, claimed: str | None, what: str) -> str:
    """Who writes models or prediction layers: anyone on SQLite, reviewers on PostgreSQL.

    Returns the name for the audit log.
    """
    if access.database_login(db) is not None:
        actor = access.resolve_actor(db, claimed)
        if not (actor.is_reviewer or actor.admin):
            raise PermissionDeniedError(f"{what} is for reviewers; {actor.name} is an annotator")
    return access.audit_name(db, claimed)


# -- training material --------------------------------------------------------------------


@dataclass(slots=True)
class Material:
    """Labelled documents for one kind, and what they came from."""

    documents: list[LabelledText] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    layers: Counter[str] = field(default_factory=Counter)
    """How many layers of each annotator (or ``gold``) were used."""


def material(
    db: Database,
    kind: str,
    *,
    people: Sequence[str] | None = None,
    gold: bool = False,
) -> Material:
    """The training material: see the module docstring for which layers."""
    with db.read() as session:
        rows = session.execute(
            select(
                m.Layer.id, m.Layer.document_id, m.Annotator.name, m.Annotator.role, m.Layer.status
            )
            .join(m.Annotator, m.Annotator.id == m.Layer.annotator_id)
            # Only a gold or a done layer can be chosen: the others are not read (at
            # 1,000,000 documents, reading every layer row held the GIL for seconds in
            # the window's suggestion thread while the annotator paged through articles).
            .where(
                or_(
                    m.Annotator.role == annotators.GOLD,
                    m.Layer.status == LayerStatus.DONE.value,
                )
            )
            .order_by(m.Layer.document_id, m.Layer.id)
        ).all()
        chosen: list[tuple[int, int, str]] = []
        by_doc: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
        for layer_id, doc_id, name, role, status in rows:
            if is_model_layer(name):
                continue
            by_doc[doc_id].append((layer_id, name, role, status))
        for doc_id, layers in by_doc.items():
            golds = [(lid, "gold") for lid, _n, role, _s in layers if role == annotators.GOLD]
            done = [
                (lid, n)
                for lid, n, role, status in layers
                if role != annotators.GOLD and status == LayerStatus.DONE.value
            ]
            if people:
                picked = [(lid, n) for lid, n in done if n in people]
                if gold:
                    picked += golds
            elif gold:
                picked = golds
            else:
                picked = golds or done
            chosen.extend((lid, doc_id, n) for lid, n in picked)
        if not chosen:
            return Material()
        layer_ids = [lid for lid, _d, _n in chosen]
        spans: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        topics: dict[int, list[str]] = defaultdict(list)
        for start in range(0, len(layer_ids), 500):
            page = layer_ids[start : start + 500]
            if kind == "entity":
                for lid, s, e, label in session.execute(
                    select(m.Span.layer_id, m.Span.start, m.Span.end, m.Label.name)
                    .join(m.Label, m.Label.id == m.Span.label_id)
                    .where(m.Span.layer_id.in_(page), m.Label.kind == LabelKind.ENTITY.value)
                ):
                    spans[lid].append((s, e, label))
            else:
                for lid, label in session.execute(
                    select(m.LayerTopic.layer_id, m.Label.name)
                    .join(m.Label, m.Label.id == m.LayerTopic.label_id)
                    .where(m.LayerTopic.layer_id.in_(page))
                    .order_by(m.LayerTopic.layer_id, m.Label.name)
                ):
                    topics[lid].append(label)
        doc_ids = sorted({d for _l, d, _n in chosen})
        texts: dict[int, tuple[str, PackedTokens | None]] = {}
        for start in range(0, len(doc_ids), 500):
            page = doc_ids[start : start + 500]
            # Four rows at a time, each document's tokens packed at once: the JSON lists of
            # the tokens (about 130 bytes a token) are garbage at once, and the fewer held
            # together, the less of Python's memory the packed survivors keep pinned (16
            # rows at a time left 9 MB more resident for 150,000 tokens, a page 20 MB).
            # Topics need no tokens: their meta is not read.
            meta_column = m.Document.meta if kind == "entity" else null()
            for did, text, meta in session.execute(
                select(m.Document.id, m.Document.text, meta_column)
                .where(m.Document.id.in_(page))
                .execution_options(yield_per=4)
            ):
                tokens = stored_tokens(meta or {}, text)
                texts[did] = (text, None if tokens is None else PackedTokens(tokens))
    out = Material()
    for lid, doc_id, name in chosen:
        text, packed = texts[doc_id]
        if kind == "topic" and not topics.get(lid):
            continue
        out.documents.append(
            LabelledText(text, sorted(spans.get(lid, [])), packed, topics.get(lid, []))
        )
        out.document_ids.append(doc_id)
        out.layers[name] += 1
    return out


# -- training -----------------------------------------------------------------------------

Scores = dict[str, tuple[float, float, float, int]]
"""Per label (and ``*`` for all): precision, recall, F1, support."""


def _prf(tp: Counter[str], fp: Counter[str], fn: Counter[str]) -> Scores:
    out: Scores = {}
    for label in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = (p, r, f, tp[label] + fn[label])
    return out


def _count(
    gold: Iterable[tuple[Any, ...]],
    pred: Iterable[tuple[Any, ...]],
    tp: Counter[str],
    fp: Counter[str],
    fn: Counter[str],
) -> None:
    g, p = set(gold), set(pred)
    for key in g & p:
        tp[key[-1]] += 1
        tp["*"] += 1
    for key in p - g:
        fp[key[-1]] += 1
        fp["*"] += 1
    for key in g - p:
        fn[key[-1]] += 1
        fn["*"] += 1


def _fold_groups(ids: Sequence[int], folds: int) -> list[int]:
    """A fold per example, by document (a document's layers stay in one fold)."""
    order = {d: i for i, d in enumerate(sorted(set(ids)))}
    return [order[d] % folds for d in ids]


def cross_validate(mat: Material, kind: str, folds: int) -> Scores:
    """Exact-span (entity) or top-1 (topic) P/R/F1 per label over ``folds`` folds."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    groups = _fold_groups(mat.document_ids, folds)
    if kind == "entity":
        held = entity_model.validate_and_train(mat.documents, groups, final=False).held
        return _entity_scores(mat, held)
    from annotator.core.suggest import topic_model  # NumPy and scikit-learn: topics only

    for f in range(folds):
        train = [d for d, g in zip(mat.documents, groups, strict=True) if g != f]
        test = [d for d, g in zip(mat.documents, groups, strict=True) if g == f]
        if not train or not test:
            continue
        labels = [d.topics[0] for d in train]
        if len(set(labels)) < 2:
            continue
        topics, _ = topic_model.train([d.text for d in train], labels)
        for doc, best in zip(test, topics.predict([d.text for d in test]), strict=True):
            _count([(t,) for t in doc.topics[:1]], [(best,)], tp, fp, fn)
    return _prf(tp, fp, fn)


def _entity_scores(mat: Material, held: Sequence[entity_model.Held]) -> Scores:
    """Exact-span scores of each document's held-out predictions."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for doc, pred in zip(mat.documents, held, strict=True):
        _count(doc.spans, pred, tp, fp, fn)
    return _prf(tp, fp, fn)


@dataclass(slots=True)
class TrainResult:
    """A stored model: its version, what it was trained on, and cross-validated scores."""

    kind: str
    version: int
    documents: int
    layers: Counter[str]
    labels: Counter[str]
    words: int
    missed: int
    """Entity: spans not on word edges, left out; topic: topics of layers with several,
    after the first by name, not trained on."""
    seconds: float
    scores: Scores
    folds: int = 0
    """Cross-validation folds used (0: not cross-validated)."""
    folds_by: str = "document"
    """What the folds are made of: documents, or blocks of sentences when the material
    has fewer documents than folds."""
    several: int = 0
    """Topic: layers with more than one topic (each trained on its first by name)."""


DEFAULT_FOLDS = {"entity": 2, "topic": 3}
"""Cross-validation folds when none are asked for. Entity models: 2, so that on two cores
the two fold models train one after the other while the final model trains beside them
(as long as it takes); with 3 folds the command takes two-thirds longer."""


def train(
    db: Database,
    kind: str,
    *,
    people: Sequence[str] | None = None,
    gold: bool = False,
    folds: int | None = None,
    claimed: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> TrainResult:
    """Train a model of ``kind`` from the material, cross-validate it (``folds``, default
    ``DEFAULT_FOLDS[kind]``; 0 or 1: not), store it."""
    if kind not in KINDS:
        raise AnnotatorError(f"unknown model kind {kind!r} (entity or topic)")
    if folds is None:
        folds = DEFAULT_FOLDS[kind]
    who = require_model_writer(db, claimed, "training a model")
    if people:
        _check_trainers(db, people)
    mat = material(db, kind, people=people, gold=gold)
    if not mat.documents:
        raise AnnotatorError(
            "nothing to train on: no done layers"
            + (f" of {', '.join(people)}" if people else "")
            + (" and no gold layers" if gold or not people else "")
            + (" with entity spans" if kind == "entity" else " with document topics")
        )
    began = time.perf_counter()
    scores: Scores = {}
    trained_on = len(mat.documents)  # layers (the blocks below are not more layers)
    validate = folds >= 2 and len(set(mat.document_ids)) >= folds
    by = "document"
    if kind == "entity" and folds >= 2 and not validate:
        # A corpus in fewer documents than folds (one file without document breaks):
        # cross-validated over blocks of sentences instead, rather than not at all.
        blocks = [b for d in mat.documents for b in entity_model.sentence_blocks(d)]
        if len(blocks) >= folds:
            mat = Material(blocks, list(range(len(blocks))), mat.layers)
            validate = True
            by = f"blocks of {entity_model.BLOCK_SENTENCES} sentences"
    if kind == "entity":
        if validate:
            # The folds and the final model train side by side, in separate processes.
            if progress:
                progress(
                    f"cross-validating on {trained_on} layers ({folds} folds by {by})"
                    " and training on all of them"
                )
            done = entity_model.validate_and_train(
                mat.documents, _fold_groups(mat.document_ids, folds), progress=progress
            )
            assert done.model is not None and done.report is not None
            scores = _entity_scores(mat, done.held)
            model, report = done.model, done.report
        else:
            if progress:
                progress(f"training on {trained_on} layers")
            model, report = entity_model.train(mat.documents)
        data_info: dict[str, Any] = dict(model.info)
        words, missed, labels = report.words, report.missed, report.labels
        several = 0
        pending_entity: entity_model.EntityModel | None = model
        pending_topic: topic_model.TopicModel | None = None
    else:
        from annotator.core.suggest import topic_model  # NumPy and scikit-learn: 150 MB

        if validate:
            if progress:
                progress(f"cross-validating on {len(mat.documents)} layers ({folds} folds)")
            scores = cross_validate(mat, kind, folds)
        if progress:
            progress(f"training on {len(mat.documents)} layers")
        texts = [d.text for d in mat.documents]
        firsts = [d.topics[0] for d in mat.documents]
        if len(set(firsts)) < 2:
            raise AnnotatorError("topic training needs documents of at least two topics")
        tmodel, treport = topic_model.train(texts, firsts)
        data_info = dict(tmodel.info)
        # One topic per document: a layer's others (after the first by name) are not
        # learned, nor judged in the cross-validation; counted, not dropped unsaid.
        missed = sum(len(d.topics) - 1 for d in mat.documents)
        several = sum(1 for d in mat.documents if len(d.topics) > 1)
        words, labels = 0, treport.labels
        pending_entity, pending_topic = None, tmodel
    seconds = time.perf_counter() - began
    info = {
        **data_info,
        "documents": trained_on,
        "layers": dict(mat.layers),
        "scores": {k: list(v) for k, v in scores.items()},
        "seconds": round(seconds, 2),
    }
    version = _store(db, kind, who, info, pending_entity, pending_topic)
    return TrainResult(
        kind,
        version,
        trained_on,
        mat.layers,
        labels,
        words,
        missed,
        seconds,
        scores,
        folds if validate else 0,
        by,
        several,
    )


@retrying
def _check_trainers(db: Database, people: Sequence[str]) -> None:
    """Refuse ``--annotators`` that name no annotator (a typo trained on the others
    without a word) or a model's layers (never training material)."""
    for name in people:
        if is_model_layer(name):
            raise AnnotatorError(f"{name} is a model's layers: a model never trains on predictions")
    with db.read() as session:
        known = set(session.scalars(select(m.Annotator.name).where(m.Annotator.name.in_(people))))
    missing = [name for name in people if name not in known]
    if missing:
        raise NotFoundError(f"no annotator named {', '.join(map(repr, missing))}")


def _store(
    db: Database,
    kind: str,
    who: str,
    info: dict[str, Any],
    entity: entity_model.EntityModel | None,
    topic: topic_model.TopicModel | None,
) -> int:
    with db.write() as session:
        last = session.scalar(
            select(func.max(m.SuggestModel.version)).where(m.SuggestModel.kind == kind)
        )
        version = (last or 0) + 1
        info = {**info, "version": f"{kind}-{version}"}
        if entity is not None:
            entity.info = info
            data = entity.to_bytes()
        else:
            assert topic is not None
            topic.info = info
            data = topic.to_bytes()
        session.add(
            m.SuggestModel(kind=kind, version=version, data=data, info=info, trained_by=who)
        )
        audit.record(session, who, "suggest_train", detail={"kind": kind, "version": version})
        return version


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A stored model as listed."""

    kind: str
    version: int
    trained_by: str
    trained_at: Any
    info: dict[str, Any]
    size: int


def list_models(db: Database) -> list[ModelInfo]:
    """Every stored model, newest first per kind."""
    with db.read() as session:
        rows = session.execute(
            select(
                m.SuggestModel.kind,
                m.SuggestModel.version,
                m.SuggestModel.trained_by,
                m.SuggestModel.trained_at,
                m.SuggestModel.info,
                func.length(m.SuggestModel.data),
            ).order_by(m.SuggestModel.kind, m.SuggestModel.version.desc())
        ).all()
    return [ModelInfo(*row) for row in rows]


def _latest(session: Session, kind: str) -> tuple[int, bytes] | None:
    """The current model of ``kind``: its version and bytes."""
    row = session.execute(
        select(m.SuggestModel.version, m.SuggestModel.data)
        .where(m.SuggestModel.kind == kind)
        .order_by(m.SuggestModel.version.desc())
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def unreadable_model(kind: str, version: int, exc: Exception) -> AnnotatorError:
    """A stored model that cannot be read (a newer annotator's format, or damaged)."""
    return AnnotatorError(
        f"the stored {kind} model {kind}-{version} cannot be read ({exc}): train it again, "
        "or use the annotator version that trained it"
    )


def read_model(
    kind: str, version: int, data: bytes
) -> entity_model.EntityModel | topic_model.TopicModel:
    """A stored model's bytes as the model of ``kind``; AnnotatorError when they cannot be
    read (a newer annotator's format, or damaged)."""
    try:
        if kind == "entity":
            return entity_model.EntityModel.from_bytes(data)
        from annotator.core.suggest import topic_model  # scikit-learn: only when needed

        return topic_model.TopicModel.from_bytes(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise unreadable_model(kind, version, exc) from None


def load_entity_model(db: Database) -> entity_model.EntityModel | None:
    """The current entity model, or None when none was trained; AnnotatorError when it
    cannot be read."""
    with db.read() as session:
        latest = _latest(session, "entity")
    if latest is None:
        return None
    model = read_model("entity", *latest)
    assert isinstance(model, entity_model.EntityModel)
    return model


def load_topic_model(db: Database) -> topic_model.TopicModel | None:
    """The current topic model, or None when none was trained (scikit-learn is then not
    imported: 2 s of CPU); AnnotatorError when it cannot be read."""
    with db.read() as session:
        latest = _latest(session, "topic")
    if latest is None:
        return None
    model = read_model("topic", *latest)
    assert not isinstance(model, entity_model.EntityModel)
    return model


# -- patterns -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``suggest import`` added."""

    added: int
    present: int
    labels: Counter[str]
    unkept: Counter[str] = field(default_factory=Counter)
    """Fields of the pattern lines not kept (spaCy's ``id``), by name."""


@retrying
def import_patterns(
    db: Database,
    path: Path,
    *,
    label: str | None = None,
    claimed: str | None = None,
    encoding: str | None = None,
) -> ImportResult:
    """Load a ``patterns.jsonl`` (or, with ``label``, a list of names) into the database,
    decoded from ``encoding`` (default: detected as ``import`` does)."""
    who = require_model_writer(db, claimed, "changing dictionaries and patterns")
    try:
        text, _size = read_text_file(path, encoding)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), str(path)) from None
    # Names copied from a PDF may be presentation forms, which no stored text holds
    # (import folds them): stored as their letters, as import stores texts.
    lines = fold_presentation_forms(text).splitlines()
    unkept: Counter[str] = Counter()
    if label is not None:
        patterns = parse_names(lines, label, str(path))
    elif path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        patterns = parse_patterns(lines, str(path), unkept)
    else:
        raise InputError("a list of names needs --label; patterns come as .jsonl", str(path))
    with db.write() as session:
        known = {name: kind for name, kind in session.execute(select(m.Label.name, m.Label.kind))}
        for p in patterns:
            if p.label not in known:
                raise InputError(f"label {p.label!r} is not in the schema", str(path), p.line)
            if known[p.label] != LabelKind.ENTITY.value:
                raise InputError(
                    f"label {p.label!r} is a {known[p.label]} label; names and patterns "
                    "suggest entities",
                    str(path),
                    p.line,
                )
        # Present: the same label and words by search key (a phrase is stored as written).
        have = {
            stored_pattern(label, pattern)
            for label, pattern in session.execute(
                select(m.SuggestPattern.label, m.SuggestPattern.pattern)
            )
        }
        added = 0
        labels: Counter[str] = Counter()
        for p in patterns:
            if p in have:
                continue
            have.add(p)
            session.add(m.SuggestPattern(label=p.label, pattern=p.as_json(), added_by=who))
            added += 1
            labels[p.label] += 1
        audit.record(session, who, "suggest_import", detail={"file": path.name, "added": added})
    return ImportResult(added, len(patterns) - added, labels, unkept)


@dataclass(frozen=True, slots=True)
class StoredPattern:
    """One stored dictionary name or pattern, as ``suggest patterns`` lists it."""

    id: int
    label: str
    pattern: str
    """Its JSON: a phrase (a string) or a list of token tests."""
    added_by: str


def list_patterns(db: Database, label: str | None = None) -> list[StoredPattern]:
    """The stored names and patterns (of ``label`` when given), in the order added."""
    query = select(
        m.SuggestPattern.id,
        m.SuggestPattern.label,
        m.SuggestPattern.pattern,
        m.SuggestPattern.added_by,
    ).order_by(m.SuggestPattern.id)
    if label is not None:
        query = query.where(m.SuggestPattern.label == label)
    with db.read() as session:
        found = [StoredPattern(*row) for row in session.execute(query)]
        # None of a label the schema lacks is a typo, not an empty dictionary (names of a
        # label removed from the schema stay listed: ``remove --label`` drops them).
        if (
            label is not None
            and not found
            and session.scalar(select(m.Label.id).where(m.Label.name == label)) is None
        ):
            raise NotFoundError(
                f"no label {label!r} has names or patterns, nor is one in the schema"
            )
        return found


@retrying
def remove_patterns(
    db: Database,
    ids: Sequence[int] = (),
    *,
    label: str | None = None,
    claimed: str | None = None,
) -> Counter[str]:
    """Remove stored names and patterns by id, or every one of ``label``; removed per label.

    An id that is not stored is refused (nothing removed); one transaction, audited.
    """
    who = require_model_writer(db, claimed, "changing dictionaries and patterns")
    with db.write() as session:
        query = select(m.SuggestPattern)
        if label is not None:
            query = query.where(m.SuggestPattern.label == label)
        else:
            query = query.where(m.SuggestPattern.id.in_(list(ids)))
        rows = list(session.scalars(query))
        missing = sorted(set(ids) - {row.id for row in rows})
        if missing:
            raise NotFoundError(f"no name or pattern {missing[0]}")
        if label is not None and not rows:
            raise NotFoundError(f"no name or pattern of label {label!r}")
        removed: Counter[str] = Counter(row.label for row in rows)
        for row in rows:
            session.delete(row)
        audit.record(
            session,
            who,
            "suggest_remove",
            detail={"ids": sorted(row.id for row in rows), "labels": dict(removed)},
        )
    return removed


def load_patterns(db: Database) -> list[Pattern]:
    """The stored dictionary names and patterns."""
    with db.read() as session:
        return [
            stored_pattern(label, raw)
            for label, raw in session.execute(
                select(m.SuggestPattern.label, m.SuggestPattern.pattern)
            )
        ]


# -- rejections ---------------------------------------------------------------------------


def rejection_key(suggestion: Suggestion | TopicSuggestion) -> tuple[int, int, str]:
    """What a rejection is kept under (as ``rejected`` returns it): a span's offsets and
    label, or ``NO_RANGE`` twice and the label for a topic."""
    if isinstance(suggestion, Suggestion):
        return suggestion.key
    return NO_RANGE, NO_RANGE, suggestion.label


@retrying
def reject(
    db: Database, annotator: str, document_id: int, suggestion: Suggestion | TopicSuggestion
) -> None:
    """Remember that ``annotator`` rejected a suggestion on a document."""
    start, end, _label = rejection_key(suggestion)
    with db.write() as session:
        who = annotators.get_or_create(session, annotator)
        exists = session.get(
            m.SuggestRejection, (who.id, document_id, start, end, suggestion.label)
        )
        if exists is None:
            session.add(
                m.SuggestRejection(
                    annotator_id=who.id,
                    document_id=document_id,
                    start=start,
                    end=end,
                    label=suggestion.label,
                    suggester=suggestion.suggester,
                )
            )


@retrying
def unreject(
    db: Database, annotator: str, document_id: int, suggestion: Suggestion | TopicSuggestion
) -> None:
    """Forget that ``annotator`` rejected a suggestion on a document (the undo of
    ``reject``): it is offered there again."""
    start, end, _label = rejection_key(suggestion)
    with db.write() as session:
        who = annotators.get_or_create(session, annotator)
        row = session.get(m.SuggestRejection, (who.id, document_id, start, end, suggestion.label))
        if row is not None:
            session.delete(row)


def rejected(db: Database, annotator: str, document_id: int) -> set[tuple[int, int, str]]:
    """The keys ``(start, end, label)`` an annotator rejected on a document (topics -1, -1)."""
    with db.single_read() as conn:  # one statement (read when an article has been opened)
        rows = conn.execute(
            select(m.SuggestRejection.start, m.SuggestRejection.end, m.SuggestRejection.label)
            .join(m.Annotator, m.Annotator.id == m.SuggestRejection.annotator_id)
            .where(m.Annotator.name == annotator, m.SuggestRejection.document_id == document_id)
        )
        return {(s, e, label) for s, e, label in rows}


# -- suggesting ---------------------------------------------------------------------------


_M = TypeVar("_M")


class Suggesters:
    """Every suggester the database has: propagation, patterns, the current models."""

    def __init__(
        self,
        propagation: Propagation | None,
        patterns: PatternMatcher,
        entity: entity_model.EntityModel | None,
        topics: topic_model.TopicModel | None,
        kinds: dict[str, LabelKind],
        problems: list[str] | None = None,
    ) -> None:
        self.propagation = propagation
        self.patterns = patterns
        self.entity = entity
        self.topics = topics
        self.kinds = kinds
        self.problems = problems or []
        """Why a suggester is missing (a stored model that cannot be read), one line each."""

    @classmethod
    def load(cls, db: Database) -> Suggesters:
        """Build propagation from the done layers and load patterns and models."""
        mat = material(db, "entity")
        propagation = Propagation.build(mat.documents, mat.document_ids) if mat.documents else None
        with db.read() as session:
            kinds = {
                n: LabelKind(k) for n, k in session.execute(select(m.Label.name, m.Label.kind))
            }
        problems: list[str] = []

        def model(load: Callable[[Database], _M | None]) -> _M | None:
            # A model that cannot be read leaves the other suggesters working.
            try:
                return load(db)
            except AnnotatorError as exc:
                problems.append(str(exc))
                return None

        return cls(
            propagation,
            PatternMatcher(load_patterns(db)),
            model(load_entity_model),
            model(load_topic_model),
            kinds,
            problems,
        )

    def spans(
        self,
        text: str,
        meta: dict[str, Any] | None,
        existing: Iterable[tuple[int, int, str]] = (),
        rejected_keys: set[tuple[int, int, str]] | None = None,
        document_id: int | None = None,
    ) -> list[Suggestion]:
        """Entity and quote suggestions for a text, minus what the layer has or rejected;
        ``document_id``: the stored document it is (propagation then offers what was
        labelled in other documents only)."""
        rejected_keys = rejected_keys or set()
        have = list(existing)
        entity_have = [(s, e) for s, e, lab in have if self.kinds.get(lab) == LabelKind.ENTITY]
        quote_have = [(s, e) for s, e, lab in have if self.kinds.get(lab) == LabelKind.QUOTE]
        tokens = stored_tokens(meta or {}, text)
        groups: list[list[Suggestion]] = [self.patterns.suggest(text)]
        if self.propagation is not None:
            groups.append(self.propagation.suggest(text, document_id=document_id))
        if tokens:  # names found by words, put on the document's own tokens
            groups = [snap_to_tokens(group, tokens) for group in groups]
        if self.entity is not None:
            groups.append(self.entity.suggest(text, tokens or words_of(text)))
        known = {n for n, k in self.kinds.items() if k == LabelKind.ENTITY}
        groups = [[s for s in g if s.label in known] for g in groups]
        entities = merge(groups, entity_have, rejected_keys)
        out = list(entities)
        quote_labels = [n for n, k in self.kinds.items() if k == LabelKind.QUOTE]
        if quote_labels:
            speakers = [s.key for s in entities] + [
                k for k in have if self.kinds.get(k[2]) == LabelKind.ENTITY
            ]
            quotes = suggest_quotes(text, speakers, label=quote_labels[0])
            out += merge([quotes], quote_have, rejected_keys)
        out.sort(key=lambda s: (s.start, s.end))
        return out

    def topic_suggestions(
        self,
        text: str,
        have: Iterable[str] = (),
        rejected_keys: set[tuple[int, int, str]] | None = None,
        top: int = 3,
    ) -> list[TopicSuggestion]:
        """The model's best topics for a text, minus those set or rejected."""
        if self.topics is None:
            return []
        rejected_keys = rejected_keys or set()
        skip = set(have) | {lab for s, _e, lab in rejected_keys if s == NO_RANGE}
        return [
            t
            for t in self.topics.suggest(text, top=top + len(skip))
            if t.label not in skip and self.kinds.get(t.label) == LabelKind.TOPIC
        ][:top]


# -- predicting ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PredictResult:
    """What ``suggest predict`` wrote."""

    annotator: str
    version: str
    documents: int
    spans: int
    topics: int
    unknown: dict[str, int] = field(default_factory=dict)
    """Suggestions left out because their label is no longer of that kind in the schema
    (renamed or removed since the model was trained), by label."""


def predict(
    db: Database,
    name: str,
    kind: str,
    *,
    document_ids: Sequence[int] | None = None,
    top: int = 1,
    claimed: str | None = None,
) -> PredictResult:
    """Write the current model's suggestions as layers of ``prediction:NAME``."""
    if kind not in KINDS:
        raise AnnotatorError(f"unknown model kind {kind!r} (entity or topic)")
    if not name.strip():
        raise AnnotatorError("--name cannot be empty")
    if top < 1:
        raise AnnotatorError(f"--top must be 1 or more (not {top})")
    who = require_model_writer(db, claimed, "writing model layers")
    owner = annotators.clean_name(PREDICTION + name.strip())
    entity = load_entity_model(db) if kind == "entity" else None
    topics = load_topic_model(db) if kind == "topic" else None
    model = entity or topics
    if model is None:
        raise AnnotatorError(f"no {kind} model yet: run 'annotator suggest train --kind {kind}'")
    with db.read() as session:
        query = select(m.Document.id).order_by(m.Document.id)
        if document_ids is not None:
            query = query.where(m.Document.id.in_(list(document_ids)))
        ids = list(session.scalars(query))
        labels = {
            n: (i, LabelKind(k))
            for i, n, k in session.execute(select(m.Label.id, m.Label.name, m.Label.kind))
        }
    if document_ids is not None:
        missing = sorted(set(document_ids) - set(ids))
        if missing:
            raise NotFoundError(f"no document {missing[0]}")
    results: list[tuple[int, list[tuple[int, int, str, float]]]] = []
    wanted = LabelKind.ENTITY if entity is not None else LabelKind.TOPIC
    unknown: Counter[str] = Counter()
    for doc_id, text, meta in _texts(db, ids):
        if entity is not None:
            found = entity.suggest(text, stored_tokens(meta or {}, text) or words_of(text))
            every = [(s.start, s.end, s.label, s.score) for s in found]
        else:
            assert topics is not None
            every = [(NO_RANGE, NO_RANGE, t.label, t.score) for t in topics.suggest(text, top=top)]
        items = []
        for item in every:
            if labels.get(item[2], (0, None))[1] == wanted:
                items.append(item)
            else:
                unknown[item[2]] += 1
        results.append((doc_id, items))
    written = _write_predictions(db, who, owner, kind, model.version, results, labels)
    return replace(written, unknown=dict(unknown))


def _texts(db: Database, ids: list[int]) -> Iterable[tuple[int, str, dict[str, Any]]]:
    """Documents' texts and meta, read a page at a time (never all texts at once)."""
    for start in range(0, len(ids), 200):
        page = ids[start : start + 200]
        with db.read() as session:
            rows = session.execute(
                select(m.Document.id, m.Document.text, m.Document.meta)
                .where(m.Document.id.in_(page))
                .order_by(m.Document.id)
            ).all()
        for doc_id, text, meta in rows:
            yield doc_id, text, meta or {}


@retrying
def _write_predictions(
    db: Database,
    who: str,
    owner: str,
    kind: str,
    version: str,
    results: list[tuple[int, list[tuple[int, int, str, float]]]],
    labels: dict[str, tuple[int, LabelKind]],
) -> PredictResult:
    spans = topics = 0
    with db.write() as session:
        row = annotators.get_or_create(session, owner)
        for doc_id, items in results:
            layer = session.scalar(
                select(m.Layer).where(m.Layer.document_id == doc_id, m.Layer.annotator_id == row.id)
            )
            if layer is None:
                layer = m.Layer(
                    document_id=doc_id, annotator_id=row.id, status=LayerStatus.DONE.value
                )
                session.add(layer)
                session.flush()
            else:
                layer.version += 1
                layer.status = LayerStatus.DONE.value
            if kind == "entity":
                session.execute(delete(m.Span).where(m.Span.layer_id == layer.id))
                session.execute(
                    delete(m.PredictionScore).where(
                        m.PredictionScore.layer_id == layer.id, m.PredictionScore.start >= 0
                    )
                )
            else:
                session.execute(delete(m.LayerTopic).where(m.LayerTopic.layer_id == layer.id))
                session.execute(
                    delete(m.PredictionScore).where(
                        m.PredictionScore.layer_id == layer.id, m.PredictionScore.start < 0
                    )
                )
            for start, end, label, score in items:
                label_id = labels[label][0]
                if start >= 0:
                    session.add(m.Span(layer_id=layer.id, start=start, end=end, label_id=label_id))
                    spans += 1
                else:
                    session.add(m.LayerTopic(layer_id=layer.id, label_id=label_id))
                    topics += 1
                session.add(
                    m.PredictionScore(
                        layer_id=layer.id, start=start, end=end, label=label, score=score
                    )
                )
        audit.record(
            session,
            who,
            "suggest_predict",
            detail={
                "annotator": owner,
                "kind": kind,
                "model_version": version,
                "documents": len(results),
                "spans": spans,
                "topics": topics,
            },
        )
    return PredictResult(owner, version, len(results), spans, topics)


def prediction_scores(
    session: Session, layer_ids: Sequence[int]
) -> dict[int, dict[tuple[int, int, str], float]]:
    """Scores of the given layers' predicted spans and topics (topics at ``(-1, -1)``)."""
    return exporter.model_scores(session.connection(), layer_ids)
