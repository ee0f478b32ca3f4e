"""services.insight against a small database whose figures are counted by hand."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from annotator.core.errors import PermissionDeniedError
from annotator.core.insight import ALL, Action, DayPoint, StatusChange, progress, time_spent
from annotator.core.model import LayerStatus
from annotator.services import access, audit, insight
from annotator.services.annotations import AnnotationService
from annotator.services.workspace import open_workspace
from annotator.storage import models as m
from annotator.storage.database import Database

TEXT1 = "قال مارك روته في بروكسل إن الحلف موحد"
# PER مارك روته [4, 13); LOC بروكسل [17, 23)
TEXT2 = "اجتمع وزراء الناتو في باريس"
# ORG الناتو [12, 18)
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def docs(db: Database) -> list[int]:
    ids = []
    with db.write() as s:
        for i, text in enumerate((TEXT1, TEXT2, "نص ثالث بلا عمل")):
            ids.append(
                s.scalar(
                    insert(m.Document)
                    .values(title=f"t{i}", text=text, text_sha256=f"h{i}", meta={})
                    .returning(m.Document.id)
                )
            )
    d1, d2, _ = ids
    alice, bob = AnnotationService(db, "alice"), AnnotationService(db, "bob")
    # Each action below is one audit entry, timed by minutes() afterwards.
    alice.add_span(d1, 4, 13, "PER")  # 0 min
    alice.add_span(d1, 17, 23, "LOC")  # 2 min
    alice.set_status(d1, LayerStatus.DONE)  # 3 min: alice done day 1
    alice.add_span(d2, 12, 18, "ORG")  # 40 min (idle before: cut)
    bob.add_span(d1, 4, 13, "PER")  # 1 min
    bob.set_topic(d1, "politics", True)  # 4 min
    bob.set_status(d1, LayerStatus.DONE)  # next day, 0 min
    bob.set_status(d1, LayerStatus.IN_PROGRESS)  # next day, 1 min: reopened
    minutes = [0, 2, 3, 40, 1, 4, 24 * 60, 24 * 60 + 1]
    with db.write() as s:
        event_ids = s.scalars(select(m.Event.id).order_by(m.Event.id)).all()
        assert len(event_ids) == len(minutes)
        for eid, minute in zip(event_ids, minutes, strict=True):
            s.execute(
                update(m.Event).where(m.Event.id == eid).values(at=T0 + timedelta(minutes=minute))
            )
    return ids


def test_figures_counted_by_hand(db: Database, docs: list[int]) -> None:
    d1, d2, _ = docs
    fig = insight.figures(db, guidelines_version=3)
    assert fig.documents == 3
    assert fig.annotators == ["alice", "bob"]
    assert fig.statuses == {
        "alice": {"done": 1, "in_progress": 1},
        "bob": {"in_progress": 1},
    }
    day1, day2 = date(2026, 12, 1), date(2026, 12, 2)
    assert fig.progress == {
        ALL: [DayPoint(day1, 1, 1), DayPoint(day2, 0, 1)],
        "alice": [DayPoint(day1, 1, 1)],
        "bob": [DayPoint(day2, 0, 0)],
    }
    uses = {(r.label, r.annotator): (r.spans, r.topics) for r in fig.labels}
    assert uses == {
        ("PER", "alice"): (1, 0),
        ("LOC", "alice"): (1, 0),
        ("ORG", "alice"): (1, 0),
        ("PER", "bob"): (1, 0),
        ("politics", "bob"): (0, 1),
    }
    assert fig.label_totals()["PER"][1] == 2
    # Layers: alice d1 (2 spans), alice d2 (1), bob d1 (1).
    assert fig.spans_per_layer == [(1, 2), (2, 1)]
    seconds = {(r.document_id, r.actor): r.seconds for r in fig.time}
    # alice: 0, +120, +60 on d1; 37 min idle; bob: 0, +180 on d1, next day 0, +60.
    assert seconds == {(d1, "alice"): 180.0, (d2, "alice"): 0.0, (d1, "bob"): 240.0}
    assert fig.time_per_annotator()["alice"] == (2, 180.0, 90.0)
    # The SQL (window function) gives what the definition in core.insight gives.
    events = audit.read_events(db)
    reference = time_spent(
        Action(e.at, e.actor, e.document_id, e.id) for e in events if e.document_id is not None
    )
    assert fig.time == reference
    changes = [
        StatusChange(e.at, e.layer_owner or "", e.layer_id or 0, *e.detail["status"])
        for e in events
        if "status" in e.detail
    ]
    assert fig.progress == progress(changes)
    assert fig.guidelines_version == 3
    data = fig.to_json()
    assert data["progress"]["alice"] == [{"day": "2026-12-01", "done": 1, "total": 1}]
    rows = list(fig.csv_rows())
    assert ("label_spans", "alice", "LOC", 1) in rows
    assert ("seconds", "bob", d1, 240.0) in rows


def test_agreement_figures_counted_by_hand(db: Database, docs: list[int]) -> None:
    agree = insight.agreement_figures(db)
    assert agree.documents == 1  # only d1 has two layers
    by_label = {r.label: r for r in agree.labels}
    assert by_label["PER"].exact_f1 == 1.0
    assert by_label["LOC"].exact_f1 == 0.0  # alice only
    (pair,) = agree.pairs
    assert (pair["a"], pair["b"]) == ("alice", "bob")
    assert pair["exact_f1"] == pytest.approx(2 * 1 / 3)  # 1 match, 2 + 1 spans
    assert agree.matrix_names == ["alice", "bob"]
    assert agree.matrix[0][1] == pytest.approx(2 / 3)
    # d1's layers were last changed today (the layers' own times are not rewritten).
    (point,) = agree.trend
    assert point.documents == 1
    assert point.overlap_f1 == pytest.approx(2 / 3)
    csv = insight.stats_csv(insight.figures(db), agree)
    assert "pair_exact_f1,alice|bob,,0.6666" in csv


def test_agreement_figures_respect_blind_mode(db: Database, docs: list[int]) -> None:
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    rita = access.resolve_actor(db, "rita")
    access.set_setting(db, rita, access.BLIND_MODE, "on")
    with pytest.raises(PermissionDeniedError, match="blind mode"):
        insight.agreement_figures(db, actor=access.resolve_actor(db, "alice"))
    assert insight.agreement_figures(db, actor=rita).documents == 1


def test_a_kept_cache_reads_only_new_entries_and_gives_what_a_fresh_read_gives(
    db: Database, docs: list[int]
) -> None:
    _, d2, d3 = docs
    cache = insight.AuditCache()
    first = insight.figures(db, cache=cache)
    assert first.time == insight.figures(db).time
    before = cache.time_id
    carol = AnnotationService(db, "carol")
    carol.add_span(d3, 0, 2, "MISC")
    carol.set_status(d3, LayerStatus.DONE)
    AnnotationService(db, "alice").set_status(d2, LayerStatus.DONE)
    again = insight.figures(db, cache=cache)
    fresh = insight.figures(db)
    assert cache.time_id > before and cache.status_id == cache.time_id
    assert again.time == fresh.time and again.progress == fresh.progress
    assert (d3, "carol") in {(r.document_id, r.actor) for r in again.time}
    assert again.progress[ALL][-1].total == first.progress[ALL][-1].total + 2


def test_the_time_spent_read_apart_is_what_figures_gives(db: Database, docs: list[int]) -> None:
    cache = insight.AuditCache()
    counts = insight.figures(db, cache=cache, with_time=False)
    assert counts.time == [] and not counts.has_time
    assert counts.progress == insight.figures(db).progress
    assert insight.time_figures(db, cache=cache) == insight.figures(db).time


def test_layers_imported_as_done_count_as_progress_of_their_owner(
    db: Database, docs: list[int], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from annotator.services.importer import import_paths

    lines = [
        # carol: two layers done; dave: one done, one in progress; a gold one (not progress).
        {"text": "نص أول", "annotator": "carol", "status": "done", "spans": []},
        {"text": "نص ثان", "annotator": "carol", "status": "done", "spans": []},
        {"text": "نص أول", "annotator": "dave", "status": "done", "spans": []},
        {"text": "نص ثان", "annotator": "dave", "status": "in_progress", "spans": []},
        {"text": TEXT2, "annotator": "gold", "status": "done", "spans": []},
    ]
    path = tmp_path / "done.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    summary = import_paths(db, [str(path)])
    assert summary.done_added == {"carol": 2, "dave": 1, "gold": 1}
    (entry,) = [e for e in audit.read_events(db) if e.action == "import"]
    assert entry.detail["done"] == {"carol": 2, "dave": 1, "gold": 1}
    day3 = date(2026, 12, 3)
    with db.write() as s:  # the import happened on day 3
        s.execute(
            update(m.Event).where(m.Event.action == "import").values(at=T0 + timedelta(days=2))
        )
    fig = insight.figures(db)
    day1, day2 = date(2026, 12, 1), date(2026, 12, 2)
    # By hand: alice done day 1 (+1); bob +1 -1 on day 2; carol +2 and dave +1 on day 3.
    assert fig.progress == {
        ALL: [DayPoint(day1, 1, 1), DayPoint(day2, 0, 1), DayPoint(day3, 3, 4)],
        "alice": [DayPoint(day1, 1, 1)],
        "bob": [DayPoint(day2, 0, 0)],
        "carol": [DayPoint(day3, 2, 2)],
        "dave": [DayPoint(day3, 1, 1)],
    }
    # Imported again: the layers are met, not created; nothing more becomes done.
    cache = insight.AuditCache()
    assert insight.figures(db, cache=cache).progress == fig.progress
    assert import_paths(db, [str(path)]).done_added == {}
    assert insight.figures(db, cache=cache).progress == fig.progress
    assert insight.figures(db).progress == fig.progress


def test_kept_counts_are_reused_until_a_layer_changes(db: Database, docs: list[int]) -> None:
    d1, d2, _ = docs
    bob = AnnotationService(db, "bob")
    bob.add_span(d2, 12, 18, "ORG")  # d2 now compared too (alice and bob)
    counts = insight.AgreementCache()
    first = insight.agreement_figures(db, counts=counts)
    assert first.documents == 2 and set(counts.keys) == {d1, d2} and counts.recounted == 2
    again = insight.agreement_figures(db, counts=counts)
    assert counts.recounted == 0
    assert again.labels == first.labels and again.pairs == first.pairs
    # bob changes d2: only d2 is counted again, and the figures are a fresh read's.
    bob.add_span(d2, 0, 5, "PER")
    changed = insight.agreement_figures(db, counts=counts)
    assert counts.recounted == 1
    fresh = insight.agreement_figures(db)
    assert changed.labels == fresh.labels and changed.pairs == fresh.pairs
    assert changed.matrix == fresh.matrix and changed.trend == fresh.trend
    assert changed.alpha == fresh.alpha
    assert changed.labels != first.labels
    # A label renamed: every count is dropped (names are inside).
    from annotator.services import labels

    labels.rename_label(db, "ORG", "ORGANISATION")
    renamed = insight.agreement_figures(db, counts=counts)
    assert counts.recounted == 2
    assert {r.label for r in renamed.labels} == {
        r.label for r in insight.agreement_figures(db).labels
    }


@pytest.mark.parametrize("streamed", [False, True])
def test_kept_counts_after_many_edits_equal_a_fresh_full_read(
    db: Database, docs: list[int], streamed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dock's kept counts, refreshed after each kind of edit, give exactly what a fresh
    read gives, and what core.metrics computes over the same documents from scratch.
    ``streamed``: texts, spans and topics read by the bulk queries, one document a batch."""
    if streamed:
        monkeypatch.setattr(insight, "BULK", 0)
        monkeypatch.setattr(insight, "COUNT_BATCH", 1)
    else:  # batches in no particular order: what counts is each text's position
        batches = insight._text_batches

        def shuffled(*args: object) -> object:
            for positions, texts in batches(*args):  # type: ignore[arg-type]
                yield positions[::-1], texts[::-1]

        monkeypatch.setattr(insight, "_text_batches", shuffled)
    from annotator.core.metrics import AgreementData, AgreementDocument, Layer, report_of
    from annotator.core.model import LabelKind

    d1, d2, d3 = docs
    alice, bob = AnnotationService(db, "alice"), AnnotationService(db, "bob")
    carol = AnnotationService(db, "carol")
    counts = insight.AgreementCache()
    edits = [
        lambda: bob.add_span(d2, 12, 18, "ORG"),  # d2 compared from now on
        lambda: bob.add_span(d2, 0, 5, "PER"),  # a span only bob has
        lambda: carol.add_span(d1, 4, 9, "PER"),  # a third layer: overlap, three coders
        lambda: carol.set_topic(d1, "politics", True),
        lambda: alice.add_span(d3, 0, 2, "LOC"),  # d3: one layer, not compared yet
        lambda: bob.add_span(d3, 3, 7, "LOC"),  # now compared
        lambda: bob.remove_span(d2, _span_id(db, d2, "bob", 0)),
        lambda: alice.set_status(d2, LayerStatus.DONE),  # a version change, same spans
    ]
    insight.agreement_figures(db, counts=counts)
    for edit in edits:
        edit()
        kept = insight.agreement_figures(db, counts=counts)
        assert counts.recounted <= 1  # one document counted again, never all
        fresh = insight.agreement_figures(db)
        assert kept.to_json() == fresh.to_json()
    # And the same figures from core.metrics over the documents as they are now.
    with db.read() as s:
        names = dict(s.execute(select(m.Annotator.id, m.Annotator.name)).all())
        labels = dict(s.execute(select(m.Label.id, m.Label.name)).all())
        kinds = {n: LabelKind(k) for n, k in s.execute(select(m.Label.name, m.Label.kind))}
        documents = []
        for doc in (d1, d2, d3):
            text = s.scalar(select(m.Document.text).where(m.Document.id == doc))
            layers = {}
            for lid, owner in s.execute(
                select(m.Layer.id, m.Layer.annotator_id).where(m.Layer.document_id == doc)
            ):
                spans = s.execute(
                    select(m.Span.start, m.Span.end, m.Span.label_id).where(m.Span.layer_id == lid)
                ).all()
                topics = s.scalars(
                    select(m.LayerTopic.label_id).where(m.LayerTopic.layer_id == lid)
                ).all()
                layers[names[owner]] = Layer.of(
                    [(a, b, labels[x]) for a, b, x in spans], [labels[t] for t in topics]
                )
            documents.append(AgreementDocument(text or "", layers))
    report = report_of(AgreementData(documents, label_kinds=kinds))
    assert kept.alpha == report["alpha"]["overall"]
    assert kept.matrix == report["matrix"]["values"]
    assert kept.pairs == [
        {k: r[k] for k in ("a", "b", "exact_f1", "overlap_f1", "kappa")}
        for r in report["pairs"]
        if r["label"] is None
    ]
    assert kept.documents == 3 and {p["a"] for p in kept.pairs} == {"alice", "bob"}


