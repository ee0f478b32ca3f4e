"""Import: documents meet by external id or text, layers merge, and a bad file changes nothing."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import InputError
from annotator.core.model import LabelKind, LayerStatus
from annotator.services import documents, importer, labels
from annotator.services.annotations import AnnotationService
from annotator.storage import models as m
from annotator.storage.database import Database

TEXT = "قال الأمين العام مارك روته إن الحلف قوي في بروكسل"


def at(text: str, word: str) -> dict[str, Any]:
    start = text.index(word)
    return {"start": start, "end": start + len(word)}


def span(text: str, word: str, label: str, **extra: Any) -> dict[str, Any]:
    return {**at(text, word), "label": label, "text": word, **extra}


def write_jsonl(path: Path, records: list[Any]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: the whole database as comparable values."""
    out = {}
    with db.read() as s:
        for table in m.Base.metadata.sorted_tables:
            rows = s.execute(select(table)).all()
            out[table.name] = sorted((tuple(map(repr, row)) for row in rows), key=repr)
    return out


def count(db: Database, model: Any) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def layer(db: Database, doc: int, annotator: str) -> tuple[Any, ...]:
    state = AnnotationService(db, annotator).layer_state(doc)
    keys = {s.id: s.key for s in state.spans}
    relations = sorted((keys[r.head], keys[r.child], r.label) for r in state.relations)
    return state.status, sorted(keys.values()), relations, sorted(state.topics)


def only_document(db: Database) -> int:
    (row,) = documents.list_documents(db)
    return row.id


def test_txt_file_and_folder(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "more").mkdir(parents=True)
    (folder / "a.txt").write_text("عنوان أول\nنص أول", encoding="utf-8")
    (folder / "more" / "b.txt").write_text("عنوان ثان\nنص ثان", encoding="utf-8")
    (folder / "ignored.md").write_text("# not imported", encoding="utf-8")
    single = tmp_path / "c.txt"
    single.write_text("\n\nعنوان ثالث\r\nنص", encoding="utf-8")
    summary = importer.import_paths(db, [str(folder), str(single)])
    assert (summary.files, summary.records, summary.documents_added) == (3, 3, 3)
    rows = documents.list_documents(db)
    assert [r.title for r in rows] == ["عنوان أول", "عنوان ثان", "عنوان ثالث"]
    detail = documents.get_document(db, rows[2].id)
    assert detail.text == "\n\nعنوان ثالث\nنص"
    assert detail.source == "c.txt"
    assert count(db, m.Layer) == 0


def test_reimport_adds_no_duplicates(db: Database, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [{"text": TEXT, "meta": {"external_id": "u1"}}, {"text": "نص آخر"}],
    )
    txt = tmp_path / "same.txt"
    txt.write_text("نص آخر", encoding="utf-8")  # same text as the second record
    first = importer.import_paths(db, [str(path)])
    assert (first.documents_added, first.documents_existing) == (2, 0)
    before = dump(db)
    again = importer.import_paths(db, [str(path), str(txt)])
    # Three records, two documents: each document already there is counted once.
    assert (again.documents_added, again.documents_existing) == (0, 2)
    assert dump(db) == before


def test_two_annotators_files_meet_on_one_document(db: Database, tmp_path: Path) -> None:
    alice = write_jsonl(
        tmp_path / "alice.jsonl",
        [{"text": TEXT, "spans": [span(TEXT, "مارك روته", "PER")], "accept": ["politics"]}],
    )
    bob = write_jsonl(
        tmp_path / "bob.jsonl",
        [{"text": TEXT, "spans": [span(TEXT, "بروكسل", "GPE"), span(TEXT, "مارك", "PER")]}],
    )
    importer.import_paths(db, [str(alice)], annotator="alice")
    summary = importer.import_paths(db, [str(bob)], annotator="bob")
    assert (summary.documents_added, summary.documents_existing) == (0, 1)
    assert summary.layers_added == 1
    doc = only_document(db)
    assert layer(db, doc, "alice")[1:] == (
        [(*at(TEXT, "مارك روته").values(), "PER")],
        [],
        ["politics"],
    )
    assert layer(db, doc, "bob")[1] == sorted(
        [(*at(TEXT, "بروكسل").values(), "GPE"), (*at(TEXT, "مارك").values(), "PER")]
    )
    assert count(db, m.Layer) == 2


