"""Label schema use cases: seed, list, add, remove (force), rename, load a schema file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import insert

from annotator.core.errors import AnnotatorError, InputError, NotFoundError
from annotator.core.model import Label, LabelKind
from annotator.core.schema import default_schema, load_schema_file, parse_schema
from annotator.services import labels
from annotator.services.annotations import AnnotationService
from annotator.storage import models as m
from annotator.storage.database import Database


def names(db: Database) -> list[str]:
    return [label.name for label in labels.list_labels(db)]


def new_document(db: Database, text: str = "قال مارك روته إن الحلف قوي") -> int:
    with db.write() as s:
        doc = s.scalar(
            insert(m.Document)
            .values(title="t", text=text, text_sha256=text, source="", meta={})
            .returning(m.Document.id)
        )
    assert doc is not None
    return doc


def test_default_schema_is_seeded_once(db: Database) -> None:
    assert names(db) == [label.name for label in default_schema()]
    assert labels.seed_default_schema(db) is False
    for name in names(db):
        labels.remove_label(db, name)
    assert names(db) == []
    # Seeding happens once per database: removing every label does not bring them back.
    assert labels.seed_default_schema(db) is False
    assert names(db) == []


def test_default_schema_content() -> None:
    schema = {label.name: label for label in default_schema()}
    for name in ("PER", "ORG", "LOC", "GPE", "DATE", "EVENT", "MISC"):
        assert schema[name].kind == LabelKind.ENTITY
    assert schema["QUOTE"].kind == LabelKind.QUOTE
    for name in ("politics", "economy", "energy", "security", "defence", "sport", "health"):
        assert schema[name].kind == LabelKind.TOPIC
    keys = [label.shortcut.upper() for label in schema.values() if label.shortcut]
    assert len(keys) == len(set(keys))


def test_add_label(db: Database) -> None:
    labels.add_label(db, Label("PRODUCT", LabelKind.ENTITY, "#123456", "X", "منتج"))
    assert names(db)[-1] == "PRODUCT"
    added = labels.list_labels(db)[-1]
    assert added == Label("PRODUCT", LabelKind.ENTITY, "#123456", "X", "منتج")
    with pytest.raises(AnnotatorError, match="already exists"):
        labels.add_label(db, Label("PRODUCT", LabelKind.TOPIC))
    with pytest.raises(AnnotatorError, match="shortcut 'p' is already used by label 'PER'"):
        labels.add_label(db, Label("PLACE", LabelKind.ENTITY, shortcut="p"))
    assert "PLACE" not in names(db)


def test_remove_label_refuses_one_in_use_unless_forced(db: Database) -> None:
    doc = new_document(db)
    service = AnnotationService(db, "alice")
    service.add_span(doc, 4, 13, "PER")
    service.add_span(doc, 0, 3, "PER")
    service.set_topic(doc, "politics", True)
    labels.remove_label(db, "MISC")
    assert "MISC" not in names(db)
    with pytest.raises(AnnotatorError, match="used by 2 spans and 0 topics"):
        labels.remove_label(db, "PER")
    with pytest.raises(AnnotatorError, match="used by 0 spans and 1 topics"):
        labels.remove_label(db, "politics")
    assert len(service.layer_state(doc).spans) == 2
    assert labels.remove_label(db, "PER", force=True) == 2
    assert labels.remove_label(db, "politics", force=True) == 1
    state = service.layer_state(doc)
    assert state.spans == ()
    assert state.topics == frozenset()
    with pytest.raises(NotFoundError):
        labels.remove_label(db, "PER")


def test_rename_label_keeps_its_annotations(db: Database) -> None:
    doc = new_document(db)
    service = AnnotationService(db, "alice")
    service.add_span(doc, 4, 13, "PER")
    labels.rename_label(db, "PER", " PERSON ")
    assert "PERSON" in names(db)
    assert "PER" not in names(db)
    assert [s.label for s in service.layer_state(doc).spans] == ["PERSON"]
    with pytest.raises(AnnotatorError, match="already exists"):
        labels.rename_label(db, "PERSON", "ORG")
    with pytest.raises(NotFoundError):
        labels.rename_label(db, "NOPE", "X")
    with pytest.raises(AnnotatorError, match="empty"):
        labels.rename_label(db, "PERSON", "  ")


def test_label_usage(db: Database) -> None:
    doc = new_document(db)
    service = AnnotationService(db, "alice")
    service.add_span(doc, 4, 13, "PER")
    service.set_topic(doc, "sport", True)
    usage = {u.label.name: (u.spans, u.topics) for u in labels.label_usage(db)}
    assert usage["PER"] == (1, 0)
    assert usage["sport"] == (0, 1)
    assert usage["ORG"] == (0, 0)


def write_schema(path: Path, entries: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"labels": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_schema_adds_and_updates(db: Database, tmp_path: Path) -> None:
    path = write_schema(
        tmp_path / "schema.json",
        [
            {"name": "PER", "kind": "entity", "colour": "#000000", "shortcut": "P"},
            {"name": "WEAPON", "kind": "entity", "colour": "#ff0000", "shortcut": "W"},
            {"name": "migration", "kind": "topic", "description": "هجرة"},
        ],
    )
    added, updated = labels.load_schema(db, load_schema_file(path), path=str(path))
    assert (added, updated) == (2, 1)
    by_name = {label.name: label for label in labels.list_labels(db)}
    assert by_name["PER"].colour == "#000000"
    assert by_name["WEAPON"].shortcut == "W"
    assert by_name["migration"].kind == LabelKind.TOPIC
    assert by_name["migration"].description == "هجرة"
    # Loading the same file again adds nothing and changes nothing: nothing "updated".
    assert labels.load_schema(db, load_schema_file(path)) == (0, 0)
    changed = write_schema(
        tmp_path / "changed.json",
        [
            {"name": "PER", "kind": "entity", "colour": "#000000", "shortcut": "P"},
            {"name": "WEAPON", "kind": "entity", "colour": "#00ff00", "shortcut": "W"},
            {"name": "migration", "kind": "topic", "description": "هجرة"},
        ],
    )
    assert labels.load_schema(db, load_schema_file(changed)) == (0, 1)


def test_schema_file_with_duplicates_or_shortcut_clash_is_refused(tmp_path: Path) -> None:
    dup = write_schema(tmp_path / "dup.json", [{"name": "PER"}, {"name": "PER"}])
    with pytest.raises(InputError, match="'PER' appears twice") as info:
        load_schema_file(dup)
    assert info.value.path == str(dup)
    clash = write_schema(
        tmp_path / "clash.json",
        [{"name": "PER", "shortcut": "p"}, {"name": "PLACE", "shortcut": "P"}],
    )
    with pytest.raises(InputError, match="share the shortcut"):
        load_schema_file(clash)
    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": [\n{"name": "A",}\n]}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_schema_file(bad)
    assert info.value.line == 2
    with pytest.raises(InputError, match="kind"):
        parse_schema('[{"name": "A", "kind": "relation"}]', "s.json")
    with pytest.raises(InputError, match="colour"):
        parse_schema('[{"name": "A", "colour": "red"}]', "s.json")
    with pytest.raises(InputError, match="name"):
        parse_schema('[{"name": " A"}]', "s.json")


def test_load_schema_refuses_shortcut_of_another_label(db: Database) -> None:
    with pytest.raises(AnnotatorError, match="already used by label 'PER'"):
        labels.load_schema(db, [Label("WEAPON", LabelKind.ENTITY, shortcut="P")])
    assert "WEAPON" not in names(db)  # all or nothing


def test_load_schema_cannot_change_kind_of_a_used_label(db: Database) -> None:
    doc = new_document(db)
    AnnotationService(db, "alice").add_span(doc, 0, 3, "MISC")
    with pytest.raises(InputError, match="'MISC' is entity with 1 spans"):
        labels.load_schema(db, [Label("MISC", LabelKind.TOPIC)], path="s.json")
    labels.load_schema(db, [Label("EVENT", LabelKind.TOPIC, shortcut="E")])
    assert {lab.name: lab.kind for lab in labels.list_labels(db)}["EVENT"] == LabelKind.TOPIC


def test_load_schema_changes_only_what_the_file_states(db: Database, tmp_path: Path) -> None:
    """A file naming a label without its colour or shortcut leaves those as they were."""
    labels.load_schema(db, [Label("WEAPON", LabelKind.ENTITY, "#123456", "W", "سلاح")])
    path = write_schema(
        tmp_path / "names.json", [{"name": "WEAPON"}, {"name": "PER", "color": "#000000"}]
    )
    # WEAPON as it was (nothing stated, same place): only PER's colour is an update
    assert labels.load_schema(db, load_schema_file(path), path=str(path)) == (0, 1)
    by_name = {label.name: label for label in labels.list_labels(db)}
    assert by_name["WEAPON"] == Label("WEAPON", LabelKind.ENTITY, "#123456", "W", "سلاح")
    assert by_name["PER"].colour == "#000000"
    assert by_name["PER"].shortcut == next(
        lab.shortcut for lab in default_schema() if lab.name == "PER"
    )
    # Stated, a setting does change: even to nothing.
    path = write_schema(tmp_path / "clear.json", [{"name": "WEAPON", "shortcut": None}])
    labels.load_schema(db, load_schema_file(path), path=str(path))
    assert {lab.name: lab.shortcut for lab in labels.list_labels(db)}["WEAPON"] is None


def test_load_schema_cannot_turn_a_used_topic_into_an_entity(db: Database) -> None:
    """Document topics hold their label as a topic: changing its kind would damage them."""
    doc = new_document(db)
    AnnotationService(db, "alice").set_topic(doc, "sport", True)
    with pytest.raises(InputError, match="'sport' is topic with 1 document topics"):
        labels.load_schema(db, [Label("sport", LabelKind.ENTITY)], path="s.json")
    assert {lab.name: lab.kind for lab in labels.list_labels(db)}["sport"] == LabelKind.TOPIC
