"""Training-data interop through the database: every format's export -> import -> export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.formats.registry import ExportOptions
from annotator.services import exporter, importer
from annotator.services.exporter import ExportFilter
from annotator.services.workspace import open_workspace
from annotator.storage.database import Database

TEXT_A = 'قال الأمين العام مارك روته:\n"الحلف قوي" في بروكسل.\nوأكد دعم أوكرانيا 😀'
TEXT_B = "أعلنت منظمة أوبك\nخفض الإنتاج  في فيينا"


def at(text: str, word: str) -> dict[str, int]:
    start = text.index(word)
    return {"start": start, "end": start + len(word)}


def native_corpus(path: Path) -> Path:
    """Two articles: alice's and bob's layers, a quote with its speaker, topics."""
    records = [
        {
            "text": TEXT_A,
            "title": "روته",
            "meta": {"source": "nato.txt", "external_id": "nato-1", "outlet": "وكالة"},
            "annotator": "alice",
            "status": "done",
            "spans": [
                {"id": 0, **at(TEXT_A, "مارك روته"), "label": "PER"},
                {"id": 1, **at(TEXT_A, '"الحلف قوي"'), "label": "QUOTE", "kind": "quote"},
                {"id": 2, **at(TEXT_A, "بروكسل"), "label": "GPE"},
                {"id": 3, **at(TEXT_A, "أوكرانيا"), "label": "GPE"},
            ],
            "relations": [{"head": 1, "child": 0, "label": "SPEAKER"}],
            "topics": ["defence"],
        },
        {
            "text": TEXT_A,
            "annotator": "bob",
            "spans": [{**at(TEXT_A, "روته"), "label": "PER"}],
        },
        {
            "text": TEXT_B,
            "annotator": "alice",
            "spans": [
                {**at(TEXT_B, "منظمة أوبك"), "label": "ORG"},
                {**at(TEXT_B, "فيينا"), "label": "GPE"},
            ],
            "topics": ["economy", "energy"],
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


def export_bytes(db: Database, out: Path, fmt: str, **flt: object) -> bytes:
    exporter.export(db, str(out), fmt=fmt, flt=ExportFilter(**flt))  # type: ignore[arg-type]
    return out.read_bytes()


IMPORT_AS = {
    "native": "jsonl",
    "prodigy": "prodigy",
    "doccano": "doccano",
    "labelstudio": "labelstudio",
    "conll": "conll",
}


@pytest.mark.parametrize("fmt", sorted(IMPORT_AS))
def test_export_import_export_is_stable(db: Database, tmp_path: Path, fmt: str) -> None:
    importer.import_paths(db, [str(native_corpus(tmp_path / "in.jsonl"))])
    # CoNLL names no annotator and holds one layer per document: alice's only.
    flt = {"annotators": ("alice",)} if fmt == "conll" else {}
    first = export_bytes(db, tmp_path / f"first.{fmt}", fmt, **flt)
    for gen in ("second", "third"):
        fresh = open_workspace(str(tmp_path / f"{gen}.sqlite"))
        try:
            importer.import_paths(
                fresh,
                [str(tmp_path / f"first.{fmt}")],
                fmt=IMPORT_AS[fmt],
                annotator="alice",
                add_labels=True,
            )
            again = export_bytes(fresh, tmp_path / f"{gen}.{fmt}", fmt)
        finally:
            fresh.close()
        if fmt == "conll":
            assert again == first
            # The documents now carry the CoNLL tokens; the next round trip is stable.
            first = again
        else:
            assert json_of(again, fmt) == json_of(first, fmt)


def json_of(data: bytes, fmt: str) -> object:
    """The export as JSON, without database ids that a fresh database may number otherwise."""
    if fmt == "labelstudio":
        tasks = json.loads(data)
        for task in tasks:
            assert "id" not in task  # Label Studio numbers the tasks it imports
        return tasks
    records = [json.loads(line) for line in data.splitlines()]
    for rec in records:
        rec.pop("document_id", None)
        if fmt == "doccano":
            pos = {e["id"]: i for i, e in enumerate(rec["entities"])}
            for e in rec["entities"]:
                e["id"] = pos[e["id"]]
            for r in rec["relations"]:
                r["from_id"], r["to_id"] = pos[r["from_id"]], pos[r["to_id"]]
        if fmt == "native":
            pos = {s["id"]: i for i, s in enumerate(rec["spans"])}
            for s in rec["spans"]:
                s["id"] = pos[s["id"]]
            for r in rec["relations"]:
                r["head"], r["child"] = pos[r["head"]], pos[r["child"]]
    return records


def test_conll_export_reports_what_it_leaves_out(db: Database, tmp_path: Path) -> None:
    corpus = native_corpus(tmp_path / "in.jsonl")
    extra = {
        "text": TEXT_B,
        "annotator": "carol",
        "spans": [
            {**at(TEXT_B, "أوبك\nخفض"), "label": "ORG"},
            {**at(TEXT_B, "خفض"), "label": "X"},
            {**at(TEXT_B, "لإنتاج"), "label": "Y"},
        ],
    }
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(extra, ensure_ascii=False) + "\n")
    importer.import_paths(db, [str(corpus)], add_labels=True)
    summary = exporter.export(db, str(tmp_path / "out.conll"), fmt="conll")
    carol = [p for p in summary.problems if "(carol)" in p]
    assert len(carol) == 2
    assert "'لإنتاج' does not fall on token boundaries; left out of CoNLL" in carol[0]
    assert "X 'خفض' overlaps [12, 20) ORG" in carol[1]
    assert any("1 relations and 3 topics were not written" in p for p in summary.problems)
    text = (tmp_path / "out.conll").read_text(encoding="utf-8")
    assert "مارك B-PER\nروته I-PER\n:" in text
    assert '" B-QUOTE\nالحلف I-QUOTE\nقوي I-QUOTE\n" I-QUOTE\n' in text
    assert "\n\nوأكد O\n" in text  # a newline in the text ends a sentence
    # ... except inside a span: carol's ORG over the line break keeps its sentence whole.
    assert "أوبك B-ORG\nخفض I-ORG\n" in text


def test_hf_and_labelstudio_write_sidecars(db: Database, tmp_path: Path) -> None:
    importer.import_paths(db, [str(native_corpus(tmp_path / "in.jsonl"))])
    out = tmp_path / "train.jsonl"
    summary = exporter.export(db, str(out), fmt="hf", options=ExportOptions(scheme="iob1"))
    assert summary.sidecars == [str(tmp_path / "train.labels.json")]
    # Token classification has no place for relations and topics, and says so once.
    assert summary.problems == [
        "HF holds neither relations nor topics: 1 relations and 3 topics were not written"
    ]
    names = json.loads((tmp_path / "train.labels.json").read_text())
    assert names == [
        "O",
        "B-GPE",
        "I-GPE",
        "B-ORG",
        "I-ORG",
        "B-PER",
        "I-PER",
        "B-QUOTE",
        "I-QUOTE",
    ]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(len(r["tokens"]) == len(r["ner_tags"]) for r in rows)
    assert {t for r in rows for t in r["ner_tags"]} <= set(names)
    summary = exporter.export(db, str(tmp_path / "ls.json"), fmt="labelstudio")
    assert summary.sidecars == [str(tmp_path / "ls.config.xml")]


def test_lenient_conll_import_reports_repairs(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("مارك B-PER\nروته I-PER\nقال OO\nأمس\n\nأوبك I-ORG\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"bad\.conll:3: tag 'OO'"):
        importer.import_paths(db, [str(path)], annotator="a")
    summary = importer.import_paths(db, [str(path)], annotator="a", lenient=True)
    report = summary.report
    assert [r.split(": ")[0] for r in report.repairs] == [f"{path}:3", f"{path}:4"]
    assert report.begins == 1
    assert report.formats == {str(path): "conll (by its suffix)"}
    assert summary.spans_added == 2


WIDE_META = {"wide": 2**70 + 1, "negative": [-(2**65)], "ratio": 0.5, "number": 2**64 - 1}


def meta_of(data: bytes, fmt: str) -> dict[str, object]:
    """The free metadata of an export's only record, read exactly (stdlib json)."""
    if fmt == "labelstudio":
        meta: dict[str, object] = json.loads(data)[0]["data"]["meta"]
    else:
        meta = (
            json.loads(data.splitlines()[0])
            if fmt == "doccano"
            else (json.loads(data.splitlines()[0])["meta"])
        )
    return {key: meta[key] for key in WIDE_META}


@pytest.mark.parametrize("fmt", ["native", "prodigy", "doccano", "labelstudio"])
def test_integers_beyond_64_bits_in_meta_keep_every_digit(
    db: Database, tmp_path: Path, fmt: str
) -> None:
    """An id too wide for orjson is read, stored and written whole, in every JSON format."""
    text = "قال محمد إن الاجتماع انتهى"
    record = {"text": text, "meta": WIDE_META, "annotator": "alice",
              "spans": [{"start": 4, "end": 8, "label": "PER"}]}  # fmt: skip
    source = tmp_path / "wide.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    importer.import_paths(db, [str(source)])
    first = export_bytes(db, tmp_path / f"first.{fmt}", fmt)
    assert meta_of(first, fmt) == WIDE_META
    fresh = open_workspace(str(tmp_path / "again.sqlite"))
    try:
        importer.import_paths(
            fresh, [str(tmp_path / f"first.{fmt}")], fmt=IMPORT_AS[fmt], annotator="alice"
        )
        assert meta_of(export_bytes(fresh, tmp_path / "again.jsonl", "native"), "native") == (
            WIDE_META
        )
    finally:
        fresh.close()