def test_two_annotators_in_one_file(db: Database, tmp_path: Path) -> None:
    """A native export of two layers holds the same document twice, on consecutive lines."""
    path = write_jsonl(
        tmp_path / "both.jsonl",
        [
            {"text": TEXT, "meta": {"external_id": "u1"}, "annotator": "alice",
             "spans": [span(TEXT, "مارك روته", "PER", id=1)]},
            {"text": TEXT, "meta": {"external_id": "u1"}, "annotator": "bob",
             "spans": [span(TEXT, "بروكسل", "GPE", id=1)]},
        ],
    )  # fmt: skip
    summary = importer.import_paths(db, [str(path)])
    assert (summary.documents_added, summary.layers_added, summary.spans_added) == (1, 2, 2)
    doc = only_document(db)
    assert layer(db, doc, "alice")[1] == [(*at(TEXT, "مارك روته").values(), "PER")]
    assert layer(db, doc, "bob")[1] == [(*at(TEXT, "بروكسل").values(), "GPE")]


def test_relations_across_repeated_records_of_one_import(db: Database, tmp_path: Path) -> None:
    """Layers seen twice in one file, the second time with relations to known spans."""
    other = "نص ثان: قال روته «نعم»"

    def rec(text: str, who: str, with_relation: bool) -> dict[str, Any]:
        spans = [span(text, "روته", "PER", id=1)]
        out: dict[str, Any] = {"text": text, "annotator": who, "spans": spans}
        if with_relation:
            spans.append({**span(text, "«نعم»" if "«" in text else "قوي", "QUOTE"), "id": 2})
            out["relations"] = [{"head": 2, "child": 1, "label": "SPEAKER"}]
        return out

    path = write_jsonl(
        tmp_path / "r.jsonl",
        [rec(TEXT, "alice", False), rec(other, "carol", False), rec(TEXT, "alice", True),
         rec(other, "carol", True)],
    )  # fmt: skip
    summary = importer.import_paths(db, [str(path)])
    assert (summary.spans_added, summary.spans_existing, summary.relations_added) == (4, 2, 2)
    docs = [r.id for r in documents.list_documents(db)]
    assert layer(db, docs[0], "alice")[2] == [
        ((*at(TEXT, "قوي").values(), "QUOTE"), (*at(TEXT, "روته").values(), "PER"), "SPEAKER")
    ]
    assert layer(db, docs[1], "carol")[2] == [
        ((*at(other, "«نعم»").values(), "QUOTE"), (*at(other, "روته").values(), "PER"), "SPEAKER")
    ]


def annotated_file(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "annotated.jsonl",
        [
            {
                "text": TEXT,
                "annotator": "alice",
                "status": "done",
                "spans": [
                    span(TEXT, "مارك روته", "PER", id="p"),
                    span(TEXT, "الحلف قوي", "QUOTE", id="q"),
                ],
                "relations": [{"head": "q", "child": "p", "label": "SPEAKER"}],
                "topics": ["defence"],
            },
            {"text": "نص بلا تعليقات"},
        ],
    )


def test_reimport_of_annotated_file_adds_nothing(db: Database, tmp_path: Path) -> None:
    path = annotated_file(tmp_path)
    first = importer.import_paths(db, [str(path)])
    assert (first.documents_added, first.layers_added, first.spans_added) == (2, 1, 2)
    assert (first.relations_added, first.topics_added) == (1, 1)
    doc = documents.list_documents(db)[0].id
    assert layer(db, doc, "alice")[0] == LayerStatus.DONE
    before = dump(db)
    again = importer.import_paths(db, [str(path)])
    assert (again.documents_added, again.documents_existing) == (0, 2)
    assert (again.layers_added, again.layers_merged) == (0, 1)
    assert (again.spans_added, again.spans_existing) == (0, 2)
    assert (again.relations_added, again.topics_added) == (0, 0)
    assert dump(db) == before


