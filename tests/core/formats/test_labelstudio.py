"""Label Studio JSON: annotations, predictions, relations and choices in, and back out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.core.formats.labelstudio import LabelStudioSink, read_labelstudio
from annotator.core.formats.readers import read_file
from annotator.core.formats.report import ReadReport
from annotator.core.formats.sinks import ExportOptions
from annotator.core.model import DocumentRecord, LabelKind, LayerStatus, RelationData, SpanData

TEXT = 'قال مارك روته "الحلف قوي" في بروكسل 😀 اليوم'


def at(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def region(rid: str, word: str, label: str, name: str = "label", **value: Any) -> dict[str, Any]:
    start, end = at(word)
    return {
        "id": rid,
        "from_name": name,
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": word, "labels": [label], **value},
    }


def task(**extra: Any) -> dict[str, Any]:
    return {
        "id": 41,
        "data": {
            "text": TEXT,
            "title": "روته",
            "source": "nato.txt",
            "url": "https://example.org/a",
        },
        "annotations": [
            {
                "id": 9,
                "completed_by": 3,
                "was_cancelled": False,
                "result": [
                    region("r1", "مارك روته", "PER"),
                    region("r2", '"الحلف قوي"', "QUOTE", name="quote"),
                    {"from_id": "r1", "to_id": "r2", "type": "relation", "direction": "left"},
                    {
                        "id": "c1",
                        "from_name": "topic",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"choices": ["defence"]},
                    },
                    {"id": "t", "type": "textarea", "value": {"text": ["note"]}},
                ],
            },
            {"completed_by": {"id": 4, "email": "sara@example.org"}, "result": []},
            {"completed_by": 5, "was_cancelled": True, "result": [region("x", "بروكسل", "LOC")]},
        ],
        "predictions": [
            {"model_version": "ner-v2", "score": 0.8, "result": [region("p", "بروكسل", "GPE")]}
        ],
        **extra,
    }


def write(path: Path, obj: Any) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def read(path: Path, *, lenient: bool = False) -> tuple[list[DocumentRecord], ReadReport]:
    report = ReadReport()
    out = [read[0] for read in read_labelstudio(path, None, lenient=lenient, report=report)]
    return out, report


def spans(record: DocumentRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def test_annotations_and_predictions_become_layers(tmp_path: Path) -> None:
    records, report = read(write(tmp_path / "ls.json", [task()]))
    first, second, cancelled, prediction = records
    assert first.annotator == "ls-3" and first.status == LayerStatus.DONE
    assert spans(first) == [("مارك روته", "PER"), ('"الحلف قوي"', "QUOTE")]
    assert first.label_kinds["QUOTE"] == LabelKind.QUOTE
    # direction "left": the relation points from the quote to its speaker.
    assert first.relations == [RelationData(1, 0, "SPEAKER")]
    assert first.topics == ["defence"]
    assert (first.title, first.source) == ("روته", "nato.txt")
    # Other data fields stay data fields (written back into data on export).
    assert first.meta == {
        "labelstudio_data": {"url": "https://example.org/a"},
        "labelstudio_prediction_scores": {"ner-v2": 0.8},  # the task's, back on export
    }
    # The task's own id is the document's identity.
    assert {r.external_id for r in records} == {"labelstudio:41"}
    assert second.annotator == "sara@example.org" and not second.spans
    # A cancelled (skipped) annotation is a decision: kept, without its results.
    assert (cancelled.annotator, cancelled.answer, cancelled.spans) == ("ls-5", "ignore", [])
    assert prediction.annotator == "prediction:ner-v2"
    assert spans(prediction) == [("بروكسل", "GPE")]
    assert report.declined == {str(tmp_path / "ls.json"): {"ignore": 1}}
    unkept = report.unkept[str(tmp_path / "ls.json")]
    assert unkept["result type 'textarea'"] == 1
    assert unkept["annotations[].id"] == 1 and "predictions[].score" not in unkept
    assert prediction.meta["labelstudio_prediction_scores"] == {"ner-v2": 0.8}  # kept


def test_detected_by_content_and_task_without_annotations(tmp_path: Path) -> None:
    path = write(tmp_path / "tasks.json", [{"data": {"text": "نص فقط"}}])
    report = ReadReport()
    (item,) = list(read_file(path, report=report))
    assert item.record.text == "نص فقط" and not item.record.has_layer
    assert report.formats[str(path)] == "labelstudio (detected from its content)"
    native = write(tmp_path / "native.json", [{"text": "نص", "spans": []}])
    list(read_file(native, report=report))
    assert report.formats[str(native)] == "jsonl (by its suffix)"


def test_utf16_offsets_of_older_versions_are_converted(tmp_path: Path) -> None:
    start, end = at("اليوم")
    old = {"data": {"text": TEXT}, "annotations": [{"completed_by": "ali", "result": []}]}
    old["annotations"][0]["result"] = [  # type: ignore[index]
        {
            "id": "a",
            "type": "labels",
            "from_name": "label",
            "to_name": "text",
            "value": {"start": start + 1, "end": end + 1, "text": "اليوم", "labels": ["DATE"]},
        }
    ]
    (record,), report = read(write(tmp_path / "old.json", [old]))
    assert spans(record) == [("اليوم", "DATE")]
    assert any("UTF-16" in n for n in report.notes)


def test_bad_region_fails_or_is_repaired(tmp_path: Path) -> None:
    bad = task()
    bad["annotations"][0]["result"][0]["value"]["text"] = "غير ذلك"
    path = write(tmp_path / "bad.json", [task(), bad])
    with pytest.raises(InputError) as info:
        read(path)
    assert info.value.reason.startswith("task #2: region")
    records, report = read(path, lenient=True)
    assert len(report.repairs) == 2  # the region, then the relation that pointed at it
    assert all(r.startswith(f"{path}:1: task #2: ") for r in report.repairs)  # one line
    assert spans(records[4]) == [('"الحلف قوي"', "QUOTE")]


def export(records: list[DocumentRecord]) -> tuple[bytes, LabelStudioSink]:
    sink = LabelStudioSink(ExportOptions())
    body = sink.begin() + b"".join(sink.write(r) for r in records) + sink.end()
    return body, sink


def test_export_groups_layers_into_tasks_and_reads_back(tmp_path: Path) -> None:
    records, _report = read(write(tmp_path / "ls.json", [task()]))
    for r in records:
        r.document_id = 41
    body, sink = export(records)
    tasks = json.loads(body)
    assert len(tasks) == 1
    (out,) = tasks
    assert [a["annotator"] for a in out["annotations"]] == ["ls-3", "sara@example.org", "ls-5"]
    # Label Studio refuses a completed_by that is none of its users' e-mail or id
    # (tasks/serializers.py _insert_valid_completed_by); without one, the importer's.
    assert all("completed_by" not in a for a in out["annotations"])
    assert [a["was_cancelled"] for a in out["annotations"]] == [False, False, True]
    assert out["data"]["url"] == "https://example.org/a" and "meta" not in out["data"]
    assert out["predictions"][0]["model_version"] == "ner-v2"
    result = out["annotations"][0]["result"]
    assert [r["from_name"] for r in result if r["type"] == "labels"] == ["label", "quote"]
    assert {"from_id": "s1", "to_id": "s0"}.items() <= result[2].items()
    config = sink.sidecars()[".config.xml"].decode()
    assert '<Label value="QUOTE"/>' in config and '<Choice value="defence"/>' in config
    again, _ = read(write(tmp_path / "again.json", tasks))
    assert [(r.annotator, r.answer, r.spans, r.relations, r.topics) for r in again] == [
        (r.annotator, r.answer, r.spans, r.relations, r.topics) for r in records
    ]
    for r in again:
        r.document_id = 41
    assert export(again)[0] == body
    assert json.loads(body)[0]["data"]["source"] == "nato.txt"


def test_empty_export_is_an_empty_array() -> None:
    body, _sink = export([])
    assert json.loads(body) == []
    body, _sink = export([DocumentRecord(text="بلا طبقة", document_id=1)])
    assert json.loads(body)[0]["annotations"] == []


def test_span_record_with_quote_kind_from_schema() -> None:
    record = DocumentRecord(
        text="قال",
        annotator="a",
        document_id=1,
        spans=[SpanData(0, 3, "Q")],
        label_kinds={"Q": LabelKind.QUOTE},
    )
    body, _ = export([record])
    assert json.loads(body)[0]["annotations"][0]["result"][0]["from_name"] == "quote"


def test_a_prediction_region_s_score_is_kept_and_not_reported_as_lost(tmp_path: Path) -> None:
    # The import said "fields not kept: result[].score" for the very scores it keeps with
    # the model layer (as `suggest predict` exports them); an annotation's region score is
    # indeed not kept, and said so.
    scored = {**region("p", "بروكسل", "GPE"), "score": 0.93}
    by_hand = {**region("a", "مارك روته", "PER"), "score": 0.5}
    records, report = read(
        write(
            tmp_path / "ls.json",
            [
                task(
                    annotations=[{"completed_by": 3, "result": [by_hand]}],
                    predictions=[{"model_version": "crf", "result": [scored]}],
                )
            ],
        )
    )
    _person, prediction = records
    assert prediction.scores == {(*at("بروكسل"), "GPE"): 0.93}
    unkept = report.unkept[str(tmp_path / "ls.json")]
    assert unkept.get("result[].score") == 1  # the annotation's only


def test_a_task_without_data_is_its_own_data_and_nothing_is_reported_lost(
    tmp_path: Path,
) -> None:
    # Label Studio's own tests (label_studio/tests/data_manager/tasks_annotations_predictions
    # .json) import tasks given as bare {"text": ...}: the text was kept as the document
    # and yet reported as "fields not kept: text (2)".
    records, report = read(
        write(
            tmp_path / "ls.json",
            [
                {"data": {"text": "x2", "int_field": 20}},
                {"text": "zzz"},
                {"text": "vivi", "int_field": 42, "id": 6},
            ],
        )
    )
    assert [r.text for r in records] == ["x2", "zzz", "vivi"]
    assert records[2].meta.get("labelstudio_data") == {"int_field": 42, "id": 6}
    assert report.unkept.get(str(tmp_path / "ls.json"), {}) == {}


def _choices(topics: list[str], **extra: Any) -> dict[str, Any]:
    value = {"choices": topics}
    item = {"id": "c", "from_name": "topic", "to_name": "text", "type": "choices", "value": value}
    return item | extra


def test_a_one_topic_prediction_keeps_its_score_and_the_layer_is_done(tmp_path: Path) -> None:
    # Our own export writes a single topic's score on its choices result; reading it back
    # said "fields not kept: result[].score", and the model layer came back in progress.
    predictions = [
        {"model_version": "topics", "result": [_choices(["defence"], score=0.71)]},
        {"model_version": "two", "result": [_choices(["defence", "sport"], score=0.4)]},
    ]
    records, report = read(write(tmp_path / "ls.json", [task(predictions=predictions)]))
    one, two = records[-2:]
    assert (one.annotator, one.topics) == ("prediction:topics", ["defence"])
    assert one.scores == {(-1, -1, "defence"): 0.71}
    assert one.status == LayerStatus.DONE and two.status == LayerStatus.DONE
    # Two topics and one score: whose it is cannot be told, and that is said.
    assert two.scores == {}
    unkept = report.unkept[str(tmp_path / "ls.json")]
    assert unkept["result[].score (of several choices)"] == 1
    assert "result[].score" not in unkept  # the one topic's score was kept


@pytest.mark.parametrize("version", ["a\tb", "m" * 120, ["v1"]])
def test_a_model_version_that_cannot_name_a_layer_is_the_task_s_error(
    tmp_path: Path, version: Any
) -> None:
    # A tab or 120 characters stopped the import later, with no file or line.
    predictions = [{"model_version": version, "result": [region("p", "بروكسل", "GPE")]}]
    path = write(tmp_path / "ls.json", [task(predictions=predictions)])
    with pytest.raises(InputError, match=r"task #1: model_version") as caught:
        read(path)
    assert caught.value.path == str(path)


@pytest.mark.parametrize("version", [" ", "", None])
def test_a_blank_model_version_is_the_unnamed_prediction_layer(
    tmp_path: Path, version: Any
) -> None:
    # " " made a layer "prediction:", a name `suggest predict --name ''` refuses.
    predictions = [
        {"model_version": version, "score": 0.5, "result": [region("p", "بروكسل", "GPE")]}
    ]
    records, _ = read(write(tmp_path / "ls.json", [task(predictions=predictions)]))
    assert records[-1].annotator == "prediction"
    assert records[-1].meta["labelstudio_prediction_scores"] == {"": 0.5}
