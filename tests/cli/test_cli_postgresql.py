"""Every command works unchanged with ``--db postgresql+psycopg://...`` (a real server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import main

pytestmark = pytest.mark.postgres

TEXT = "أمين عام الناتو: «الحلف قوي»\nقال مارك روته إن الحلف قوي في بروكسل"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_commands_on_postgresql(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", pg_url]
    start = TEXT.index("مارك روته")
    record = {
        "text": TEXT,
        "meta": {"external_id": "nato-1"},
        "annotator": "alice",
        "status": "done",
        "spans": [
            {"start": start, "end": start + 9, "label": "PER"},
            {"start": 0, "end": 4, "label": "NEW_LABEL"},
        ],
        "topics": ["defence"],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")

    code, out, err = run(capsys, "import", str(source), "--add-labels", *db)
    assert (code, err) == (0, ""), err
    assert "1 new documents" in out and "added labels: NEW_LABEL" in out
    code, out, _ = run(capsys, "import", str(source), *db)
    assert code == 0 and "0 new documents (1 already present)" in out

    code, out, _ = run(capsys, "docs", "list", "--search", "امين", *db)
    assert code == 0 and out.splitlines()[1].split("\t")[2] == "nato-1"
    code, out, _ = run(capsys, "stats", *db)
    counts = dict(line.split("\t", 1) for line in out.splitlines())
    assert counts["documents"] == "1" and counts["spans"] == "2" and counts["label PER"] == "1"

    assert run(capsys, "labels", "add", "VEHICLE", "--kind", "entity", *db)[0] == 0
    assert run(capsys, "labels", "rename", "VEHICLE", "CAR", *db)[0] == 0
    assert run(capsys, "labels", "remove", "CAR", *db)[0] == 0
    code, out, _ = run(capsys, "labels", "list", *db)
    assert code == 0 and "NEW_LABEL\tentity" in out and "CAR" not in out

    exported = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "export", str(exported), "--annotator", "alice", *db)
    assert code == 0, err
    line = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    assert sorted(s["label"] for s in line["spans"]) == ["NEW_LABEL", "PER"]
    assert all(TEXT[s["start"] : s["end"]] == s["text"] for s in line["spans"])

    code, out, _ = run(capsys, "db", "info", *db)
    assert code == 0 and "dialect\tpostgresql" in out
    code, out, _ = run(capsys, "db", "upgrade", *db)
    assert code == 0 and "schema is up to date" in out
    code, out, _ = run(capsys, "db", "check", *db)
    assert code == 0 and "ok\tno problems found" in out
    code, out, _ = run(capsys, "db", "backup", str(tmp_path / "team.dump"), *db)
    assert code == 0 and "pg_dump --format=custom" in out


def test_db_check_reports_a_hole_in_team_modes_guard(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An administrator who turned row security off on spans, or granted annotators TRUNCATE
    (which ignores row security), sees it in ``db check``: one line per hole, exit 1."""
    import psycopg

    db = ["--db", pg_url]
    code, out, _ = run(capsys, "db", "check", *db)
    assert code == 0 and "team mode guard: " in out and "ok\tno problems found" in out
    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        c.execute("ALTER TABLE spans DISABLE ROW LEVEL SECURITY")
        c.execute("GRANT TRUNCATE ON layers TO annotator_user")
    code, out, err = run(capsys, "db", "check", *db)
    assert code == 1, (out, err)
    assert (
        "team mode guard: spans: annotator_user may INSERT/UPDATE/DELETE without row security"
        in out
    )
    assert "team mode guard: layers: annotator_user has TRUNCATE" in out
