"""The independent check of issue 13: peer files read the wrong way or in rarer shapes
must still say what they did not keep (nothing lost without a word), and say it right.

Files in ``tests/data/peers`` (origin and licence in the README there).
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.services import importer
from annotator.storage.database import Database

PEERS = Path(__file__).resolve().parents[1] / "data" / "peers"


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
    task = {
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
    path = tmp_path / "review.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    summary = importer.import_paths(db, [str(path)], add_labels=True)
    assert summary.spans_added == 1
    assert not [line for line in said(summary) if "fields not kept" in line], said(summary)
