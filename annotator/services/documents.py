"""Documents: paged listing with filters, sorting, Arabic-aware title and body search, stats."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.orm import Session, aliased

from annotator.core.arabic import search_key
from annotator.core.errors import NotFoundError
from annotator.core.model import LayerStatus
from annotator.core.offsets import fold_presentation_forms
from annotator.core.search import parse_query, query_terms
from annotator.services.annotators import GOLD
from annotator.storage import fulltext
from annotator.storage import models as m
from annotator.storage.database import Database


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One row of the document list."""

    id: int
    title: str
    external_id: str | None
    status: LayerStatus
    span_count: int
    assigned: bool = False
    """In the annotator's queue (assigned to them); known when the filter names them."""


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """A whole document as the article view needs it."""

    id: int
    title: str
    text: str
    external_id: str | None
    source: str
    meta: dict[str, Any]


UNCERTAINTY = "uncertainty"
"""The active-learning order: the annotator's to-do list (documents not done by them),
the current model's most uncertain first, documents not scored yet last (by id)."""


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """What the document list shows: whose status, which statuses, what search."""

    annotator: str | None = None
    statuses: frozenset[LayerStatus] = frozenset()
    search: str = ""
    assigned_first: bool = False
    """The annotator's queue (documents assigned to them) first, then the others."""
    assigned_only: bool = False
    """Only the annotator's queue."""
    search_in: str = "title"
    """Where ``search`` looks: "title" (a substring of the title or external id), "text"
    (words and "quoted phrases" of the text alone, through the full-text index), or "both"
    (the title condition, or each word or phrase in the title or the text)."""
    proclitics: bool = False
    """Body search ignores the proclitics و ف ب ل ك glued to a word ("بروكسل" finds
    "وبروكسل" and "ببروكسل")."""
    with_label: str | None = None
    """Only documents where this label (entity, quote or topic) is used: in the
    annotator's layer when ``annotator`` is given, else in anybody's."""
    without_label: str | None = None
    """Only documents where this label is not used (same layers as ``with_label``)."""
    label_owner: str | None = None
    """The label filters look in this person's layer instead of the ``annotator``'s (the
    app's list, whose ``annotator`` is only the layer its columns show)."""
    label_in_any_layer: bool = False
    """The label filters look in anybody's layers even when ``annotator`` is given."""
    annotated_by: str | None = None
    """Only documents in which this person has a layer."""
    unassigned: bool = False
    """Only documents in nobody's queue."""
    imported_from: datetime | None = None
    """Only documents imported at or after this time."""
    imported_before: datetime | None = None
    """Only documents imported before this time."""
    source: str = ""
    """Only documents whose source (the file they came from) contains this text."""
    sort: str = ""
    """Order of the list: "" (document order), or one of ``SORT_KEYS``."""
    descending: bool = False
    """Reverse the order (not of "uncertainty", which is always most uncertain first)."""
    model_kind: str = "entity"
    """Whose scores the "uncertainty" order reads: the current ``entity`` or ``topic`` model."""

    @property
    def id_order(self) -> bool:
        """Whether the list is in plain ascending document order (keyset paging applies)."""
        return not (self.sort or self.descending or self.assigned_first)


SORT_KEYS = ("title", "status", "spans", "imported", "source", UNCERTAINTY)
SEARCH_SCOPES = ("title", "text", "both")
BOTH_TERMS = 16
"""Distinct words and phrases of a query that "both" looks for each in the title or the
text; beyond them, all in the text (SQLite refuses a condition nested 1,000 deep, and each
term is an index query of its own)."""


@dataclass(slots=True)
class Stats:
    """Counts for ``annotator stats``."""

    documents: int = 0
    annotators: int = 0
    """Real people only: the reserved gold pseudo-annotator is no annotator."""
    layers: int = 0
    """All layers, the gold ones included (as ``per_status`` counts them)."""
    gold_layers: int = 0
    """Layers of the gold pseudo-annotator (adjudicated), not in ``per_annotator``."""
    spans: int = 0
    per_label: dict[str, int] = field(default_factory=dict)
    per_status: dict[str, int] = field(default_factory=dict)
    per_annotator: dict[str, int] = field(default_factory=dict)