def test_import_merges_into_an_existing_layer(db: Database, tmp_path: Path) -> None:
    path = annotated_file(tmp_path)
    importer.import_paths(db, [str(path)])
    doc = documents.list_documents(db)[0].id
    AnnotationService(db, "alice").add_span(doc, *at(TEXT, "بروكسل").values(), "GPE")
    more = write_jsonl(
        tmp_path / "more.jsonl",
        [{"text": TEXT, "annotator": "alice", "spans": [span(TEXT, "العام", "MISC")]}],
    )
    summary = importer.import_paths(db, [str(more)])
    assert (summary.layers_merged, summary.spans_added) == (1, 1)
    assert [key[2] for key in layer(db, doc, "alice")[1]] == ["MISC", "PER", "QUOTE", "GPE"]


def test_add_labels(db: Database, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "new-labels.jsonl",
        [
            {
                "text": TEXT,
                "annotator": "alice",
                "spans": [
                    span(TEXT, "مارك روته", "PERSON", kind="entity"),
                    span(TEXT, "الحلف قوي", "CLAIM", kind="quote"),
                    span(TEXT, "بروكسل", "QUOTE"),
                    span(TEXT, "الأمين", "TITLE"),
                ],
                "topics": ["migration"],
            }
        ],
    )
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [str(path)])
    assert info.value.located().startswith(f"{path}:1: label 'PERSON' is not in")
    assert "--add-labels" in info.value.reason
    summary = importer.import_paths(db, [str(path)], add_labels=True)
    assert summary.labels_added == ["PERSON", "CLAIM", "TITLE", "migration"]
    kinds = {label.name: label.kind for label in labels.list_labels(db)}
    assert kinds["PERSON"] == LabelKind.ENTITY
    assert kinds["CLAIM"] == LabelKind.QUOTE
    assert kinds["TITLE"] == LabelKind.ENTITY
    assert kinds["migration"] == LabelKind.TOPIC
    assert kinds["QUOTE"] == LabelKind.QUOTE


def test_topic_that_is_not_a_topic_label(db: Database, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", [{"text": TEXT, "annotator": "a", "topics": ["PER"]}])
    with pytest.raises(InputError, match="'PER' is a entity label, not a topic"):
        importer.import_paths(db, [str(path)])


def test_annotations_need_an_annotator(db: Database, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "spans": [span(TEXT, "روته", "PER")]}])
    before = dump(db)
    with pytest.raises(InputError, match="--annotator") as info:
        importer.import_paths(db, [str(path)])
    assert info.value.line == 1
    assert dump(db) == before
    importer.import_paths(db, [str(path)], annotator="  dana ")
    assert layer(db, only_document(db), "dana")[1] == [(*at(TEXT, "روته").values(), "PER")]


def test_same_external_id_with_other_text_is_refused(db: Database, tmp_path: Path) -> None:
    importer.import_paths(
        db,
        [str(write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "meta": {"external_id": "u1"}}]))],
    )
    other = write_jsonl(tmp_path / "b.jsonl", [{"text": "نص مختلف", "meta": {"external_id": "u1"}}])
    with pytest.raises(InputError, match="'u1' already exists with a different text"):
        importer.import_paths(db, [str(other)])


BAD_THIRD_RECORDS = [
    ("{broken json", "invalid JSON"),
    (json.dumps({"text": "abc", "spans": [{"start": 2, "end": 1, "label": "PER"}]}), "reversed"),
    (json.dumps({"text": "abc", "spans": [{"start": 0, "end": 9, "label": "PER"}]}), "outside"),
    (
        json.dumps(
            {"text": "abc", "spans": [{"start": 0, "end": 2, "label": "PER", "text": "bc"}]}
        ),
        "does not match",
    ),
    (
        json.dumps(
            {"text": "abc", "annotator": "b", "spans": [{"start": 0, "end": 2, "label": "NOPE"}]}
        ),
        "'NOPE'",
    ),
]


