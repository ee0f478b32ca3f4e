"""The independent check of issue 13: peer files read the wrong way or in rarer shapes
must still say what they did not keep (nothing lost without a word), and say it right.

Files in ``tests/data/peers`` (origin and licence in the README there).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import InputError
from annotator.services import exporter, importer
from annotator.services.workspace import open_workspace
from annotator.storage import models as m
from annotator.storage.database import Database

PEERS = Path(__file__).resolve().parents[1] / "data" / "peers"
REVIEW_TASK: dict[str, Any] = {
    "id": 9,
    "data": {"review": "Great phone from Nokia."},
    "annotations": [
        {
            "completed_by": 1,
            "result": [
                {
                    "id": "r",
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "value": {"start": 17, "end": 22, "text": "Nokia", "labels": ["ORG"]},
                }
            ],
        }
    ],
}
"""A task whose text is under the config's ``$review`` (labelstud.io/guide/task_format)."""


def said(summary: importer.ImportSummary) -> list[str]:
    return list(summary.report.lines())


def test_doccano_labels_read_as_prodigy_are_said_not_kept(db: Database) -> None:
    """doccano's sequence-labelling export (``label``: [[start, end, name], ...]) read with
    ``--format prodigy``: Prodigy's ``label`` is one name, so the list is not read; it
    must be counted as not kept, not dropped with exit 0 and no word."""
    path = str(PEERS / "doccano_sequence_labeling.jsonl")
    summary = importer.import_paths(db, [path], fmt="prodigy", annotator="me", add_labels=True)
    assert summary.spans_added == 0
    lines = said(summary)
    unkept = [line for line in lines if "fields not kept" in line]
    assert unkept and "label (not one label name) (" in unkept[0], lines


def test_a_label_studio_task_whose_every_field_is_kept_has_no_empty_notice(
    db: Database, tmp_path: Path
) -> None:
    """A task whose text is under another data key (the config's ``$review``;
    labelstud.io/guide/task_format) and nothing else: no "fields not kept:" line at all
    (it used to print one naming nothing)."""
    path = tmp_path / "review.json"
    path.write_text(json.dumps([REVIEW_TASK]), encoding="utf-8")
    summary = importer.import_paths(db, [str(path)], add_labels=True)
    assert summary.spans_added == 1
    assert not [line for line in said(summary) if "fields not kept" in line], said(summary)


def test_label_studio_text_under_another_data_field_goes_back_there(
    db: Database, tmp_path: Path
) -> None:
    """Label Studio's ``data`` keys are the labelling config's ``$names``
    (labelstud.io/guide/task_format): a task whose text is ``data.review`` must come back
    as ``data.review`` (it used to be written as ``data.text``, which the project's
    ``<Text value="$review">`` does not show), with a config naming ``$review``."""
    path = tmp_path / "review.json"
    path.write_text(json.dumps([REVIEW_TASK]), encoding="utf-8")
    importer.import_paths(db, [str(path)], add_labels=True)
    out = tmp_path / "ls.json"
    summary = exporter.export(db, str(out), fmt="labelstudio")
    assert summary.problems == []
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert task["data"]["review"] == "Great phone from Nokia." and "text" not in task["data"]
    (region,) = task["annotations"][0]["result"]
    assert region["value"]["text"] == "Nokia"
    config = out.with_suffix(".config.xml").read_text(encoding="utf-8")
    assert 'value="$review"' in config and "$text" not in config


def test_a_bad_task_of_an_indented_label_studio_export_is_named_by_its_line(
    db: Database, tmp_path: Path
) -> None:
    """Label Studio exports its tasks indented, one field a line (``ls_sdk_history.json``:
    label-studio-sdk's test data, a real export with ``history``, ``reviews``, ``drafts``).
    A bad task among them is ``file:line: reason`` (the line its task begins on), strict
    or ``--lenient``, not the file alone."""
    (real,) = json.loads((PEERS / "ls_sdk_history.json").read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(real))
    bad["id"] = 6142
    bad["annotations"][0]["result"] = [
        {
            "id": "x",
            "type": "labels",
            "from_name": "label",
            "to_name": "text",
            "value": {"start": 0, "end": 6, "text": "Oregon", "labels": ["GPE"]},
        }
    ]
    path = tmp_path / "export.json"
    body = json.dumps([real, bad], indent=2)
    path.write_text(body, encoding="utf-8")
    line = body.splitlines().index("  {", 2) + 1  # where the second task opens
    assert line > 50
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [str(path)], add_labels=True)
    assert info.value.located().startswith(f"{path}:{line}: task #2: region [0, 6)")
    summary = importer.import_paths(db, [str(path)], add_labels=True, lenient=True)
    assert summary.topics_added == 1  # the good task's choice
    assert [r for r in summary.report.repairs if r.startswith(f"{path}:{line}: task #2: ")]