_PHRASE_QUOTES = '"«»“”'
"""The marks that quote a phrase in a query (``core.search.parse_query``)."""


def _title_key(query: str) -> str:
    """The search key a title or id must hold for ``query``. A query quoted as a whole
    (``"قال الوزير"``, ``«...»``, or several quoted phrases) without its quote marks, so
    that a quoted phrase matches a title that holds it (with them it matched only a title
    holding the very marks, so mostly none); any other query as typed, quote marks and
    all (``«نعم»،`` finds the title that has them)."""
    stripped = fold_presentation_forms(query.strip())  # as stored titles are
    if len(stripped) > 1 and stripped[0] in _PHRASE_QUOTES and stripped[-1] in _PHRASE_QUOTES:
        bare = " ".join(stripped.translate(str.maketrans("", "", _PHRASE_QUOTES)).split())
        if bare:
            return search_key(bare)
    return search_key(stripped)


def _like_pattern(key: str) -> str:
    """A LIKE pattern of a search key (``search_key``), with LIKE's wildcards escaped."""
    key = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"


def filtered_query(
    flt: DocumentFilter, *, in_queue: bool | None = None, dialect: str = "sqlite"
) -> Select[Any]:
    """Select documents with the annotator's layer (if any) joined, filtered.

    ``dialect`` (the database's, e.g. ``db.dialect``) picks the body search's SQL.

    ``in_queue`` True or False keeps only documents that are (not) assigned to the
    annotator (``assigned_only`` is the same as True).
    """
    layer = aliased(m.Layer)
    who = aliased(m.Annotator)
    annotator_id = (
        select(who.id).where(who.name == flt.annotator).scalar_subquery() if flt.annotator else None
    )
    join_on = and_(layer.document_id == m.Document.id, layer.annotator_id == annotator_id)
    status = func.coalesce(layer.status, LayerStatus.NEW.value)
    query = (
        select(m.Document.id, m.Document.title, m.Document.external_id, status.label("status"))
        .select_from(m.Document)
        .outerjoin(layer, join_on)
    )
    if flt.statuses:
        query = query.where(status.in_([s.value for s in flt.statuses]))
    if flt.sort == UNCERTAINTY:
        query = query.where(status != LayerStatus.DONE.value)
    if flt.search.strip():
        query = query.where(_search_condition(flt, dialect))
    for condition in _extra_conditions(flt, annotator_id):
        query = query.where(condition)
    assigned = aliased(m.Assignment)
    query = query.outerjoin(
        assigned,
        and_(assigned.document_id == m.Document.id, assigned.annotator_id == annotator_id),
    )
    if flt.assigned_only or in_queue:
        query = query.where(assigned.document_id.is_not(None))
    elif in_queue is False:
        query = query.where(assigned.document_id.is_(None))
    queued = case((assigned.document_id.is_(None), 0), else_=1)
    out: Select[Any] = query.add_columns(layer.id.label("layer_id"), queued.label("assigned"))
    if flt.sort == UNCERTAINTY:
        return out.add_columns(_uncertainty(flt.model_kind).label("sort_key"))
    if flt.sort == "spans":
        spans = select(func.count()).where(m.Span.layer_id == layer.id).scalar_subquery()
        return out.add_columns(func.coalesce(spans, 0).label("sort_key"))
    # Status in the order work goes (new, in progress, done), not by its stored English word.
    stage = case(
        (status == LayerStatus.NEW.value, 0),
        (status == LayerStatus.IN_PROGRESS.value, 1),
        else_=2,
    )
    keys = {
        "title": m.Document.title,
        "status": stage,
        "imported": m.Document.created_at,
        "source": m.Document.source,
    }
    return out.add_columns(keys.get(flt.sort, m.Document.id).label("sort_key"))


def _uncertainty(kind: str) -> Any:
    """A document's score of the current model of ``kind`` (NULL when not scored yet), as
    this login stored it (each login keeps its own scores)."""
    current = (
        select(func.max(m.SuggestModel.version))
        .where(m.SuggestModel.kind == kind)
        .scalar_subquery()
    )
    return (
        select(m.UncertaintyScore.score)
        .where(
            m.UncertaintyScore.login == m.session_login(),
            m.UncertaintyScore.document_id == m.Document.id,
            m.UncertaintyScore.kind == kind,
            m.UncertaintyScore.version == current,
        )
        .scalar_subquery()
    )