def _quote_record(head: str, child: str, *, same: bool = False) -> str:
    """A record whose SPEAKER relation runs from a ``head`` span to a ``child`` span."""
    text = "قال محمد في الرياض: «الاقتصاد ينمو»"
    spans = [
        {"id": 1, **span(text, "محمد", child)},
        {"id": 2, **span(text, "«الاقتصاد ينمو»", head)},
    ]
    relation = {"head": 1 if same else 2, "child": 1, "label": "SPEAKER"}
    return json.dumps({"text": text, "annotator": "b", "spans": spans, "relations": [relation]})


BAD_THIRD_RECORDS += [
    (_quote_record("PER", "QUOTE"), "a speaker belongs to a quote span"),
    (_quote_record("QUOTE", "GPE"), "must be a person or organisation (ORG, PER), not GPE"),
    (_quote_record("QUOTE", "PER", same=True), "links span [4, 8) PER to itself"),
]


def test_import_is_all_or_nothing(db: Database, tmp_path: Path) -> None:
    """A good file and a file whose third record is bad: nothing of either is kept."""
    importer.import_paths(db, [str(write_jsonl(tmp_path / "old.jsonl", [{"text": "قديم"}]))])
    AnnotationService(db, "zoe").set_status(only_document(db), LayerStatus.DONE)
    good = annotated_file(tmp_path)
    new_label = write_jsonl(
        tmp_path / "new-label.jsonl",
        [{"text": TEXT, "annotator": "carl", "spans": [span(TEXT, "روته", "WEAPON")]}],
    )
    before = dump(db)
    for number, (bad_line, words) in enumerate(BAD_THIRD_RECORDS):
        bad = write_jsonl(
            tmp_path / f"bad{number}.jsonl",
            [
                {"text": f"سجل أول {number}", "annotator": "bob",
                 "spans": [{"start": 0, "end": 3, "label": "PER"}]},
                {"text": f"سجل ثان {number}", "label": [[0, 3, "ORG"]], "annotator": "bob"},
                bad_line,
                {"text": "سجل رابع"},
            ],
        )  # fmt: skip
        add_labels = "NOPE" not in bad_line
        paths = [str(good), str(new_label)] if add_labels else [str(good)]
        with pytest.raises(InputError) as info:
            importer.import_paths(db, [*paths, str(bad)], add_labels=add_labels)
        assert info.value.located() == f"{bad}:3: {info.value.reason}"
        assert words in info.value.reason
        assert dump(db) == before, bad_line
    # The same files without the bad one do import (so the faults above were what stopped it).
    summary = importer.import_paths(db, [str(good), str(new_label)], add_labels=True)
    assert summary.labels_added == ["WEAPON"]
    assert dump(db) != before


def test_bad_file_in_a_folder_stops_the_whole_import(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("نص جيد", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "c.txt").write_text("نص جيد آخر", encoding="utf-8")
    before = dump(db)
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [str(folder)])
    assert info.value.path == str(folder / "b.txt")
    assert "binary" in info.value.reason
    assert info.value.located() == f"{folder / 'b.txt'}:3: {info.value.reason}"
    assert dump(db) == before


