"""The ``annotator`` command in-process (capsys, a temporary --db) and as the installed script."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.core.arabic import contains_presentation_forms
from annotator.services.documents import count_documents
from annotator.services.workspace import open_workspace
from annotator.storage import migrate

TITLE = "أمين عام الناتو: «الحلف قوي» (NATO)"
TEXT = f"{TITLE}\nقال مارك روته إن الحلف قوي في بروكسل"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dbarg(tmp_path: Path) -> list[str]:
    return ["--db", str(tmp_path / "cli.sqlite")]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def annotated(tmp_path: Path) -> Path:
    start = TEXT.index("مارك روته")
    record = {
        "text": TEXT,
        "meta": {"external_id": "nato-1"},
        "annotator": "alice",
        "status": "done",
        "spans": [{"start": start, "end": start + 9, "label": "PER", "text": "مارك روته"}],
        "topics": ["defence"],
    }
    path = tmp_path / "annotated.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_import_docs_stats_export(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], article: Path, annotated: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    # A read of a database named by path that is not there is an error, not a new file.
    code, _out, err = run(capsys, "stats", *dbarg)
    assert code == 2 and err.startswith("annotator: error: no database at ")
    assert not Path(dbarg[1]).exists()
    run(capsys, "db", "upgrade", *dbarg)
    code, out, _ = run(capsys, "stats", *dbarg)
    people = int(dict(line.split("\t", 1) for line in out.splitlines())["annotators"])
    code, out, err = run(capsys, "import", str(article), *dbarg)
    assert (code, err) == (0, "")
    assert out.startswith("imported 1 records from 1 files: 1 new documents")
    code, out, _ = run(capsys, "import", str(annotated), *dbarg)
    assert code == 0
    assert "0 new documents (1 already present, 1 of them found by identical text)" in out
    assert "1 new layers" in out

    code, out, _ = run(capsys, "docs", "list", *dbarg)
    assert code == 0
    # Piped (capsys is no terminal): logical order, unshaped, exactly the stored title.
    assert out.splitlines() == ["id\ttitle\texternal_id", f"1\t{TITLE}\t"]
    assert not contains_presentation_forms(out)
    code, out, _ = run(capsys, "docs", "list", "--search", "امين عام", *dbarg)
    assert out.splitlines()[1:] == [f"1\t{TITLE}\t"]
    code, out, _ = run(capsys, "docs", "list", "--search", "غير موجود", *dbarg)
    assert out.splitlines() == ["id\ttitle\texternal_id"]

    code, out, _ = run(capsys, "stats", *dbarg)
    assert code == 0
    rows = dict(line.split("\t", 1) for line in out.splitlines())
    assert rows["documents"] == "1"
    assert rows["annotators"] == str(people + 1)
    assert rows["spans"] == "1"
    assert rows["status done"] == "1"
    assert rows["label PER"] == "1"
    assert rows["label defence"] == "1"
    assert rows["annotator alice"] == "1 layers"

    out_file = tmp_path / "out.jsonl"
    code, out, err = run(capsys, "export", str(out_file), "--annotator", "alice", *dbarg)
    assert code == 0
    assert err.startswith("wrote 1 records (1 documents, 1 spans, 0 relations, 1 topics)")
    (record,) = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert record["annotator"] == "alice"
    assert record["spans"][0]["text"] == "مارك روته"
    code, out, err = run(capsys, "export", "-", "--format", "doccano", "--all", *dbarg)
    assert code == 0
    (line,) = out.splitlines()
    assert json.loads(line)["entities"][0]["label"] == "PER"
    code, out, err = run(capsys, "export", str(out_file), "--status", "new", *dbarg)
    assert err.startswith("wrote 0 records")


def test_visual_display_shapes_arabic_and_keeps_columns(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], article: Path
) -> None:
    run(capsys, "import", str(article), *dbarg)
    code, out, _ = run(capsys, "docs", "list", "--display", "visual", *dbarg)
    assert code == 0
    header, row = out.splitlines()
    assert header == "id\ttitle\texternal_id"
    cells = row.split("\t")
    assert len(cells) == 3
    assert cells[0] == "1"  # the id column stays first
    assert cells[2] == ""
    assert contains_presentation_forms(cells[1])
    assert "NATO" in cells[1]
    code, out, _ = run(capsys, "--display", "visual", "docs", "list", *dbarg)
    assert contains_presentation_forms(out)
    code, out, _ = run(capsys, "docs", "list", "--display", "logical", *dbarg)
    assert not contains_presentation_forms(out)


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ('{"text": "ok"}\n{"text": "ok2"}\n{"text": "x", "spans": [{"start": 0, "end": 5, '
         '"label": "PER"}]}\n', 3, "outside"),
        ('{"text": "ok"}\n{not json\n', 2, "invalid JSON"),
        ('{"text": "abc", "annotator": "a", "spans": [{"start": 0, "end": 1, "label": "ZZZ"}]}\n',
         1, "'ZZZ'"),
    ],
)  # fmt: skip
def test_bad_file_gives_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    dbarg: list[str],
    article: Path,
    tmp_path: Path,
    content: str,
    line: int,
    words: str,
) -> None:
    run(capsys, "import", str(article), *dbarg)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "import", str(article), str(bad), *dbarg)
    assert code == 2
    assert out == ""
    assert err.endswith("\n")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{bad}:{line}: ")
    assert words in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "stats", *dbarg)
    assert "documents\t1" in out.splitlines()


def test_a_failed_first_import_leaves_no_database_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The database did not exist: a refused import (bad record, a failure while the new
    file is set up) leaves no empty database that later reads would take for a real one;
    one that existed is kept as it was."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "نص", "spans": [{"start": 0, "end": 9, "label": "PER"}]}\n')
    new = tmp_path / "new.sqlite"
    code, out, err = run(capsys, "import", str(article), str(bad), "--db", str(new))
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}:1: ")
    assert not new.exists() and not list(tmp_path.glob("new.sqlite*"))

    def full(*_args: object, **_kw: object) -> None:
        raise OSError(28, "No space left on device", str(new))

    monkeypatch.setattr("annotator.services.workspace.seed_default_schema", full)
    code, _, err = run(capsys, "import", str(article), "--db", str(new))
    assert code == 2
    assert "No space left on device" in err
    assert not new.exists() and not list(tmp_path.glob("new.sqlite*"))
    monkeypatch.undo()
    # An existing database keeps what it had when a later import fails.
    assert run(capsys, "import", str(article), "--db", str(new))[0] == 0
    assert run(capsys, "import", str(bad), "--db", str(new))[0] == 2
    code, out, _ = run(capsys, "stats", "--db", str(new))
    assert "documents\t1" in out.splitlines()


def test_missing_file_and_unknown_encoding(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path, article: Path
) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nope.txt"), *dbarg)
    assert (code, err) == (2, f"{tmp_path / 'nope.txt'}: no such file or folder\n")
    code, _, err = run(capsys, "import", str(article), "--encoding", "klingon", *dbarg)
    assert code == 2
    assert err == f"{article}: unknown encoding 'klingon'\n"


def test_labels_commands(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], annotated: Path, tmp_path: Path
) -> None:
    run(capsys, "db", "upgrade", *dbarg)  # a listing reads; it makes no database
    code, out, _ = run(capsys, "labels", "list", *dbarg)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "name\tkind\tcolour\tshortcut\tspans\ttopics\tdescription\tarabic_name"
    assert lines[1].split("\t")[:6] == ["PER", "entity", "#f4a6a6", "P", "0", "0"]

    code, out, _ = run(
        capsys, "labels", "add", "WEAPON", "--shortcut", "W", "--colour", "#112233", *dbarg
    )
    assert (code, out) == (0, "added label WEAPON (entity)\n")
    code, _, err = run(capsys, "labels", "add", "WEAPON", *dbarg)
    assert (code, err) == (2, "annotator: error: label 'WEAPON' already exists\n")
    code, _, err = run(capsys, "labels", "add", "X", "--colour", "red", *dbarg)
    assert code == 2
    assert "colour" in err
    code, out, _ = run(capsys, "labels", "rename", "WEAPON", "ARMS", *dbarg)
    assert out == "renamed label WEAPON to ARMS\n"
    code, out, _ = run(capsys, "labels", "remove", "ARMS", *dbarg)
    assert out == "removed label ARMS\n"

    run(capsys, "import", str(annotated), *dbarg)
    code, _, err = run(capsys, "labels", "remove", "PER", *dbarg)
    assert code == 2
    assert err == (
        "annotator: error: label 'PER' is used by 1 spans and 0 topics; "
        "pass --force to delete them with it\n"
    )
    code, out, _ = run(capsys, "labels", "remove", "PER", "--force", *dbarg)
    assert out == "removed label PER and 1 annotations\n"

    schema = tmp_path / "schema.json"
    schema.write_text(
        json.dumps(
            {"labels": [{"name": "ORG", "colour": "#000000"}, {"name": "NEW", "kind": "topic"}]}
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "labels", "load", str(schema), *dbarg)
    assert out == f"schema {schema}: 1 labels added, 1 updated\n"
    code, out, _ = run(capsys, "labels", "list", *dbarg)
    table = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()[1:]}
    assert table["ORG"][2] == "#000000"
    assert table["NEW"][1] == "topic"
    assert "PER" not in table
    schema.write_text('{"labels": [{"name": "A"}, {"name": "A"}]}', encoding="utf-8")
    code, _, err = run(capsys, "labels", "load", str(schema), *dbarg)
    assert (code, err) == (2, f"{schema}: label 'A' appears twice\n")


def test_db_upgrade_and_info(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    head = migrate.head_revision()
    code, out, _ = run(capsys, "db", "upgrade", "--db", str(path))
    assert (code, out) == (0, f"{path}: schema upgraded from empty to {head}\n")
    code, out, _ = run(capsys, "db", "upgrade", "--db", str(path))
    assert out == f"{path}: schema is up to date ({head})\n"
    code, out, _ = run(capsys, "db", "info", "--db", str(path))
    assert code == 0
    assert out.splitlines() == [f"database\t{path}", "dialect\tsqlite", f"schema\t{head}"]


def test_newer_database_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "newer.sqlite"
    run(capsys, "db", "upgrade", "--db", str(path))
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    before = path.read_bytes()
    for args in (["db", "info"], ["db", "upgrade"], ["stats"], ["docs", "list"]):
        code, out, err = run(capsys, *args, "--db", str(path))
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1
        assert "newer version of annotator" in err
        assert "Traceback" not in err
    assert path.read_bytes() == before


def test_environment_variable_names_the_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env.sqlite"))
    assert run(capsys, "import", str(article))[0] == 0
    assert (tmp_path / "env.sqlite").exists()
    assert "documents\t1" in run(capsys, "stats")[1].splitlines()


def installed_script() -> str:
    script = Path(sys.executable).with_name("annotator")
    if script.exists():
        return str(script)
    found = shutil.which("annotator")
    assert found, "the annotator console script is not installed"
    return found


def test_installed_script_on_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "ok"}\n{"text": "abc", "spans": [{"start": 2, "end": 1}]}\n', encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ANNOTATOR_DEBUG", "ANNOTATOR_DB")}
    proc = subprocess.run(
        [installed_script(), "import", str(bad), "--db", str(tmp_path / "s.sqlite")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"{bad}:2: span [2, 1) has no label"]


def test_a_committed_first_import_survives_its_reader_going_away(
    tmp_path: Path, article: Path
) -> None:
    """``annotator import F --db NEW | head -1``: the import committed, then printing its
    summary met a closed pipe. The new database stays (it was deleted as a failed first
    command's empty file, with exit 0: an acknowledged import lost)."""
    new = tmp_path / "new.sqlite"
    env = {k: v for k, v in os.environ.items() if k not in ("ANNOTATOR_DEBUG", "ANNOTATOR_DB")}
    proc = subprocess.Popen(
        [installed_script(), "import", str(article), "--db", str(new)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the summary is written
    with proc.stderr:
        err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err
    db = open_workspace(str(new), create=False)
    try:
        assert count_documents(db) == 1
    finally:
        db.close()


def test_annotator_before_the_command_names_the_layer_owner(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path
) -> None:
    """'annotator --annotator huda import F' is the same as giving it after 'import'."""
    record = {"text": TEXT, "spans": [{"start": 0, "end": 4, "label": "PER"}]}
    path = tmp_path / "unnamed.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, *dbarg, "--annotator", "huda", "import", str(path))
    assert (code, err) == (0, "")
    code, out, _err = run(capsys, *dbarg, "--display", "logical", "stats")
    assert "annotator huda\t1 layers" in out.splitlines()


def test_a_tab_in_a_title_keeps_docs_list_in_columns(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path
) -> None:
    """A title holding a tab or line break prints as one row of the same columns."""
    record = {"text": "نص الخبر", "title": "عنوان\tمع\nفاصل"}
    path = tmp_path / "tab.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(capsys, *dbarg, "import", str(path))[0] == 0
    code, out, _err = run(capsys, *dbarg, "--display", "logical", "docs", "list")
    lines = out.splitlines()
    assert code == 0
    assert len({line.count("\t") for line in lines}) == 1
    assert any("عنوان مع فاصل" in line for line in lines)


@pytest.mark.parametrize(
    "command",
    [
        ["stats"], ["docs", "list"], ["export", "out.jsonl"], ["agreement"], ["log"],
        ["db", "info"], ["labels", "list"], ["settings", "list"], ["annotators", "list"],
        ["assignments", "list"],
    ],
)  # fmt: skip
def test_reading_a_mistyped_database_path_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    """A read names the missing file in one line; no empty database or folder appears."""
    missing = tmp_path / "typo" / "team.sqlite"
    code, out, err = run(capsys, *command, "--db", str(missing))
    assert (code, out) == (2, "")
    assert err == (
        f"annotator: error: no database at {missing} "
        "(check the path; 'annotator import' or the app makes one)\n"
    )
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    ("command", "left"),
    [
        (["stats"], "nothing of the unfinished command was written"),
        (["export", "out.jsonl"], "nothing of the unfinished command was written"),
        (["export", "-"], "the export on standard output is incomplete"),
    ],
)
def test_ctrl_c_says_what_it_left(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, dbarg: list[str],
    command: list[str], left: str,
) -> None:  # fmt: skip
    """Interrupted, a command undoes its work; an export already streamed cannot be."""

    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("annotator.cli.commands.dispatch", interrupted)
    assert run(capsys, *command, *dbarg) == (130, "", f"annotator: interrupted; {left}\n")


def test_labels_arabic_name(capsys: pytest.CaptureFixture[str], dbarg: list[str]) -> None:
    code, out, _ = run(capsys, *dbarg, "labels", "arabic-name", "ORG", "هيئة")
    assert code == 0 and "ORG" in out
    code, out, _ = run(
        capsys, *dbarg, "labels", "add", "WEAPON", "--shortcut", "W", "--arabic-name", "سلاح"
    )
    assert code == 0
    code, out, _ = run(capsys, *dbarg, "labels", "list")
    header, *rows = out.splitlines()
    assert header.split("\t")[-1] == "arabic_name"
    cells = {row.split("\t")[0]: row.split("\t") for row in rows}
    assert cells["ORG"][-1] == "هيئة" and cells["WEAPON"][-1] == "سلاح"
    code, _, err = run(capsys, *dbarg, "labels", "arabic-name", "NOPE", "لا")
    assert code != 0 and "NOPE" in err