def _search_condition(flt: DocumentFilter, dialect: str) -> ColumnElement[bool]:
    """The WHERE condition of a search in titles, texts or both.

    Titles (and external ids): the whole query as a part of the title's key. Texts: every
    term (a word, or a "quoted phrase") among the text's words, through the full-text
    index, which holds the text alone. Both: the title condition, or every term either a
    part of the title or among the text's words ("بروكسل الوزير" finds the article titled
    "بروكسل" whose text names "الوزير"); a phrase is not found across the two. A query of
    more than ``BOTH_TERMS`` terms (a pasted paragraph): the title condition, or every
    term in the text (one index query instead of one per term).
    """
    # Bound parameters, never formatted into SQL; the key is precomputed per document.
    whole = _title_key(flt.search)
    title = _title_condition(dialect, whole)
    if flt.search_in == "title":
        return title
    parts = _title_parts(flt.search)
    terms = list(parts)
    if not terms:
        # No word in the query (punctuation, symbols, emoji only): the texts' index has
        # nothing to look up, so "texts only" finds nothing (falling back to the titles
        # listed articles whose text does not hold it); "both" asks the titles alone.
        return false() if flt.search_in == "text" else title
    if flt.search_in == "text" or len(set(terms)) > BOTH_TERMS:
        body = _body_condition(dialect, terms, flt.proclitics)
        return body if flt.search_in == "text" else or_(title, body)
    if _as_sets(dialect, whole, parts):
        sql, params = _both_as_sets(whole, parts, flt.proclitics)
        return m.Document.id.in_(text(sql).bindparams(**params))
    each = []
    for n, term in enumerate(parts):
        body = _body_condition(dialect, [term], flt.proclitics, n)
        part = parts[term]
        # A one-word query's term is the whole query: one title condition is enough.
        each.append(body if part == whole else or_(_title_condition(dialect, part, n), body))
    return or_(title, and_(*each))


def _title_parts(query: str) -> dict[tuple[str, ...], str]:
    """Each distinct term of ``query`` (in order) and the key a title must hold to match it
    (``core.search.query_terms``)."""
    parts: dict[tuple[str, ...], str] = {}
    for term, part in query_terms(query):
        parts.setdefault(term, part)
    return parts


def _as_sets(dialect: str, whole: str, parts: dict[tuple[str, ...], str]) -> bool:
    """Whether the "both" scope of several terms is asked as set operations of ids
    (``_both_as_sets``): on SQLite, when the whole query's and every term's title part go
    through the title index. Else one is a LIKE of every title, which the boolean form
    does in its one pass over the documents (PostgreSQL's form too)."""
    keys = [whole, *parts.values()]
    return dialect == "sqlite" and all(fulltext.title_query(key) is not None for key in keys)


def _both_as_sets(
    whole: str, parts: dict[tuple[str, ...], str], proclitics: bool
) -> tuple[str, dict[str, str]]:
    """SQLite's "both" condition of several terms, as ``_search_condition``'s boolean
    form finds it, in ids: the whole key's titles UNION the INTERSECT of each term's
    (titles UNION texts), index lookups alone (``_as_sets``). SQLite plans the boolean
    ``id IN (a) OR (id IN (b) AND ...)`` as a scan of every document and the overflow
    pages of its text (115 ms at 100,000 articles for two words, against ~10). The SQL
    selecting the ids, and its parameters."""
    params: dict[str, str] = {}

    def titles(key: str, name: str) -> str:
        params[name] = fulltext.title_query(key) or ""
        return fulltext.title_ids_sql(name, key)

    each = []
    for n, (term, part) in enumerate(parts.items()):
        body, more = fulltext.terms_sql("sqlite", [term], proclitics, f"body_query_{n}")
        params.update(more)
        if part != whole:  # a one-word query's term is the whole query's title part
            body = f"{titles(part, f'title_query_{n}')} UNION {body}"
        each.append(f"SELECT * FROM ({body})")
    sql = f"{titles(whole, 'title_query')} UNION SELECT * FROM ({' INTERSECT '.join(each)})"
    return sql, params


