"""Issue 15: foreign SQLite files, planted schema objects, partial files of killed runs.

Reading commands never write: a file without our schema is refused, not migrated. ``db
check`` reports any schema object the migrations did not make. An export or backup killed
with SIGKILL leaves a hidden partial file, which the next run of it removes.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.services import maintenance, partfiles
from annotator.services.workspace import open_workspace


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_file(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


FOREIGN = {
    "only a view": ("CREATE VIEW v AS SELECT 1 AS x",),
    "a table and an index": ("CREATE TABLE t(x)", "CREATE INDEX ix ON t(x)"),
    "application_id": ("PRAGMA application_id = 1234",),
    "user_version": ("PRAGMA user_version = 7",),
}


@pytest.mark.parametrize("statements", list(FOREIGN.values()), ids=list(FOREIGN))
@pytest.mark.parametrize(
    "command", [["stats"], ["docs", "list"], ["labels", "list"], ["db", "info"], ["import"]]
)
def test_foreign_sqlite_files_are_refused_and_left_alone(
    statements: tuple[str, ...],
    command: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = sqlite_file(tmp_path / "other.sqlite", *statements)
    before = digest(path)
    args = [*command, "--db", str(path)]
    if command == ["import"]:
        article = tmp_path / "a.txt"
        article.write_text("نص", encoding="utf-8")
        args.insert(1, str(article))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is not an annotator database" in err
    assert len(err.splitlines()) == 1
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("other")) == [
        "other.sqlite"
    ]


@pytest.mark.parametrize("empty", ["zero bytes", "sqlite without objects"])
@pytest.mark.parametrize("command", [["stats"], ["docs", "list"], ["db", "info"]])
def test_reading_commands_do_not_make_a_database_in_an_empty_file(
    empty: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.sqlite"
    if empty == "zero bytes":
        path.touch()
    else:
        sqlite_file(path, "CREATE TABLE t(x)", "DROP TABLE t")
    before = digest(path)
    assert main([*command, "--db", str(path)]) == 2
    assert "holds no annotator database" in capsys.readouterr().err
    assert digest(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["empty.sqlite"]
    # A writing command may make it.
    article = tmp_path / "a.txt"
    article.write_text("نص", encoding="utf-8")
    assert main(["import", str(article), "--db", str(path)]) == 0


PLANTED = {
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON documents BEGIN DELETE FROM spans; END",
    "view": "CREATE VIEW everything AS SELECT * FROM documents",
    "index": "CREATE INDEX ix_planted ON documents(title)",
    "table": "CREATE TABLE extra(x)",
}


@pytest.mark.parametrize("kind", list(PLANTED))
def test_db_check_reports_schema_objects_the_migrations_did_not_make(
    kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "db.sqlite"
    open_workspace(str(path)).close()
    assert maintenance.check_database(str(path)).ok
    sqlite_file(path, PLANTED[kind])
    report = maintenance.check_database(str(path))
    assert not report.ok
    (problem,) = report.problems
    assert problem.startswith(f"schema: {kind} ")
    assert "was not made by annotator's migrations" in problem


@pytest.mark.parametrize("statements", list(FOREIGN.values()), ids=list(FOREIGN))
def test_db_check_of_a_foreign_file_without_tables_is_not_ok(
    statements: tuple[str, ...], tmp_path: Path
) -> None:
    """Every other command refuses a file holding only a view (or another application's
    id) as "not an annotator database"; ``db check`` called it "empty (no schema yet)"
    with "no problems found", exit 0."""
    path = sqlite_file(tmp_path / "other.sqlite", *statements)
    before = digest(path)
    report = maintenance.check_database(str(path))
    assert not report.ok
    assert any("not an annotator database" in p for p in report.problems), report.problems
    assert digest(path) == before


def test_db_check_reports_a_replaced_or_missing_index(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    open_workspace(str(path)).close()
    conn = sqlite3.connect(path)
    (name,) = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL LIMIT 1"
    ).fetchone()
    conn.execute(f"DROP INDEX {name}")
    conn.commit()
    conn.close()
    report = maintenance.check_database(str(path))
    assert report.problems == [f"schema: index {name} is missing"]


# -- item 12: partial files of killed runs ---------------------------------------------------

KILLED_EXPORT = textwrap.dedent(
    """
    import sys, time
    from annotator.services import exporter
    real = exporter._write
    def slow(db, handle, *args):
        handle.write(b"x" * 100000)
        handle.flush()
        print("writing", flush=True)
        time.sleep(60)
    exporter._write = slow
    from annotator.cli.main import main
    main(sys.argv[1:])
    """
)

KILLED_BACKUP = textwrap.dedent(
    """
    import sys, time
    from annotator.services import maintenance
    real = maintenance._copy
    def slow(source, target, progress):
        real(source, target, progress)
        print("writing", flush=True)
        time.sleep(60)
    maintenance._copy = slow
    from annotator.cli.main import main
    main(sys.argv[1:])
    """
)


def _kill_midway(script: str, args: list[str]) -> None:
    """Run the command with ``script``'s slow writer and SIGKILL it while it writes."""
    with subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        started = child.stdout.readline()
        child.send_signal(signal.SIGKILL)
        _out, err = child.communicate(timeout=60)
    assert started == "writing\n", err
    assert child.returncode == -signal.SIGKILL


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    path = tmp_path / "work.sqlite"
    article = tmp_path / "a.txt"
    article.write_text("قال مارك روته إن الحلف قوي", encoding="utf-8")
    assert main(["import", str(article), "--db", str(path)]) == 0
    return path


