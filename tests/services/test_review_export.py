"""Export of gold layers, the layer each record comes from, and blind mode on exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import insert

from annotator.core.errors import PermissionDeniedError
from annotator.services import access, exporter, importer
from annotator.services.annotations import AnnotationService
from annotator.services.exporter import ExportFilter
from annotator.services.review import ReviewService
from annotator.services.workspace import open_workspace
from annotator.storage import models as m
from annotator.storage.database import Database

TEXT = "قال مارك روته إن الحلف قوي في بروكسل"
PER = (TEXT.index("مارك روته"), TEXT.index("مارك روته") + 9)
LOC = (TEXT.index("بروكسل"), TEXT.index("بروكسل") + 6)


@pytest.fixture
def reviewed(db: Database) -> int:
    """alice and bob annotated one document; rita's gold holds what they agree on."""
    with db.write() as s:
        doc = s.scalar(
            insert(m.Document)
            .values(title="t", text=TEXT, text_sha256="h", source="", meta={})
            .returning(m.Document.id)
        )
    assert doc is not None
    for name in ("alice", "bob"):
        AnnotationService(db, name).add_span(doc, *PER, "PER")
    AnnotationService(db, "alice").add_span(doc, *LOC, "LOC")
    access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
    ReviewService(db, "rita").start(doc)
    return doc


def native(db: Database, tmp_path: Path, flt: ExportFilter) -> list[dict[str, object]]:
    out = tmp_path / "out.jsonl"
    exporter.export(db, str(out), flt=flt)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_records_say_which_layer_and_gold_is_asked_for(
    db: Database, reviewed: int, tmp_path: Path
) -> None:
    plain = native(db, tmp_path, ExportFilter())
    assert [(r["annotator"], r["layer"]) for r in plain] == [
        ("alice", "annotator"),
        ("bob", "annotator"),
    ]
    (gold,) = native(db, tmp_path, ExportFilter(gold=True))
    assert (gold["annotator"], gold["layer"], gold["status"]) == ("gold", "gold", "in_progress")
    assert [(s["label"], s["text"]) for s in gold["spans"]] == [("PER", "مارك روته")]  # type: ignore[index, union-attr]
    both = native(db, tmp_path, ExportFilter(annotators=("alice",), gold=True))
    assert [r["layer"] for r in both] == ["annotator", "gold"]
    AnnotationService(db, "carol")  # known, but without a layer
    unannotated = native(
        db, tmp_path, ExportFilter(annotators=("carol",), include_unannotated=True)
    )
    assert [r["layer"] for r in unannotated] == [None]
    prodigy = tmp_path / "gold.prodigy.jsonl"
    exporter.export(db, str(prodigy), fmt="prodigy", flt=ExportFilter(gold=True))
    assert json.loads(prodigy.read_text(encoding="utf-8"))["_annotator_id"] == "gold"


def test_a_gold_export_imports_as_gold(db: Database, reviewed: int, tmp_path: Path) -> None:
    out = tmp_path / "gold.jsonl"
    exporter.export(db, str(out), flt=ExportFilter(gold=True))
    other = open_workspace(str(tmp_path / "other.sqlite"))
    try:
        importer.import_paths(other, [str(out)])
        (again,) = native(other, tmp_path, ExportFilter(gold=True))
        assert again["layer"] == "gold" and len(again["spans"]) == 1  # type: ignore[arg-type]
        assert native(other, tmp_path, ExportFilter()) == []
    finally:
        other.close()


def test_blind_mode_exports_only_ones_own_layers(db: Database, reviewed: int) -> None:
    rita = access.resolve_actor(db, "rita")
    alice = access.resolve_actor(db, "alice")
    everything = ExportFilter()
    assert access.visible_export(db, alice, everything) == everything  # blind mode off
    access.set_setting(db, rita, "blind_mode", "on")
    assert access.visible_export(db, alice, everything) == ExportFilter(annotators=("alice",))
    assert access.visible_export(db, rita, everything) == everything
    for flt in (ExportFilter(annotators=("bob",)), ExportFilter(gold=True)):
        with pytest.raises(PermissionDeniedError, match="blind mode"):
            access.visible_export(db, alice, flt)
    with pytest.raises(PermissionDeniedError, match="say who you are"):
        access.visible_export(db, None, everything)
    records = list(exporter.iter_records(db, access.visible_export(db, alice, everything)))
    assert [r.annotator for r in records] == ["alice"]


def test_blind_mode_hides_others_layer_versions(db: Database, reviewed: int) -> None:
    rita = access.resolve_actor(db, "rita")
    alice = access.resolve_actor(db, "alice")
    assert set(access.visible_layer_versions(db, alice, reviewed)) == {"alice", "bob", "gold"}
    access.set_setting(db, rita, "blind_mode", "on")
    assert set(access.visible_layer_versions(db, alice, reviewed)) == {"alice"}
    assert set(access.visible_layer_versions(db, rita, reviewed)) == {"alice", "bob", "gold"}
