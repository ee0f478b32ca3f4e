"""Import files as one all-or-nothing transaction, in batches, with progress.

Documents match existing ones by external id or by identical stored text, so re-importing
adds nothing and several annotators' files of the same articles meet on the same
documents. Two records with different external ids are never one document, however alike
their texts: the second gets its own identity key (``text_hash``). Annotations of an
existing (document, annotator) layer are merged: nothing an annotator already has is lost,
and importing the same file twice changes nothing. A peer tool's decision (Prodigy's
``answer``, Label Studio's skipped annotation) is the layer's ``answer``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    column,
    func,
    insert,
    or_,
    select,
    table,
    update,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.formats.readers import ReadItem, expand_paths, read_file, title_of
from annotator.core.formats.report import ReadReport
from annotator.core.jsonio import MAX_DEPTH, depth_exceeds
from annotator.core.model import (
    DECLINED,
    QUOTE_LABEL,
    SPEAKER,
    SPEAKER_KINDS,
    DocumentRecord,
    Label,
    LabelKind,
    LayerStatus,
    RelationData,
    is_model_layer,
)
from annotator.core.search import document_search_text
from annotator.core.textio import text_codec
from annotator.services import access, annotators, audit
from annotator.services.labels import NewLabels, colour_for
from annotator.storage import fulltext
from annotator.storage import models as m
from annotator.storage.database import Database, bulk_gc, bulk_page_cache, insert_rows
from annotator.storage.models import utcnow
from annotator.storage.retry import retrying

BATCH = 500

# Core tables: plain-row executemany, without the ORM's per-row bulk-insert bookkeeping.
_DOCUMENTS = cast(Table, m.Document.__table__)
_LAYERS = cast(Table, m.Layer.__table__)
_SPANS = cast(Table, m.Span.__table__)
_RELATIONS = cast(Table, m.Relation.__table__)
_TOPICS = cast(Table, m.LayerTopic.__table__)
_META = _DOCUMENTS.c.meta.type
_DOCUMENT_COLUMNS = ("external_id", "title", "text", "text_sha256", "source", "meta", "search_text")
# PostgreSQL: the body index's vector goes in with each row (``fulltext.pg_vector``); the
# column is not in the ORM model (SQLite has no such column: its index is a table).
_PG_DOCUMENTS = table(
    _DOCUMENTS.name,
    *(column(c.name, c.type) for c in _DOCUMENTS.columns),
    column(fulltext.PG_COLUMN, TSVECTOR()),
)
_NewDocument = tuple[str | None, str, str, str, str, dict[str, object], str]
"""A document row to insert, in ``_DOCUMENT_COLUMNS`` order (meta not yet serialised)."""
_NEW = -1
"""Placeholder id of a document inserted by the batch being written."""

# The batch's look-ups, built once: each list is one expanding parameter, bound as it is at
# each execution (``.in_(values)`` built per batch coerced every value, ~5 per article).
_FIND_DOCUMENTS = select(_DOCUMENTS.c.id, _DOCUMENTS.c.external_id, _DOCUMENTS.c.text_sha256).where(
    or_(
        _DOCUMENTS.c.text_sha256.in_(bindparam("hashes", expanding=True)),
        _DOCUMENTS.c.external_id.in_(bindparam("externals", expanding=True)),
    )
)
_DOCUMENT_IDS = select(_DOCUMENTS.c.text_sha256, _DOCUMENTS.c.id).where(
    _DOCUMENTS.c.text_sha256.in_(bindparam("keys", expanding=True))
)
_LAYERS_OF = select(
    _LAYERS.c.id, _LAYERS.c.document_id, _LAYERS.c.annotator_id, _LAYERS.c.answer
).where(_LAYERS.c.document_id.in_(bindparam("documents", expanding=True)))
_SPANS_OF = select(
    _SPANS.c.id, _SPANS.c.layer_id, _SPANS.c.start, _SPANS.c.end, _SPANS.c.label_id
).where(_SPANS.c.layer_id.in_(bindparam("layers", expanding=True)))
_RELATIONS_OF = select(
    _RELATIONS.c.head_span_id, _RELATIONS.c.child_span_id, _RELATIONS.c.label
).where(_RELATIONS.c.layer_id.in_(bindparam("layers", expanding=True)))
# After an import of at least this many documents, PostgreSQL's statistics of the tables
# it fills are refreshed (``Database.refresh_statistics``); smaller ones change no plan.
ANALYZE_AFTER = 1000
FILLED_TABLES = tuple(
    cast(Table, model.__table__).name
    for model in (
        m.Document,
        m.Annotator,
        m.Label,
        m.Layer,
        m.Span,
        m.Relation,
        m.LayerTopic,
        m.PredictionScore,
    )
)

_Linked = tuple[int, list[tuple[int, int, int]], list[RelationData], str, ReadItem]
"""(layer id, span keys of the record, its relations, file, record): relations to insert."""
_LayerJob = tuple[str, ReadItem, int, int, list[tuple[int, LabelKind]], list[int]]
"""(path, item, document id, annotator id, (label id, kind) per span, topic label ids)."""


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import is, for a progress bar."""

    files_done: int
    files_total: int
    records: int
    bytes_done: int
    bytes_total: int