def test_crlf_bom_jsonl_lands_on_the_right_characters(db: Database, tmp_path: Path) -> None:
    raw = "عنوان الخبر\r\nقال مارك روته\r\nإن «الحلف قوي»\r\n"
    spans = [span(raw, "مارك روته", "PER"), span(raw, "«الحلف قوي»", "QUOTE")]
    record = {"text": raw, "spans": spans}
    path = tmp_path / "windows.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + (json.dumps(record, ensure_ascii=False) + "\r\n").encode())
    importer.import_paths(db, [str(path)], annotator="alice")
    doc = only_document(db)
    text = documents.get_document(db, doc).text
    assert text == raw.replace("\r\n", "\n")
    stored = AnnotationService(db, "alice").layer_state(doc).spans
    assert sorted(text[s.start : s.end] for s in stored) == ["«الحلف قوي»", "مارك روته"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("cp1256"),
        lambda t: t.encode("utf-16"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["cp1256", "utf16", "utf16be-bom", "utf16le-nobom", "utf8-bom-crlf"],
)
def test_legacy_text_files_are_recognised(db: Database, tmp_path: Path, encode: Any) -> None:
    text = "الناتو يجتمع في بروكسل\nقال الأمين العام إن الحلف قوي"
    path = tmp_path / "legacy.txt"
    path.write_bytes(encode(text))
    importer.import_paths(db, [str(path)])
    assert documents.get_document(db, only_document(db)).text == text


def test_explicit_encoding(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Señor Müller\nà Bruxelles".encode("latin-1"))
    with pytest.raises(InputError, match="--encoding") as info:
        importer.import_paths(db, [str(path)])
    assert info.value.line == 1
    importer.import_paths(db, [str(path)], encoding="latin-1")
    assert documents.get_document(db, only_document(db)).title == "Señor Müller"


def test_progress_is_reported(db: Database, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "many.jsonl", [{"text": f"نص رقم {i}"} for i in range(1200)])
    seen: list[importer.ImportProgress] = []
    importer.import_paths(db, [str(path)], progress=seen.append)
    assert len(seen) >= 3
    assert [p.records for p in seen] == sorted(p.records for p in seen)
    assert seen[-1].records == 1200
    assert seen[-1].bytes_done == seen[-1].bytes_total == path.stat().st_size
    assert documents.count_documents(db) == 1200


def test_unknown_conll_label_names_the_line_that_uses_it(db: Database, tmp_path: Path) -> None:
    """A CoNLL document spans many lines: the error points at the label's first use."""
    path = tmp_path / "news.conll"
    path.write_text("قال O\nمحمد B-PER\n\nفي O\nالرياض B-WEAPON\n", encoding="utf-8")
    before = dump(db)
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [str(path)], annotator="alice")
    assert info.value.located().startswith(f"{path}:5: label 'WEAPON' is not in")
    assert dump(db) == before


def test_a_quote_has_one_speaker(db: Database, tmp_path: Path) -> None:
    """Two speakers for one quote, in one record or over two imports, stop the import."""
    text = "قال محمد وعلي: «الاقتصاد ينمو»"
    quote = {"id": 3, **span(text, "«الاقتصاد ينمو»", "QUOTE")}
    people = [{"id": 1, **span(text, "محمد", "PER")}, {"id": 2, **span(text, "علي", "PER")}]

    def record(*speakers: int) -> dict[str, Any]:
        links = [{"head": 3, "child": who, "label": "SPEAKER"} for who in speakers]
        return {"text": text, "annotator": "b", "spans": [*people, quote], "relations": links}

    before = dump(db)
    both = write_jsonl(tmp_path / "both.jsonl", [{"text": "سجل"}, record(1, 2)])
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [str(both)])
    assert info.value.located().startswith(f"{both}:2: the quote [15, 30) already has another")
    assert dump(db) == before
    importer.import_paths(db, [str(write_jsonl(tmp_path / "one.jsonl", [record(1)]))])
    again = write_jsonl(tmp_path / "again.jsonl", [record(1)])
    assert importer.import_paths(db, [str(again)]).relations_added == 0  # the same link: fine
    after_first = dump(db)
    other = write_jsonl(tmp_path / "other.jsonl", [record(2)])
    with pytest.raises(InputError, match="already has another speaker"):
        importer.import_paths(db, [str(other)])
    assert dump(db) == after_first


