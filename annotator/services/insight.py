"""The statistics of a database for the stats dock, ``stats --json/--csv`` and the report.

Reads, all reading only: ``figures`` (counts and the audit log: progress, labels, spans
per article, and unless left out the time spent), ``time_figures`` (the time spent alone:
it walks every audit entry on a layer, so the dock reads it after the counts; an
``AuditCache`` kept between reads takes only the entries written since) and
``agreement_figures`` (per label, per pair and its trend over days: each compared document
counted once, the counts summed; an ``AgreementCache`` kept between reads counts only the
documents whose layers changed since). Definitions
of each figure: ``annotator.core.insight``; of each agreement metric: ``core.metrics``.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa
from sqlalchemy import Connection, Integer, Text, cast, func, select

from annotator.core.agreement_stats import (
    Batch,
    Cells,
    SummedAgreement,
    document_counts,
    summed,
    trend_cell,
    trend_figures_by_day,
)
from annotator.core.errors import PermissionDeniedError
from annotator.core.insight import (
    ALL,
    DONE,
    IDLE_SECONDS,
    DayPoint,
    TimeRow,
    csv_text,
    histogram,
    median,
    progress_from_counts,
)
from annotator.core.metrics import json_value, report_of
from annotator.core.model import LabelKind, is_model_layer
from annotator.storage import models as m
from annotator.storage.database import Database

from . import access
from .agreement import _plain_rows
from .annotators import GOLD

_log = logging.getLogger(__name__)
IntArray = npt.NDArray[np.int64]
SmallArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class LabelCount:
    """How often one annotator used one label: spans, and document topics."""

    label: str
    kind: str
    annotator: str
    spans: int
    topics: int


@dataclass(slots=True)
class Figures:
    """Everything ``figures`` reads (see the module docstring)."""

    documents: int = 0
    annotators: list[str] = field(default_factory=list)
    statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    """Layers per annotator per status (gold apart)."""
    progress: dict[str, list[DayPoint]] = field(default_factory=dict)
    labels: list[LabelCount] = field(default_factory=list)
    spans_per_layer: list[tuple[int, int]] = field(default_factory=list)
    """``(spans, layers with that many)``, annotator layers only."""
    time: list[TimeRow] = field(default_factory=list)
    idle_seconds: int = IDLE_SECONDS
    has_time: bool = True
    """False when read without the time spent (``time`` is then empty, not zero)."""
    guidelines_version: int | None = None
    seconds: float = 0.0
    """How long the read took."""

    def time_per_annotator(self) -> dict[str, tuple[int, float, float | None]]:
        """Per person: documents worked on, total seconds, median seconds per document."""
        per: dict[str, list[float]] = defaultdict(list)
        for row in self.time:
            per[row.actor].append(row.seconds)
        return {who: (len(v), sum(v), median(v)) for who, v in sorted(per.items())}

    def label_totals(self) -> dict[str, tuple[str, int]]:
        """Per label (schema order): kind and uses (spans plus document topics)."""
        out: dict[str, tuple[str, int]] = {}
        for row in self.labels:
            kind, n = out.get(row.label, (row.kind, 0))
            out[row.label] = (kind, n + row.spans + row.topics)
        return out

    def to_json(self) -> dict[str, Any]:
        """The ``stats --json`` shape."""
        return {
            "documents": self.documents,
            "annotators": self.annotators,
            "statuses": self.statuses,
            "progress": {
                who: [{"day": p.day.isoformat(), "done": p.done, "total": p.total} for p in pts]
                for who, pts in self.progress.items()
            },
            "labels": [
                {
                    "label": r.label,
                    "kind": r.kind,
                    "annotator": r.annotator,
                    "spans": r.spans,
                    "topics": r.topics,
                }
                for r in self.labels
            ],
            "spans_per_layer": [{"spans": n, "layers": k} for n, k in self.spans_per_layer],
            "time": {
                "idle_seconds": self.idle_seconds,
                "rows": [
                    {
                        "document_id": r.document_id,
                        "annotator": r.actor,
                        "seconds": r.seconds,
                        "actions": r.actions,
                    }
                    for r in self.time
                ],
            },
            "guidelines_version": self.guidelines_version,
        }

    def csv_rows(self) -> Iterator[tuple[object, ...]]:
        """One long table: ``figure, annotator, key, value`` (the ``stats --csv`` rows)."""
        yield ("figure", "annotator", "key", "value")
        yield ("documents", "", "", self.documents)
        for who, per in self.statuses.items():
            for status, n in per.items():
                yield ("layers", who, status, n)
        for who, points in self.progress.items():
            for p in points:
                yield ("done_per_day", who, p.day.isoformat(), p.done)
                yield ("done_total", who, p.day.isoformat(), p.total)
        for r in self.labels:
            yield ("label_spans", r.annotator, r.label, r.spans)
            yield ("label_topics", r.annotator, r.label, r.topics)
        for n, k in self.spans_per_layer:
            yield ("layers_with_spans", "", n, k)
        for row in self.time:
            yield ("seconds", row.actor, row.document_id, round(row.seconds, 3))
        if self.guidelines_version is not None:
            yield ("guidelines_version", "", "", self.guidelines_version)


def figures(
    db: Database,
    *,
    guidelines_version: int | None = None,
    cache: AuditCache | None = None,
    with_time: bool = True,
    actor: access.Actor | None = None,
) -> Figures:
    """Counts and audit-log figures of the whole database (reading only).

    ``cache`` (kept by the caller between reads) makes a read take only the audit entries
    written since the last one, and count the spans of only the layers changed since.
    ``with_time=False`` leaves the time spent out (``time`` empty, ``has_time`` False):
    ``time_figures`` reads it apart. In blind mode an annotator (``actor``) gets their own
    figures only, as from plain ``stats``: nobody else's name, layers, labels, progress or
    time, and the overall progress is theirs alone.
    """
    started = time.perf_counter()
    out = Figures(guidelines_version=guidelines_version)
    owners = access.visible_owners(db, actor)
    cache = cache if cache is not None else AuditCache()
    # The time spent's first read (with these figures, or next from the dock) has its
    # SQL run meanwhile on a thread of its own (see ``AuditCache.start_time_read``).
    cache.start_time_read(db)
    with db.read() as session:
        conn = session.connection()
        out.documents = conn.scalar(select(func.count()).select_from(m.Document)) or 0
        people = _people(conn, owners)
        out.annotators = sorted(people.values())
        statuses: dict[str, dict[str, int]] = defaultdict(dict)
        for who, status, n in conn.execute(
            select(m.Layer.annotator_id, m.Layer.status, func.count()).group_by(
                m.Layer.annotator_id, m.Layer.status
            )
        ):
            if who in people:
                statuses[people[who]][status] = n
        out.statuses = {who: statuses[who] for who in sorted(statuses)}
        with cache.lock:
            layers, span_rows, topic_rows = cache.read_span_counts(conn)
        # Layers (id, owner) of the people shown; spans per (layer, label) of every layer.
        layers = layers[np.isin(layers[:, 1], np.asarray(list(people), np.int64))]
        at = np.minimum(np.searchsorted(layers[:, 0], span_rows[:, 0]), max(len(layers) - 1, 0))
        mine = (layers[at, 0] == span_rows[:, 0]) if len(layers) else np.zeros(0, bool)
        at, rows = at[mine], span_rows[mine]
        per_layer_n = np.bincount(at, weights=rows[:, 2], minlength=len(layers))
        spans: Counter[tuple[int, int]] = Counter()
        if len(rows):
            width = int(layers[:, 1].max()) + 1
            keys, inverse = np.unique(rows[:, 1] * width + layers[at, 1], return_inverse=True)
            sums = np.bincount(inverse.reshape(-1), weights=rows[:, 2])
            for key, n in zip(keys.tolist(), sums.tolist(), strict=True):
                spans[key // width, key % width] += int(n)
        out.labels = _label_counts(conn, people, spans, _per_label_owner(layers, topic_rows))
        out.spans_per_layer = histogram(int(n) for n in per_layer_n)
        with cache.lock:
            cache.read_status(conn)
            out.progress = progress_from_counts(
                (*k, n) for k, n in cache.status.items() if owners is None or k[1] in owners
            )
            if with_time:
                out.time = _read_time(conn, cache, set(people.values()))
    out.has_time = with_time
    out.seconds = time.perf_counter() - started
    return out


def _people(conn: Connection, owners: frozenset[str] | None) -> dict[int, str]:
    """Annotators (gold apart) by id, only ``owners`` when given (blind mode)."""
    query = select(m.Annotator.id, m.Annotator.name).where(m.Annotator.role != GOLD)
    if owners is not None:
        query = query.where(m.Annotator.name.in_(sorted(owners)))
    return dict(conn.execute(query).all())


def _read_time(conn: Connection, cache: AuditCache, people: set[str]) -> list[TimeRow]:
    cache.read_time(conn, IDLE_SECONDS)
    return cache.time_rows(people)


def time_figures(
    db: Database, *, cache: AuditCache | None = None, actor: access.Actor | None = None
) -> list[TimeRow]:
    """The time spent alone (``Figures.time``): the part of ``figures`` that reads every
    audit entry on a first read, so the stats dock asks for it after the counts. In blind
    mode an annotator (``actor``) gets their own rows only."""
    cache = cache if cache is not None else AuditCache()
    owners = access.visible_owners(db, actor)
    with db.read() as session:
        conn = session.connection()
        people = set(_people(conn, owners).values())
        with cache.lock:
            return _read_time(conn, cache, people)


def _per_label_owner(layers: IntArray, topic_rows: IntArray) -> Counter[tuple[int, int]]:
    """Topics per ``(label id, owner id)`` of the layers ``(id, owner)`` (sorted by id)."""
    out: Counter[tuple[int, int]] = Counter()
    if not len(layers) or not len(topic_rows):
        return out
    at = np.minimum(np.searchsorted(layers[:, 0], topic_rows[:, 0]), len(layers) - 1)
    mine = layers[at, 0] == topic_rows[:, 0]
    labels, owners = topic_rows[mine, 1], layers[at[mine], 1]
    if not len(labels):
        return out
    width = int(owners.max()) + 1
    if int(labels.max()) < (1 << 62) // width:  # one integer a pair: a sort, not rows'
        keys, n = np.unique(labels * width + owners, return_counts=True)
        pairs = np.stack([keys // width, keys % width], axis=1)
    else:
        pairs, n = np.unique(np.stack([labels, owners], axis=1), axis=0, return_counts=True)
    for (label, owner), count in zip(pairs.tolist(), n.tolist(), strict=True):
        out[label, owner] = count
    return out


def _label_counts(
    conn: Connection,
    people: dict[int, str],
    spans: Counter[tuple[int, int]],
    topics: Counter[tuple[int, int]],
) -> list[LabelCount]:
    """Spans and topics per (label, annotator) (counted by the caller), schema order."""
    labels = conn.execute(
        select(m.Label.id, m.Label.name, m.Label.kind).order_by(m.Label.position, m.Label.id)
    ).all()
    ordered_people = sorted(people.items(), key=lambda item: item[1])
    return [
        LabelCount(name, kind, who, spans.get((lid, wid), 0), topics.get((lid, wid), 0))
        for lid, name, kind in labels
        for wid, who in ordered_people
        if spans.get((lid, wid)) or topics.get((lid, wid))
    ]


STATUS_ACTIONS = ("set_status", "undo", "redo")
"""Audit actions that can move a layer to or from done (marking it, undoing a mark)."""


def _epoch(conn: Connection, column: Any) -> Any:
    """Seconds since an epoch of a stored time, in SQL (SQLite keeps UTC text)."""
    if conn.dialect.name == "sqlite":
        return func.julianday(column) * 86400.0
    return func.extract("epoch", column)


def _day(conn: Connection, column: Any) -> Any:
    """The UTC day of a stored time as ``YYYY-MM-DD`` text, in SQL."""
    if conn.dialect.name == "sqlite":
        return func.date(column)
    return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")


class AuditCache:
    """The audit-log figures kept between reads: a read takes only the entries added since.

    It also keeps the spans per layer and label, counted again for a layer only when its
    version (bumped by every change to it) or the set of labels changed.

    The audit log is append-only, so what its first N entries give never changes. On
    SQLite ids are given in commit order (one writer at a time), so "entries after the
    last id read" is exact; on PostgreSQL a sequence hands out ids before commit, and a
    slow transaction could commit a lower id later, so there every read starts afresh.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.status_id = 0
        """The last audit id whose status change is counted."""
        self.time_id = 0
        """The last audit id whose action is counted in the time spent."""
        self.last_at: dict[str, float] = {}
        """Each person's latest action (epoch seconds), for the gap of their next one."""
        self.seconds: defaultdict[tuple[int, str], float] = defaultdict(float)
        self.actions: Counter[tuple[int, str]] = Counter()
        self.saved_time: SavedTime | None = None
        """The time spent as saved by an earlier session (``insight_cache``), kept as arrays
        until new entries must be added (then ``seconds`` and ``actions``)."""
        self.status: Counter[tuple[date, str, str, str]] = Counter()
        self.layers: IntArray = np.zeros((0, 3), np.int64)
        """Every layer's ``(id, owner id, version)`` at the last read, by id."""
        self.span_rows: IntArray = np.zeros((0, 3), np.int64)
        """Spans per ``(layer id, label id, count)`` of those layers."""
        self.topic_rows: IntArray = np.zeros((0, 2), np.int64)
        """The document topics ``(layer id, label id)`` of those layers."""
        self.labels: tuple[int, ...] = ()
        """The label ids at the last read (a label removed takes its spans)."""
        self.snapshot: SpanSnapshot | None = None
        """Every span and topic as a whole-table read (SQLite) found them, until the
        agreement read takes them (``take_snapshot``)."""
        self.early_time: EarlyTimeRead | None = None
        """The SQL of the time spent's first read, started ahead (``start_time_read``)."""

    def start_time_read(self, db: Database) -> None:
        """On SQLite, when nothing of the time spent is kept yet and a core seems free
        (``core_free``): run the SQL of its first read (every audit entry as texts,
        ``_sqlite_people_entries``) on a thread with a connection of its own, so that it
        overlaps the counts read. SQLite runs such an aggregate without Python's lock
        (0.35 s for 905,000 entries); ``read_time`` then takes what it found and reads one
        by one the entries written after it."""
        if not db.is_sqlite or self.early_time is not None:
            return
        if self.time_id or self.actions or self.saved_time is not None:
            return
        if not core_free():  # it would only take the counts' core (and delay their chart)
            return
        self.early_time = EarlyTimeRead(db)

    def take_snapshot(self) -> SpanSnapshot | None:
        """The spans and topics of the last whole-table read, once (then forgotten)."""
        with self.lock:
            found, self.snapshot = self.snapshot, None
        return found

    def read_span_counts(self, conn: Connection) -> tuple[IntArray, IntArray, IntArray]:
        """Every layer ``(id, owner)``, its spans per label ``(layer, label, count)`` and
        its topics ``(layer, label)``, reading again only the layers whose version changed
        since the last read."""
        layers = _int_rows(
            conn,
            select(m.Layer.id, m.Layer.annotator_id, m.Layer.version).order_by(m.Layer.id),
            3,
        )
        labels = tuple(conn.execute(select(m.Label.id).order_by(m.Label.id)).scalars())
        known = self.layers
        if len(known) and labels == self.labels:
            at = np.minimum(np.searchsorted(known[:, 0], layers[:, 0]), len(known) - 1)
            found = known[at, 0] == layers[:, 0]
            same = found & (known[at, 2] == layers[:, 2])
            changed = layers[~same, 0]
            if np.count_nonzero(found) == len(known):  # no layer gone: drop the changed
                kept = ~np.isin(self.span_rows[:, 0], changed)
                kept_topics = ~np.isin(self.topic_rows[:, 0], changed)
            else:
                kept = np.isin(self.span_rows[:, 0], layers[same, 0])
                kept_topics = np.isin(self.topic_rows[:, 0], layers[same, 0])
        else:
            changed, kept = layers[:, 0], np.zeros(len(self.span_rows), bool)
            kept_topics = np.zeros(len(self.topic_rows), bool)
        topics = select(m.LayerTopic.layer_id, m.LayerTopic.label_id)
        self.snapshot = None
        if len(changed) > COUNT_BATCH:  # one scan of the spans' index (layer, ..., label)
            every = _every_span(conn) if conn.dialect.name == "sqlite" else None
            fresh = _span_label_counts(conn, None) if every is None else _span_label_rows(every)
            fresh = fresh[np.isin(fresh[:, 0], changed)]
            fresh_topics = _int_rows(conn, topics, 2)
            if every is not None:  # kept for the agreement read, which needs them all
                self.snapshot = SpanSnapshot(layers, labels, every, fresh_topics)
            fresh_topics = fresh_topics[np.isin(fresh_topics[:, 0], changed)]
        else:
            fresh = _span_label_counts(conn, changed.tolist())
            fresh_topics = _int_rows(
                conn, topics.where(m.LayerTopic.layer_id.in_(changed.tolist())), 2
            )
        self.span_rows = np.concatenate([self.span_rows[kept], fresh])
        self.topic_rows = np.concatenate([self.topic_rows[kept_topics], fresh_topics])
        self.layers, self.labels = layers, labels
        return layers[:, :2], self.span_rows, self.topic_rows

    def _new(self, conn: Connection, since: int) -> tuple[int, tuple[Any, ...]] | None:
        """The newest id and the condition "written after ``since``", None when nothing is."""
        top = conn.scalar(select(func.max(m.Event.id))) or 0
        if top <= since:
            return None
        return top, (m.Event.id > since, m.Event.id <= top)

    def read_status(self, conn: Connection) -> None:
        """Take in the status changes written since the last read (cheap: few entries)."""
        if conn.dialect.name != "sqlite":  # start afresh (see the class docstring)
            self.status_id, self.status = 0, Counter()
        found = self._new(conn, self.status_id)
        if found is None:
            return
        top, new = found
        plain = _plain_logins(conn)
        for change, n in _status_counts(conn, new, plain):
            self.status[change] += n
        for change, n in _import_counts(conn, new, plain):
            self.status[change] += n
        self.status_id = top

    def read_time(self, conn: Connection, idle: int) -> None:
        """Take in the actions written since the last read: every entry on a layer, in order.

        A first read (nothing kept yet) takes each person's entries as arrays and sums the
        gaps with numpy; later reads (a few new entries) walk them one by one. Both add
        each document's gaps in audit order from zero, so they give the same floats."""
        if conn.dialect.name != "sqlite":  # start afresh (see the class docstring)
            self.time_id, self.last_at = 0, {}
            self.seconds, self.actions = defaultdict(float), Counter()
            self.saved_time = None
        early, self.early_time = self.early_time, None
        found = self._new(conn, self.time_id)
        if found is None:
            return
        top, new = found
        self.time_per_key()
        on_layers = (*new, m.Event.layer_id.is_not(None), m.Event.document_id.is_not(None))
        if self.time_id == 0 and not self.actions:
            ahead = early.result() if early is not None else None
            if ahead is not None and ahead[0] <= top:  # read by the thread up to its top
                self._read_time_arrays(conn, on_layers, idle, True, ahead[1:])
                self.time_id = ahead[0]
                if self.time_id == top:
                    return
                # Entries written since: one by one, as a later read takes them.
                self.time_per_key()
                new = (m.Event.id > self.time_id, m.Event.id <= top)
                on_layers = (*new, m.Event.layer_id.is_not(None), m.Event.document_id.is_not(None))
            else:
                # As texts on SQLite unless one person's could near SQLite's limit.
                texts = conn.dialect.name == "sqlite" and top - self.time_id <= TEXT_ENTRIES_LIMIT
                self._read_time_arrays(conn, on_layers, idle, texts)
                self.time_id = top
                return
        seconds, actions, last_at = self.seconds, self.actions, self.last_at
        for actor, doc, at in _plain_rows(
            conn,
            select(m.Event.actor, m.Event.document_id, _epoch(conn, m.Event.at))
            .where(*on_layers)
            .order_by(m.Event.id),
        ):
            at = float(at)  # PostgreSQL's extract() gives a Decimal
            key = (doc, actor)
            actions[key] += 1
            previous = last_at.get(actor)
            if previous is not None and 0 <= at - previous <= idle:
                seconds[key] += at - previous
            last_at[actor] = at
        self.time_id = top

    def _read_time_arrays(
        self,
        conn: Connection,
        where: tuple[Any, ...],
        idle: int,
        texts: bool,
        ahead: tuple[list[str], list[tuple[IntArray, npt.NDArray[np.float64]]]] | None = None,
    ) -> None:
        """The first read of ``read_time``: per person (the audit log's index on
        ``(actor, id)`` gives their entries in order) the documents and times as arrays,
        each gap credited to the later entry's document when ``0 <= gap <= idle``. The
        sums are kept as arrays (``saved_time``), not turned into one dict entry per
        ``(document, person)``, until later entries must be added to them. ``ahead``: the
        people and their entries, as ``EarlyTimeRead`` found them."""
        together: list[tuple[IntArray, npt.NDArray[np.float64]]] | None
        if ahead is not None:
            people, together = ahead
        else:
            people = sorted(conn.execute(select(m.Event.actor).distinct()).scalars().all())
            together = _sqlite_people_entries(conn, where, people) if texts else None
        names: list[str] = []
        parts: list[tuple[IntArray, IntArray, npt.NDArray[np.float64]]] = []
        for i, actor in enumerate(people):
            if together is not None:
                docs, times = together[i]
                if not len(docs):
                    continue
            elif texts:
                found = _sqlite_entries(conn, (*where, m.Event.actor == actor))
                if found is None:
                    continue
                docs, times = found
            else:
                rows = _plain_rows(
                    conn,
                    select(m.Event.document_id, _epoch(conn, m.Event.at))
                    .where(*where, m.Event.actor == actor)
                    .order_by(m.Event.id),
                )
                if not rows:
                    continue
                # float() of each value: exact for ids (< 2**53), and PostgreSQL's Decimals.
                flat = np.fromiter(chain.from_iterable(rows), np.float64, 2 * len(rows))
                docs, times = flat[0::2].astype(np.int64), flat[1::2]
            gaps = np.empty_like(times)
            gaps[0] = times[0] - self.last_at.get(actor, np.nan)
            np.subtract(times[1:], times[:-1], out=gaps[1:])
            counted = (gaps >= 0) & (gaps <= idle)  # NaN (no earlier entry) is neither
            keys, inverse = np.unique(docs, return_inverse=True)
            inverse = inverse.reshape(-1)
            # bincount adds in input order (audit order) from 0.0, as the loop does; the
            # 0.0 added for a cut gap leaves a sum unchanged.
            sums = np.bincount(inverse, weights=np.where(counted, gaps, 0.0), minlength=len(keys))
            actions = np.bincount(inverse, minlength=len(keys))
            names.append(actor)
            parts.append((keys, actions.astype(np.int64), sums.astype(np.float64)))
            self.last_at[actor] = float(times[-1])
        if not parts:
            return
        self.saved_time = SavedTime(
            names,
            np.concatenate([p[0] for p in parts]),
            np.repeat(np.arange(len(parts), dtype=np.int64), [len(p[0]) for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )

    def time_per_key(self) -> tuple[Counter[tuple[int, str]], defaultdict[tuple[int, str], float]]:
        """Actions and seconds per ``(document, person)`` (the saved arrays turned into
        them first, if any)."""
        saved, self.saved_time = self.saved_time, None
        if saved is not None:
            who = [saved.names[i] for i in saved.who.tolist()]
            keys = list(zip(saved.documents.tolist(), who, strict=True))
            self.actions = Counter(dict(zip(keys, saved.actions.tolist(), strict=True)))
            self.seconds = defaultdict(float, zip(keys, saved.seconds.tolist(), strict=True))
        return self.actions, self.seconds

    def time_rows(self, people: set[str]) -> list[TimeRow]:
        """``core.insight.time_spent`` of the entries read, for these people."""
        saved = self.saved_time
        if saved is not None:  # in (document, person) order, as the dicts' rows below
            order = np.lexsort((saved.who, saved.documents))
            shown = np.asarray([name in people for name in saved.names], bool)
            order = order[shown[saved.who[order]]] if len(saved.names) else order[:0]
            names = saved.names
            return [
                TimeRow(doc, names[who], round(seconds, 3), n)
                for doc, who, seconds, n in zip(
                    saved.documents[order].tolist(),
                    saved.who[order].tolist(),
                    saved.seconds[order].tolist(),
                    saved.actions[order].tolist(),
                    strict=True,
                )
            ]
        return [
            TimeRow(doc, who, round(self.seconds.get((doc, who), 0.0), 3), n)
            for (doc, who), n in sorted(self.actions.items())
            if who in people
        ]


MS_PER_DAY = 86_400_000.0
TEXT_ENTRIES_LIMIT = 20_000_000
"""Audit entries read as texts built in SQL (``_sqlite_entries``) only up to this many:
each takes at most ~17 characters of a text SQLite limits to 10**9 bytes."""


def _sqlite_entries(
    conn: Connection, where: tuple[Any, ...]
) -> tuple[IntArray, npt.NDArray[np.float64]] | None:
    """The documents and times (``_epoch``) of the audit entries ``where``, in id order,
    on SQLite: as three texts built in SQL (ids, documents, times) parsed by numpy rather
    than a Python tuple per entry (905,000 entries: 0.72 -> 0.50 s). None when none.

    The times are SQLite's own: ``julianday()`` is its integer milliseconds (``iJD``)
    divided by 86,400,000.0; that integer, found again by rounding, gives here the very
    double ``julianday(at) * 86400.0`` gives in SQL. The ids check the order (a text
    built by an aggregate has no promised order): put back in id order if ever not."""
    entries = (
        select(m.Event.id, m.Event.document_id, m.Event.at)
        .where(*where)
        .order_by(m.Event.id)
        .subquery()
    )
    milliseconds = cast(func.round(func.julianday(entries.c.at) * MS_PER_DAY), Integer)
    ids, docs, ms = conn.execute(
        select(
            func.group_concat(entries.c.id, ","),
            func.group_concat(entries.c.document_id, ","),
            func.group_concat(milliseconds, ","),
        )
    ).one()
    if ids is None:
        return None
    order = np.fromstring(ids, dtype=np.int64, sep=",")
    documents = np.fromstring(docs, dtype=np.int64, sep=",")
    times = (np.fromstring(ms, dtype=np.int64, sep=",") / MS_PER_DAY) * 86400.0
    if not len(order) == len(documents) == len(times):  # cannot happen
        raise RuntimeError("audit entries read do not match their count")
    docs_in_order, times_in_order = _in_id_order(order, documents, times)
    return docs_in_order, times_in_order


def core_free() -> bool:
    """Whether this machine seems to have a core to spare: two or more, and a load average
    (last minute, this process's own work included) at least half a core below them. At
    load 1.8 on two cores, a thread beside the counts read only slowed it (counts drawn
    after 2.9 s instead of 1.6 s, the whole read no quicker). Without a load average
    (Windows), yes when there are two cores or more."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return True
    return load <= cores - 0.5


class EarlyTimeRead:
    """The SQL of the time spent's first read on SQLite, run on a thread of its own
    (``AuditCache.start_time_read``): the newest audit id, the people, and each one's
    entries up to that id (``_sqlite_people_entries``), in a snapshot of its own. The log
    is append-only and its ids are in commit order on SQLite, so what it finds stays true;
    entries written after are read one by one. If it fails, or finds nothing to read as
    texts, ``result`` is None and the time read reads for itself."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._found: tuple[int, list[str], list[tuple[IntArray, npt.NDArray[np.float64]]]]
        self._found = (0, [], [])
        self._ok = False
        self._thread = threading.Thread(target=self._run, name="time-spent-read", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with self._db.read() as session:
                conn = session.connection()
                top = conn.scalar(select(func.max(m.Event.id))) or 0
                if not 0 < top <= TEXT_ENTRIES_LIMIT:
                    return
                people = sorted(conn.execute(select(m.Event.actor).distinct()).scalars().all())
                where = (
                    m.Event.id > 0,
                    m.Event.id <= top,
                    m.Event.layer_id.is_not(None),
                    m.Event.document_id.is_not(None),
                )
                together = _sqlite_people_entries(conn, where, people)
                if together is not None:
                    self._found, self._ok = (top, people, together), True
        except Exception:  # an optimisation only: the time read reads for itself
            _log.warning("the time spent read ahead failed; read again", exc_info=True)

    def result(
        self,
    ) -> tuple[int, list[str], list[tuple[IntArray, npt.NDArray[np.float64]]]] | None:
        """What the thread found (waiting for it), None if it read nothing usable."""
        self._thread.join()
        return self._found if self._ok else None


PEOPLE_AT_ONCE = 32
"""Up to this many people, a first read takes every person's entries in one scan of the
audit log (``_sqlite_people_entries``); beyond, one query per person."""


def _sqlite_people_entries(
    conn: Connection, where: tuple[Any, ...], people: list[str]
) -> list[tuple[IntArray, npt.NDArray[np.float64]]] | None:
    """Each person's documents and times of the audit entries ``where``, in id order, from
    one scan of the audit log (SQLite): four texts (ids, the person's position in
    ``people``, documents, ``julianday`` milliseconds), as ``_sqlite_entries`` gives them
    one person at a time (three walks of the ``(actor, id)`` index, each reading its rows
    from the table: 0.6 s for 905,000 entries, against 0.35 s for one scan). None when
    there are too many people for one ``CASE`` (``PEOPLE_AT_ONCE``)."""
    if not people or len(people) > PEOPLE_AT_ONCE:
        return None
    # Literals rather than bound values: SQLite reads a bound one again at every row.
    comma: Any = sa.literal_column("','")
    who = sa.case(
        *((m.Event.actor == name, sa.literal_column(str(i))) for i, name in enumerate(people)),
        else_=sa.literal_column("-1"),
    )
    milliseconds = cast(
        func.round(func.julianday(m.Event.at) * sa.literal_column(repr(MS_PER_DAY))), Integer
    )
    # No ORDER BY: SQLite scans the table in id order; the ids check it all the same.
    ids, whos, docs, ms = conn.execute(
        select(
            func.group_concat(m.Event.id, comma),
            func.group_concat(who, comma),
            func.group_concat(m.Event.document_id, comma),
            func.group_concat(milliseconds, comma),
        ).where(*where)
    ).one()
    empty = np.zeros(0, np.int64), np.zeros(0, np.float64)
    if ids is None:
        return [empty] * len(people)
    order = np.fromstring(ids, dtype=np.int64, sep=",")
    person = np.fromstring(whos, dtype=np.int64, sep=",")
    documents = np.fromstring(docs, dtype=np.int64, sep=",")
    times = (np.fromstring(ms, dtype=np.int64, sep=",") / MS_PER_DAY) * 86400.0
    if not len(order) == len(person) == len(documents) == len(times):  # cannot happen
        raise RuntimeError("audit entries read do not match their count")
    person, documents, times = _in_id_order(order, person, documents, times)
    # Each person's entries, still in id order (a stable sort by person).
    by_person = np.argsort(person, kind="stable")
    bounds = np.searchsorted(person[by_person], np.arange(len(people) + 1))
    return [(documents[by_person[lo:hi]], times[by_person[lo:hi]]) for lo, hi in pairwise(bounds)]


def _in_id_order(ids: IntArray, *columns: Any) -> tuple[Any, ...]:
    """``columns`` (arrays) in the order of their entries' ``ids`` (as they are unless an
    aggregate gave them in another order)."""
    if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        by_id = np.argsort(ids, kind="stable")
        return tuple(column[by_id] for column in columns)
    return columns


@dataclass(frozen=True, slots=True)
class SavedTime:
    """The time spent per ``(document, person)`` as arrays (``AuditCache.saved_time``)."""

    names: list[str]
    """The people, sorted: ``who`` are positions in it."""
    documents: IntArray
    who: IntArray
    actions: IntArray
    seconds: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class SpanSnapshot:
    """Every span and document topic of one whole-table read (``AuditCache.snapshot``):
    the counts read takes them all to count labels, and the agreement read that follows
    takes them from here rather than reading them again, when ``usable`` says nothing they
    hold can have changed since."""

    layers: IntArray
    """Every layer's ``(id, owner id, version)`` at that read, by id."""
    labels: tuple[int, ...]
    """The label ids at that read."""
    spans: IntArray
    """``(layer, start, end, label)``."""
    topics: IntArray
    """``(layer, label)``."""

    def usable(self, conn: Connection, layers: IntArray, labels: tuple[int, ...]) -> bool:
        """Whether these are still the spans and topics of ``layers`` (``(id, owner id,
        version)``, any order): each of them was read at the same version (every change
        of a layer's spans or topics bumps it), the labels are the same, and the tables
        hold as many rows (removing a label takes its spans and topics with no version
        bumped; a label id given again would hold none of them)."""
        if labels != self.labels:
            return False
        if len(layers):
            if not len(self.layers):
                return False
            known = self.layers
            at = np.minimum(np.searchsorted(known[:, 0], layers[:, 0]), len(known) - 1)
            if not bool(np.all(known[at] == layers)):
                return False
        spans = conn.scalar(select(func.count()).select_from(m.Span)) or 0
        topics = conn.scalar(select(func.count()).select_from(m.LayerTopic)) or 0
        return spans == len(self.spans) and topics == len(self.topics)


def _span_label_rows(spans: IntArray) -> IntArray:
    """Spans per ``(layer, label, count)``, ordered, of spans ``(layer, start, end, label)``
    (as ``_span_label_counts`` reads them in SQL)."""
    if not len(spans):
        return np.zeros((0, 3), np.int64)
    width = int(spans[:, 3].max()) + 1
    if int(spans[:, 0].max()) < (1 << 62) // width:
        keys, n = np.unique(spans[:, 0] * width + spans[:, 3], return_counts=True)
        return np.stack([keys // width, keys % width, n], axis=1)
    pairs, n = np.unique(spans[:, [0, 3]], axis=0, return_counts=True)
    return np.concatenate([pairs, n[:, None]], axis=1)


def _span_label_counts(conn: Connection, layers: list[int] | None) -> IntArray:
    """Spans per ``(layer, label, count)``, ordered, of ``layers`` (None: of every layer).

    Grouped by layer alone in SQL, which follows the spans' index ``(layer, start, end,
    label)`` with no sort, each layer's label ids coming as one text; counted per label
    here. (Grouping by layer and label in SQL sorts every span: twice the time.)"""
    if conn.dialect.name == "sqlite":
        label_ids: Any = func.group_concat(m.Span.label_id, ",")
    else:
        label_ids = func.string_agg(cast(m.Span.label_id, Text), ",")
    query = select(m.Span.layer_id, func.count(), label_ids).group_by(m.Span.layer_id)
    if layers is not None:
        query = query.where(m.Span.layer_id.in_(layers))
    rows = _plain_rows(conn, query)
    if not rows:
        return np.zeros((0, 3), np.int64)
    layer = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    spans = np.fromiter((row[1] for row in rows), np.int64, len(rows))
    label = np.fromstring(",".join(row[2] for row in rows), dtype=np.int64, sep=",")
    if len(label) != int(spans.sum()):  # cannot happen: the texts are the counted ids
        raise RuntimeError("span label ids read do not match their count")
    width = int(label.max()) + 1
    if int(layer.max()) < (1 << 62) // width:
        keys, n = np.unique(np.repeat(layer, spans) * width + label, return_counts=True)
        return np.stack([keys // width, keys % width, n], axis=1)
    pairs, n = np.unique(
        np.stack([np.repeat(layer, spans), label], axis=1), axis=0, return_counts=True
    )
    return np.concatenate([pairs, n[:, None]], axis=1)


def _plain_logins(conn: Connection) -> frozenset[str]:
    """PostgreSQL: the logins whose word about a colleague's layers counts for nothing.

    Row security lets a plain login (not the administrator: no superuser, BYPASSRLS or
    owner of the tables) append audit entries about its own layers and imports only, but
    an entry's ``detail`` is what its client wrote: with psql, an annotator could name a
    colleague as the owner in a status change on their own layer, or claim a colleague's
    done layers in an ``import`` entry. Such a login's entries count for itself alone
    (the administrator acts for anyone, so its entries count as written). Empty on SQLite
    (one file, no logins: everyone's word counts)."""
    if conn.dialect.name != "postgresql":
        return frozenset()
    rows = conn.execute(
        sa.text(
            "SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.rolcanlogin "
            "AND NOT r.rolsuper AND NOT r.rolbypassrls AND NOT COALESCE(pg_catalog.pg_has_role("
            "r.oid, (SELECT t.tableowner FROM pg_catalog.pg_tables t WHERE t.tablename = "
            "'events' AND t.schemaname = pg_catalog.current_schema()), 'USAGE'), false)"
        )
    )
    return frozenset(str(name) for (name,) in rows)


def _status_counts(
    conn: Connection, new: tuple[Any, ...], plain: frozenset[str]
) -> Iterator[tuple[tuple[date, str, str, str], int]]:
    """Status changes counted per (UTC day, layer owner, before, after), in SQL; a plain
    login's entries (``plain``) only for its own layers (see ``_plain_logins``)."""
    status = m.Event.detail["status"]
    day = _day(conn, m.Event.at)
    owner = m.Event.detail["layer"].as_string()
    before, after = status[0].as_string(), status[1].as_string()
    # Only these change a status to or from done (the first edit of a layer moves it from
    # new to in progress, which progress does not count).
    changes = (*new, m.Event.layer_id.is_not(None), m.Event.action.in_(STATUS_ACTIONS))
    rows: Sequence[Any] | None = None
    if conn.dialect.name == "sqlite":
        rows = _status_rows_by_text(conn, day, changes)
    if rows is None:
        rows = conn.execute(
            select(day, owner, m.Event.actor, before, after, func.count())
            .where(*changes, after.is_not(None))
            .group_by(day, owner, m.Event.actor, before, after)
        ).all()
    for text_day, who, actor, old, now, n in rows:
        if who and who != GOLD and not is_model_layer(who) and (who == actor or actor not in plain):
            yield (date.fromisoformat(text_day), who, old, now), n


class _NotPlain(ValueError):
    """A stored detail that ``_plain_detail`` does not read as SQLite's JSON would."""


def _plain_detail(text: object) -> Any:
    """A detail's JSON as Python values, for what SQLite's JSON functions would read from
    it the same way: an object with no key twice (SQLite takes the first, Python the last),
    integers written plainly within 64 bits, no other number (SQLite prints reals its own
    way), no NaN; else ``_NotPlain``."""
    if not isinstance(text, str):  # SQLite's JSON functions refuse a blob
        raise _NotPlain

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({key for key, _ in items}) != len(items):
            raise _NotPlain
        return dict(items)

    def integer(digits: str) -> int:
        value = int(digits)
        if str(value) != digits or not -(2**63) <= value < 2**63:
            raise _NotPlain
        return value

    def refused(_: str) -> Any:
        raise _NotPlain

    return json.loads(
        text,
        object_pairs_hook=pairs,
        parse_int=integer,
        parse_float=refused,
        parse_constant=refused,
    )


def _as_varchar(value: Any) -> str | None:
    """``CAST(JSON_EXTRACT(...) AS VARCHAR)`` of a JSON value read by ``_plain_detail``
    (arrays and objects, which SQLite gives as its own JSON text, are ``_NotPlain``)."""
    if value is None or isinstance(value, str):
        if isinstance(value, str):
            value.encode("utf-8")  # a lone surrogate (from \ud800) is not SQLite's
        return value
    if isinstance(value, bool):  # JSON true / false are SQLite's 1 / 0
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    raise _NotPlain


def _status_rows_by_text(
    conn: Connection, day: Any, changes: tuple[Any, ...]
) -> list[tuple[Any, ...]] | None:
    """``_status_counts``' rows ``(day, owner, actor, before, after, n)``, grouped in SQL
    by the detail's stored text rather than by values its JSON functions take out of
    every entry (111,000 entries: 0.37-0.45 -> 0.16-0.20 s); each distinct text (a few
    thousand) read here as SQLite reads it (``_plain_detail``, ``_as_varchar``: owner
    ``$."layer"``, before and after ``$."status"[0]`` and ``[1]`` of an array, only
    entries with an after), in SQL's group order. None when a text is not plain JSON
    of those kinds: then SQL reads them all."""
    found: Counter[tuple[Any, ...]] = Counter()
    try:
        for text_day, actor, detail, n in conn.execute(
            select(day, m.Event.actor, sa.type_coerce(m.Event.detail, Text), func.count())
            .where(*changes)
            .group_by(day, m.Event.actor, m.Event.detail)
        ):
            value = _plain_detail(detail)
            fields = value if isinstance(value, dict) else {}
            who = _as_varchar(fields.get("layer"))
            status = fields.get("status")
            pair = status[:2] if isinstance(status, list) else []
            old, now = (_as_varchar(x) for x in (*pair, None, None)[:2])
            if now is not None:
                found[text_day, who, actor, old, now] += n
    except ValueError:  # _NotPlain or not JSON at all
        return None

    def order(key: tuple[Any, ...]) -> tuple[Any, ...]:  # SQL's: NULL first, then text
        return tuple((x is not None, x or "") for x in key)

    return [(*key, n) for key, n in sorted(found.items(), key=lambda kv: order(kv[0]))]


IMPORTED_BEFORE = "new"
"""The status an imported done layer is counted as coming from (it did not exist)."""


def _import_counts(
    conn: Connection, new: tuple[Any, ...], plain: frozenset[str]
) -> Iterator[tuple[tuple[date, str, str, str], int]]:
    """Layers that became done by an import, per (UTC day, owner): the import's audit
    entry keeps them per owner (``detail["done"]``; entries written before that was kept
    say nothing of it and count nothing); a plain login's import (``plain``) counts only
    its own layers (see ``_plain_logins``). Imports are few, so they are read row by row."""
    for text_day, actor, detail in conn.execute(
        select(_day(conn, m.Event.at), m.Event.actor, m.Event.detail).where(
            *new, m.Event.action == "import"
        )
    ):
        done = detail.get("done") if isinstance(detail, dict) else None
        if not isinstance(done, dict):
            continue
        for who, n in done.items():
            if not isinstance(who, str) or who == GOLD or not isinstance(n, int) or n <= 0:
                continue
            if is_model_layer(who):  # a model's output is no one's progress
                continue
            if who == actor or actor not in plain:
                yield (date.fromisoformat(text_day), who, IMPORTED_BEFORE, DONE), n


# -- agreement ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelAgreement:
    """One label's agreement: mean over pairs of F1 and kappa, and alpha over all."""

    label: str
    pairs: int
    exact_f1: float | None
    overlap_f1: float | None
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Agreement over the documents last changed on one day."""

    day: date
    documents: int
    overlap_f1: float | None
    """Mean over annotator pairs of their overall overlap F1."""
    alpha: float | None


@dataclass(slots=True)
class AgreementFigures:
    """Agreement per label, per pair (rows and matrix) and its trend."""

    documents: int = 0
    labels: list[LabelAgreement] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    """Overall rows of each pair: ``a, b, exact_f1, overlap_f1, kappa``."""
    matrix_names: list[str] = field(default_factory=list)
    matrix: list[list[float | None]] = field(default_factory=list)
    alpha: float | None = None
    trend: list[TrendPoint] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The ``agreement`` part of ``stats --json``."""
        return {
            "documents": self.documents,
            "alpha": self.alpha,
            "labels": [
                {
                    "label": r.label,
                    "pairs": r.pairs,
                    "exact_f1": r.exact_f1,
                    "overlap_f1": r.overlap_f1,
                    "kappa": r.kappa,
                    "alpha": r.alpha,
                }
                for r in self.labels
            ],
            "pairs": self.pairs,
            "matrix": {"annotators": self.matrix_names, "values": self.matrix},
            "trend": [
                {
                    "day": p.day.isoformat(),
                    "documents": p.documents,
                    "overlap_f1": p.overlap_f1,
                    "alpha": p.alpha,
                }
                for p in self.trend
            ],
        }

    def csv_rows(self) -> Iterator[tuple[object, ...]]:
        """The agreement rows of ``stats --csv`` (``figure, annotator, key, value``)."""
        for r in self.labels:
            for metric in ("exact_f1", "overlap_f1", "kappa", "alpha"):
                yield (f"label_{metric}", "", r.label, getattr(r, metric))
        for row in self.pairs:
            for metric in ("exact_f1", "overlap_f1", "kappa"):
                yield (f"pair_{metric}", f"{row['a']}|{row['b']}", "", row[metric])
        for p in self.trend:
            yield ("trend_overlap_f1", "", p.day.isoformat(), p.overlap_f1)
            yield ("trend_alpha", "", p.day.isoformat(), p.alpha)


def _mean(values: Sequence[float | None]) -> float | None:
    """Mean of the defined values, None when none is."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _summarise(report: Any) -> tuple[list[LabelAgreement], list[dict[str, Any]]]:
    """Per-label means over pairs, and the pairs' overall rows, from an agreement report."""
    per_label: dict[str, list[Any]] = defaultdict(list)
    pairs = []
    for row in report["pairs"]:
        if row["label"] is None:
            pairs.append({k: row[k] for k in ("a", "b", "exact_f1", "overlap_f1", "kappa")})
        else:
            per_label[row["label"]].append(row)
    labels = [
        LabelAgreement(
            label,
            len(rows),
            _mean([r["exact_f1"] for r in rows]),
            _mean([r["overlap_f1"] for r in rows]),
            _mean([r["kappa"] for r in rows]),
            report["alpha"]["labels"].get(label),
        )
        for label, rows in sorted(per_label.items())
    ]
    return labels, pairs


class AgreementCache:
    """Each compared document's agreement counts (``core.agreement_stats``), kept between
    reads while the versions of its layers, the labels and the annotators' names are the
    same: a refresh reads and counts only the documents changed since, then sums."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.names: tuple[Any, ...] = ()
        self.cells = Cells()
        self.keys: dict[int, list[list[int]]] = {}
        """Per compared document: its annotator layers' ``(id, owner, version)``."""
        self.documents: IntArray = np.zeros(0, np.int64)
        """Rows ``(document id, cell id, count)`` of every kept document."""
        self.cell_ids: SmallArray = np.zeros(0, np.int32)
        """(32 bits: a few rows per article per pair and label, millions of them.)"""
        self.counts: SmallArray = np.zeros(0, np.int32)
        self.recounted = 0
        """Documents counted by the last read (for tests and the benchmark)."""
        self.trend: dict[date, tuple[tuple[int, ...], TrendPoint]] = {}
        """Each day's point and the documents it is of (kept while none of them changed)."""

    def clear(self, names: tuple[Any, ...]) -> None:
        """Forget everything (labels or annotators renamed: names are inside the cells)."""
        self.names, self.cells, self.keys, self.trend = names, Cells(), {}, {}
        self.documents = np.zeros(0, np.int64)
        self.cell_ids = np.zeros(0, np.int32)
        self.counts = np.zeros(0, np.int32)


def _int_rows(conn: Connection, query: Any, width: int) -> IntArray:
    """Integer rows of ``query`` as an array of ``width`` columns."""
    rows = _plain_rows(conn, query)
    flat = np.fromiter(chain.from_iterable(rows), np.int64, len(rows) * width)
    return flat.reshape(-1, width)


COUNT_BATCH = 4_000
"""Documents counted together (bounds the arrays' memory)."""


BULK = 4_000
"""Above this many documents to count, their texts, spans and topics are read in one
streamed query each (filtered here) rather than by lists of ids."""


def _count_documents(
    conn: Connection,
    ids: list[int],
    layer_rows: dict[int, list[list[int]]],
    people: dict[int, str],
    label_names: dict[int, str],
    kinds: dict[str, LabelKind],
    cache: AgreementCache,
    snapshot: SpanSnapshot | None = None,
) -> tuple[IntArray, IntArray, IntArray]:
    """Count the documents ``ids`` (ascending), ``COUNT_BATCH`` documents at a time; the
    spans and topics of many are taken from ``snapshot`` when it is still ``usable``."""
    empty = np.zeros(0, np.int64)
    if not ids:
        return empty, empty.copy(), empty.copy()
    label_ids = np.asarray(sorted(label_names), np.int64)
    labels = [label_names[int(i)] for i in label_ids]
    layer_id, layer_pos, owners, keys = [], [], [], []
    for pos, doc in enumerate(ids):
        for key in layer_rows[doc]:
            layer_id.append(key[0])
            layer_pos.append(pos)
            owners.append(people[key[1]])
            keys.append(key)
    by_id = np.argsort(np.asarray(layer_id, np.int64))
    sorted_ids = np.asarray(layer_id, np.int64)[by_id]
    doc_of_layer = np.asarray(layer_pos, np.int64)
    bulk = len(ids) > BULK

    def ours(cols: IntArray) -> tuple[IntArray, IntArray]:
        """Rows of our layers, and each one's layer position (from column 0, its id)."""
        at = np.minimum(np.searchsorted(sorted_ids, cols[:, 0]), len(sorted_ids) - 1)
        mine = sorted_ids[at] == cols[:, 0]
        return cols[mine], by_id[at[mine]]

    span_query = select(m.Span.layer_id, m.Span.start, m.Span.end, m.Span.label_id)
    topic_query = select(m.LayerTopic.layer_id, m.LayerTopic.label_id)
    if not bulk:  # few documents: their layers' rows only (bulk: every row, ours() keeps)
        where = (m.Layer.annotator_id.in_(list(people)), m.Layer.document_id.in_(ids))
        span_query = span_query.join(m.Layer, m.Span.layer_id == m.Layer.id).where(*where)
        topic_query = topic_query.join(m.Layer, m.LayerTopic.layer_id == m.Layer.id).where(*where)
    if bulk and snapshot is not None:
        layer_keys = np.asarray(keys, np.int64).reshape(-1, 3)
        if not snapshot.usable(conn, layer_keys, tuple(sorted(label_names))):
            snapshot = None
    if bulk and snapshot is not None:  # as a whole-table read just found them
        spans, span_layer = ours(snapshot.spans)
        topics, topic_layer = ours(snapshot.topics)
    else:
        if bulk and conn.dialect.name == "sqlite":
            spans, span_layer = ours(_every_span(conn))
        else:
            spans, span_layer = ours(_int_rows(conn, span_query, 4))
        topics, topic_layer = ours(_int_rows(conn, topic_query, 2))
    # Spans and topics sorted by document (layers already are), so that a batch of
    # consecutive documents takes slices of them.
    by_doc = np.argsort(doc_of_layer[span_layer], kind="stable")
    spans, span_layer = spans[by_doc], span_layer[by_doc]
    by_doc = np.argsort(doc_of_layer[topic_layer], kind="stable")
    topics, topic_layer = topics[by_doc], topic_layer[by_doc]
    span_doc, topic_doc = doc_of_layer[span_layer], doc_of_layer[topic_layer]
    parts: list[tuple[IntArray, IntArray, IntArray]] = []
    for positions, texts in _text_batches(conn, ids, bulk, people):
        lo, hi = positions[0], positions[-1] + 1
        if hi - lo == len(positions) and all(a < b for a, b in pairwise(positions)):
            # consecutive documents, in order: slices
            rank = np.arange(-lo, len(ids) + 1 - lo, dtype=np.int64)
            rank[:lo] = -1
            rank[hi:] = -1
            batch_layers = np.arange(
                np.searchsorted(doc_of_layer, lo), np.searchsorted(doc_of_layer, hi)
            )
            in_spans: Any = slice(np.searchsorted(span_doc, lo), np.searchsorted(span_doc, hi))
            in_topics: Any = slice(np.searchsorted(topic_doc, lo), np.searchsorted(topic_doc, hi))
        else:
            rank = np.full(len(ids) + 1, -1, np.int64)
            rank[positions] = np.arange(len(positions))
            batch_layers = np.flatnonzero(rank[doc_of_layer] >= 0)
            in_spans = rank[span_doc] >= 0
            in_topics = rank[topic_doc] >= 0
        local = np.full(len(doc_of_layer), -1, np.int64)
        local[batch_layers] = np.arange(len(batch_layers))
        counted = document_counts(
            Batch(
                texts,
                rank[doc_of_layer[batch_layers]],
                [owners[i] for i in batch_layers.tolist()],
                local[span_layer[in_spans]],
                spans[in_spans, 1],
                spans[in_spans, 2],
                np.searchsorted(label_ids, spans[in_spans, 3]),
                local[topic_layer[in_topics]],
                np.searchsorted(label_ids, topics[in_topics, 1]),
                labels,
            ),
            cache.cells,
            kinds,
        )
        doc_ids = np.asarray(ids, np.int64)[np.asarray(positions, np.int64)[counted.documents]]
        parts.append((doc_ids, counted.cells, counted.counts))
    if not parts:
        return empty, empty.copy(), empty.copy()
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


OFFSET_WIDTH = 1 << 31
"""Above any offset (a text holds fewer than 2**31 code points): a span's start and end
travel as one integer ``start * OFFSET_WIDTH + end``."""


LABEL_WIDTH = 1 << 20
"""A span's layer and label travel as one integer ``layer * LABEL_WIDTH + label`` while
every label id is below it (``_every_span``)."""
SPANS_AS_TWO_TEXTS = 20_000_000
"""Spans read as two texts for the whole table only up to this many (span ids, at most):
each takes at most ~35 characters of texts SQLite limits to 10**9 bytes."""


def _every_span(conn: Connection) -> IntArray:
    """Every span ``(layer, start, end, label)`` (SQLite), parsed by numpy rather than a
    Python tuple per span. As two texts over the whole table (the spans' covering index):
    ``layer * LABEL_WIDTH + label`` and ``start * OFFSET_WIDTH + end`` of each span, in
    the same order (one scan feeds both aggregates): 794,000 spans 0.25 -> 0.17 s of SQL.
    Else (huge ids or tables) per layer two texts (``_every_span_by_layer``). The order
    of spans does not matter to the readers, which sort them."""
    # Apart: one max() a query is found in an index; several at once scan the table.
    tops = [
        conn.scalar(select(func.max(column)))
        for column in (m.Span.layer_id, m.Span.label_id, m.Span.id)
    ]
    if tops[0] is None:
        return np.zeros((0, 4), np.int64)
    top_layer, top_label, top_id = (int(top or 0) for top in tops)
    if (
        top_label >= LABEL_WIDTH
        or top_layer >= (1 << 62) // LABEL_WIDTH
        or top_id > SPANS_AS_TWO_TEXTS
    ):
        return _every_span_by_layer(conn)
    keys = func.group_concat(m.Span.layer_id * LABEL_WIDTH + m.Span.label_id, ",")
    ranges = func.group_concat(m.Span.start * OFFSET_WIDTH + m.Span.end, ",")
    ((key_text, range_text),) = _plain_rows(conn, select(keys, ranges))
    if key_text is None:
        return np.zeros((0, 4), np.int64)
    key = np.fromstring(key_text, dtype=np.int64, sep=",")
    packed = np.fromstring(range_text, dtype=np.int64, sep=",")
    if len(key) != len(packed):  # cannot happen: one scan feeds both
        raise RuntimeError("span rows read do not match their count")
    layer, label = np.divmod(key, LABEL_WIDTH)
    start, end = np.divmod(packed, OFFSET_WIDTH)
    return np.stack([layer, start, end, label], axis=1)


def _every_span_by_layer(conn: Connection) -> IntArray:
    """``_every_span`` per layer: one text of its packed ranges and one of its label ids
    (both list its spans in the same order: one scan feeds both aggregates)."""
    ranges = func.group_concat(m.Span.start * OFFSET_WIDTH + m.Span.end, ",")
    labels = func.group_concat(m.Span.label_id, ",")
    rows = _plain_rows(
        conn, select(m.Span.layer_id, func.count(), ranges, labels).group_by(m.Span.layer_id)
    )
    if not rows:
        return np.zeros((0, 4), np.int64)
    layer = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    spans = np.fromiter((row[1] for row in rows), np.int64, len(rows))
    packed = np.fromstring(",".join(row[2] for row in rows), dtype=np.int64, sep=",")
    label = np.fromstring(",".join(row[3] for row in rows), dtype=np.int64, sep=",")
    if len(packed) != int(spans.sum()) or len(label) != len(packed):  # cannot happen
        raise RuntimeError("span rows read do not match their count")
    start, end = np.divmod(packed, OFFSET_WIDTH)
    return np.stack([np.repeat(layer, spans), start, end, label], axis=1)


def _text_batches(
    conn: Connection, ids: list[int], bulk: bool, people: dict[int, str]
) -> Iterator[tuple[list[int], list[str]]]:
    """The texts of ``ids`` in batches: ``(positions in ids, texts)``; a document gone
    meanwhile (another transaction) is left out."""
    position = {doc: i for i, doc in enumerate(ids)}
    missing = set(position)
    if bulk:
        compared = (
            select(m.Layer.document_id)
            .where(m.Layer.annotator_id.in_(list(people)))
            .group_by(m.Layer.document_id)
            .having(func.count() >= 2)
        )
        query = (
            select(m.Document.id, m.Document.text)
            .where(m.Document.id.in_(compared))
            .order_by(m.Document.id)
        )
        positions: list[int] = []
        texts: list[str] = []
        for doc, text in _streamed_rows(conn, query):
            at = position.get(doc)
            if at is not None:
                missing.discard(doc)
                positions.append(at)
                texts.append(text)
                if len(texts) == COUNT_BATCH:
                    yield positions, texts
                    positions, texts = [], []
        if texts:
            yield positions, texts
    rest = sorted(missing)
    for lo in range(0, len(rest), COUNT_BATCH):
        batch = rest[lo : lo + COUNT_BATCH]
        found = dict(
            _plain_rows(
                conn, select(m.Document.id, m.Document.text).where(m.Document.id.in_(batch))
            )
        )
        kept = [doc for doc in batch if doc in found]
        if kept:
            yield [position[doc] for doc in kept], [found[doc] for doc in kept]


def _streamed_rows(conn: Connection, query: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of ``query`` as the driver's tuples, fetched ``COUNT_BATCH`` at a time."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled))
        while rows := cursor.fetchmany(COUNT_BATCH):
            yield from rows
    finally:
        cursor.close()


def _trend(
    cache: AgreementCache, by_day: dict[date, list[int]], changed: set[int]
) -> list[TrendPoint]:
    """Each day's point: kept when the day has the same documents and none ``changed``,
    else from the kept counts of its documents."""
    points: dict[date, TrendPoint] = {}
    todo: dict[date, list[int]] = {}
    for day, ids in by_day.items():
        found = cache.trend.get(day)
        if found is not None and found[0] == tuple(ids) and changed.isdisjoint(ids):
            points[day] = found[1]
        else:
            todo[day] = ids
    points.update(zip(todo, _trend_points(cache, todo), strict=True))
    cache.trend = {day: (tuple(ids), points[day]) for day, ids in by_day.items()}
    return [points[day] for day in by_day]


def _trend_points(cache: AgreementCache, by_day: dict[date, list[int]]) -> list[TrendPoint]:
    """Each day's point from the kept counts of its documents (summed per day at once)."""
    cells = cache.cells.cells
    if not by_day or not cells:
        return [TrendPoint(day, len(ids), None, None) for day, ids in by_day.items()]
    day_of = np.full(max(max(ids) for ids in by_day.values()) + 1, -1, np.int64)
    for i, ids in enumerate(by_day.values()):
        day_of[ids] = i
    wanted = np.fromiter((trend_cell(c) for c in cells), bool, len(cells))
    keep = wanted[cache.cell_ids]
    docs = cache.documents[keep]
    days = day_of[np.minimum(docs, len(day_of) - 1)]
    days[docs >= len(day_of)] = -1
    known = days >= 0
    key = days[known] * len(cells) + cache.cell_ids[keep][known]
    weights = cache.counts[keep][known]
    if len(by_day) * len(cells) <= 20_000_000:
        sums = np.bincount(key, weights=weights, minlength=len(by_day) * len(cells))
        unique = np.flatnonzero(sums)
        values = sums[unique]
    else:
        unique, inverse = np.unique(key, return_inverse=True)
        values = np.bincount(inverse.reshape(-1), weights=weights)
    figures = trend_figures_by_day(
        unique // len(cells), unique % len(cells), values.astype(np.int64), cells, len(by_day)
    )
    return [
        TrendPoint(day, len(ids), _mean(f1s), alpha)
        for (day, ids), (f1s, alpha) in zip(by_day.items(), figures, strict=True)
    ]


def agreement_figures(
    db: Database,
    *,
    actor: access.Actor | None = None,
    counts: AgreementCache | None = None,
    spans_from: AuditCache | None = None,
) -> AgreementFigures:
    """Agreement over every document with two or more annotator layers, and by day.

    Each compared document is counted once (``core.agreement_stats``); the figures are the
    report of the summed counts, each day's of its documents' counts. ``counts`` (kept by
    the caller between reads) keeps each document's counts while its layers are unchanged.
    ``spans_from``: the cache a ``figures`` read just before used; the spans and topics it
    read of the whole table (SQLite) are taken from it rather than read again, if none of
    them has changed since (``SpanSnapshot.usable``).
    Refused to annotators in blind mode, like ``annotator agreement``.
    """
    # Taken (and so let go) even when refused below.
    snapshot = spans_from.take_snapshot() if spans_from is not None else None
    if access.visible_owners(db, actor) is not None:
        raise PermissionDeniedError("blind mode is on: agreement is for reviewers")
    started = time.perf_counter()
    out = AgreementFigures()
    cache = counts if counts is not None else AgreementCache()
    with db.read() as session:
        conn = session.connection()
        label_rows = conn.execute(select(m.Label.id, m.Label.name, m.Label.kind)).all()
        kinds = {name: LabelKind(kind) for _, name, kind in label_rows}
        label_names = {lid: name for lid, name, _ in label_rows}
        people = dict(
            conn.execute(
                select(m.Annotator.id, m.Annotator.name).where(m.Annotator.role != GOLD)
            ).all()
        )
        # Each annotator layer: its document, owner, version and the UTC day it last changed.
        per_doc: dict[int, list[list[int]]] = defaultdict(list)
        last_day: dict[int, str] = {}
        for lid, doc, owner, version, day in _plain_rows(
            conn,
            select(
                m.Layer.id,
                m.Layer.document_id,
                m.Layer.annotator_id,
                m.Layer.version,
                _day(conn, m.Layer.updated_at),
            )
            .where(m.Layer.annotator_id.in_(list(people)))
            .order_by(m.Layer.id),
        ):
            per_doc[doc].append([lid, owner, version])
            if day > last_day.get(doc, ""):
                last_day[doc] = day
        compared = sorted(doc for doc, layers in per_doc.items() if len(layers) >= 2)
        by_text_day: dict[str, list[int]] = defaultdict(list)
        for doc in compared:
            by_text_day[last_day[doc]].append(doc)
        by_day = {date.fromisoformat(day): by_text_day[day] for day in sorted(by_text_day)}
        names = (
            tuple(sorted((lid, name, kind) for lid, name, kind in label_rows)),
            tuple(
                sorted((i, n) for i, n in conn.execute(select(m.Annotator.id, m.Annotator.name)))
            ),
        )
        with cache.lock:
            if names != cache.names:
                cache.clear(names)
            changed = [doc for doc in compared if cache.keys.get(doc) != per_doc[doc]]
            gone = [doc for doc in cache.keys if len(per_doc.get(doc, ())) < 2]
            if changed or gone:
                drop = np.isin(cache.documents, np.asarray(changed + gone, np.int64))
                new_docs, new_ids, new_counts = _count_documents(
                    conn, changed, per_doc, people, label_names, kinds, cache, snapshot
                )
                cache.documents = np.concatenate([cache.documents[~drop], new_docs])
                cache.cell_ids = np.concatenate([cache.cell_ids[~drop], new_ids.astype(np.int32)])
                cache.counts = np.concatenate([cache.counts[~drop], new_counts.astype(np.int32)])
                for doc in gone:
                    del cache.keys[doc]
                cache.keys.update((doc, per_doc[doc]) for doc in changed)
            cache.recounted = len(changed)
            totals = summed([(cache.cell_ids, cache.counts)], cache.cells)
            report = report_of(SummedAgreement(totals, kinds))
            out.trend = _trend(cache, by_day, set(changed))
        out.documents = len(compared)
        out.labels, out.pairs = _summarise(report)
        out.alpha = report["alpha"]["overall"]
        out.matrix_names = report["matrix"]["annotators"]
        out.matrix = report["matrix"]["values"]
    out.seconds = time.perf_counter() - started
    return out


def stats_json(
    fig: Figures, agreement: AgreementFigures | None, note: str | None = None
) -> dict[str, Any]:
    """``stats --json``: the figures and, when allowed, the agreement (NaN as null)."""
    data = fig.to_json()
    data["agreement"] = agreement.to_json() if agreement is not None else None
    if note:
        data["agreement_note"] = note
    return data


def stats_csv(fig: Figures, agreement: AgreementFigures | None) -> str:
    """``stats --csv``: one long table of every figure."""
    rows: list[tuple[object, ...]] = list(fig.csv_rows())
    if agreement is not None:
        rows.extend(
            tuple(json_value(v) if isinstance(v, float) else v for v in row)
            for row in agreement.csv_rows()
        )
    return csv_text(rows)


__all__ = [
    "ALL",
    "AgreementCache",
    "AgreementFigures",
    "Figures",
    "TimeRow",
    "agreement_figures",
    "figures",
    "time_figures",
]