@dataclass(slots=True)
class ImportSummary:
    """What an import added (and what it found already there)."""

    files: int = 0
    records: int = 0
    documents_added: int = 0
    documents_existing: int = 0
    """Documents that were there before the import and that its records met (each once)."""
    documents_by_text: int = 0
    """Of ``documents_existing``: those a record met by identical text, not by its id
    (records of different ids never meet on one document)."""
    layers_added: int = 0
    layers_merged: int = 0
    spans_added: int = 0
    spans_existing: int = 0
    relations_added: int = 0
    topics_added: int = 0
    labels_added: list[str] = field(default_factory=list)
    done_added: dict[str, int] = field(default_factory=dict)
    """New layers the import created as done, per annotator (progress counts them)."""
    report: ReadReport = field(default_factory=ReadReport)
    """Formats used, lenient repairs and CoNLL I- tags that began a span."""


def text_hash(text: str | bytes, external_id: str | None = None) -> str:
    """A document's identity key: SHA-256 of its stored text (how identical documents are
    recognised), or, for a document whose text another of a different external id already
    has, of the text, a NUL and its external id (so both can be stored, apart). ``text``
    may come as its UTF-8 bytes already."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if external_id is not None:
        data += b"\x00" + external_id.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@retrying
def import_paths(
    db: Database,
    paths: list[str],
    *,
    annotator: str | None = None,
    fmt: str = "auto",
    encoding: str | None = None,
    add_labels: bool = False,
    progress: Callable[[ImportProgress], None] | None = None,
    lenient: bool = False,
    actor: str | None = None,
    status: LayerStatus | None = None,
) -> ImportSummary:
    """Import files and folders; any fault raises InputError and leaves the database as it was.

    One transaction, rerun wholly (progress restarts) when it loses a race with another
    client importing the same documents or adding the same labels (``storage.retry``).
    When it adds anything it ends with an audit entry naming ``actor`` (``access.audit_name``).
    ``status``: the status of each layer it creates for a record that names none (a
    finished corpus imported as ``DONE``); by default in progress when the record has
    annotations, else new. Layers already in the database keep theirs.
    """
    who = access.audit_name(db, actor)
    files = expand_paths(paths)
    if encoding and files:
        # Refused before any file is read, naming the first (as decoding it would).
        try:
            text_codec(encoding)
        except AnnotatorError as exc:
            raise InputError(str(exc), str(files[0])) from None
    sizes = [_size(f) for f in files]
    total = sum(sizes)
    default_annotator = annotators.clean_name(annotator) if annotator else None
    summary = ImportSummary(files=len(files))
    with bulk_gc(), db.write() as session, bulk_page_cache(session.connection()):
        job = _ImportJob(session, summary, default_annotator, add_labels, status)
        done_before = 0
        for index, path in enumerate(files):
            batch: list[tuple[str, ReadItem]] = []
            items = read_file(path, fmt, encoding, lenient=lenient, report=summary.report)
            for item in _naming_os_errors(path, items):
                batch.append((str(path), item))
                if len(batch) >= BATCH:
                    job.flush(batch)
                    batch = []
                    if progress:
                        progress(
                            ImportProgress(
                                index,
                                len(files),
                                summary.records,
                                done_before + item.bytes_read,
                                total,
                            )
                        )
            job.flush(batch)
            done_before += sizes[index]
            if progress:
                progress(ImportProgress(index + 1, len(files), summary.records, done_before, total))
        if _changed(summary):  # a re-import that adds nothing changes nothing, logs nothing
            audit.record(session, who, "import", detail=_audit_detail(paths, summary))
    if summary.documents_added >= ANALYZE_AFTER:
        # A newsroom opens the list right after importing: on PostgreSQL the planner must
        # already know the new rows (committed above; skipped where the login may not).
        db.refresh_statistics(FILLED_TABLES)
    return summary


def _next_id(conn: Connection, model_table: Table) -> int:
    """SQLite: the id its next row gets, one more than the largest (how SQLite numbers rows
    of an INTEGER PRIMARY KEY without AUTOINCREMENT). Given explicitly, the batch's ids
    need not be read back; the import's write lock (``BEGIN IMMEDIATE``) keeps anyone else
    from adding rows until its commit, and each batch asks again."""
    last = conn.execute(select(func.max(model_table.c.id))).scalar()
    return 1 if last is None else int(last) + 1


def _size(path: Path) -> int:
    """A file's size in bytes (for progress), or an InputError naming it."""
    try:
        return path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None


