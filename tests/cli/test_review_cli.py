"""The review commands: agreement (--json values on a hand-made case), roles, assignment,
settings, the audit log and gold."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from annotator.cli.main import main

TEXT = "علي وسارة في باريس اليوم"
# Tokens: علي [0,3) وسارة [4,9) في [10,12) باريس [13,18) اليوم [19,24)
ALICE = [(0, 3, "PER"), (4, 9, "PER"), (13, 18, "LOC")]
BOB = [(0, 3, "PER"), (5, 9, "PER"), (13, 18, "ORG")]  # سارة without the proclitic و


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dbarg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A database with alice's and bob's layers of one document."""
    dbarg = ["--db", str(tmp_path / "review.sqlite")]
    path = tmp_path / "layers.jsonl"
    lines = []
    for name, spans, topics in (
        ("alice", ALICE, ["politics"]),
        ("bob", BOB, ["politics", "economy"]),
    ):
        record = {
            "text": TEXT,
            "annotator": name,
            "status": "done",
            "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans],
            "topics": topics,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), *dbarg)
    assert (code, err) == (0, "")
    return dbarg


def test_agreement_json_on_a_hand_made_case(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    code, out, err = run(capsys, "agreement", "--json", *dbarg)
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert {"rows", "alpha", "topics", "matrix"} <= report.keys()
    rows = {row["label"]: row for row in report["rows"]}
    assert all(
        set(row) == {"a", "b", "label", "exact_f1", "overlap_f1", "kappa"} for row in rows.values()
    )
    assert {(r["a"], r["b"]) for r in report["rows"]} == {("alice", "bob")}
    # PER: one exact match of two each, both overlap; LOC and ORG never match.
    assert rows["PER"]["exact_f1"] == 0.5 and rows["PER"]["overlap_f1"] == 1.0
    assert rows["PER"]["kappa"] == 1.0  # the same tokens are PER for both
    assert rows["LOC"]["exact_f1"] == 0.0 and rows["LOC"]["kappa"] == 0.0
    assert rows["ORG"]["overlap_f1"] == 0.0
    overall = rows[None]
    assert math.isclose(overall["exact_f1"], 2 / 6) and math.isclose(overall["overlap_f1"], 4 / 6)
    # Tokens: (PER,PER) x2, (O,O) x2, (LOC,ORG): p_o = 0.8, p_e = 8/25.
    assert math.isclose(overall["kappa"], (0.8 - 0.32) / (1 - 0.32))
    # Alpha: 10 values, one disagreeing unit: 1 - 9 * 2 / (100 - 34).
    assert math.isclose(report["alpha"]["overall"], 1 - 18 / 66)
    topics = {row["topic"]: row for row in report["topics"]}
    assert topics["politics"]["kappa"] is None  # both always: chance agreement 1, undefined
    assert topics["economy"]["kappa"] == 0.0
    assert topics[None]["kappa"] == 0.0 and math.isclose(topics[None]["f1"], 2 / 3)
    assert report["matrix"]["annotators"] == ["alice", "bob"]
    assert report["matrix"]["values"] == [[None, 4 / 6], [4 / 6, None]]

    code, out, _ = run(capsys, "agreement", "--json", "--label", "PER", *dbarg)
    assert [r["label"] for r in json.loads(out)["rows"]] == ["PER", None]
    code, out, _ = run(capsys, "agreement", "--json", "--kind", "quote", *dbarg)
    assert json.loads(out)["rows"] == [
        {"a": "alice", "b": "bob", "label": None, "exact_f1": None, "overlap_f1": None,
         "kappa": None}
    ]  # fmt: skip
    code, _, err = run(capsys, "agreement", "--annotators", "alice", "zed", *dbarg)
    assert code == 2 and "zed" in err


def test_agreement_table_is_rounded(capsys: pytest.CaptureFixture[str], dbarg: list[str]) -> None:
    code, out, _ = run(capsys, "agreement", *dbarg)
    assert code == 0
    lines = out.splitlines()
    assert "alice\tbob\t(all)\t0.333\t0.667\t0.706" in lines
    assert "alice\tbob\tLOC\t0.000\t0.000\t0.000" in lines
    assert "alpha\t(all)\t0.727" in lines


def test_roles_assignment_settings_and_log(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "assign", "--annotators", "alice", "bob", "--all-unassigned", *dbarg)
    assert code == 2 and "--as NAME" in err  # who is assigning?
    code, _, err = run(capsys, "assign", "--as", "bob", "--annotators", "alice", "--documents",
                       "1", *dbarg)  # fmt: skip
    assert code == 2 and "for reviewers" in err
    code, out, _ = run(capsys, "annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg)
    assert code == 0 and "reviewer" in out
    code, _, err = run(capsys, "annotators", "role", "bob", "reviewer", "--as", "alice", *dbarg)
    assert code == 2 and "for reviewers" in err
    monkeypatch.setenv("ANNOTATOR_USER", "rita")
    code, out, _ = run(capsys, "assign", "--annotators", "alice", "bob", "--per-document", "2",
                       "--all-unassigned", *dbarg)  # fmt: skip
    assert code == 0 and out.startswith("assigned 1 documents (2 assignments)")
    code, out, _ = run(capsys, "assignments", "list", *dbarg)
    assert [line.split("\t")[:3] for line in out.splitlines()[1:]] == [
        ["1", "alice", "rita"],
        ["1", "bob", "rita"],
    ]
    code, out, _ = run(capsys, "annotators", "list", *dbarg)
    assert out.splitlines()[1:] == ["alice\tannotator\t1\t1", "bob\tannotator\t1\t1",
                                    "rita\treviewer\t0\t0"]  # fmt: skip
    assert run(capsys, "settings", "get", "blind_mode", *dbarg)[1] == "blind_mode\toff\n"
    assert run(capsys, "settings", "set", "blind_mode", "on", *dbarg)[0] == 0
    assert run(capsys, "settings", "list", *dbarg)[1] == "blind_mode\ton\n"
    code, _, err = run(capsys, "settings", "set", "blind_mode", "maybe", *dbarg)
    assert code == 2

    code, out, _ = run(capsys, "log", *dbarg)
    actions = [line.split("\t")[1:3] for line in out.splitlines()[1:]]
    assert actions[0][1] == "import"  # by this computer's account: nobody was named
    assert actions[1:] == [["rita", "set_role"], ["rita", "assign"], ["rita", "set_setting"]]
    # Blind mode: alice reads only her own entries and cannot see agreement.
    code, out, _ = run(capsys, "log", "--as", "alice", *dbarg)
    assert out.splitlines()[1:] == []
    code, _, err = run(capsys, "agreement", "--as", "alice", *dbarg)
    assert code == 2 and "blind mode" in err
    code, out, _ = run(capsys, "log", "--json", "--actor", "rita", "--limit", "1", *dbarg)
    (entry,) = [json.loads(line) for line in out.splitlines()]
    assert entry["action"] == "set_setting" and entry["detail"] == {"blind_mode": [None, "on"]}


def test_gold_init_and_comment(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg)
    code, _, err = run(capsys, "gold", "init", "--all", "--as", "alice", *dbarg)
    assert code == 2 and "for reviewers" in err
    code, out, _ = run(capsys, "gold", "init", "--all", "--as", "rita", *dbarg)
    assert code == 0 and out.startswith("started 1 gold layers")
    code, out, _ = run(capsys, "gold", "init", "--all", "--as", "rita", *dbarg)
    assert out.startswith("started 0 gold layers") and "(1 already had one)" in out
    code, out, _ = run(capsys, "gold", "comment", "1", "راجع الوسم", "--as", "rita", *dbarg)
    assert code == 0
    code, out, _ = run(capsys, "log", "--document", "1", "--actor", "rita", *dbarg)
    assert [line.split("\t")[2] for line in out.splitlines()[1:]] == [
        "gold_start",
        "review_comment",
    ]
    # Gold agrees with alice and bob on PER (0,3) only: agreement with gold on request.
    code, out, _ = run(capsys, "agreement", "--json", "--annotators", "alice", "gold", *dbarg)
    rows = {row["label"]: row for row in json.loads(out)["rows"]}
    assert rows["PER"]["exact_f1"] == 2 / 3


def test_export_gold_and_blind_mode(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path
) -> None:
    run(capsys, "annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg)
    run(capsys, "gold", "init", "--all", "--as", "rita", *dbarg)
    code, out, _ = run(capsys, "export", "-", "--gold", *dbarg)
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (record["annotator"], record["layer"]) == ("gold", "gold")
    code, out, _ = run(capsys, "export", "-", *dbarg)
    assert [json.loads(line)["annotator"] for line in out.splitlines()] == ["alice", "bob"]
    run(capsys, "settings", "set", "blind_mode", "on", "--as", "rita", *dbarg)
    code, _, err = run(capsys, "export", "-", *dbarg)
    assert code == 2 and "say who you are" in err
    code, out, _ = run(capsys, "--as", "alice", "export", "-", *dbarg)
    assert [json.loads(line)["annotator"] for line in out.splitlines()] == ["alice"]
    code, _, err = run(capsys, "export", "-", "--annotator", "bob", "--as", "alice", *dbarg)
    assert code == 2 and "blind mode is on" in err
    code, out, _ = run(capsys, "export", "-", "--as", "rita", *dbarg)
    assert len(out.splitlines()) == 2


def test_settings_refuse_annotators_and_unknown_names(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    """Only a reviewer changes a setting: an annotator's name, or nobody's, is refused."""
    run(capsys, "annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg)
    run(capsys, "settings", "set", "blind_mode", "on", "--as", "rita", *dbarg)
    for name in ("alice", "nobody_here"):
        code, out, err = run(capsys, "settings", "set", "blind_mode", "off", "--as", name, *dbarg)
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and "for reviewers" in err and name in err
    assert run(capsys, "settings", "get", "blind_mode", *dbarg)[1] == "blind_mode\ton\n"
    code, out, _ = run(capsys, "log", "--json", "--as", "rita", *dbarg)
    setters = [json.loads(line)["actor"] for line in out.splitlines()]
    assert "alice" not in setters and "nobody_here" not in setters


def test_blind_mode_hides_others_figures_in_stats_and_lists(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    run(capsys, "annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg)
    run(capsys, "assign", "--as", "rita", "--annotators", "alice", "bob", "--per-document", "2",
        "--all-unassigned", *dbarg)  # fmt: skip
    code, out, _ = run(capsys, "stats", "--as", "alice", *dbarg)
    assert "annotator bob\t1 layers" in out  # blind mode off: everyone's figures
    run(capsys, "settings", "set", "blind_mode", "on", "--as", "rita", *dbarg)
    # stats: alice's own layer, spans and labels only; the others' totals hidden.
    code, out, _ = run(capsys, "stats", "--as", "alice", *dbarg)
    rows = dict(line.split("\t") for line in out.splitlines())
    assert code == 0
    assert rows["layers"] == "1" and rows["spans"] == str(len(ALICE))
    assert rows["annotators"] == "-" and rows["gold layers"] == "-"
    assert rows["annotator alice"] == "1 layers" and "annotator bob" not in rows
    assert rows["label ORG"] == "0"  # bob's ORG is not counted
    code, out, _ = run(capsys, "stats", "--as", "rita", *dbarg)
    rows = dict(line.split("\t") for line in out.splitlines())
    assert rows["layers"] == "2" and rows["label ORG"] == "1" and "annotator bob" in rows
    code, _, err = run(capsys, "stats", *dbarg)
    assert code == 2 and "say who you are" in err
    # annotators list: names and roles, but only alice's own figures.
    code, out, _ = run(capsys, "annotators", "list", "--as", "alice", *dbarg)
    assert out.splitlines()[1:] == ["alice\tannotator\t1\t1", "bob\tannotator\t-\t-",
                                    "rita\treviewer\t-\t-"]  # fmt: skip
    # assignments list: her own only; asking for bob's is refused.
    code, out, _ = run(capsys, "assignments", "list", "--as", "alice", *dbarg)
    assert [line.split("\t")[:2] for line in out.splitlines()[1:]] == [["1", "alice"]]
    code, _, err = run(capsys, "assignments", "list", "--annotator", "bob", "--as", "alice", *dbarg)
    assert code == 2 and "blind mode is on" in err
    code, out, _ = run(capsys, "assignments", "list", "--as", "rita", *dbarg)
    assert len(out.splitlines()) == 3


def test_assign_help_gives_the_per_document_default(capsys: pytest.CaptureFixture[str]) -> None:
    """--help says how many annotators a document gets when --per-document is left out."""
    with pytest.raises(SystemExit) as exit_:
        main(["assign", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert exit_.value.code == 0
    assert "--per-document N annotators each document gets (default: 1)" in out
