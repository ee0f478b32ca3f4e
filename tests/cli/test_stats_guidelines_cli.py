"""``annotator stats --json/--csv`` and ``annotator guidelines set/show/history``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.cli.main import main

TEXT = "قال مارك روته في بروكسل إن الحلف موحد"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def dbarg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    db = ["--db", str(tmp_path / "t.sqlite")]
    source = tmp_path / "layers.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {
                    "text": TEXT,
                    "annotator": name,
                    "status": "done",
                    "spans": [{"start": 4, "end": 13, "label": "PER"}, *extra],
                },
                ensure_ascii=False,
            )
            + "\n"
            for name, extra in (("alice", [{"start": 17, "end": 23, "label": "LOC"}]), ("bob", []))
        ),
        encoding="utf-8",
    )
    assert main(["import", str(source), *db]) == 0
    capsys.readouterr()
    return db


def test_stats_json_and_csv_give_the_same_figures(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    code, out, _ = run(capsys, "stats", "--json", *dbarg)
    assert code == 0
    data = json.loads(out)
    assert data["documents"] == 1 and data["annotators"] == ["alice", "bob"]
    spans = {(r["label"], r["annotator"]): r["spans"] for r in data["labels"]}
    assert spans == {("PER", "alice"): 1, ("LOC", "alice"): 1, ("PER", "bob"): 1}
    assert data["spans_per_layer"] == [{"spans": 1, "layers": 1}, {"spans": 2, "layers": 1}]
    (pair,) = data["agreement"]["pairs"]
    assert pair["exact_f1"] == pytest.approx(2 / 3)

    code, out, _ = run(capsys, "stats", "--csv", *dbarg)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["figure", "annotator", "key", "value"]
    assert ["label_spans", "alice", "LOC", "1"] in rows
    assert ["layers_with_spans", "", "2", "1"] in rows
    (exact,) = [r for r in rows if r[0] == "pair_exact_f1"]
    assert float(exact[3]) == pytest.approx(pair["exact_f1"])


def test_stats_json_leaves_agreement_out_in_blind_mode_and_says_so(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    assert main(["annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg]) == 0
    assert main(["settings", "set", "blind_mode", "on", "--as", "rita", *dbarg]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, "stats", "--json", "--as", "alice", *dbarg)
    assert code == 0 and json.loads(out)["agreement"] is None
    assert "agreement left out: blind mode" in err
    code, out, _ = run(capsys, "stats", "--json", "--as", "rita", *dbarg)
    assert json.loads(out)["agreement"]["documents"] == 1


def test_guidelines_set_show_history(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path
) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text("# الدليل\n\n## ORG\n«الناتو» منظمة.\n", encoding="utf-8")
    code, out, _ = run(capsys, "guidelines", "set", str(guide), "--as", "rita", *dbarg)
    assert (code, out) == (0, f"guidelines version 1 set from {guide}\n")
    code, out, _ = run(capsys, "guidelines", "set", str(guide), "--as", "rita", *dbarg)
    assert "nothing changed" in out
    guide.write_text("# الدليل\n\nنسخة ثانية\n", encoding="utf-8")
    assert run(capsys, "guidelines", "set", str(guide), "--as", "rita", *dbarg)[0] == 0
    code, out, _ = run(capsys, "guidelines", "show", *dbarg)
    assert out == "# الدليل\n\nنسخة ثانية\n"
    code, out, _ = run(capsys, "guidelines", "show", "--version", "1", *dbarg)
    assert "«الناتو» منظمة." in out
    code, out, _ = run(capsys, "guidelines", "history", *dbarg)
    lines = out.splitlines()
    assert lines[0].split("\t") == ["version", "author", "at", "characters"]
    assert [line.split("\t")[:2] for line in lines[1:]] == [["1", "rita"], ["2", "rita"]]
    code, out, _ = run(capsys, "log", "--json", *dbarg)
    logged = [json.loads(line) for line in out.splitlines()]
    assert [e["detail"]["version"] for e in logged if e["action"] == "set_guidelines"] == [1, 2]
    code, out, _ = run(capsys, "stats", "--json", *dbarg)
    assert json.loads(out)["guidelines_version"] == 2


def test_guidelines_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# ok\n\xff\n")
    code, _, err = run(capsys, "guidelines", "set", str(bad), "--as", "rita", *dbarg)
    assert (code, err) == (2, f"{bad}:2: not UTF-8 text\n")
    code, _, err = run(capsys, "guidelines", "show", *dbarg)
    assert code == 2 and "no guidelines yet" in err
    code, _, err = run(capsys, "guidelines", "show", "--version", "7", *dbarg)
    assert code == 2 and "no guidelines version 7" in err
    # Once there is a reviewer, annotators may not change the guidelines.
    assert main(["annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg]) == 0
    good = tmp_path / "good.md"
    good.write_text("x", encoding="utf-8")
    capsys.readouterr()
    code, _, err = run(capsys, "guidelines", "set", str(good), "--as", "alice", *dbarg)
    assert code == 2 and "for reviewers" in err


def test_stats_json_and_csv_hide_the_others_figures_from_an_annotator_in_blind_mode(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    """Blind mode (issue 18): like plain ``stats``, an annotator sees only their own
    per-annotator figures, in ``--json`` and ``--csv`` too; a reviewer still sees all."""
    assert main(["annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg]) == 0
    assert main(["settings", "set", "blind_mode", "on", "--as", "rita", *dbarg]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "stats", "--json", "--as", "bob", *dbarg)
    assert code == 0
    data = json.loads(out)
    assert "alice" not in out
    assert data["annotators"] == ["bob"] and list(data["statuses"]) == ["bob"]
    assert {(r["label"], r["annotator"]): r["spans"] for r in data["labels"]} == {("PER", "bob"): 1}
    assert data["spans_per_layer"] == [{"spans": 1, "layers": 1}]
    code, out, _ = run(capsys, "stats", "--csv", "--as", "bob", *dbarg)
    assert code == 0 and "alice" not in out
    assert ["layers_with_spans", "", "2", "1"] not in list(csv.reader(io.StringIO(out)))
    code, out, _ = run(capsys, "stats", "--json", "--as", "rita", *dbarg)
    assert json.loads(out)["annotators"] == ["alice", "bob", "rita"]


def test_stats_json_escapes_bidi_and_c1_controls_like_other_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A name stored before the name rule (or by another tool) holding U+202E or a C1
    control comes out of ``stats --json`` as ``\\u202e``, as from ``agreement --json``."""
    import sqlite3

    db = ["--db", str(tmp_path / "t.sqlite")]
    source = tmp_path / "a.jsonl"
    source.write_text(
        json.dumps(
            {
                "text": TEXT,
                "annotator": "mallory",
                "spans": [{"start": 4, "end": 13, "label": "PER"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["import", str(source), *db]) == 0
    with sqlite3.connect(tmp_path / "t.sqlite") as con:
        con.execute("UPDATE annotators SET name = 'mal\u202elory\u009b' WHERE name = 'mallory'")
    capsys.readouterr()
    code, out, _ = run(capsys, "stats", "--json", *db)
    assert code == 0
    assert "\u202e" not in out and "\u009b" not in out
    assert "\\u202e" in out.lower() and "\\u009b" in out.lower()
    assert json.loads(out)["annotators"] == ["mal\u202elory\u009b"]


def test_a_models_layers_are_no_progress(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path
) -> None:
    """A Label Studio export with predictions, imported as a finished corpus, counted each
    model layer as a done layer in the progress: "how far are we" said 2 where one person
    had finished one article. Status changes of a model layer count nothing either."""
    text = "وصل الوفد إلى بروكسل اليوم"
    start = text.index("بروكسل")
    value = {"start": start, "end": start + 6, "text": "بروكسل", "labels": ["LOC"]}
    region = {"id": "r", "from_name": "label", "to_name": "text", "type": "labels", "value": value}
    task = {
        "data": {"text": text},
        "annotations": [{"completed_by": "carol", "result": [region]}],
        "predictions": [{"model_version": "crf", "result": [{**region, "score": 0.9}]}],
    }
    source = tmp_path / "ls.json"
    source.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "import", "--status", "done", str(source), *dbarg)
    assert code == 0, err
    code, out, err = run(capsys, "stats", "--json", *dbarg)
    assert code == 0, err
    progress = json.loads(out)["progress"]
    assert "prediction:crf" not in progress
    assert (
        progress["*"][-1]["total"]
        == progress["alice"][-1]["total"]
        + progress["bob"][-1]["total"]
        + progress["carol"][-1]["total"]
    )


def test_stats_json_starts_from_the_saved_counts_and_counts_what_changed(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path
) -> None:
    # `stats --json` counted every document afresh at every run (4.2 s on a 100,000-article
    # database); it now starts from the counts an earlier read saved, as the dock does, and
    # counts again only what changed since.
    from annotator.services import insight_cache
    from annotator.services.annotations import AnnotationService
    from annotator.storage.database import open_database

    database = open_database(dbarg[1])
    saved = insight_cache.cache_file(database)
    assert saved is not None and not saved.exists()
    _c, first, _e = run(capsys, "stats", "--json", *dbarg)
    assert saved.is_file()  # kept for the next read (the dock's or a command's)
    assert run(capsys, "stats", "--json", *dbarg)[1] == first

    # Bob adds the LOC alice has: the saved counts are counted again for that document.
    assert json.loads(first)["agreement"]["pairs"][0]["exact_f1"] == pytest.approx(2 / 3)
    AnnotationService(database, "bob").add_span(1, 17, 23, "LOC")
    database.close()
    _c, later, _e = run(capsys, "stats", "--json", *dbarg)
    (pair,) = json.loads(later)["agreement"]["pairs"]
    assert pair["exact_f1"] == pytest.approx(1.0)
    saved.unlink()  # counted from nothing: the very same figures
    assert run(capsys, "stats", "--json", *dbarg)[1] == later
    assert run(capsys, "stats", "--csv", *dbarg)[0] == 0


def test_a_huge_guidelines_file_is_refused_without_reading_it(
    dbarg: list[str], tmp_path: Path
) -> None:
    # The whole file was read before its size was checked: a 4 GB file (here sparse, no
    # disk used) took 4 GB of memory first, and where that is not to be had the command
    # died with a MemoryError instead of the size's one line. Run with 1 GB of address
    # space, in a process of its own.
    import resource
    import subprocess
    import sys

    from annotator.core.guidelines import MAX_BYTES

    huge = tmp_path / "huge.md"
    with open(huge, "wb") as handle:
        handle.truncate(4 << 30)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    command = [sys.executable, "-m", "annotator", "guidelines", "set", str(huge), "--as", "rita"]
    done = subprocess.run(
        [*command, *dbarg],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"{huge}: larger than {MAX_BYTES} bytes; guidelines are one document\n"
