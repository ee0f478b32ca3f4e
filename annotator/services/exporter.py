"""Streaming export: one line per (document, annotator layer), page by page from the database."""

from __future__ import annotations

import os
import stat
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TypeVar, cast

from sqlalchemy import Connection, Integer, Select, bindparam, exists, select

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.formats.registry import EXPORT_FORMATS, SINK_FORMATS, ExportOptions, make_sink
from annotator.core.formats.sinks import Sink
from annotator.core.formats.writers import (
    WRITERS,
    native_meta,
    native_record,
    native_spans_by_label,
)
from annotator.core.jsonio import dumps_exact
from annotator.core.model import (
    DocumentRecord,
    LabelKind,
    LayerStatus,
    RelationData,
    SpanData,
    is_model_layer,
)
from annotator.core.names import printable_json
from annotator.services.annotators import GOLD
from annotator.services.partfiles import partial_beside
from annotator.storage import models as m
from annotator.storage.database import Database, bulk_gc

PAGE = 500
WRITE_BUFFER = 1 << 20
"""Bytes buffered before a write to the output file (a record is a few kB)."""
AnySelect = Select[*tuple[Any, ...]]
_Q = TypeVar("_Q", bound=AnySelect)
FORMATS = tuple(WRITERS)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which layers to export."""

    annotators: tuple[str, ...] = ()
    statuses: tuple[LayerStatus, ...] = ()
    include_unannotated: bool = False
    """``--include-unannotated``: also one record per document without a matching layer
    (native and Label Studio write it; the training formats leave it out and say so)."""
    gold: bool = False
    """``--gold``: the adjudicated layers (and, with ``annotators``, theirs too)."""


@dataclass(slots=True)
class ExportSummary:
    """What an export wrote: counts of what the file holds, not of what was read."""

    records: int = 0
    documents: int = 0
    spans: int = 0
    relations: int = 0
    topics: int = 0
    spans_read: int = 0
    """Spans of the records written, as the database holds them (``spans`` is fewer when
    the format could not hold some; ``problems`` lists each)."""
    left_out: dict[str, int] = field(default_factory=dict)
    """Records not written -> why (rejected layers, documents without a layer...)."""
    problems: list[str] = field(default_factory=list)
    """What the format could not hold (spans off token boundaries, overlapping tags)."""
    sidecars: list[str] = field(default_factory=list)
    """Files written beside the output (HF label list, Label Studio config)."""


SCORE_FORMATS = ("native", "labelstudio")
"""The formats that keep a prediction layer's scores (``suggest predict``)."""


def _layer_filter(query: _Q, flt: ExportFilter, *, by_document: bool = False) -> _Q:
    """Restrict a query over layers by annotator and status (gold only when asked).

    ``by_document``: the query also bounds the layers' document ids, and that index (on
    document and annotator) must lead; ``annotator_id + 0`` keeps SQLite, which has no
    statistics, from scanning all of an annotator's layers by its (annotator, status)
    index instead, once for every page.
    """
    names = (*flt.annotators, GOLD) if flt.gold else flt.annotators
    owners = select(m.Annotator.id)
    owners = owners.where(m.Annotator.name.in_(names) if names else m.Annotator.role != GOLD)
    owner = m.Layer.annotator_id + 0 if by_document else m.Layer.annotator_id
    query = query.where(owner.in_(owners))
    if flt.statuses:
        query = query.where(m.Layer.status.in_([s.value for s in flt.statuses]))
    return query


SpanRow = tuple[int, int, int, int, int]
"""(layer id, span id, start, end, label id) of one span, as the database gives it."""


class _Doc(NamedTuple):
    """One document's columns; a plain tuple, whose fields read far faster than a Row's."""

    id: int
    text: str
    title: str
    external_id: str | None
    source: str
    meta: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class _Labels:
    """Every label's name and kind (as a string) by id, read once per export."""

    names: dict[int, str]
    kinds: dict[int, str]


@dataclass(slots=True)
class _Item:
    """One output line as read from the database: a document and one of its layers."""

    doc: _Doc
    annotator: str | None
    status: str | None
    answer: str | None
    spans: list[SpanRow]
    """Sorted by start, end and label id."""
    labels: _Labels
    relations: list[tuple[int, int, str]]
    """(head span id, child span id, label), in insertion order."""
    topics: list[str]
    scores: dict[tuple[int, int, str], float] | None = None
    """A model layer's (``prediction:NAME``) scores, from ``suggest predict``."""