def test_a_bad_record_of_an_indented_json_array_is_named_by_its_line(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "records.json"
    records = [{"text": "abc", "spans": []}, {"text": "b", "spans": [{"start": 0, "end": 5}]}]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [str(path)], annotator="me")
    assert info.value.located().startswith(f"{path}:6: record #2: ")  # line 6 opens it
    summary = importer.import_paths(db, [str(path)], annotator="me", lenient=True)
    assert summary.documents_added == 1
    assert summary.report.repairs[0].startswith(f"{path}:6: record #2: ")


def test_faults_found_while_storing_a_json_array_record_name_its_line(
    db: Database, tmp_path: Path
) -> None:
    """Faults the reader cannot see (a label the schema lacks, a topic that is an entity
    label, meta too deep) are found while the records are stored: they still name the
    record's line and number, in a JSON array as in a Label Studio export, and nothing is
    stored."""
    deep: dict[str, object] = {}
    inner = deep
    for _ in range(120):
        inner["a"] = {}
        inner = inner["a"]  # type: ignore[assignment]
    path = tmp_path / "records.json"
    cases = [
        ({"text": "نص ثان", "annotator": "me", "spans": [{"start": 0, "end": 2, "label": "NOPE"}]},
         "label 'NOPE' is not in this database's schema"),
        ({"text": "نص ثان", "annotator": "me", "topics": ["PER"]},
         "'PER' is a entity label, not a topic"),
        ({"text": "نص ثان", "meta": deep}, "meta is nested more than 100 levels deep"),
    ]  # fmt: skip
    for record, reason in cases:
        path.write_text(
            json.dumps([{"text": "نص أول"}, record], indent=1, ensure_ascii=False),
            encoding="utf-8",
        )
        with pytest.raises(InputError) as info:
            importer.import_paths(db, [str(path)])
        assert info.value.located().startswith(f"{path}:5: record #2: {reason}")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(m.Document)) == 0
    task = {"data": {"text": "نص ثان"}, "annotations": [{"result": [{
        "type": "labels", "from_name": "label", "to_name": "text",
        "value": {"start": 0, "end": 2, "text": "نص", "labels": ["NOPE"]}}]}]}  # fmt: skip
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{"data": {"text": "نص أول"}}, task], indent=1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        importer.import_paths(db, [str(export)], fmt="labelstudio", annotator="me")
    assert info.value.located().startswith(f"{export}:7: task #2: label 'NOPE' is not in")


def test_label_studio_prediction_scores_go_back_with_their_predictions(
    db: Database, tmp_path: Path
) -> None:
    """A prediction's ``score`` (labelstud.io/guide/predictions: Label Studio sorts and
    filters tasks by it) comes back on the exported prediction of its model version
    (it used to be counted as not kept and lost on the way back)."""
    path = PEERS / "ls_taxonomy_predictions.json"
    given = {
        pred.get("model_version"): pred["score"]
        for task in json.loads(path.read_text(encoding="utf-8"))
        for pred in task.get("predictions", [])
    }
    assert given  # the file has scored predictions
    importer.import_paths(db, [str(path)], add_labels=True)
    out = tmp_path / "ls.json"
    exporter.export(db, str(out), fmt="labelstudio")
    back = {
        pred.get("model_version"): pred.get("score")
        for task in json.loads(out.read_text(encoding="utf-8"))
        for pred in task["predictions"]
    }
    assert back == given


def test_a_span_doccano_holds_twice_is_kept_once_and_said(db: Database) -> None:
    """doccano's own test file of one span labelled twice (``example_overlapping.jsonl``):
    one span is stored (a layer holds a span once), and the second is counted as not
    kept instead of vanishing without a word."""
    summary = importer.import_paths(
        db, [str(PEERS / "doccano_overlapping.jsonl")], annotator="me", add_labels=True
    )
    assert summary.spans_added == 1
    lines = said(summary)
    assert any("spans (the same start, end and label twice: kept once) (1)" in x for x in lines)


def test_label_studio_export_is_importable_by_label_studio_and_keeps_annotators(
    db: Database, tmp_path: Path
) -> None:
    """Label Studio's import accepts ``completed_by`` only as one of its users' e-mail
    object or id, refusing the whole file otherwise (``_insert_valid_completed_by`` in
    label-studio's tasks/serializers.py); the export wrote the annotator's name there.
    It now writes none (Label Studio gives the annotation to the importing user) and the
    name as ``annotator``, which brings the same annotators back here."""
    path = str(PEERS / "ls_sdk_completed_by_object.json")
    importer.import_paths(db, [path], add_labels=True)
    out = tmp_path / "ls.json"
    exporter.export(db, str(out), fmt="labelstudio")
    tasks = json.loads(out.read_text(encoding="utf-8"))
    annotations = [a for task in tasks for a in task["annotations"]]
    assert annotations and all("completed_by" not in a for a in annotations)
    names = sorted(a["annotator"] for a in annotations)
    assert names and all("@" in n for n in names)  # the e-mails of the source file
    other = open_workspace(str(tmp_path / "again.db"))
    try:
        importer.import_paths(other, [str(out)], add_labels=True)
        exporter.export(other, str(tmp_path / "back.json"), fmt="labelstudio")
    finally:
        other.close()
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    assert sorted(a["annotator"] for t in back for a in t["annotations"]) == names
