"""Export options of the peer formats: --all, --include-unannotated, --doccano-shape,
--lenient for every reader, and summaries that count what was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import main

PEERS = Path(__file__).resolve().parents[1] / "data" / "peers"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    return ["--db", str(tmp_path / "cli.sqlite"), "--display", "logical"]


def test_help_says_what_all_means(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    flat = " ".join(capsys.readouterr().out.split())
    assert "every annotator's layers, of every status" in flat
    assert "not documents without a layer" in flat
    assert "--include-unannotated" in flat and "--doccano-shape" in flat


def test_textcat_file_summary_and_training_formats(
    capsys: pytest.CaptureFixture[str], db: list[str], tmp_path: Path
) -> None:
    src = str(PEERS / "prodigy_textcat_binary.jsonl")
    code, out, err = run(capsys, "import", src, "--annotator", "gh", "--add-labels", *db)
    assert code == 0, err
    assert "4 topics" in out
    assert f"{src}: 1 ignored, 3 rejected record(s) kept as documents" in out
    assert f"{src}: fields not kept: _task_hash (8), priority (8)" in out
    code, _out, err = run(
        capsys, "export", str(tmp_path / "a.jsonl"), "--all", "--annotator", "gh", *db
    )
    assert (code, err.strip()) == (
        2,
        "annotator: error: --all exports every annotator's layers; leave out --annotator",
    )
    target = tmp_path / "cls.jsonl"
    code, _out, err = run(
        capsys,
        "export",
        str(target),
        "--format",
        "doccano",
        "--doccano-shape",
        "classification",
        "--all",
        *db,
    )
    assert code == 0, err
    assert "annotator: 4 records left out of doccano: layers rejected or ignored" in err
    assert err.strip().endswith(
        f"wrote 4 records (4 documents, 0 spans, 0 relations, 4 topics) to {target}"
    )
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["label"] for r in rows] == [["DOCUMENTATION"]] * 4


def test_summary_counts_the_spans_written_not_those_read(
    capsys: pytest.CaptureFixture[str], db: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    text = "قال الأمين العام مارك روته"
    spans = [{"start": 17, "end": 21, "label": "PER"}, {"start": 18, "end": 21, "label": "ORG"}]
    path.write_text(json.dumps({"text": text, "annotator": "a", "spans": spans}) + "\n")
    assert run(capsys, "import", str(path), "--add-labels", *db)[0] == 0
    target = tmp_path / "out.conll"
    code, _out, err = run(capsys, "export", str(target), "--format", "conll", *db)
    assert code == 0
    assert "1 of the 2 spans of the records written were left out of conll" in err
    assert f"wrote 1 records (1 documents, 1 spans, 0 relations, 0 topics) to {target}" in err


def test_lenient_for_prodigy_lines(
    capsys: pytest.CaptureFixture[str], db: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "news.jsonl"
    rows = [
        {"text": "خبر", "answer": "accept"},
        {"text": " \t"},
        {"text": "خبر آخر", "answer": "accept"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    code, _out, err = run(capsys, "import", str(path), "--annotator", "a", *db)
    assert (code, err.strip()) == (2, f"{path}:2: text is empty; a document needs text to annotate")
    code, out, err = run(capsys, "import", str(path), "--annotator", "a", "--lenient", *db)
    assert code == 0, err
    assert "2 new documents" in out and "2 new layers" in out
    assert f"  {path}:2: text is empty; a document needs text to annotate; record skipped" in out