def _naming_os_errors(path: Path, items: Iterator[ReadItem]) -> Iterator[ReadItem]:
    """``items`` read from ``path``; a refusal of the system (permissions, I/O) names the file."""
    try:
        yield from items
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None


def _answer(first: str | None, then: str | None) -> str | None:
    """The answer of a layer two records give: declined only if both decline it."""
    if first in DECLINED:
        return then if then not in DECLINED else first
    if then in DECLINED:
        return first
    return "accept" if "accept" in (first, then) else first


def _changed(summary: ImportSummary) -> bool:
    """Whether an import added anything (documents, layers, annotations, labels)."""
    return bool(
        summary.documents_added
        or summary.layers_added
        or summary.spans_added
        or summary.relations_added
        or summary.topics_added
        or summary.labels_added
    )


def _audit_detail(paths: list[str], summary: ImportSummary) -> dict[str, object]:
    """What the audit log keeps of an import: the paths given and the counts."""
    return {
        "paths": paths[:20],
        "files": summary.files,
        "records": summary.records,
        "documents_added": summary.documents_added,
        "layers_added": summary.layers_added,
        "layers_merged": summary.layers_merged,
        "spans_added": summary.spans_added,
        "labels_added": summary.labels_added,
        # Layers that became done by this import, per owner: progress over time counts them.
        "done": dict(sorted(summary.done_added.items())),
    }


UNKNOWN_LABEL_HINT = "(add it with 'annotator labels add', or import with --add-labels)"
"""How the refusal of a label the schema lacks ends (the window words its own remedy)."""


