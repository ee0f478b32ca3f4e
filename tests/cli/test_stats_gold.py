"""``annotator stats``: the gold pseudo-annotator is no annotator; its layers have a row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import main

TEXT = "علي وسارة في باريس اليوم"


def stats(capsys: pytest.CaptureFixture[str], dbarg: list[str]) -> dict[str, str]:
    """The stats rows, by name."""
    assert main(["stats", *dbarg]) == 0
    out = capsys.readouterr().out
    return dict(line.split("\t", 1) for line in out.splitlines())


def test_fresh_database_has_no_annotators(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    dbarg = ["--db", str(tmp_path / "fresh.sqlite")]
    assert main(["db", "upgrade", *dbarg]) == 0
    capsys.readouterr()
    rows = stats(capsys, dbarg)
    assert (rows["annotators"], rows["layers"], rows["gold layers"]) == ("0", "0", "0")
    assert not [name for name in rows if name.startswith("annotator ")]


def test_gold_layers_are_counted_apart(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    dbarg = ["--db", str(tmp_path / "gold.sqlite")]
    source = tmp_path / "layers.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {"text": TEXT, "annotator": name, "spans": [{"start": 0, "end": 3, "label": "PER"}]}
            )
            + "\n"
            for name in ("alice", "bob")
        ),
        encoding="utf-8",
    )
    assert main(["import", str(source), *dbarg]) == 0
    assert main(["annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg]) == 0
    assert main(["gold", "init", "--all", "--as", "rita", *dbarg]) == 0
    capsys.readouterr()
    rows = stats(capsys, dbarg)
    assert rows["annotators"] == "3"  # alice, bob and the reviewer rita
    assert rows["layers"] == "3"  # every layer, gold included
    assert rows["gold layers"] == "1"
    assert {k: v for k, v in rows.items() if k.startswith("annotator ")} == {
        "annotator alice": "1 layers",
        "annotator bob": "1 layers",
        "annotator rita": "0 layers",
    }