def _search_ids(flt: DocumentFilter, dialect: str) -> tuple[str, dict[str, str]] | None:
    """The SQL (and its parameters) selecting the ids ``flt``'s search finds, where the
    indexes alone answer it, else None (a LIKE of every title must).

    Texts only: the body index (PostgreSQL: its search function, which reads the
    documents under the caller's row security). On SQLite also titles, and both: the
    title index's ids, united with the body's (``_both_as_sets`` for several terms). On
    PostgreSQL both of one term (or of more than ``BOTH_TERMS``): the titles' LIKE united
    with the body's ids.
    SQLite's indexes hold exactly the documents' ids: the importer fills them in each
    document's own transaction, and ``db check`` says when they are not."""
    parts = _title_parts(flt.search)
    terms = parse_query(flt.search)
    if flt.search_in == "text":
        return fulltext.terms_sql(dialect, terms, flt.proclitics) if terms else None
    whole = _title_key(flt.search)
    query = fulltext.title_query(whole) if dialect == "sqlite" else None
    if query is not None:
        titles, given = fulltext.title_ids_sql("title_query", whole), {"title_query": query}
    elif dialect != "sqlite" and flt.search_in == "both" and terms and whole:
        # PostgreSQL, which has no title index: the titles' LIKE on its own, united with
        # the body's ids, rather than one OR condition (3.4 s p95 at a million articles,
        # where the titles' LIKE alone took 0.4 s and the body's word 78 ms). Measured at
        # 100,000 only: the same (max 368-388 against 351-384 ms); not at a million.
        titles = r"SELECT id FROM documents WHERE search_text LIKE :title_like ESCAPE '\'"
        given = {"title_like": _like_pattern(whole)}
    else:
        return None
    if flt.search_in == "title" or not terms:
        return titles, given
    if len(parts) > BOTH_TERMS or all(part == whole for part in parts.values()):
        body, params = fulltext.terms_sql(dialect, terms, flt.proclitics)
        return f"{titles} UNION {body}", {**given, **params}
    if _as_sets(dialect, whole, parts):
        return _both_as_sets(whole, parts, flt.proclitics)
    return None


def _title_condition(dialect: str, key: str, n: int | None = None) -> ColumnElement[bool]:
    """The document's title or external id key (``documents.search_text``) holds ``key``
    (a ``search_key``). SQLite: through the trigram title index (``fulltext.title_query``),
    but for an empty key or one ending with a newline; those, and PostgreSQL, a LIKE of
    every row. The ``n``th term's title condition of a statement (None: the whole
    query's) gets its own parameter name."""
    query = fulltext.title_query(key) if dialect == "sqlite" else None
    if query is None:
        return m.Document.search_text.like(_like_pattern(key), escape="\\")
    name = "title_query" if n is None else f"title_query_{n}"
    sql = fulltext.title_ids_sql(name, key)
    return m.Document.id.in_(text(sql).bindparams(**{name: query}))


def _body_condition(
    dialect: str, terms: list[tuple[str, ...]], proclitics: bool, n: int = 0
) -> ColumnElement[bool]:
    """Every one of ``terms`` is in the document's text (the ``n``th such condition of a
    statement: its parameter's own name)."""
    sql, params = fulltext.terms_sql(dialect, terms, proclitics, f"body_query_{n}")
    return m.Document.id.in_(text(sql).bindparams(**params))


def _utc(when: datetime) -> datetime:
    """``when`` in UTC (a time without a zone is taken as UTC already)."""
    return when.astimezone(UTC) if when.tzinfo is not None else when