def iter_records(db: Database, flt: ExportFilter | None = None) -> Iterator[DocumentRecord]:
    """Yield export records in document order, reading a page of documents at a time."""
    for item in _items(db, flt or ExportFilter()):
        yield _record(item)


@dataclass(frozen=True, slots=True)
class _Queries:
    """The export's statements, built once: a page of documents and what it holds.

    Each reads by the bound parameters ``after`` and ``last`` (the page's document id
    range), so SQLAlchemy compiles it once rather than once per page.
    """

    documents: AnySelect
    layers: AnySelect
    spans: AnySelect
    relations: AnySelect
    topics: AnySelect

    @classmethod
    def build(cls, flt: ExportFilter) -> _Queries:
        """The statements for one filter."""
        after, last = bindparam("after", type_=Integer), bindparam("last", type_=Integer)
        documents = select(
            m.Document.id,
            m.Document.text,
            m.Document.title,
            m.Document.external_id,
            m.Document.source,
            m.Document.meta,
        ).where(m.Document.id > after)
        if not flt.include_unannotated:
            has_layer = _layer_filter(
                select(m.Layer.id).where(m.Layer.document_id == m.Document.id), flt
            )
            documents = documents.where(exists(has_layer))

        def in_page(query: _Q) -> _Q:
            return _layer_filter(
                query.where(m.Layer.document_id > after, m.Layer.document_id <= last),
                flt,
                by_document=True,
            )

        return cls(
            documents=documents.order_by(m.Document.id).limit(PAGE),
            layers=in_page(
                select(
                    m.Layer.id,
                    m.Layer.document_id,
                    m.Annotator.name,
                    m.Layer.status,
                    m.Layer.answer,
                ).join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
            ).order_by(m.Layer.document_id, m.Annotator.name),
            # In the order of the layers' (document, annotator) index and then the spans'
            # own (layer, start, end, label) index, so SQLite reads both in index order and
            # sorts nothing; each layer's spans come together, sorted by start, end, label.
            spans=in_page(
                select(m.Span.layer_id, m.Span.id, m.Span.start, m.Span.end, m.Span.label_id).join(
                    m.Layer, m.Span.layer_id == m.Layer.id
                )
            ).order_by(
                m.Layer.document_id, m.Layer.annotator_id, m.Span.start, m.Span.end, m.Span.label_id
            ),
            relations=in_page(
                select(
                    m.Relation.layer_id,
                    m.Relation.head_span_id,
                    m.Relation.child_span_id,
                    m.Relation.label,
                ).join(m.Layer, m.Relation.layer_id == m.Layer.id)
            ).order_by(m.Relation.id),
            topics=in_page(
                select(m.LayerTopic.layer_id, m.LayerTopic.label_id).join(
                    m.Layer, m.LayerTopic.layer_id == m.Layer.id
                )
            ),
        )


def _items(db: Database, flt: ExportFilter) -> Iterator[_Item]:
    """The export's lines in document order, one page of documents at a time.

    Plain Core queries on the session's connection (no ORM row loading); a page is a range
    of document ids, so the layers, spans, relations and topics of a page are each read by
    one range query joined to layers, rather than with an IN list of hundreds of ids.
    """
    with db.read() as session:
        conn = session.connection()
        known = set(conn.execute(select(m.Annotator.name)).scalars())
        missing = [a for a in flt.annotators if a not in known]
        if missing:
            raise AnnotatorError(f"no annotator named {', '.join(map(repr, missing))}")
        names: dict[int, str] = {}
        kinds: dict[int, str] = {}
        for lid, name, kind in conn.execute(select(m.Label.id, m.Label.name, m.Label.kind)):
            names[lid] = name
            kinds[lid] = LabelKind(kind).value
        labels = _Labels(names, kinds)
        queries = _Queries.build(flt)
        last = 0
        while True:
            docs = [_Doc(*row) for row in conn.execute(queries.documents, {"after": last}).all()]
            if not docs:
                return
            bounds = {"after": last, "last": docs[-1].id}
            last = docs[-1].id
            yield from _page(conn, queries, docs, bounds, labels, flt)