class _ImportJob:
    """State of one import transaction: caches of labels and annotators, counters."""

    def __init__(
        self,
        session: Session,
        summary: ImportSummary,
        annotator: str | None,
        add_labels: bool,
        status: LayerStatus | None = None,
    ) -> None:
        self.session = session
        self.status = status
        """The status of new layers whose records name none (``import --status``)."""
        self.summary = summary
        self.annotator = annotator
        self.add_labels = add_labels
        self.labels: dict[str, tuple[int, LabelKind]] = {
            name: (lid, LabelKind(kind))
            for lid, name, kind in session.execute(select(m.Label.id, m.Label.name, m.Label.kind))
        }
        self.annotator_ids: dict[str, int] = {}
        self._new_labels: NewLabels | None = None
        self.created: set[int] = set()
        """Documents this import added (a later batch meeting one is no "already there")."""
        self.met: set[int] = set()
        """Documents there before the import that its records met."""
        self.met_by_text: set[int] = set()
        """Of those, the ones met by identical text."""
        self.claimed: dict[str, str] = {}
        """Text hash of a document without an external id -> the id of the first record of
        this import that met it by its text: a record of another id gets its own document."""
        self.vectors = session.get_bind().dialect.name != "sqlite"
        """Whether new documents carry their search vector (PostgreSQL)."""

    # -- labels and annotators -----------------------------------------------------------

    def _label(
        self, name: str, kind_hint: LabelKind | None, path: str, item: ReadItem
    ) -> tuple[int, LabelKind]:
        """The id and kind of a label, adding it with ``--add-labels``; errors name the
        record ``item`` (where the file uses the label, when known)."""
        known = self.labels.get(name)
        if known is not None:
            return known
        if not self.add_labels:
            raise item.error(
                f"label {name!r} is not in this database's schema {UNKNOWN_LABEL_HINT}",
                path,
                item.line_of(name),
            )
        kind = kind_hint or (LabelKind.QUOTE if name == QUOTE_LABEL else LabelKind.ENTITY)
        if self._new_labels is None:
            self._new_labels = NewLabels(self.session)
        if self._new_labels.clash(name) == name:
            # Committed by another client since this import read the schema (PostgreSQL):
            # the same label, to use as it is.
            row = self.session.execute(
                select(m.Label.id, m.Label.kind).where(m.Label.name == name)
            ).one()
            self.labels[name] = (row.id, LabelKind(row.kind))
            return self.labels[name]
        try:
            label_id = self._new_labels.add(Label(name, kind, colour_for(name)))
        except AnnotatorError as exc:
            raise item.error(
                f"cannot add label {name!r}: {exc}", path, item.line_of(name)
            ) from None
        self.labels[name] = (label_id, kind)
        self.summary.labels_added.append(name)
        return self.labels[name]

    def _check_speakers(
        self,
        record: DocumentRecord,
        span_labels: list[tuple[int, LabelKind]],
        path: str,
        item: ReadItem,
    ) -> None:
        """A SPEAKER links a quote (head) to the entity who said it (child), as in the editor.

        The same rule as ``AnnotationService.link``, so an import never stores what the
        editor refuses and ``annotator db check`` reports as damage; a schema without PER
        and ORG (AQMAR's PERS) lets any entity speak.
        """
        for rel in record.relations:
            if rel.label != SPEAKER:
                continue
            head, child = record.spans[rel.head], record.spans[rel.child]
            where = f"{SPEAKER} relation from {head.label} [{head.start}, {head.end})"
            if span_labels[rel.head][1] != LabelKind.QUOTE:
                raise item.error(f"{where}: a speaker belongs to a quote span", path)
            named = not SPEAKER_KINDS.isdisjoint(self.labels)
            if span_labels[rel.child][1] != LabelKind.ENTITY or (
                named and child.label not in SPEAKER_KINDS
            ):
                raise item.error(
                    f"{where}: the speaker must be a person or organisation "
                    f"({', '.join(sorted(SPEAKER_KINDS))}), not {child.label}",
                    path,
                )

    def _annotator_id(self, name: str) -> int:
        """Id of an annotator, created when new."""
        if name not in self.annotator_ids:
            # A gold export's lines (annotator "gold") go back into the gold layer.
            self.annotator_ids[name] = annotators.layer_owner(self.session, name).id
        return self.annotator_ids[name]

    # -- one batch -----------------------------------------------------------------------

    def flush(self, batch: list[tuple[str, ReadItem]]) -> None:
        """Write one batch of records: documents, then layers, then annotations."""
        if not batch:
            return
        self.summary.records += len(batch)
        doc_ids = self._documents(batch)
        now = utcnow()
        layer_jobs: list[_LayerJob] = []
        for (path, item), doc_id in zip(batch, doc_ids, strict=True):
            record = item.record
            if not record.has_layer:
                continue
            name = record.annotator or self.annotator
            if name is None:
                raise item.error(
                    "record has annotations but names no annotator; pass --annotator NAME",
                    path,
                )
            labels = self.labels
            span_labels = [
                labels.get(s.label)
                or self._label(s.label, record.label_kinds.get(s.label), path, item)
                for s in record.spans
            ]
            if record.relations:
                self._check_speakers(record, span_labels, path, item)
            topic_ids = []
            for topic in record.topics:
                label_id, kind = self._label(topic, LabelKind.TOPIC, path, item)
                if kind != LabelKind.TOPIC:
                    raise item.error(f"{topic!r} is a {kind} label, not a topic", path)
                topic_ids.append(label_id)
            layer_jobs.append(
                (path, item, doc_id, self._annotator_id(name), span_labels, topic_ids)
            )
        if layer_jobs:
            self._annotations(layer_jobs, now)

    def _documents(self, batch: list[tuple[str, ReadItem]]) -> list[int]:
        """Find or insert the batch's documents; return their ids in batch order.

        A record with an external id finds its document by that id; else (or when that id
        is new) one with the identical text, unless that document has another external id:
        then the record's document is a new one, keyed by text and id (``text_hash``).
        """
        hashes = [text_hash(item.record.text_utf8()) for _p, item in batch]
        externals = [item.record.external_id for _p, item in batch if item.record.external_id]
        found = (
            self.session.connection()
            .execute(
                _FIND_DOCUMENTS, {"hashes": list(set(hashes)), "externals": list(set(externals))}
            )
            .all()
        )
        # key -> (document id or _NEW, its external id, its row in new_rows or -1)
        by_hash: dict[str, tuple[int, str | None, int]] = {h: (i, e, -1) for i, e, h in found}
        by_ext: dict[str, tuple[int, str, int]] = {e: (i, h, -1) for i, e, h in found if e}
        ids: list[int | None] = []
        new_rows: list[_NewDocument] = []
        vectors: list[str] = []  # PostgreSQL: each new row's search vector
        encoded: list[bytes] = []  # SQLite: each new row's text as UTF-8 (stored as is)
        pending: list[tuple[int, int]] = []  # (batch position, new_rows position)
        for pos, ((path, item), digest) in enumerate(zip(batch, hashes, strict=True)):
            record = item.record
            ext = record.external_id
            if ext is not None and ext in by_ext:
                doc_id, known_key, row = by_ext[ext]
                if known_key not in (digest, text_hash(record.text_utf8(), ext)):
                    raise item.error(
                        f"document {ext!r} already exists with a different text; "
                        "offsets would not fit it",
                        path,
                    )
                target: tuple[int, int] | None = (doc_id, row)
            else:
                same = by_hash.get(digest)
                target = None
                # A document without an id is met by its text; by records of one id only.
                if same is not None and (
                    ext is None or (same[1] is None and self.claimed.setdefault(digest, ext) == ext)
                ):
                    target = (same[0], same[2])
                    if same[0] != _NEW:
                        self.met_by_text.add(same[0])
            if target is not None:
                doc_id, row = target
                if doc_id == _NEW:  # added earlier in this batch
                    ids.append(None)
                    pending.append((pos, row))
                else:
                    ids.append(doc_id)
                    if doc_id not in self.created:
                        self.met.add(doc_id)
                continue
            # A new document; keyed apart when its text is another id's document's.
            if record.meta and depth_exceeds(record.meta):
                raise item.error(f"meta is nested more than {MAX_DEPTH} levels deep", path)
            key = digest if digest not in by_hash else text_hash(record.text_utf8(), ext)
            row = len(new_rows)
            ids.append(None)
            pending.append((pos, row))
            title = record.title or title_of(record.text)
            if self.vectors:
                try:
                    vectors.append(fulltext.pg_vector(record.text))
                except ValueError as exc:
                    raise item.error(str(exc), path) from None
            else:
                encoded.append(record.text_utf8())  # the reader's bytes of the text
            new_rows.append(
                (
                    ext,
                    title,
                    record.text,
                    key,
                    record.source,
                    record.meta,
                    document_search_text(title, ext),
                )
            )
            if key == digest:
                by_hash[digest] = (_NEW, ext, row)
            if ext is not None:
                by_ext[ext] = (_NEW, key, row)
        self.summary.documents_existing = len(self.met)
        self.summary.documents_by_text = len(self.met_by_text & self.met)
        if new_rows:
            conn = self.session.connection()
            # One executemany of plain rows (meta serialised here by its column type's own
            # processor, as SQLAlchemy would per row), then the ids by identity key
            # (unique): SQLite cannot return ids in parameter order from a multi-row
            # insert, so RETURNING would insert row by row.
            meta_json = _META.dialect_impl(conn.dialect).bind_processor(conn.dialect)
            rows = [
                (*row[:5], meta_json(row[5]) if meta_json else row[5], row[6]) for row in new_rows
            ]
            keys = [row[3] for row in new_rows]
            if self.vectors:
                insert_rows(
                    conn,
                    _PG_DOCUMENTS,
                    (*_DOCUMENT_COLUMNS, fulltext.PG_COLUMN),
                    [(*row, vector) for row, vector in zip(rows, vectors, strict=True)],
                    {"created_at": utcnow()},
                )
                id_of = {key: doc_id for key, doc_id in conn.execute(_DOCUMENT_IDS, {"keys": keys})}
            else:
                # SQLite: the ids it would give (``_next_id``), so none is read back. The
                # text as its UTF-8 bytes, which the reader has: the driver need not encode
                # each text once more (``insert_rows``' ``utf8``).
                first = _next_id(conn, _DOCUMENTS)
                insert_rows(
                    conn,
                    _DOCUMENTS,
                    ("id", *_DOCUMENT_COLUMNS),
                    [
                        (first + n, *row[:2], text, *row[3:])
                        for n, (row, text) in enumerate(zip(rows, encoded, strict=True))
                    ],
                    {"created_at": utcnow()},
                    utf8=("text",),
                )
                id_of = {key: first + n for n, key in enumerate(keys)}
            # The body and title indexes in the same transaction: a failed import leaves no
            # index rows (PostgreSQL: the vectors went in with the rows; no title index).
            if not self.vectors:
                fulltext.add(conn, ((id_of[row[3]], row[2], row[6]) for row in new_rows))
            self.summary.documents_added += len(new_rows)
            self.created.update(id_of.values())
            for pos, row_pos in pending:
                ids[pos] = id_of[keys[row_pos]]
        return [i for i in ids if i is not None]

    def _annotations(self, jobs: list[_LayerJob], now: datetime) -> None:
        """Create or merge the layers of a batch, then insert spans, relations, topics.

        A few statements per batch, each an ``executemany`` of plain rows: the layers, then
        every new span, then (only for records with relations) the ids of their spans read
        back, then the relations and topics.
        """
        conn = self.session.connection()
        doc_ids = {job[2] for job in jobs}
        layers = {
            (d, a): (lid, answer)
            for lid, d, a, answer in conn.execute(_LAYERS_OF, {"documents": list(doc_ids)})
        }
        existing_layers = {lid for lid, _a in layers.values()}
        new_layers: dict[tuple[int, int], tuple[int, int, str, int, str | None]] = {}
        answers: dict[tuple[int, int], str | None] = {}  # the batch's answer per layer
        for _path, item, doc_id, who, _sl, _ti in jobs:
            record = item.record
            key = (doc_id, who)
            answers[key] = _answer(answers[key], record.answer) if key in answers else record.answer
            if key in layers or key in new_layers:
                continue
            status = (
                record.status
                or self.status
                or (LayerStatus.IN_PROGRESS if (record.spans or record.topics) else LayerStatus.NEW)
            )
            new_layers[key] = (doc_id, who, status.value, 1, record.answer)
        for key, row in new_layers.items():
            new_layers[key] = (*row[:4], answers[key])
        if new_layers:
            layer_columns = ("document_id", "annotator_id", "status", "version", "answer")
            if self.vectors:
                insert_rows(
                    conn, _LAYERS, layer_columns, list(new_layers.values()), {"updated_at": now}
                )
                for lid, d, a, stored in conn.execute(
                    _LAYERS_OF, {"documents": list({d for d, _a in new_layers})}
                ):
                    if (d, a) in new_layers:
                        layers[(d, a)] = (lid, stored)
            else:  # SQLite: the ids it would give, none read back (``_next_id``)
                first = _next_id(conn, _LAYERS)
                insert_rows(
                    conn,
                    _LAYERS,
                    ("id", *layer_columns),
                    [(first + n, *row) for n, row in enumerate(new_layers.values())],
                    {"updated_at": now},
                )
                for n, (key, row) in enumerate(new_layers.items()):
                    layers[key] = (first + n, row[4])
            self.summary.layers_added += len(new_layers)
            names = {i: n for n, i in self.annotator_ids.items()}
            done = self.summary.done_added
            for _d, who, status_value, _v, _a in new_layers.values():
                if status_value == LayerStatus.DONE.value and who in names:
                    done[names[who]] = done.get(names[who], 0) + 1
        # A declined layer that now gets accepted annotations is declined no more.
        for key, answer in answers.items():
            lid, stored = layers[key]
            if stored in DECLINED and answer not in DECLINED:
                self.session.execute(
                    update(m.Layer)
                    .where(m.Layer.id == lid)
                    .values(answer=answer)
                    .execution_options(synchronize_session=False)
                )
        merged = {layers[(j[2], j[3])][0] for j in jobs} & existing_layers
        self.summary.layers_merged += len(merged)
        have_spans: dict[int, dict[tuple[int, int, int], int]] = {lid: {} for lid in merged}
        have_topics: set[tuple[int, int]] = set()
        if merged:
            for sid, lid, s, e, lab in conn.execute(_SPANS_OF, {"layers": list(merged)}):
                have_spans[lid][(s, e, lab)] = sid
            have_topics = set(
                conn.execute(
                    select(m.LayerTopic.layer_id, m.LayerTopic.label_id).where(
                        m.LayerTopic.layer_id.in_(merged)
                    )
                ).all()
            )
        span_rows: list[tuple[int, int, int, int]] = []
        topic_rows: list[dict[str, int]] = []
        grown: set[int] = set()  # layers that gain spans or topics
        linked: list[_Linked] = []
        for path, item, doc_id, who, span_labels, topic_ids in jobs:
            record = item.record
            layer_id = layers[(doc_id, who)][0]
            known = have_spans.setdefault(layer_id, {})
            keys = [
                (s.start, s.end, lab[0]) for s, lab in zip(record.spans, span_labels, strict=True)
            ]
            fresh = [k for k in dict.fromkeys(keys) if k not in known]
            if fresh:
                grown.add(layer_id)
            self.summary.spans_existing += len(set(keys)) - len(fresh)
            span_rows.extend([(layer_id, s, e, lab) for s, e, lab in fresh])
            known.update(dict.fromkeys(fresh, 0))  # ids are read back below where needed
            self.summary.spans_added += len(fresh)
            if record.relations:
                linked.append((layer_id, keys, record.relations, path, item))
            for label_id in topic_ids:
                if (layer_id, label_id) not in have_topics:
                    have_topics.add((layer_id, label_id))
                    topic_rows.append({"layer_id": layer_id, "label_id": label_id})
        insert_rows(
            conn, _SPANS, ("layer_id", "start", "end", "label_id"), span_rows, {"created_at": now}
        )
        if linked:
            self._relations(conn, linked, have_spans)
        if topic_rows:
            conn.execute(insert(_TOPICS), topic_rows)
            self.summary.topics_added += len(topic_rows)
        self._scores(conn, jobs, layers)
        # A merged layer that gained something gets a new version, so views showing it
        # notice (services.changes) and edits based on the old one are refused.
        bump = merged & (grown | {row["layer_id"] for row in topic_rows})
        if bump:
            self.session.execute(
                update(m.Layer)
                .where(m.Layer.id.in_(bump))
                .values(version=m.Layer.version + 1, updated_at=now)
                .execution_options(synchronize_session=False)
            )

    def _scores(
        self,
        conn: Connection,
        jobs: list[_LayerJob],
        layers: dict[tuple[int, int], tuple[int, str | None]],
    ) -> None:
        """Keep the scores of model layers (``prediction:...``); say how many others were not."""
        rows: dict[tuple[int, int, int, str], float] = {}
        dropped = 0
        for _path, item, doc_id, who, _sl, _ti in jobs:
            record = item.record
            if not record.scores:
                continue
            if not is_model_layer(record.annotator or self.annotator):
                dropped += len(record.scores)
                continue
            layer_id = layers[(doc_id, who)][0]
            for (start, end, label), score in record.scores.items():
                rows[(layer_id, start, end, label)] = score
        if dropped:
            self.summary.report.notes.append(
                f"{dropped} scores not kept: only model layers (prediction:NAME) keep scores"
            )
        if not rows:
            return
        have = set(
            conn.execute(
                select(
                    m.PredictionScore.layer_id,
                    m.PredictionScore.start,
                    m.PredictionScore.end,
                    m.PredictionScore.label,
                ).where(m.PredictionScore.layer_id.in_({k[0] for k in rows}))
            ).all()
        )
        fresh = [
            {"layer_id": lid, "start": s, "end": e, "label": lab, "score": score}
            for (lid, s, e, lab), score in rows.items()
            if (lid, s, e, lab) not in have
        ]
        if fresh:
            conn.execute(insert(m.PredictionScore), fresh)

    def _relations(
        self,
        conn: Connection,
        linked: list[_Linked],
        have_spans: dict[int, dict[tuple[int, int, int], int]],
    ) -> None:
        """Insert the relations of a batch that their layers do not have yet."""
        layer_ids = {item[0] for item in linked}
        for sid, lid, s, e, lab in conn.execute(_SPANS_OF, {"layers": list(layer_ids)}):
            have_spans[lid][(s, e, lab)] = sid
        existing: set[tuple[int, int, str]] = {
            (head, child, label)
            for head, child, label in conn.execute(_RELATIONS_OF, {"layers": list(layer_ids)})
        }
        # A quote has one speaker (the editor replaces a link): one already stored, or
        # given earlier in this import, and another one now is an error, not a second link.
        speaker_of = {head: child for head, child, label in existing if label == SPEAKER}
        rows = []
        for layer_id, keys, relations, path, item in linked:
            known = have_spans[layer_id]
            for rel in relations:
                head = known[keys[rel.head]]
                child = known[keys[rel.child]]
                link = (head, child, rel.label)
                if link in existing or head == child:
                    continue
                if rel.label == SPEAKER and speaker_of.setdefault(head, child) != child:
                    start, end, _label = keys[rel.head]
                    raise item.error(
                        f"the quote [{start}, {end}) already has another speaker in this "
                        "layer; a quote has one speaker",
                        path,
                    )
                existing.add(link)
                rows.append(
                    {
                        "layer_id": layer_id,
                        "head_span_id": head,
                        "child_span_id": child,
                        "label": link[2],
                    }
                )
        if rows:
            conn.execute(insert(_RELATIONS), rows)
            self.summary.relations_added += len(rows)