def _label_used(label: str, annotator_id: Any) -> ColumnElement[bool]:
    """Whether the label is used in the document's layers (the annotator's when given)."""
    lay = aliased(m.Layer)
    owner = [lay.annotator_id == annotator_id] if annotator_id is not None else []
    label_id = select(m.Label.id).where(m.Label.name == label).scalar_subquery()
    in_spans = exists(
        select(1)
        .select_from(m.Span)
        .join(lay, m.Span.layer_id == lay.id)
        .where(lay.document_id == m.Document.id, m.Span.label_id == label_id, *owner)
    )
    in_topics = exists(
        select(1)
        .select_from(m.LayerTopic)
        .join(lay, m.LayerTopic.layer_id == lay.id)
        .where(lay.document_id == m.Document.id, m.LayerTopic.label_id == label_id, *owner)
    )
    return or_(in_spans, in_topics)


def _extra_conditions(flt: DocumentFilter, annotator_id: Any) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the label, person, queue, date and source filters."""
    out: list[ColumnElement[bool]] = []
    owner = annotator_id
    if flt.label_owner:
        person = aliased(m.Annotator)
        owner = select(person.id).where(person.name == flt.label_owner).scalar_subquery()
    elif flt.label_in_any_layer:
        owner = None
    if flt.with_label:
        out.append(_label_used(flt.with_label, owner))
    if flt.without_label:
        out.append(~_label_used(flt.without_label, owner))
    if flt.annotated_by:
        lay = aliased(m.Layer)
        who = select(m.Annotator.id).where(m.Annotator.name == flt.annotated_by)
        out.append(
            exists(
                select(1).where(
                    lay.document_id == m.Document.id, lay.annotator_id == who.scalar_subquery()
                )
            )
        )
    if flt.unassigned:
        out.append(~exists(select(1).where(m.Assignment.document_id == m.Document.id)))
    # In UTC, as the times are stored (SQLite keeps them as text without a zone).
    if flt.imported_from is not None:
        out.append(m.Document.created_at >= _utc(flt.imported_from))
    if flt.imported_before is not None:
        out.append(m.Document.created_at < _utc(flt.imported_before))
    if flt.source:
        pattern = flt.source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        # ILIKE: Latin case does not matter on PostgreSQL either, as in SQLite's LIKE
        # (with LIKE "reuters" found "Reuters" on SQLite only).
        out.append(m.Document.source.ilike(f"%{pattern}%", escape="\\"))
    return out


def _order(inner: Any, flt: DocumentFilter) -> list[Any]:
    """ORDER BY of a filtered subquery: queue first if asked, the sort key, then id."""
    order: list[Any] = [inner.c.assigned.desc()] if flt.assigned_first else []
    key, doc_id = inner.c.sort_key, inner.c.id
    if flt.sort == UNCERTAINTY:  # scored first, most uncertain first; then by id
        return [*order, key.is_(None), key.desc(), doc_id]
    if flt.descending:
        return [*order, key.desc(), doc_id.desc()]
    return [*order, key, doc_id]


def count_documents(db: Database, flt: DocumentFilter | None = None) -> int:
    """How many documents the filter shows."""
    flt = flt or DocumentFilter()
    with db.read() as session:
        inner = filtered_query(flt, dialect=db.engine.dialect.name).subquery()
        return session.scalar(select(func.count()).select_from(inner)) or 0


def list_documents(
    db: Database, flt: DocumentFilter | None = None, *, offset: int = 0, limit: int = 200
) -> list[DocumentRow]:
    """One page of the document list, in document order (the annotator's queue first)."""
    flt = flt or DocumentFilter()
    with db.read() as session:
        dialect = db.engine.dialect.name
        if flt.assigned_first and not flt.assigned_only and not flt.sort:
            rows = _queue_first_page(session, flt, offset, limit, dialect)
        else:
            inner = filtered_query(flt, dialect=dialect).subquery()
            query = select(inner).order_by(*_order(inner, flt))
            rows = list(session.execute(query.offset(offset).limit(limit)).all())
        counts = span_counts(session, [r.layer_id for r in rows if r.layer_id is not None])
        return [
            DocumentRow(
                r.id,
                r.title,
                r.external_id,
                LayerStatus(r.status),
                counts.get(r.layer_id, 0),
                bool(r.assigned),
            )
            for r in rows
        ]


def _queue_first_page(
    session: Session, flt: DocumentFilter, offset: int, limit: int, dialect: str
) -> list[Any]:
    """A page of the queue-first order: queued documents by id, then the others by id.

    Two id-ordered reads instead of one sort of the whole list by (queued, id).
    """
    queued = session.scalar(
        select(func.count()).select_from(
            filtered_query(flt, in_queue=True, dialect=dialect).subquery()
        )
    )
    rows: list[Any] = []
    if offset < (queued or 0):
        query = filtered_query(flt, in_queue=True, dialect=dialect).order_by(m.Document.id)
        rows += session.execute(query.offset(offset).limit(limit)).all()
    if len(rows) < limit:
        query = filtered_query(flt, in_queue=False, dialect=dialect).order_by(m.Document.id)
        rest = max(0, offset - (queued or 0))
        rows += session.execute(query.offset(rest).limit(limit - len(rows))).all()
    return rows


def document_ids(db: Database, flt: DocumentFilter | None = None) -> list[int]:
    """Ids of all documents the filter shows, in list order (ints only: cheap at 100k)."""
    flt = flt or DocumentFilter()
    dialect = db.engine.dialect.name
    with db.read() as session:
        found = _search_ids(flt, dialect) if _documents_only(flt) else None
        if found is not None:
            # A search the indexes answer, and nothing else: their ids as they give them,
            # without the documents table looked up again per match (SQLite: every page of
            # the texts for a common word; "التي" in the texts at 100,000 articles, 60,991
            # matches: ~190 -> ~35 ms).
            sql, params = found
            return list(session.scalars(text(f"{sql} ORDER BY 1").bindparams(**params)))
        if flt.search.strip() and _documents_only(flt):
            # A search, and nothing of the annotator's layer or queue: the matching ids
            # straight from documents (the layer and queue joins neither drop nor repeat a
            # document, one row per document and annotator each), without two lookups per
            # match (a phrase with 1,947 matches at 100,000: 14-18 -> 10-11 ms CPU). Not
            # for the whole list: SQLite reads those ids from a narrow index through the
            # joins, but from the wide table itself here (every page of every text: jumps
            # right after the window opened were 5x slower, the page cache gone).
            query = select(m.Document.id).where(_search_condition(flt, dialect))
            return list(session.scalars(query.order_by(m.Document.id)))
        inner = filtered_query(flt, dialect=dialect).subquery()
        return list(session.scalars(select(inner.c.id).order_by(*_order(inner, flt))))


def _documents_only(flt: DocumentFilter) -> bool:
    """Whether the filter is at most a search, in document order (``document_ids``)."""
    plain = DocumentFilter(
        annotator=flt.annotator,
        search=flt.search,
        search_in=flt.search_in,
        proclitics=flt.proclitics,
    )
    return flt == plain


def span_counts(session: Session, layer_ids: list[int]) -> dict[int, int]:
    """Span count per layer for a page of layers."""
    if not layer_ids:
        return {}
    rows = session.execute(
        select(m.Span.layer_id, func.count())
        .where(m.Span.layer_id.in_(layer_ids))
        .group_by(m.Span.layer_id)
    )
    return {layer_id: n for layer_id, n in rows}


def get_document(db: Database, document_id: int) -> DocumentDetail:
    """A whole document, or NotFoundError."""
    with db.read() as session:
        doc = session.get(m.Document, document_id)
        if doc is None:
            raise NotFoundError(f"no document {document_id}")
        return DocumentDetail(
            doc.id, doc.title, doc.text, doc.external_id, doc.source, dict(doc.meta or {})
        )


def progress(db: Database, annotator: str) -> tuple[int, int]:
    """(done, total) for the annotator: layers marked done over all documents."""
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(m.Document)) or 0
        done = (
            session.scalar(
                select(func.count())
                .select_from(m.Layer)
                .join(m.Annotator)
                .where(m.Annotator.name == annotator, m.Layer.status == LayerStatus.DONE.value)
            )
            or 0
        )
        return done, total


