"""Several processes writing one database at once lose nothing and duplicate nothing.

Every client logs an action only after the call that committed it returned; afterwards each
logged action is looked up in the database. Clients start together (they wait for a start
file), so importers insert the same new documents and create the same new labels at the
same moment, while others annotate, and two windows of one annotator relabel the same
spans with optimistic version checks. The figures are printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select

from annotator.services.annotations import AnnotationService
from annotator.services.workspace import open_workspace
from annotator.storage import models as m
from annotator.storage.database import Database
from tests.pgserver import PgServer
from tests.stress.conftest import LENGTH, Zygote, article, results, seed
from tests.stress.worker import logged_lines

pytestmark = pytest.mark.slow

NEW_LABELS = ("NEW_ENTITY_A", "NEW_ENTITY_B")
NEW_TOPIC = "NEW_TOPIC"
IMPORTED = 60


def import_file(folder: Path, tag: str) -> Path:
    """New articles whose annotations use labels the schema lacks (for --add-labels)."""
    path = folder / f"import-{tag}.jsonl"
    with path.open("wb") as out:
        for i in range(IMPORTED):
            text = article(i, f"import-{tag}")
            spans = [
                {"start": 0, "end": 6, "label": "PER"},
                {"start": 10, "end": 16, "label": NEW_LABELS[i % 2]},
                {"start": 20, "end": 30, "label": NEW_LABELS[(i + 1) % 2]},
            ]
            record = {"text": text, "external_id": f"import-{tag}-{i}", "spans": spans}
            record["accept"] = ["economy", NEW_TOPIC]
            out.write(orjson.dumps(record) + b"\n")
    return path


def run(
    zygote: Zygote,
    url: str,
    folder: Path,
    *,
    annotators: int,
    importers: int,
    relabelers: int,
    actions: int,
) -> dict[str, Any]:
    """Start the clients together, wait for them, and check the database; return figures."""
    docs = seed(url, folder, 12)
    shared_doc = docs[0]
    db = open_workspace(url)
    try:
        window = AnnotationService(db, "shared")
        for start in range(0, 40, 8):
            window.add_span(shared_doc, start, start + 5, "PER")
        shared_version = window.layer_state(shared_doc).version
    finally:
        db.close()
    # Two importers load the same articles (documents race), a third other articles with
    # the same new labels (labels race).
    sources = [import_file(folder, "same"), import_file(folder, "other")]
    go = folder / "go"
    jobs: list[dict[str, Any]] = []
    for i in range(annotators):
        jobs.append(
            {"role": "annotate", "annotator": f"annotator{i}", "count": actions, "docs": docs}
            | {"length": LENGTH}
        )
    for i in range(importers):
        source = sources[0] if i < 2 else sources[1]
        jobs.append({"role": "import", "annotator": f"importer{i}", "paths": [str(source)]})
        jobs[-1]["add_labels"] = True
    for i in range(relabelers):
        jobs.append(
            {"role": "relabel", "annotator": "shared", "doc": shared_doc, "count": actions // 3}
            | {"offset": i}
        )
    for n, job in enumerate(jobs):
        job |= {
            "db": url,
            "go": str(go),
            "log": str(folder / f"client{n}.log"),
            "result": str(folder / f"client{n}.json"),
        }
    started = time.monotonic()
    for job in jobs:
        zygote.spawn(job)
    go.touch()
    outcomes = results([Path(j["result"]) for j in jobs], timeout=100)
    elapsed = time.monotonic() - started

    db = open_workspace(url)
    try:
        return verify(db, jobs, outcomes, docs, shared_version) | {"seconds": round(elapsed, 1)}
    finally:
        db.close()


def verify(
    db: Database,
    jobs: list[dict[str, Any]],
    outcomes: list[dict[str, Any]],
    docs: list[int],
    shared_version: int,
) -> dict[str, Any]:
    """Find every acknowledged action; no duplicate documents or labels; no lost update."""
    figures = {"acknowledged": 0, "found": 0, "conflicts": 0, "clients": len(jobs)}
    figures["reruns"] = sum(sum(o["reruns"].values()) for o in outcomes)
    with db.read() as s:
        spans = {
            tuple(row)
            for row in s.execute(
                select(m.Annotator.name, m.Layer.document_id, m.Span.start, m.Span.end)
                .add_columns(m.Label.name)
                .join(m.Layer, m.Layer.annotator_id == m.Annotator.id)
                .join(m.Span, m.Span.layer_id == m.Layer.id)
                .join(m.Label, m.Label.id == m.Span.label_id)
            )
        }
        topics = {
            tuple(row)
            for row in s.execute(
                select(m.Annotator.name, m.Layer.document_id, m.Label.name)
                .join(m.Layer, m.Layer.annotator_id == m.Annotator.id)
                .join(m.LayerTopic, m.LayerTopic.layer_id == m.Layer.id)
                .join(m.Label, m.Label.id == m.LayerTopic.label_id)
            )
        }
        documents = s.scalar(select(func.count()).select_from(m.Document))
        distinct_texts = s.scalar(select(func.count(func.distinct(m.Document.text_sha256))))
        label_names = list(s.scalars(select(m.Label.name)))
        external = dict(
            s.execute(
                select(m.Document.external_id, m.Document.id).where(
                    m.Document.external_id.like("import-%")
                )
            ).all()
        )
        shared_final = s.scalar(
            select(m.Layer.version)
            .join(m.Annotator)
            .where(m.Annotator.name == "shared", m.Layer.document_id == docs[0])
        )
    files = {j["paths"][0] for j in jobs if j["role"] == "import"}
    assert documents == len(docs) + IMPORTED * len(files)
    assert distinct_texts == documents  # no document twice
    assert len(label_names) == len(set(label_names))  # no label twice
    relabels: list[list[int]] = []
    for job, outcome in zip(jobs, outcomes, strict=True):
        lines = logged_lines(Path(job["log"]))
        if job["role"] == "annotate":
            assert len(lines) == job["count"]
            for line in lines:
                doc, start, end, label = json.loads(line)
                figures["acknowledged"] += 1
                figures["found"] += (job["annotator"], doc, start, end, label) in spans
        elif job["role"] == "import":
            assert lines == ["done"]
            assert set(NEW_LABELS) | {NEW_TOPIC} <= set(label_names)
            who = job["annotator"]
            tag = Path(job["paths"][0]).stem
            imported_ids = [external[f"{tag}-{i}"] for i in range(IMPORTED)]
            for doc in imported_ids:
                figures["acknowledged"] += 4  # three spans and a new topic per record
                found = {(d, st, en) for name, d, st, en, _l in spans if name == who}
                figures["found"] += sum((doc, st, en) in found for st, en in ((0, 6), (10, 16)))
                figures["found"] += (doc, 20, 30) in found
                figures["found"] += (who, doc, NEW_TOPIC) in topics
        else:
            figures["conflicts"] += outcome["conflicts"]
            relabels.extend(json.loads(line) for line in lines)
    if relabels:
        # Each acknowledged relabel was based on a distinct version: none overwrote another
        # unseen, and the layer's version counts exactly the acknowledged ones.
        bases = [base for base, _after in relabels]
        assert len(bases) == len(set(bases))
        assert shared_final == shared_version + len(relabels)
        figures["acknowledged"] += len(relabels)
        figures["found"] += len(relabels)
    figures["relabels"] = len(relabels)
    assert figures["found"] == figures["acknowledged"]
    return figures


def report(backend: str, figures: dict[str, Any]) -> None:
    """Print the figures to quote."""
    print(
        f"\n[stress {backend}] {figures['clients']} clients: "
        f"{figures['acknowledged']} actions acknowledged, {figures['found']} found; "
        f"{figures['relabels']} relabels with version checks, {figures['conflicts']} conflicts "
        f"refused; {figures['reruns']} transactions rerun after losing a race; "
        f"{figures['seconds']} s"
    )


def test_sqlite_file_shared_by_writing_processes(zygote: Zygote, tmp_path: Path) -> None:
    url = str(tmp_path / "shared.sqlite")
    figures = run(zygote, url, tmp_path, annotators=2, importers=2, relabelers=2, actions=150)
    report("sqlite", figures)


@pytest.mark.postgres
def test_postgresql_eight_clients(zygote: Zygote, pg_url: str, tmp_path: Path) -> None:
    figures = run(zygote, pg_url, tmp_path, annotators=3, importers=3, relabelers=2, actions=150)
    report("postgresql", figures)


def open_together(zygote: Zygote, url: str, folder: Path, clients: int) -> list[int]:
    """Clients creating, migrating and seeding one new database at the same moment."""
    go = folder / "go-open"
    jobs = [
        {"role": "open", "db": url, "go": str(go), "result": str(folder / f"open{n}.json")}
        for n in range(clients)
    ]
    for job in jobs:
        zygote.spawn(job)
    go.touch()
    return [r["labels"] for r in results([Path(j["result"]) for j in jobs], timeout=60)]


def test_new_sqlite_file_opened_by_several_processes_at_once(
    zygote: Zygote, tmp_path: Path
) -> None:
    counts = open_together(zygote, str(tmp_path / "new.sqlite"), tmp_path, 6)
    assert counts == [counts[0]] * 6 and counts[0] > 0  # seeded once, no label twice


@pytest.mark.postgres
def test_new_postgresql_database_opened_by_several_clients_at_once(
    zygote: Zygote, pg_server: PgServer, tmp_path: Path
) -> None:
    name = pg_server.create_database()  # empty: no schema yet
    try:
        counts = open_together(zygote, pg_server.url(name), tmp_path, 8)
    finally:
        pg_server.drop_database(name)
    assert counts == [counts[0]] * 8 and counts[0] > 0