def test_meta_is_stored_as_its_column_type_writes_it(db: Database, tmp_path: Path) -> None:
    """The importer serialises meta itself (one executemany of plain rows): the stored value
    is the one SQLAlchemy's JSON type writes and reads back, on SQLite and PostgreSQL."""
    meta = {
        "url": "https://sabq.org/خبر?id=1",
        "outlet": "سبق",
        "n": 3,
        "big": 12345678901234567890123,
        "nested": {"list": [1.5, None, True, "«نص»"], "empty": {}},
    }
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "meta": meta}])
    importer.import_paths(db, [str(path)])
    with db.read() as s:
        (stored,) = s.execute(select(m.Document.meta)).scalars().all()
        if db.engine.dialect.name == "sqlite":
            raw = s.execute(select(func.cast(m.Document.meta, m.Document.text.type))).scalar()
            assert raw == json.dumps(meta)  # SQLAlchemy's serializer, ASCII-escaped
    assert stored == meta


def test_texts_are_stored_as_the_text_they_are(db: Database, tmp_path: Path) -> None:
    """On SQLite the importer hands each text to the database as its UTF-8 bytes (no
    second encoding): stored is TEXT, equal to the record's text character for character,
    its length in code points, searchable like any text (a BLOB would be none of these).
    A text the reader changes (CRLF, a presentation form) goes in as changed."""
    texts = [
        "قال الوزير «نص» 😀 ok",  # astral, guillemets, ASCII
        "مُحَمَّد ـــ ٣٤ ﻻ بأس\r\nسطر",  # harakat, tatweel, digits, a form, CRLF
        "plain ASCII text",
    ]
    path = write_jsonl(tmp_path / "t.jsonl", [{"text": t} for t in texts])
    importer.import_paths(db, [str(path)])
    expected = [t.replace("\r\n", "\n").replace("ﻻ", "لا") for t in texts]
    with db.read() as s:
        stored = s.execute(select(m.Document.text).order_by(m.Document.id)).scalars().all()
        assert stored == expected
        lengths = (
            s.execute(select(func.length(m.Document.text)).order_by(m.Document.id)).scalars().all()
        )
        assert lengths == [len(t) for t in expected]
        if db.engine.dialect.name == "sqlite":
            kinds = s.execute(select(func.typeof(m.Document.text))).scalars().all()
            assert kinds == ["text"] * 3
        found = (
            s.execute(select(m.Document.id).where(m.Document.text.like("%الوزير «نص» 😀%")))
            .scalars()
            .all()
        )
        assert len(found) == 1


def test_new_rows_get_the_ids_the_database_would_give(db: Database, tmp_path: Path) -> None:
    """The importer numbers new documents and layers itself on SQLite (none read back):
    each batch continues from the largest id there, as SQLite (and, on a fresh table,
    PostgreSQL's sequence) numbers rows; with a deleted last row, SQLite reuses its id.
    Documents met again keep theirs, and each layer is its document's."""
    texts = [f"{TEXT} {n}" for n in range(5)]

    def records(numbers: range) -> list[dict[str, Any]]:
        return [
            {"text": texts[n], "annotator": "amal", "spans": [span(texts[n], "بروكسل", "LOC")]}
            for n in numbers
        ]

    importer.import_paths(db, [str(write_jsonl(tmp_path / "a.jsonl", records(range(3))))])
    if db.engine.dialect.name == "sqlite":
        with db.write() as s:  # the last document goes (its layer and spans with it)
            s.execute(m.Document.__table__.delete().where(m.Document.id == 3))
        texts[2] += " (again)"
    importer.import_paths(db, [str(write_jsonl(tmp_path / "b.jsonl", records(range(1, 5))))])
    with db.read() as s:
        docs = s.execute(select(m.Document.id, m.Document.text).order_by(m.Document.id)).all()
        owners = s.execute(select(m.Layer.id, m.Layer.document_id).order_by(m.Layer.id)).all()
        spans = s.execute(select(m.Span.layer_id).order_by(m.Span.id)).scalars().all()
    assert [d.text for d in docs] == texts
    assert [d.id for d in docs] == list(range(1, len(docs) + 1))
    assert [(lid, doc) for lid, doc in owners] == [(d.id, d.id) for d in docs]
    assert sorted(spans) == [d.id for d in docs]