def queue_progress(db: Database, annotator: str) -> tuple[int, int]:
    """(done, assigned): the annotator's done layers among the documents assigned to them."""
    with db.read() as session:
        who = session.scalar(select(m.Annotator.id).where(m.Annotator.name == annotator))
        if who is None:
            return 0, 0
        assigned = (
            session.scalar(
                select(func.count())
                .select_from(m.Assignment)
                .where(m.Assignment.annotator_id == who)
            )
            or 0
        )
        done = (
            session.scalar(
                select(func.count())
                .select_from(m.Assignment)
                .join(
                    m.Layer,
                    and_(
                        m.Layer.document_id == m.Assignment.document_id,
                        m.Layer.annotator_id == who,
                    ),
                )
                .where(m.Assignment.annotator_id == who, m.Layer.status == LayerStatus.DONE.value)
            )
            or 0
        )
        return done, assigned


def stats(db: Database, owner: str | None = None) -> Stats:
    """Counts of documents, annotators, layers (gold apart), spans per label and status.

    With ``owner`` (blind mode: an annotator reads only their own figures) the layers,
    spans, statuses, labels and the per-annotator row count that annotator's layers only;
    ``annotators`` and ``gold_layers`` are left at 0 (the caller hides them).
    """
    out = Stats()
    mine = (
        select(m.Layer.id)
        .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
        .where(m.Annotator.name == owner)
    )

    layer_filter = true() if owner is None else m.Layer.id.in_(mine)
    span_filter = true() if owner is None else m.Span.layer_id.in_(mine)

    with db.read() as session:
        out.documents = session.scalar(select(func.count()).select_from(m.Document)) or 0
        out.layers = (
            session.scalar(select(func.count()).select_from(m.Layer).where(layer_filter)) or 0
        )
        # Spans counted per label id in one walk of the label index, then named: the
        # outer join of labels to spans looked up each label's index range through the
        # join (twice the time: 1.1 s at 1,000,000 articles, 5 million spans).
        per_id: dict[int, int] = {
            label_id: n
            for label_id, n in session.execute(
                select(m.Span.label_id, func.count()).where(span_filter).group_by(m.Span.label_id)
            )
        }
        names = session.execute(
            select(m.Label.id, m.Label.name).order_by(m.Label.position, m.Label.id)
        )
        out.per_label = {name: per_id.get(label_id, 0) for label_id, name in names}
        # Every span has a label (NOT NULL, foreign key): the total is their sum, which
        # saves a second walk of the spans index (5 million entries at 1M articles).
        out.spans = sum(out.per_label.values())
        topic_query = (
            select(m.Label.name, func.count())
            .join(m.LayerTopic, m.LayerTopic.label_id == m.Label.id)
            .group_by(m.Label.name)
        )
        if owner is not None:
            topic_query = topic_query.where(m.LayerTopic.layer_id.in_(mine))
        for name, n in session.execute(topic_query).all():
            out.per_label[name] = out.per_label.get(name, 0) + n
        # Grouped by (annotator, status) too: the (annotator_id, status) index covers it,
        # where grouping by status alone reads the whole layers table.
        by_status: Counter[str] = Counter()
        for status, n in session.execute(
            select(m.Layer.status, func.count())
            .where(layer_filter)
            .group_by(m.Layer.annotator_id, m.Layer.status)
        ):
            by_status[status] += n
        out.per_status = {status: by_status[status] for status in sorted(by_status)}
        people = (
            select(m.Annotator.name, func.count(m.Layer.id))
            .outerjoin(m.Layer, m.Layer.annotator_id == m.Annotator.id)
            .where(m.Annotator.role != GOLD)
            .group_by(m.Annotator.id, m.Annotator.name)
            .order_by(m.Annotator.name)
        )
        if owner is not None:
            people = people.where(m.Annotator.name == owner)
        out.per_annotator = {name: n for name, n in session.execute(people)}
        if owner is not None:
            return out
        # Every database holds the gold pseudo-annotator from the start (migration 0004):
        # counting it would report one annotator in a database nobody has worked in.
        out.annotators = (
            session.scalar(
                select(func.count()).select_from(m.Annotator).where(m.Annotator.role != GOLD)
            )
            or 0
        )
        out.gold_layers = (
            session.scalar(
                select(func.count())
                .select_from(m.Layer)
                .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
                .where(m.Annotator.role == GOLD)
            )
            or 0
        )
    return out