def _page(
    conn: Connection,
    queries: _Queries,
    docs: Sequence[_Doc],
    bounds: dict[str, int],
    labels: _Labels,
    flt: ExportFilter,
) -> Iterator[_Item]:
    """The lines of one page: documents with ids in ``bounds`` (after, last], in order.

    A layer of a document in that range matches the filter only if its document is in the
    page (a document without a matching layer is left out of a page unless ``--all``), so
    reading by range reads exactly the page's layers.
    """
    layer_rows = conn.execute(queries.layers, bounds).all()
    spans: dict[int, list[SpanRow]] = {}
    relations: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    topics: dict[int, list[str]] = defaultdict(list)
    if layer_rows:
        result = conn.execute(queries.spans, bounds)
        # All integer columns, which no dialect converts: the driver's rows as they are,
        # without a Row object each (a fifth of a large export's time).
        rows = result.cursor.fetchall()
        result.close()
        spans = {lid: list(group) for lid, group in groupby(rows, itemgetter(0))}
        for lid, head, child, label in conn.execute(queries.relations, bounds):
            relations[lid].append((head, child, label))
        for lid, label_id in conn.execute(queries.topics, bounds):
            topics[lid].append(labels.names[label_id])
    scores = model_scores(conn, [row[0] for row in layer_rows if is_model_layer(row[2])])
    by_doc: dict[int, list[tuple[int, str, str, str | None]]] = defaultdict(list)
    for lid, doc_id, annotator, status, answer in layer_rows:
        by_doc[doc_id].append((lid, annotator, status, answer))
    for doc in docs:
        layers = by_doc.get(doc.id, [])
        if not layers and flt.include_unannotated:
            yield _Item(doc, None, None, None, [], labels, [], [])
        for lid, annotator, status, answer in layers:
            span_list = spans.get(lid, [])
            links = relations.get(lid, [])
            if links:
                # A relation is written only if both its spans are (always, in one layer).
                ids = {span[1] for span in span_list}
                links = [link for link in links if link[0] in ids and link[1] in ids]
            topic_list = sorted(topics.get(lid, ()))
            yield _Item(
                doc,
                annotator,
                status,
                answer,
                span_list,
                labels,
                links,
                topic_list,
                scores.get(lid),
            )


def model_scores(
    conn: Connection, layer_ids: Sequence[int]
) -> dict[int, dict[tuple[int, int, str], float]]:
    """The scores of model layers' spans and topics (topics at ``(-1, -1)``), 500 at a time.

    Export reads them only for pages that hold model layers; ``suggestions`` shares it.
    """
    out: dict[int, dict[tuple[int, int, str], float]] = defaultdict(dict)
    for start in range(0, len(layer_ids), 500):
        page = list(layer_ids[start : start + 500])
        for lid, s, e, label, score in conn.execute(
            select(
                m.PredictionScore.layer_id,
                m.PredictionScore.start,
                m.PredictionScore.end,
                m.PredictionScore.label,
                m.PredictionScore.score,
            ).where(m.PredictionScore.layer_id.in_(page))
        ):
            out[lid][(s, e, label)] = score
    return out


def _record(item: _Item) -> DocumentRecord:
    """The DocumentRecord of one line (for the prodigy and doccano writers and callers)."""
    doc = item.doc
    record = DocumentRecord(
        text=doc.text,
        title=doc.title,
        external_id=doc.external_id,
        source=doc.source,
        meta=dict(doc.meta or {}),
        annotator=item.annotator,
        # No layer (``--all``): no status either, so importing the line adds no layer.
        status=LayerStatus(item.status) if item.status else None,
        document_id=doc.id,
        answer=item.answer,
    )
    names = item.labels.names
    record.spans = [SpanData(s, e, names[lab], sid) for _l, sid, s, e, lab in item.spans]
    for lab in {span[4] for span in item.spans}:
        record.label_kinds[names[lab]] = LabelKind(item.labels.kinds[lab])
    if item.relations:
        position = {span[1]: i for i, span in enumerate(item.spans)}
        record.relations = [
            RelationData(position[h], position[c], lab) for h, c, lab in item.relations
        ]
    record.topics = item.topics
    for name in record.topics:
        record.label_kinds[name] = LabelKind.TOPIC
    if item.scores:
        record.scores = dict(item.scores)
    return record