def test_the_agreement_takes_the_spans_the_counts_read_only_while_they_are_the_same(
    db: Database, docs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite the counts' whole-table read keeps every span and topic for the agreement
    read that follows (``spans_from``), which takes them instead of reading them again;
    an edit between the two (a span, a topic, a label removed, which takes its spans with
    no version bumped) makes it read them afresh. Figures always those of a plain read."""
    from annotator.core.model import Label, LabelKind
    from annotator.services import labels

    monkeypatch.setattr(insight, "BULK", 0)  # the agreement's whole-table path
    monkeypatch.setattr(insight, "COUNT_BATCH", 1)  # the counts' whole-table path
    reads = []
    every_span = insight._every_span

    def counted(conn: object) -> object:
        reads.append(1)
        return every_span(conn)  # type: ignore[arg-type]

    monkeypatch.setattr(insight, "_every_span", counted)
    d1, d2, d3 = docs
    alice, bob = AnnotationService(db, "alice"), AnnotationService(db, "bob")
    carol = AnnotationService(db, "carol")
    bob.add_span(d2, 12, 18, "ORG")
    carol.add_span(d1, 4, 9, "PER")
    carol.set_topic(d1, "politics", True)
    alice.add_span(d3, 0, 2, "LOC")
    bob.add_span(d3, 3, 7, "LOC")
    labels.add_label(db, Label("EXTRA", LabelKind.ENTITY))  # the last label id
    alice.add_span(d2, 0, 5, "EXTRA")

    def moved() -> None:  # as many spans as before: only the version tells
        bob.remove_span(d2, _span_id(db, d2, "bob", 0))
        bob.add_span(d2, 6, 11, "PER")

    def relabelled() -> None:  # the same label ids: only the number of spans tells
        labels.remove_label(db, "EXTRA", force=True)
        labels.add_label(db, Label("OTHER", LabelKind.ENTITY))

    between = [
        None,
        lambda: bob.add_span(d2, 0, 5, "PER"),
        moved,
        lambda: alice.set_topic(d1, "economy", True),
        lambda: labels.remove_label(db, "LOC", force=True),
        relabelled,
    ]
    for edit in between:
        audit = insight.AuditCache()
        insight.figures(db, cache=audit, with_time=False)
        assert (audit.snapshot is not None) == db.is_sqlite
        reads.clear()
        if edit is not None:
            edit()
        shared = insight.agreement_figures(db, spans_from=audit)
        assert audit.snapshot is None  # taken once
        # Taken when nothing changed; read again after an edit (SQLite).
        assert len(reads) == (0 if edit is None or not db.is_sqlite else int(db.is_sqlite))
        assert shared.to_json() == insight.agreement_figures(db).to_json()
        assert shared.documents == 3
    assert insight.agreement_figures(db, spans_from=insight.AuditCache()).documents == 3


STATUS_DETAILS = [
    '{"layer": "alice", "status": ["in_progress", "done"]}',
    '{"status": ["in_progress", "done"], "layer": "alice"}',  # the same, another text
    '{"layer":"bob","status":["new","done"]}',
    '{"layer": "alice", "status": ["done"]}',  # no after: not counted
    '{"layer": "alice", "status": "done"}',  # not an array: not counted
    '{"layer": "alice", "status": {"0": "new", "1": "done"}}',
    '{"layer": "alice", "status": [null, "done"]}',
    '{"layer": "alice", "status": [true, 7]}',  # SQLite reads 1 and 7 as "1" and "7"
    '{"layer": 12, "status": ["new", "done"]}',
    '{"status": ["new", "done"]}',  # no owner
    "[1, 2]",
    '{"layer": "\\u0645\\u0627\\u0631\\u0643", "status": ["done", "new"]}',
    '{"layer": "alice", "status": ["new", "done", "x", "y"]}',
]


@pytest.mark.parametrize(
    "extra",
    [
        None,
        '{"layer": "alice", "status": ["new", "done", 1.5]}',  # a real number
        '{"layer": "alice", "layer": "bob", "status": ["new", "done"]}',  # a key twice
        '{"layer": "alice", "status": [["new"], "done"]}',  # an array as a status
        '{"layer": "alice", "status": ["new", "\\ud800"]}',  # a lone surrogate
        '{"layer": "alice", "status": ["new", "done"], "n": 007}',  # not JSON at all
    ],
    ids=["plain", "real", "key twice", "nested", "surrogate", "not json"],
)
def test_status_changes_grouped_by_stored_text_are_what_sqlites_json_reads(
    db: Database, docs: list[int], extra: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: status changes are grouped by the detail's stored text and each distinct
    text read in Python as SQLite's JSON functions read it; the counts (and their order)
    are exactly those of the SQL that takes every value out with JSON functions. A text
    Python would read otherwise (a real, a key twice, an array, a lone surrogate) sends
    the whole read back to that SQL (and so does text that is not JSON: its error, as
    with the lone surrogate, which SQLite turns into bytes that are not UTF-8)."""
    if not db.is_sqlite:
        pytest.skip("grouping by stored text is SQLite's")
    d1 = docs[0]
    with db.read() as s:
        layer = s.scalar(select(m.Layer.id).where(m.Layer.document_id == d1))
    details = STATUS_DETAILS + ([extra] if extra else [])
    with db.write() as s:
        for i, detail in enumerate(details * 3):
            s.connection().exec_driver_sql(
                "INSERT INTO events (at, actor, action, document_id, layer_id, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    f"2026-12-0{1 + i % 3} 1{i % 10}:00:00.000000",
                    ("alice", "bob")[i % 2],
                    ("set_status", "undo", "redo", "add_span")[i % 4],
                    d1,
                    layer,
                    detail,
                ),
            )
    new = (m.Event.id > 0,)

    def read() -> list[object]:
        with db.read() as s:
            return list(insight._status_counts(s.connection(), new, frozenset()))

    def by_text() -> object:
        with db.read() as s:
            conn = s.connection()
            changes = (
                *new,
                m.Event.layer_id.is_not(None),
                m.Event.action.in_(insight.STATUS_ACTIONS),
            )
            return insight._status_rows_by_text(conn, insight._day(conn, m.Event.at), changes)

    if extra is not None and ("007" in extra or "ud800" in extra):  # as the SQL fails
        with pytest.raises(Exception, match=r"malformed JSON|decode"):
            read()
        return
    fast = read()
    assert (by_text() is None) == (extra is not None)
    monkeypatch.setattr(insight, "_status_rows_by_text", lambda *args: None)
    assert fast == read()  # the SQL reading every value with JSON functions
    owners = {key[1] for key, _ in fast}  # type: ignore[index]
    assert {"alice", "bob", "مارك"} <= owners and "12" in owners
    assert ("1", "7") in {key[2:] for key, _ in fast}  # type: ignore[index]


