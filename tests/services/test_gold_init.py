"""``gold init`` in bulk (issue 15 item 9): the gold of one start per document, all or nothing."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.core.errors import NotFoundError, PermissionDeniedError
from annotator.services import access, gold_init, importer
from annotator.services.annotators import GOLD
from annotator.services.review import ReviewService
from annotator.services.workspace import open_workspace
from annotator.storage import models as m
from annotator.storage.database import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from hardening_corpus import records

DOCUMENTS = 40


def corpus(path: Path, documents: int = DOCUMENTS) -> Path:
    """A database of ``documents`` articles, three annotators each, and a reviewer rita."""
    source = path.with_suffix(".jsonl")
    source.write_text("\n".join(records(documents)) + "\n", encoding="utf-8")
    db = open_workspace(str(path))
    try:
        importer.import_paths(db, [str(source)])
        access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    finally:
        db.close()
    return path


def gold_state(
    db: Database,
) -> dict[int, tuple[str, frozenset[object], frozenset[object], frozenset[str]]]:
    """Every gold layer by document: status, span keys, links by key, topics."""
    review = ReviewService(db, "rita")
    with db.read() as s:
        docs = list(
            s.scalars(
                select(m.Layer.document_id)
                .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
                .where(m.Annotator.role == GOLD)
            )
        )
    out = {}
    for doc in docs:
        layer = review.gold.layer_state(doc)
        keys = {s.id: s.key for s in layer.spans}
        links = frozenset((keys[r.head], keys[r.child], r.label) for r in layer.relations)
        out[doc] = (
            layer.status.value,
            frozenset(keys.values()),
            links,
            frozenset(layer.topics),
        )
    return out


def audit_log(db: Database) -> list[tuple[object, ...]]:
    """The gold entries of the audit log, but for the layer's version number."""
    with db.read() as s:
        rows = s.execute(
            select(m.Event.document_id, m.Event.actor, m.Event.action, m.Event.detail)
            .where(m.Event.action.like("gold%"))
            .order_by(m.Event.document_id)
        ).all()
    out = []
    for doc, actor, action, detail in rows:
        detail = dict(detail)
        detail.pop("version")
        for key in ("added_spans", "added_relations"):
            if key in detail:
                detail[key] = sorted(map(str, detail[key]))
        out.append((doc, actor, action, detail))
    return out


def gold_layers(db: Database) -> int:
    with db.read() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(m.Layer)
                .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
                .where(m.Annotator.role == GOLD)
            )
            or 0
        )


@pytest.mark.parametrize("min_votes", [None, 1, 3])
def test_bulk_gold_is_what_one_start_per_document_gives(
    tmp_path: Path, min_votes: int | None
) -> None:
    one = corpus(tmp_path / "one.sqlite")
    bulk = tmp_path / "bulk.sqlite"
    shutil.copy(one, bulk)
    db = open_workspace(str(one))
    review = ReviewService(db, "rita")
    for doc in range(1, DOCUMENTS + 1):
        review.start(doc, min_votes=min_votes)
    expected = gold_state(db)
    expected_log = audit_log(db)
    db.close()
    db = open_workspace(str(bulk))
    result = gold_init.init_gold(db, "rita", min_votes=min_votes)
    assert result == gold_init.GoldInit(DOCUMENTS, 0)
    got = gold_state(db)
    assert got == expected
    assert audit_log(db) == expected_log
    assert any(links for _s, _k, links, _t in got.values())  # relations were voted too
    assert any(topics for _s, _k, _l, topics in got.values())
    # A second run leaves existing gold as it is.
    assert gold_init.init_gold(db, "rita") == gold_init.GoldInit(0, DOCUMENTS)
    db.close()


def test_chosen_documents_and_refusals(tmp_path: Path) -> None:
    db = open_workspace(str(corpus(tmp_path / "c.sqlite", 5)))
    assert gold_init.init_gold(db, "rita", [2, 4, 4]) == gold_init.GoldInit(2, 0)
    assert gold_init.init_gold(db, "rita", [1, 2]) == gold_init.GoldInit(1, 1)
    with pytest.raises(NotFoundError, match="no document 99"):
        gold_init.init_gold(db, "rita", [3, 99])
    assert gold_layers(db) == 3  # the refusal changed nothing
    with pytest.raises(PermissionDeniedError):
        gold_init.init_gold(db, "annotator1")
    db.close()


KILLED = textwrap.dedent(
    """
    import sys, time
    from annotator.services import gold_init
    real = gold_init._write_gold
    pages = []
    def slow(*args):
        real(*args)
        pages.append(1)
        if len(pages) == 2:
            print("written", flush=True)
            time.sleep(60)
    gold_init._write_gold = slow
    gold_init.PAGE = 10
    from annotator.cli.main import main
    main(sys.argv[1:])
    """
)


def test_a_killed_gold_init_leaves_no_gold_layer(tmp_path: Path) -> None:
    path = corpus(tmp_path / "k.sqlite")
    args = ["gold", "init", "--all", "--as", "rita", "--db", str(path)]
    with subprocess.Popen(
        [sys.executable, "-c", KILLED, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        started = child.stdout.readline()
        child.send_signal(signal.SIGKILL)
        _out, err = child.communicate(timeout=60)
    assert started == "written\n", err  # 20 gold layers were written, not committed
    db = open_workspace(str(path))
    assert gold_layers(db) == 0
    db.close()