def _native(item: _Item) -> dict[str, Any]:
    """The native record of one line, straight from the rows (no DocumentRecord).

    ``layer`` says whose layer the line is: ``"gold"`` (adjudicated), ``"annotator"`` (the
    ``annotator`` key names them), or null for a document without one (``--all``).
    """
    doc = item.doc
    record = native_record(
        doc.id,
        doc.text,
        native_meta(doc.meta, doc.title, doc.external_id, doc.source),
        item.annotator,
        # A LayerStatus value already: the table's CHECK constraint admits no other.
        item.status,
        native_spans_by_label(doc.text, item.spans, item.labels.names, item.labels.kinds),
        item.relations,
        item.topics,
    )
    record["layer"] = None if item.annotator is None else layer_kind(item.annotator)
    if item.answer is not None:  # a peer tool's decision (reject, ignore, accept)
        record["answer"] = item.answer
    if item.scores:
        # A model layer's scores (``suggest predict``): one per span (start, end, label)
        # and per document topic (label only).
        record["scores"] = [
            {"label": label, "score": score}
            if start < 0
            else {"start": start, "end": end, "label": label, "score": score}
            for (start, end, label), score in sorted(item.scores.items())
        ]
    return record


def layer_kind(annotator: str) -> str:
    """``"gold"`` for the adjudicated layer, else ``"annotator"``."""
    return "gold" if annotator == GOLD else "annotator"


def export(
    db: Database,
    out: str,
    *,
    fmt: str = "native",
    flt: ExportFilter | None = None,
    progress: Callable[[int], None] | None = None,
    options: ExportOptions | None = None,
) -> ExportSummary:
    """Write the export to ``out`` (``-`` for stdout); a file appears only when complete.

    ``options`` (tag scheme, clitic splitting) apply to the token-level formats.
    """
    if fmt not in WRITERS and fmt not in SINK_FORMATS:
        raise AnnotatorError(
            f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})"
        )
    try:
        sink = make_sink(fmt, options)
    except ValueError as exc:
        raise AnnotatorError(str(exc)) from None
    summary = ExportSummary()
    if out == "-":
        stream: BinaryIO = sys.stdout.buffer
        if sys.stdout.isatty():
            # Someone reads it on the terminal: an escape sequence in a title is shown.
            stream = cast(BinaryIO, _TerminalSafe(stream))
        try:
            _write(db, stream, fmt, sink, flt, summary, progress)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # the reader went away (``head``): the command line ends quietly
        except OSError as exc:
            raise InputError(
                f"cannot write: {exc.strerror}; the export is incomplete", "standard output"
            ) from None
        if sink.sidecars():
            summary.problems.append("sidecar files are not written when exporting to stdout")
        return summary
    target = Path(out)
    own = db.own_files()
    sides = [(target.with_suffix(suffix), suffix) for suffix in sink.sidecars()]
    # Every output is vetted before anything is written, so a refusal replaces nothing.
    check_output(target, folder_hint=True)
    if target.resolve() in own:
        raise AnnotatorError(f"{out} is the database itself; choose another file to export to")
    for side, _suffix in sides:
        check_output(side)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"folder {folder} does not exist", out)
    try:
        with partial_beside(target, PART_SUFFIX) as tmp:
            with open(tmp, "wb", buffering=WRITE_BUFFER) as handle:
                _write(db, handle, fmt, sink, flt, summary, progress)
            # mkstemp makes the file owner-only; an export is an ordinary file (umask applies).
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}; nothing was written", out) from None
    contents = sink.sidecars()
    for side, suffix in sides:
        if side.resolve() in own:
            summary.problems.append(f"{side} is the database itself; not written")
            continue
        try:
            write_whole(side, contents[suffix])
        except OSError as exc:
            summary.problems.append(f"{side}: cannot write: {exc.strerror}; not written")
            continue
        summary.sidecars.append(str(side))
    return summary


class _TerminalSafe:
    """A binary stream that escapes terminal controls in what it writes (``printable_json``).

    Each write is whole records (UTF-8), so decoding one write at a time is safe; JSON
    stays valid, with those characters as ``\\uXXXX``.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        """Write ``data`` with controls escaped."""
        self.stream.write(printable_json(data.decode("utf-8", "replace")).encode("utf-8"))
        return len(data)


PART_SUFFIX = ".part"
"""The suffix of an export's hidden partial file (``partfiles``)."""