def _span_id(db: Database, doc: int, who: str, start: int) -> int:
    """The id of ``who``'s span starting at ``start`` in ``doc``."""
    with db.read() as s:
        found = s.scalar(
            select(m.Span.id)
            .join(m.Layer, m.Span.layer_id == m.Layer.id)
            .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
            .where(m.Layer.document_id == doc, m.Annotator.name == who, m.Span.start == start)
        )
    assert found is not None
    return int(found)


@pytest.mark.parametrize("whole_table", [False, True], ids=["changed layers", "whole table"])
def test_kept_span_counts_follow_edits(
    db: Database, docs: list[int], whole_table: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dock's kept cache counts again only changed layers; figures equal a fresh read.
    Counted by a list of layers, or (many changed) over the whole table, filtered after."""
    if whole_table:
        monkeypatch.setattr(insight, "COUNT_BATCH", 0)
    d1, d2, d3 = docs
    alice, bob = AnnotationService(db, "alice"), AnnotationService(db, "bob")
    cache = insight.AuditCache()

    def same() -> None:
        kept = insight.figures(db, cache=cache, with_time=False)
        fresh = insight.figures(db, with_time=False)
        assert kept.labels == fresh.labels and kept.spans_per_layer == fresh.spans_per_layer

    same()
    bob.add_span(d2, 12, 18, "ORG")  # a new layer
    same()
    alice.add_span(d3, 0, 2, "LOC")
    alice.add_span(d1, 24, 26, "PER")  # a changed layer
    same()
    bob.remove_span(d2, _span_id(db, d2, "bob", 12))  # a layer left without spans
    same()
    bob.set_topic(d2, "politics", True)  # topics are kept per layer version too
    alice.set_topic(d1, "economy", True)
    same()
    bob.set_topic(d1, "politics", False)
    same()
    from annotator.services import labels

    labels.remove_label(db, "LOC", force=True)  # its spans go, no layer version changes
    same()
    labels.remove_label(db, "economy", force=True)  # its topics go, likewise
    same()
    fig = insight.figures(db, cache=cache, with_time=False)
    assert ("LOC", "alice") not in {(r.label, r.annotator) for r in fig.labels}
    assert {(r.label, r.annotator): r.spans for r in fig.labels}[("PER", "alice")] == 2
    # By hand: alice d1 PER, PER (LOC gone), d3 nothing left; bob d1 PER, d2 nothing.
    assert {(r.label, r.annotator): r.spans for r in fig.labels if r.spans} == {
        ("PER", "alice"): 2,
        ("PER", "bob"): 1,
        ("ORG", "alice"): 1,
    }
    # bob's politics moved from d1 to d2; alice's economy went with its label.
    assert {(r.label, r.annotator): r.topics for r in fig.labels if r.topics} == {
        ("politics", "bob"): 1
    }


def test_time_spent_of_many_interleaved_entries_is_the_definitions(
    db: Database, docs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first read sums each person's gaps as arrays; a kept cache walks new entries one
    by one: both give ``core.insight.time_spent`` exactly, fractional seconds, gaps over
    the idle limit, clocks going back (negative gaps) and people taking turns included."""
    import random
    from dataclasses import replace

    rng = random.Random(7)
    d1, d2, d3 = docs
    people = {"alice": AnnotationService(db, "alice"), "bob": AnnotationService(db, "bob")}
    for i in range(60):
        who = rng.choice(sorted(people))
        people[who].set_topic(rng.choice((d1, d2, d3)), "politics", i % 2 == 0)
    with db.write() as s:
        event_ids = s.scalars(select(m.Event.id).order_by(m.Event.id)).all()
        at = T0
        for eid in event_ids:
            # Seconds with fractions, now and then an idle pause or a clock set back.
            at += timedelta(seconds=rng.choice((0.25, 7.5, 59.125, 299.0, 301.5, -40.0, 3600)))
            s.execute(update(m.Event).where(m.Event.id == eid).values(at=at))
    events = audit.read_events(db)
    reference = time_spent(
        Action(e.at, e.actor, e.document_id, e.id) for e in events if e.document_id is not None
    )
    assert any(r.seconds % 1 for r in reference) and len(reference) >= 5
    kept = insight.AuditCache()
    fresh = insight.time_figures(db, cache=kept)  # a first read: arrays
    assert fresh == [replace(r, seconds=round(r.seconds, 3)) for r in reference]
    with monkeypatch.context() as patch:  # SQLite: rows rather than texts (huge logs)
        patch.setattr(insight, "TEXT_ENTRIES_LIMIT", 0)
        assert insight.time_figures(db) == fresh
    with monkeypatch.context() as patch:  # SQLite: a query per person (many people)
        patch.setattr(insight, "PEOPLE_AT_ONCE", 1)
        assert insight.time_figures(db) == fresh
    # New entries one at a time into the kept cache (the loop path).
    for _ in range(3):
        people["bob"].set_topic(d3, "economy", True)
        people["bob"].set_topic(d3, "economy", False)
        assert insight.time_figures(db, cache=kept) == insight.time_figures(db)


def test_the_time_read_ahead_on_a_thread_gives_the_definitions(
    db: Database, docs: list[int], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: the counts read starts the time spent's SQL on a thread of its own; the time
    read then takes what it found and reads the entries written since one by one: the
    very rows of ``core.insight.time_spent``. A thread that fails leaves the time read to
    read for itself (same rows, a warning logged). PostgreSQL starts no thread."""
    import random
    from dataclasses import replace

    monkeypatch.setattr(insight, "core_free", lambda: True)
    rng = random.Random(11)
    d1, d2, d3 = docs
    people = {"alice": AnnotationService(db, "alice"), "bob": AnnotationService(db, "bob")}
    for i in range(40):
        who = rng.choice(sorted(people))
        people[who].set_topic(rng.choice((d1, d2, d3)), "politics", i % 2 == 0)
    last = [T0]

    def timed(after: int) -> None:  # fractional gaps, idle pauses, clocks set back
        with db.write() as s:
            for eid in s.scalars(select(m.Event.id).where(m.Event.id > after).order_by(m.Event.id)):
                last[0] += timedelta(seconds=rng.choice((0.25, 7.5, 59.125, 301.5, -40.0, 3600)))
                s.execute(update(m.Event).where(m.Event.id == eid).values(at=last[0]))

    def reference() -> list[object]:
        events = [e for e in audit.read_events(db) if e.document_id is not None]
        rows = time_spent(Action(e.at, e.actor, e.document_id, e.id) for e in events)
        return [replace(r, seconds=round(r.seconds, 3)) for r in rows]

    timed(0)
    kept = insight.AuditCache()
    insight.figures(db, cache=kept, with_time=False)
    assert (kept.early_time is not None) == db.is_sqlite
    ahead = kept.early_time.result() if kept.early_time is not None else None
    assert ahead is not None or not db.is_sqlite
    read_top = ahead[0] if ahead is not None else 0
    for i in range(8):  # written after the thread's read: taken one by one
        people["bob" if i % 2 else "alice"].set_topic(d3, "economy", (i // 2) % 2 == 0)
    timed(read_top)
    with db.read() as s:
        top = s.scalar(select(func.max(m.Event.id)))
    assert top is not None and top > read_top + 5
    assert insight.time_figures(db, cache=kept) == reference()
    assert kept.early_time is None and kept.time_id == top
    if not db.is_sqlite:
        return

    def broken(*args: object) -> object:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(insight, "_sqlite_people_entries", broken)
    with caplog.at_level("WARNING"):
        failed = insight.AuditCache()
        insight.figures(db, cache=failed, with_time=False)
        assert failed.early_time is not None and failed.early_time.result() is None
    assert "read ahead failed" in caplog.text
    monkeypatch.undo()
    assert insight.time_figures(db, cache=failed) == reference()
    # No core to spare: no thread, the time read reads for itself.
    monkeypatch.setattr(insight, "core_free", lambda: False)
    busy = insight.AuditCache()
    insight.figures(db, cache=busy, with_time=False)
    assert busy.early_time is None
    assert insight.time_figures(db, cache=busy) == reference()


def test_a_core_is_free_below_the_cores_less_half_a_core(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.4, 1.0, 1.0))
    assert insight.core_free()
    monkeypatch.setattr(os, "getloadavg", lambda: (1.6, 1.0, 1.0))
    assert not insight.core_free()
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not insight.core_free()


def test_sqlite_entries_as_texts_are_the_very_doubles_julianday_gives(
    db: Database, docs: list[int]
) -> None:
    """SQLite's first read takes each person's entries as texts built in SQL: documents and
    times identical (not merely close) to ``julianday(at) * 86400.0`` read row by row, for
    times with milliseconds, microseconds and days apart; and put back in id order when
    given in another."""
    import numpy as np

    if not db.is_sqlite:
        pytest.skip("the texts path is SQLite's (PostgreSQL reads the rows)")
    d1, d2, _ = docs
    alice = AnnotationService(db, "alice")
    for i in range(40):
        alice.set_topic(d1 if i % 3 else d2, "politics", i % 2 == 0)
    steps = (0.001, 0.5, 7.25, 59.999, 299.0, 86_400.123456, -3.5, 12_345.678)
    with db.write() as s:
        at = T0
        for i, eid in enumerate(s.scalars(select(m.Event.id).order_by(m.Event.id)).all()):
            at += timedelta(seconds=steps[i % len(steps)])
            s.execute(update(m.Event).where(m.Event.id == eid).values(at=at))
    where = (m.Event.actor == "alice", m.Event.document_id.is_not(None))
    with db.read() as s:
        conn = s.connection()
        rows = conn.execute(
            select(m.Event.document_id, func.julianday(m.Event.at) * 86400.0)
            .where(*where)
            .order_by(m.Event.id)
        ).all()
        found = insight._sqlite_entries(conn, where)
    assert found is not None and len(rows) >= 25
    documents, times = found
    assert documents.tolist() == [r[0] for r in rows]
    assert times.tolist() == [r[1] for r in rows]  # the same doubles, bit for bit
    ids = np.array([5, 2, 9, 7], np.int64)
    docs_out, times_out = insight._in_id_order(
        ids, np.array([50, 20, 90, 70], np.int64), np.array([0.5, 0.2, 0.9, 0.7])
    )
    assert docs_out.tolist() == [20, 50, 70, 90] and times_out.tolist() == [0.2, 0.5, 0.7, 0.9]


def test_sqlite_entries_of_every_person_in_one_scan_are_each_persons_own(
    db: Database, docs: list[int]
) -> None:
    """SQLite's first read takes everyone's entries in one scan of the audit log: each
    person's documents and times are exactly those of a query of their own (in id order,
    people interleaved, times with microseconds), a person without entries gets empty
    arrays, and entries given out of id order are put back in it."""
    import numpy as np

    if not db.is_sqlite:
        pytest.skip("the texts path is SQLite's (PostgreSQL reads the rows)")
    d1, d2, d3 = docs
    people = {n: AnnotationService(db, n) for n in ("alice", "bob", "carol")}
    order = ["bob", "alice", "alice", "carol", "bob", "alice", "carol", "carol", "bob"] * 5
    for i, who in enumerate(order):
        people[who].set_topic((d1, d2, d3)[i % 3], "politics", i % 2 == 0)
    with db.write() as s:
        at = T0
        for i, eid in enumerate(s.scalars(select(m.Event.id).order_by(m.Event.id)).all()):
            at += timedelta(seconds=(0.000731, 3.5, 86_400.123456, -2.25, 61.0004)[i % 5])
            s.execute(update(m.Event).where(m.Event.id == eid).values(at=at))
    where = (m.Event.layer_id.is_not(None), m.Event.document_id.is_not(None))
    names = ["alice", "bob", "carol", "nobody"]
    with db.read() as s:
        conn = s.connection()
        together = insight._sqlite_people_entries(conn, where, names)
        alone = [insight._sqlite_entries(conn, (*where, m.Event.actor == n)) for n in names]
        rows = conn.execute(
            select(m.Event.actor, m.Event.document_id, func.julianday(m.Event.at) * 86400.0)
            .where(*where)
            .order_by(m.Event.id)
        ).all()
        assert insight._sqlite_people_entries(conn, where, []) is None
    assert together is not None and len(together) == 4 and alone[3] is None
    for name, (documents, times), own in zip(names, together, alone, strict=True):
        mine = [r for r in rows if r[0] == name]
        assert documents.tolist() == [r[1] for r in mine]
        assert times.tolist() == [r[2] for r in mine]  # the very doubles of julianday
        if own is not None:
            assert documents.tolist() == own[0].tolist() and times.tolist() == own[1].tolist()
    assert len(together[0][0]) >= 10 and len(together[3][0]) == 0
    ids = np.array([5, 2, 9, 7], np.int64)
    who, when = insight._in_id_order(ids, np.array([1, 0, 1, 0]), np.array([0.5, 0.2, 0.9, 0.7]))
    assert who.tolist() == [0, 1, 0, 1] and when.tolist() == [0.2, 0.5, 0.7, 0.9]


def _read_all(
    db: Database, audit_cache: insight.AuditCache | None, counts: insight.AgreementCache | None
) -> dict[str, object]:
    """``stats --json`` as the dock reads it: counts, then the time spent, then agreement."""
    fig = insight.figures(db, cache=audit_cache, with_time=False)
    fig.time, fig.has_time = insight.time_figures(db, cache=audit_cache), True
    return insight.stats_json(fig, insight.agreement_figures(db, counts=counts))


def test_counts_saved_by_one_session_give_the_next_one_a_fresh_reads_figures(
    db: Database, docs: list[int]
) -> None:
    """The next session starts from the saved counts, counts again only the documents
    changed meanwhile, and its figures are exactly a fresh read's (never the old ones)."""
    from annotator.services import insight_cache

    d1, d2, d3 = docs
    audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
    before = _read_all(db, audit_cache, counts)
    path = insight_cache.save(db, audit_cache, counts)
    assert path is not None and path.is_file()
    # Meanwhile (another session, the command line): edits of every kind.
    bob, carol = AnnotationService(db, "bob"), AnnotationService(db, "carol")
    bob.add_span(d2, 12, 18, "ORG")  # d2 compared from now on
    carol.add_span(d1, 4, 9, "PER")  # a third layer on d1
    carol.set_topic(d1, "politics", True)
    bob.set_status(d1, LayerStatus.DONE)
    AnnotationService(db, "alice").add_span(d3, 0, 2, "LOC")  # d3: one layer only
    fresh = _read_all(db, None, None)
    assert fresh != before
    audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
    assert insight_cache.load(db, audit_cache, counts)
    assert counts.keys  # the earlier session's documents, taken from the file
    kept = _read_all(db, audit_cache, counts)
    assert kept == fresh
    assert counts.recounted == 2  # d1 and d2 changed; nothing else counted
    # Saved again and taken by a third session: nothing to count, the same figures.
    insight_cache.save(db, audit_cache, counts)
    audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
    assert insight_cache.load(db, audit_cache, counts)
    assert audit_cache.saved_time is not None  # the time spent as saved, not yet in dicts
    rows = insight.time_figures(db)
    assert audit_cache.time_rows({"bob"}) == [r for r in rows if r.actor == "bob"] != []
    assert _read_all(db, audit_cache, counts) == fresh and counts.recounted == 0
    # Nothing new: never turned into dicts (PostgreSQL reads the time spent afresh, and a
    # first read keeps its sums as arrays too).
    assert audit_cache.saved_time is not None


def test_saved_counts_are_ignored_when_the_audit_log_is_not_the_one_they_were_saved_with(
    db: Database, docs: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest audit entry at saving changed (a database restored from an older copy,
    then edited): the file is ignored; a damaged file too; a folder that cannot be written
    keeps none; a database in memory has none."""
    from annotator.services import insight_cache

    audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
    _read_all(db, audit_cache, counts)
    path = insight_cache.save(db, audit_cache, counts)
    assert path is not None
    assert insight_cache.load(db, insight.AuditCache(), insight.AgreementCache())
    with db.write() as s:
        newest = s.scalar(select(func.max(m.Event.id)))
        s.execute(update(m.Event).where(m.Event.id == newest).values(at=T0 - timedelta(days=9)))
    audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
    assert not insight_cache.load(db, audit_cache, counts)
    assert not counts.keys and audit_cache.time_id == 0  # left empty: counted afresh
    # Saved by other counting code (a new version of annotator): ignored.
    insight_cache.save(db, insight.AuditCache(), insight.AgreementCache())
    assert insight_cache.load(db, insight.AuditCache(), insight.AgreementCache())
    ours = insight_cache.code_mark
    monkeypatch.setattr(insight_cache, "code_mark", lambda: "another version")
    assert not insight_cache.load(db, insight.AuditCache(), insight.AgreementCache())
    monkeypatch.setattr(insight_cache, "code_mark", ours)
    assert insight_cache.load(db, insight.AuditCache(), insight.AgreementCache())
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    assert not insight_cache.load(db, insight.AuditCache(), insight.AgreementCache())
    # A cache folder that cannot be written: nothing saved, nothing raised, nothing loaded.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert insight_cache.save(db, audit_cache, counts) is None
    assert not insight_cache.load(db, insight.AuditCache(), insight.AgreementCache())
    memory = open_workspace("sqlite://")
    try:
        assert insight_cache.cache_file(memory) is None
        assert insight_cache.save(memory, insight.AuditCache(), insight.AgreementCache()) is None
    finally:
        memory.close()


def test_saved_counts_of_a_database_restored_and_edited_are_not_shown(
    db_path: Path, tmp_path: Path
) -> None:
    """SQLite reuses ids: a database put back from an older copy, then edited, can have the
    very layer ids and versions the file saw, with other spans. Its figures are a fresh
    read's, not the saved ones (the file's audit entry is not in the restored log)."""
    from annotator.services import insight_cache

    db = open_workspace(str(db_path))
    with db.write() as s:
        doc = s.scalar(
            insert(m.Document)
            .values(title="t", text=TEXT1, text_sha256="h", meta={})
            .returning(m.Document.id)
        )
    AnnotationService(db, "alice").add_span(doc, 4, 13, "PER")
    db.close()
    backup = tmp_path / "backup.sqlite"
    shutil.copyfile(db_path, backup)
    db = open_workspace(str(db_path))
    AnnotationService(db, "bob").add_span(doc, 4, 13, "PER")  # agrees with alice
    audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
    saved = _read_all(db, audit_cache, counts)
    insight_cache.save(db, audit_cache, counts)
    db.close()
    shutil.copyfile(backup, db_path)  # put back; bob's edit is lost, then done otherwise
    for extra in ("-wal", "-shm"):
        Path(f"{db_path}{extra}").unlink(missing_ok=True)
    db = open_workspace(str(db_path))
    try:
        AnnotationService(db, "bob").add_span(doc, 17, 23, "LOC")  # disagrees with alice
        audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
        assert not insight_cache.load(db, audit_cache, counts)
        now = _read_all(db, audit_cache, counts)
        assert now == _read_all(db, None, None)
        assert now["agreement"] != saved["agreement"]
    finally:
        db.close()


def test_a_days_agreement_point_is_kept_until_its_documents_change(
    db: Database, docs: list[int]
) -> None:
    """The trend: a day whose documents are the same and unchanged keeps its point; the
    day of an edited document gets a new one; both as a fresh read gives them."""
    d1, d2, _ = docs
    bob = AnnotationService(db, "bob")
    bob.add_span(d2, 12, 18, "ORG")  # d2 compared too
    with db.write() as s:
        for doc, day in ((d1, T0), (d2, T0 + timedelta(days=1))):
            s.execute(update(m.Layer).where(m.Layer.document_id == doc).values(updated_at=day))
    counts = insight.AgreementCache()
    first = insight.agreement_figures(db, counts=counts)
    assert [p.day for p in first.trend] == [T0.date(), T0.date() + timedelta(days=1)]
    kept_point = counts.trend[T0.date()][1]
    bob.add_span(d2, 0, 5, "PER")  # d2 changes (and moves to today)
    again = insight.agreement_figures(db, counts=counts)
    assert again.to_json() == insight.agreement_figures(db).to_json()
    assert counts.trend[T0.date()][1] is kept_point  # not computed again
    assert again.trend[-1].day != first.trend[-1].day and again.trend[-1].documents == 1
    bob.add_span(d1, 17, 23, "LOC")  # d1 changes but stays on its day (set back below)
    with db.write() as s:
        s.execute(update(m.Layer).where(m.Layer.document_id == d1).values(updated_at=T0))
    last = insight.agreement_figures(db, counts=counts)
    assert last.to_json() == insight.agreement_figures(db).to_json()
    assert last.trend[0].day == T0.date() and last.trend[0] != kept_point


def test_counts_saved_of_a_database_with_nothing_compared_are_taken(db: Database) -> None:
    """Nothing to save but empty counts: the next session takes them all the same."""
    from annotator.services import insight_cache

    audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
    empty = _read_all(db, audit_cache, counts)
    assert insight_cache.save(db, audit_cache, counts) is not None
    audit_cache, counts = insight.AuditCache(), insight.AgreementCache()
    assert insight_cache.load(db, audit_cache, counts)
    assert _read_all(db, audit_cache, counts) == empty
