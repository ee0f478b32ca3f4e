"""An annotator login cannot move a colleague's progress figures by appending audit entries.

Progress (``stats --json``, the report, the statistics dock) is read from the audit log:
status changes (``set_status``/``undo``/``redo``, the layer's owner named in the entry's
``detail["layer"]``) and imports (``detail["done"]``: done layers per owner). Row security
lets bob, a plain annotator login, append entries about his own layers and his own
imports, but what an entry's ``detail`` says is his word. With psql he wrote a status
change on his own layer naming alice as its owner, and an ``import`` entry claiming 500
done layers of alice's: alice's progress rose by both. Bob's word counts for bob's own
figures only (as README says of an entry's detail); the administrator's imports count for
whoever they name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import LayerStatus
from annotator.services import importer, insight
from annotator.services.annotations import AnnotationService
from annotator.services.workspace import open_workspace
from tests.pgserver import PgServer
from tests.storage.test_row_security import TEXT, connect, document, logins  # noqa: F401

pytestmark = pytest.mark.postgres


def _done_totals(url: str) -> dict[str, int]:
    db = open_workspace(url)
    try:
        progress = insight.figures(db, with_time=False).progress
    finally:
        db.close()
    return {who: points[-1].total for who, points in progress.items() if points}


def test_an_annotator_cannot_raise_a_colleagues_progress_through_the_audit_log(
    pg_server: PgServer,
    pg_url: str,
    logins: dict[str, str],  # noqa: F811
    document: int,  # noqa: F811
    tmp_path: Path,
) -> None:
    # The administrator imports one done article of alice's (counted for alice).
    record = {
        "text": "نص آخر في بروكسل",
        "annotator": "alice",
        "spans": [{"start": 10, "end": 16, "label": "LOC", "text": "بروكسل"}],
    }
    path = tmp_path / "alice.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    admin = open_workspace(pg_url)
    try:
        importer.import_paths(admin, [str(path)], status=LayerStatus.DONE)
    finally:
        admin.close()
    # bob marks his own layer done through the program.
    bob_db = open_workspace(logins["bob"])
    try:
        bob = AnnotationService(bob_db, "bob")
        bob.add_span(document, 0, 3, "PER")
        bob.set_status(document, LayerStatus.DONE)
    finally:
        bob_db.close()
    before = _done_totals(logins["rita"])
    assert before == {"*": 2, "alice": 1, "bob": 1}

    with connect(pg_server, logins["bob"], "bob") as raw:
        row = raw.execute(
            "SELECT l.id FROM layers l JOIN annotators a ON a.id = l.annotator_id "
            "WHERE a.name = 'bob'"
        ).fetchone()
        assert row is not None
        forged_status = json.dumps({"layer": "alice", "status": ["new", "done"]})
        raw.execute(
            "INSERT INTO events (at, actor, action, layer_id, document_id, detail) "
            "SELECT now(), 'bob', 'set_status', %s, %s, %s FROM generate_series(1, 40)",
            (row[0], document, forged_status),
        )
        raw.execute(
            "INSERT INTO events (at, actor, action, detail) VALUES (now(), 'bob', 'import', %s)",
            (json.dumps({"done": {"alice": 500}}),),
        )
    after = _done_totals(logins["rita"])
    assert after["alice"] == before["alice"]
    assert after["*"] == sum(n for who, n in after.items() if who != "*")
