"""SIGKILL in the middle of annotating and of importing, again and again, loses nothing.

Each round forks an annotating client (one committed span per call, each acknowledged in
its log only after the call returned, flushed and fsynced; a restarted client resumes after
its last logged action) and a client importing a file of its own as one transaction, and
SIGKILLs each at a random (seeded) moment, until each was killed 15 times while running.
Afterwards the file opens normally, passes
``PRAGMA integrity_check`` and ``foreign_key_check``, holds every acknowledged span, and
holds each round's import wholly or not at all (wholly when it was acknowledged).
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

from annotator.services import maintenance
from annotator.storage import models as m
from annotator.storage.database import open_database
from tests.stress.conftest import LENGTH, Zygote, article, kill, seed, wait_gone
from tests.stress.worker import logged_lines

pytestmark = pytest.mark.slow

KILLS = 15
"""SIGKILLs of each client (annotating, importing) that hit it while it was running."""
MAX_ROUNDS = 60
SEED = 20261128
RECORDS = 2000
"""Records per import round (an import takes about a second, so kills land inside it)."""


def import_source(folder: Path, round_: int) -> Path:
    """This round's file: new articles with three spans and a topic each."""
    path = folder / f"round{round_}.jsonl"
    with path.open("wb") as out:
        for i in range(RECORDS):
            record = {
                "text": article(i, f"crash round {round_}"),
                "external_id": f"r{round_}-{i}",
                "spans": [
                    {"start": 0, "end": 5, "label": "PER"},
                    {"start": 8, "end": 14, "label": "ORG"},
                    {"start": 20, "end": 31, "label": "LOC"},
                ],
                "topics": ["economy"],
                "annotator": "importer",
            }
            out.write(orjson.dumps(record) + b"\n")
    return path


def test_sigkill_while_annotating_and_importing(zygote: Zygote, tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    docs = seed(str(path), tmp_path, 8)
    rng = random.Random(SEED)
    ann_log = tmp_path / "annotate.log"
    kills = {"annotate": 0, "import": 0, "import_mid": 0, "finished_first": 0}
    started = time.monotonic()
    rounds = 0
    # Imports keep getting faster; when one finishes before its kill, aim earlier next time.
    import_window = 2.2
    while min(kills["annotate"], kills["import"]) < KILLS:
        assert rounds < MAX_ROUNDS, kills
        round_ = rounds
        rounds += 1
        source = import_source(tmp_path, round_)
        common = {"db": str(path)}
        annotating = zygote.spawn(
            common
            | {
                "role": "annotate",
                "annotator": "crash",
                "count": 10**6,
                "docs": docs,
                "length": LENGTH,
                "log": str(ann_log),
                "result": str(tmp_path / f"annotate{round_}.json"),
            }
        )
        import_log = tmp_path / f"import{round_}.log"
        importing = zygote.spawn(
            common
            | {
                "role": "import",
                "annotator": "importer",
                "paths": [str(source)],
                "log": str(import_log),
                "result": str(tmp_path / f"import{round_}.json"),
            }
        )
        moments = sorted(
            [
                (rng.uniform(0.1, 2.0), "annotate", annotating),
                (rng.uniform(0.05, import_window), "import", importing),
            ]
        )
        begin = time.monotonic()
        for moment, role, pid in moments:
            time.sleep(max(0.0, begin + moment - time.monotonic()))
            if kill(pid):
                kills[role] += 1
                if role == "import" and not import_log.exists():
                    kills["import_mid"] += 1
            else:
                kills["finished_first"] += 1
                if role == "import":
                    import_window = max(0.2, import_window * 0.7)
            wait_gone(pid)
    elapsed = time.monotonic() - started

    # The killed file opens as it is (the read-only pre-check must not call it damaged).
    db = open_database(str(path))
    db.close()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    assert maintenance.check_database(str(path)).ok

    db = open_database(str(path))
    try:
        with db.read() as s:
            spans = {
                tuple(row)
                for row in s.execute(
                    select(m.Layer.document_id, m.Span.start, m.Span.end, m.Label.name)
                    .join(m.Span, m.Span.layer_id == m.Layer.id)
                    .join(m.Label, m.Label.id == m.Span.label_id)
                    .join(m.Annotator, m.Annotator.id == m.Layer.annotator_id)
                    .where(m.Annotator.name == "crash")
                )
            }
            acknowledged = [tuple(json.loads(line)) for line in logged_lines(ann_log)]
            found = sum(action in spans for action in acknowledged)
            imports = {"whole": 0, "absent": 0}
            for round_ in range(rounds):
                ids = select(m.Document.id).where(m.Document.external_id.like(f"r{round_}-%"))
                documents = s.scalar(select(func.count()).select_from(ids.subquery()))
                span_count = s.scalar(
                    select(func.count())
                    .select_from(m.Span)
                    .join(m.Layer, m.Layer.id == m.Span.layer_id)
                    .where(m.Layer.document_id.in_(ids))
                )
                acknowledged_import = logged_lines(tmp_path / f"import{round_}.log") == ["done"]
                assert (documents, span_count) in ((0, 0), (RECORDS, 3 * RECORDS)), round_
                assert documents == RECORDS or not acknowledged_import, round_
                imports["whole" if documents else "absent"] += 1
    finally:
        db.close()
    print(
        f"\n[crash sqlite] {rounds} rounds in {elapsed:.1f} s: {kills['annotate']} kills while "
        f"annotating, {kills['import']} while importing ({kills['import_mid']} before the "
        f"import was acknowledged), {kills['finished_first']} clients had finished first; "
        f"{len(acknowledged)} actions acknowledged, {found} found; imports {imports['whole']} "
        f"whole, {imports['absent']} absent, none partial; integrity_check ok"
    )
    assert found == len(acknowledged) > 0