_NOT_REGULAR = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_output(path: Path, *, folder_hint: bool = False, what: str = "export") -> None:
    """Refuse an output that is there and is not a regular file (a folder, device, FIFO, link).

    ``what`` names the command in the message (``report`` writes its file the same way).
    An export replaces its output by renaming a new file over it: over a device, FIFO or
    symbolic link that would replace the special file (or the link, not its target), so
    only regular files are written.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"cannot use: {exc.strerror}", str(path)) from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            hint = f"; give a file name such as {path}/export.jsonl" if folder_hint else ""
            raise InputError(f"is a folder{hint}", str(path))
        for test, kind in _NOT_REGULAR:
            if test(info.st_mode):
                raise InputError(
                    f"is {kind}, not a regular file; {what} writes only to a regular file "
                    "(or - for standard output)",
                    str(path),
                )


def write_whole(path: Path, content: bytes) -> None:
    """Write a small file whole: a partial file renamed into place."""
    with partial_beside(path, PART_SUFFIX) as tmp:
        tmp.write_bytes(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)


def _write(
    db: Database,
    handle: BinaryIO,
    fmt: str,
    sink: Sink,
    flt: ExportFilter | None,
    summary: ExportSummary,
    progress: Callable[[int], None] | None,
) -> None:
    """Serialise records to an open binary stream through the format's sink.

    Native lines are built straight from the rows (the same bytes as the native sink
    writes, without a DocumentRecord per line); other formats go through ``sink``.
    """
    native = fmt == "native"
    keeps_scores = fmt in SCORE_FORMATS
    scores_dropped = 0
    scores_with_spans = 0
    last_doc = None
    handle.write(sink.begin())
    seen = 0
    with bulk_gc():
        for item in _items(db, flt or ExportFilter()):
            seen += 1
            if native:
                handle.write(dumps_exact(_native(item), newline=True))
                summary.spans += len(item.spans)
                summary.relations += len(item.relations)
                summary.topics += len(item.topics)
            else:
                record = _record(item)
                if not sink.accepts(record):
                    continue
                before = sink.scores_written
                handle.write(sink.write(record))
                if record.scores and not keeps_scores:
                    written = sink.scores_written - before
                    dropped = len(record.scores) - written
                    if fmt == "prodigy":
                        # Prodigy writes the score of every span it writes: the others
                        # went with their spans (each said above), only topics' have no place.
                        with_spans = sum(1 for key in record.scores if key[0] >= 0) - written
                        scores_with_spans += with_spans
                        dropped -= with_spans
                    scores_dropped += dropped
            summary.records += 1
            summary.spans_read += len(item.spans)
            if item.doc.id != last_doc:
                summary.documents += 1
                last_doc = item.doc.id
            if progress and seen % 1000 == 0:
                progress(seen)
    handle.write(sink.end())
    if not native:
        summary.spans = sink.spans_written
        summary.relations = sink.relations_written
        summary.topics = sink.topics_written
    summary.left_out = dict(sink.left_out)
    summary.problems.extend(sink.problems)
    if summary.spans < summary.spans_read:
        summary.problems.append(
            f"{summary.spans_read - summary.spans} of the {summary.spans_read} spans of the "
            f"records written were left out of {fmt} (said above)"
        )
    for why, count in summary.left_out.items():
        summary.problems.append(f"{count} records left out of {fmt}: {why}")
    if sink.scores_unwritten:
        summary.problems.append(
            f"{sink.scores_unwritten} topic scores not written ({fmt} has one score per "
            "choices result: a prediction of several topics keeps its best one's as the "
            "prediction's score; native keeps them all)"
        )
    if scores_with_spans:
        summary.problems.append(
            f"{scores_with_spans} prediction scores left out of {fmt} with their spans"
        )
    if scores_dropped:
        summary.problems.append(
            f"{scores_dropped} prediction scores not written ({fmt} has no place for them; "
            f"{' and '.join(SCORE_FORMATS)} keep them"
            + (", prodigy those of spans" if fmt != "prodigy" else "")
            + ")"
        )