def test_a_killed_export_leaves_a_partial_file_the_next_export_removes(
    dbfile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "export.jsonl"
    for _ in range(2):
        _kill_midway(KILLED_EXPORT, ["export", str(out), "--all", "--db", str(dbfile)])
    # The second run removed the first one's partial file, and left its own.
    (stale,) = [p.name for p in out_dir.iterdir()]
    assert stale.startswith(".export.jsonl.") and stale.endswith(".part")
    assert (out_dir / stale).stat().st_size == 100000
    # Someone else's file of a similar name is not ours to remove.
    (out_dir / ".export.jsonl.keep-me.part").write_text("theirs", encoding="utf-8")
    (out_dir / ".other.jsonl.abcdefgh.part").write_text("theirs", encoding="utf-8")
    assert main(["export", str(out), "--all", "--db", str(dbfile)]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in out_dir.iterdir()) == [
        ".export.jsonl.keep-me.part",
        ".other.jsonl.abcdefgh.part",
        "export.jsonl",
    ]


def test_a_killed_backup_leaves_a_partial_file_the_next_backup_removes(
    dbfile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "backups"
    out_dir.mkdir()
    out = out_dir / "copy.sqlite"
    _kill_midway(KILLED_BACKUP, ["db", "backup", str(out), "--db", str(dbfile)])
    (stale,) = [p.name for p in out_dir.iterdir()]
    assert stale.startswith(".copy.sqlite.") and stale.endswith(".partial")
    assert main(["db", "backup", str(out), "--db", str(dbfile)]) == 0
    capsys.readouterr()
    assert [p.name for p in out_dir.iterdir()] == ["copy.sqlite"]


def test_a_live_writers_partial_file_is_left_alone(tmp_path: Path) -> None:
    """The lock, not the age, tells stale from live: a running export's file stays."""
    target = tmp_path / "out.jsonl"
    with partfiles.partial_beside(target, ".part") as live:
        live.write_bytes(b"half")
        # Another process (the lock is per open file, so a child shows it) cleans up.
        code = (
            "import sys; from pathlib import Path; from annotator.services import partfiles; "
            "print(len(partfiles.remove_stale(Path(sys.argv[1]), '.part')))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(target)], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "0"
        assert live.read_bytes() == b"half"
    assert not live.exists()


def test_partial_file_is_locked_until_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    started = time.monotonic()
    with partfiles.partial_beside(target, ".part") as live:
        assert live.parent == tmp_path and live.name.startswith(".out.jsonl.")
        fd = os.open(live, os.O_RDONLY)
        try:
            import fcntl

            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    assert time.monotonic() - started < 5


def test_reading_commands_do_not_seed_the_label_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A migrated database without the default labels stays without them when only read."""
    from sqlalchemy import func, select

    from annotator.storage import models as m
    from annotator.storage.database import open_database

    path = tmp_path / "bare.sqlite"
    open_database(str(path)).close()  # migrated, never given the bundled schema
    before = digest(path)
    for command in (["stats"], ["labels", "list"], ["docs", "list"], ["db", "info"]):
        assert main([*command, "--db", str(path)]) == 0
    capsys.readouterr()
    assert digest(path) == before
    db = open_database(str(path))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Label)) == 0
    db.close()
    assert main(["db", "upgrade", "--db", str(path)]) == 0  # a writing command gives it
    assert main(["labels", "list", "--db", str(path)]) == 0
    assert "PER\tentity" in capsys.readouterr().out


def test_db_check_notes_names_stored_before_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    open_workspace(str(path)).close()
    sqlite_file(path, "UPDATE labels SET name = 'LOC' || char(27) || '[2J' WHERE name = 'LOC'")
    report = maintenance.check_database(str(path))
    assert report.ok  # a note, not damage
    (note,) = [n for n in report.notes if "name rule" in n]
    assert note == "1 label names break the name rule (rename them): 'LOC\\x1b[2J'"
