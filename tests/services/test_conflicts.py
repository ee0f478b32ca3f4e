"""Optimistic version check: two windows editing the same layer never overwrite silently."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import orjson
import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError

from annotator.core.errors import ConflictError
from annotator.core.model import LayerStatus
from annotator.services import changes, importer
from annotator.services.annotations import AnnotationService
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.retry import retrying

TEXT = "قال رئيس الوزراء في عمّان إن الاقتصاد ينمو"


@pytest.fixture
def doc(db: Database) -> int:
    with db.write() as s:
        doc_id = s.scalar(
            insert(m.Document)
            .values(title="t", text=TEXT, text_sha256=importer.text_hash(TEXT), source="", meta={})
            .returning(m.Document.id)
        )
    assert doc_id is not None
    return doc_id


def test_versions_count_every_change_and_change_carries_the_new_one(db: Database, doc: int) -> None:
    huda = AnnotationService(db, "huda")
    assert huda.layer_state(doc).version == 0
    first = huda.add_span(doc, 0, 3, "PER", expected_version=0)
    assert first.version == huda.layer_state(doc).version
    second = huda.set_topic(doc, "economy", True, expected_version=first.version)
    assert second.version == first.version + 1
    nothing = huda.set_topic(doc, "economy", True, expected_version=second.version)
    assert nothing.is_empty and nothing.version == second.version


def test_two_windows_editing_the_same_span_get_a_conflict(db: Database, doc: int) -> None:
    window_a = AnnotationService(db, "huda")
    window_b = AnnotationService(db, "huda")  # the same person in a second window
    window_a.add_span(doc, 0, 3, "PER")
    seen = window_b.layer_state(doc)
    assert window_a.layer_state(doc).version == seen.version
    span = seen.spans[0]

    relabelled = window_a.relabel_span(doc, span.id, "ORG", expected_version=seen.version)
    with pytest.raises(ConflictError) as info:
        window_b.relabel_span(doc, span.id, "LOC", expected_version=seen.version)
    message = str(info.value)
    assert "\n" not in message and "reload" in message and f"document {doc}" in message
    # Window A's change stands; B changed nothing.
    after = window_b.layer_state(doc)
    assert [s.label for s in after.spans] == ["ORG"]
    assert after.version == relabelled.version
    # After reloading, B's edit goes through.
    window_b.relabel_span(doc, after.spans[0].id, "LOC", expected_version=after.version)
    assert [s.label for s in window_b.layer_state(doc).spans] == ["LOC"]


@pytest.mark.parametrize(
    "operation",
    ["add_span", "remove_span", "set_topic", "set_status", "undo"],
)
def test_every_mutating_operation_checks_the_version(
    db: Database, doc: int, operation: str
) -> None:
    huda = AnnotationService(db, "huda")
    added = huda.add_span(doc, 0, 3, "PER")
    stale = (added.version or 0) - 1
    before = huda.layer_state(doc)
    span_id = before.spans[0].id
    calls = {
        "add_span": lambda: huda.add_span(doc, 4, 9, "ORG", expected_version=stale),
        "remove_span": lambda: huda.remove_span(doc, span_id, expected_version=stale),
        "set_topic": lambda: huda.set_topic(doc, "economy", True, expected_version=stale),
        "set_status": lambda: huda.set_status(doc, LayerStatus.DONE, expected_version=stale),
        "undo": lambda: huda.apply_inverse(added, expected_version=stale),
    }
    with pytest.raises(ConflictError):
        calls[operation]()
    assert huda.layer_state(doc) == before


def test_first_edit_of_a_document_conflicts_when_another_window_started_it(
    db: Database, doc: int
) -> None:
    AnnotationService(db, "huda").add_span(doc, 0, 3, "PER", expected_version=0)
    with pytest.raises(ConflictError):
        AnnotationService(db, "huda").add_span(doc, 4, 9, "ORG", expected_version=0)


def test_without_expected_version_concurrent_edits_all_land(db: Database, doc: int) -> None:
    """Threads (own connections) adding spans to one layer at once: every one is counted."""
    words = [(i, i + 1) for i in range(0, 24)]
    errors: list[BaseException] = []

    def work(part: list[tuple[int, int]]) -> None:
        service = AnnotationService(db, "huda")
        try:
            for start, end in part:
                service.add_span(doc, start, end, "PER")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(words[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    state = AnnotationService(db, "huda").layer_state(doc)
    assert sorted((s.start, s.end) for s in state.spans) == words
    # The first add created the layer at version 1 and bumped it to 2; each later add bumps it.
    assert state.version == 1 + len(words)


def test_layer_versions_poll_sees_others_changes(db: Database, doc: int) -> None:
    assert changes.layer_versions(db, doc) == {}
    huda, omar = AnnotationService(db, "huda"), AnnotationService(db, "omar")
    huda.add_span(doc, 0, 3, "PER")
    seen = changes.layer_versions(db, doc)
    assert set(seen) == {"huda"}
    omar.add_span(doc, 4, 9, "ORG")
    huda.set_status(doc, LayerStatus.DONE)
    now = changes.layer_versions(db, doc)
    assert changes.changed_layers(seen, now) == {"huda", "omar"}
    assert changes.changed_layers(now, changes.layer_versions(db, doc)) == set()


def test_retrying_reruns_only_the_outermost_transaction() -> None:
    runs = {"outer": 0, "inner": 0}

    @retrying
    def inner() -> None:
        runs["inner"] += 1
        if runs["inner"] == 1:
            busy = sqlite3.OperationalError("database is locked")
            busy.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
            raise OperationalError("UPDATE x", {}, busy)

    @retrying
    def outer() -> str:
        runs["outer"] += 1
        inner()
        return "done"

    assert outer() == "done"
    assert runs == {"outer": 2, "inner": 2}


def test_an_import_merging_into_a_layer_bumps_its_version(
    db: Database, doc: int, tmp_path: Path
) -> None:
    huda = AnnotationService(db, "huda")
    huda.add_span(doc, 0, 3, "PER")
    seen = changes.layer_versions(db, doc)
    source = tmp_path / "more.jsonl"
    record = {
        "text": TEXT,
        "annotator": "huda",
        "spans": [{"start": 4, "end": 9, "label": "ORG"}],
        "topics": ["economy"],
    }
    source.write_bytes(orjson.dumps(record) + b"\n")
    assert importer.import_paths(db, [str(source)]).layers_merged == 1
    after = changes.layer_versions(db, doc)
    assert changes.changed_layers(seen, after) == {"huda"}
    with pytest.raises(ConflictError):  # a window showing the old version must reload
        huda.add_span(doc, 10, 14, "LOC", expected_version=seen["huda"])
    importer.import_paths(db, [str(source)])  # the same file again adds nothing...
    assert changes.layer_versions(db, doc) == after  # ...and changes no version


def test_a_name_another_writer_just_created_is_that_annotator_not_a_look_alike(
    db: Database,
) -> None:
    """Two first uses of one name at once: the loser's look-alike scan meets the winner's
    row (read committed sees its commit) and must take it, not call 'huda' too like 'huda'.

    The race is made certain by having the session's first lookup miss, as it does when it
    runs just before the other writer commits.
    """
    from annotator.services import annotators

    annotators.ensure_annotator(db, "huda")  # the other writer's commit
    with db.write() as session:
        real = session.scalar
        lookups: list[object] = []

        def first_lookup_misses(statement: object, *args: object, **kwargs: object) -> object:
            lookups.append(statement)
            return None if len(lookups) == 1 else real(statement, *args, **kwargs)  # type: ignore[call-overload]

        session.scalar = first_lookup_misses  # type: ignore[method-assign]
        row = annotators.get_or_create(session, "huda")
        assert row.name == "huda"
