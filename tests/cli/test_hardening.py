"""Issue 15: what a hostile tester got through the command line, each reproduced and refused.

Output targets that are not regular files, deeply nested metadata, OS errors as one
``path: reason`` line with exit 2, names with controls or look-alikes, and untrusted text
escaped on the terminal.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.cli.main import main
from annotator.core.jsonio import MAX_DEPTH
from annotator.core.names import NAME_MAX

ARTICLE = "قال مارك روته إن الحلف قوي في بروكسل"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    """The single line of an error message (never a traceback, never 'internal error')."""
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def dbarg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A database holding one annotated article."""
    db = ["--db", str(tmp_path / "h.sqlite")]
    record = {
        "text": ARTICLE,
        "annotator": "alice",
        "spans": [{"start": 4, "end": 13, "label": "PER"}],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["import", str(source), *db]) == 0
    capsys.readouterr()
    return db


# -- item 4: output goes only to a regular file (or -) ------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink(path: Path) -> None:
    target = path.with_name("real-target.txt")
    target.write_text("keep me\n", encoding="utf-8")
    path.symlink_to(target)


def _device(path: Path) -> None:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # what /dev/full is
    except PermissionError:
        pytest.skip("making a device node needs root")


def _socket(path: Path) -> None:
    import socket

    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


SPECIAL = {"fifo": _fifo, "symlink": _symlink, "device": _device, "socket": _socket}


def _state(path: Path) -> tuple[int, int, str]:
    info = path.lstat()
    link = os.readlink(path) if stat.S_ISLNK(info.st_mode) else ""
    return info.st_mode, info.st_ino, link


@pytest.mark.parametrize("kind", sorted(SPECIAL))
@pytest.mark.parametrize("fmt", ["native", "hf"])
def test_export_refuses_special_files(
    kind: str, fmt: str, dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    SPECIAL[kind](out)
    before = _state(out)
    code, _out, err = run(capsys, "export", str(out), "--format", fmt, "--all", *dbarg)
    assert code == 2
    assert one_line_error(err).startswith(f"{out}: is a ")
    assert "not a regular file" in err
    assert _state(out) == before
    assert not out.with_suffix(".labels.json").exists()
    if kind == "symlink":
        assert (tmp_path / "real-target.txt").read_text(encoding="utf-8") == "keep me\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("hf", ".labels.json"), ("labelstudio", ".config.xml")]
)
@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_export_refuses_special_sidecars_before_writing_anything(
    fmt: str,
    suffix: str,
    kind: str,
    dbarg: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out.json"
    side = out.with_suffix(suffix)
    SPECIAL[kind](side)
    before = _state(side)
    code, _out, err = run(capsys, "export", str(out), "--format", fmt, "--all", *dbarg)
    assert code == 2
    assert one_line_error(err).startswith(f"{side}: is a ")
    assert _state(side) == before
    assert not out.exists()


def test_export_to_a_regular_file_still_replaces_it(
    dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    code, _out, _err = run(capsys, "export", str(out), "--format", "hf", "--all", *dbarg)
    assert code == 0
    assert "tokens" in out.read_text(encoding="utf-8")
    assert json.loads(out.with_suffix(".labels.json").read_text(encoding="utf-8"))[0] == "O"


# -- item 5: deeply nested meta ------------------------------------------------------------


def _nested(depth: int) -> str:
    """JSON of an object nested ``depth`` levels (as text: the stdlib stops near 1,000)."""
    return '{"a":' * (depth - 1) + '{"leaf":1}' + "}" * (depth - 1)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 300, 990])
def test_deep_meta_is_refused_at_import_with_file_and_line(
    depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "d.sqlite")]
    path = tmp_path / "deep.jsonl"
    lines = ['{"text": "first article"}', f'{{"text": "second", "meta": {_nested(depth)}}}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", str(path), *db)
    assert code == 2
    assert one_line_error(err) == f"{path}:2: meta is nested more than {MAX_DEPTH} levels deep"
    assert not (tmp_path / "d.sqlite").exists()  # all or nothing: not even an empty database


def test_meta_at_the_limit_imports_and_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "d.sqlite")]
    path = tmp_path / "ok.jsonl"
    meta = _nested(MAX_DEPTH)
    path.write_text(f'{{"text": "an article", "meta": {meta}}}\n', encoding="utf-8")
    assert run(capsys, "import", str(path), *db)[0] == 0
    out = tmp_path / "out.jsonl"
    # The document has no layer: only --include-unannotated exports it (issue 13).
    assert run(capsys, "export", str(out), "--include-unannotated", *db)[0] == 0
    exported = json.loads(out.read_text(encoding="utf-8"))["meta"]
    assert exported == {**json.loads(meta), "title": "an article"}


@pytest.mark.parametrize("fmt", ["native", "prodigy", "labelstudio"])
def test_deep_meta_stored_earlier_still_exports(
    fmt: str, dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database written before the limit may hold 990 levels: every export still works."""
    with sqlite3.connect(dbarg[1]) as conn:
        conn.execute("UPDATE documents SET meta = ?", (_nested(900),))
    conn.close()
    out = tmp_path / "out.json"
    code, _out, err = run(capsys, "export", str(out), "--format", fmt, "--all", *dbarg)
    assert code == 0, err
    assert out.read_text(encoding="utf-8").count('{"a":') >= 899


# -- item 6: OS errors are `path: reason`, exit 2 -------------------------------------------


def test_unreadable_jsonl(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests run as root, whom permissions do not stop: the refusal is simulated."""
    path = tmp_path / "secret.jsonl"
    path.write_text('{"text": "x"}\n', encoding="utf-8")
    real_open = Path.open

    def refusing(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing)
    code, _out, err = run(capsys, "import", str(path), "--db", str(tmp_path / "x.sqlite"))
    assert code == 2
    assert one_line_error(err) == f"{path}: cannot read: Permission denied"


def test_unreadable_folder_is_not_an_empty_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("نص", encoding="utf-8")
    real_scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    code, _out, err = run(capsys, "import", str(folder), "--db", str(tmp_path / "x.sqlite"))
    assert code == 2
    assert one_line_error(err) == f"{folder}: cannot read folder: Permission denied"


def test_proc_self_mem_is_an_io_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/proc/self/mem").exists():
        pytest.skip("no /proc here")
    db = ["--db", str(tmp_path / "x.sqlite")]
    code, _out, err = run(capsys, "import", "/proc/self/mem", "--format", "jsonl", *db)
    assert code == 2
    assert one_line_error(err) == "/proc/self/mem: cannot read: Input/output error"


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "hex", "idna", "bz2", "uu"])
def test_non_text_codecs_are_refused(
    codec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "abc"}\n', encoding="utf-8")
    code, _out, err = run(
        capsys, "import", str(path), "--encoding", codec, "--db", str(tmp_path / "x.sqlite")
    )
    assert code == 2
    assert one_line_error(err).startswith(f"{path}: {codec!r} is not a text encoding")


def test_export_to_a_folder_that_refuses(
    monkeypatch: pytest.MonkeyPatch,
    dbarg: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A read-only folder (simulated: root may write anywhere)."""
    import tempfile

    folder = tmp_path / "ro"
    folder.mkdir()

    def refusing(*_args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(kwargs.get("dir")))

    monkeypatch.setattr(tempfile, "mkstemp", refusing)
    out = folder / "x.jsonl"
    code, _out, err = run(capsys, "export", str(out), "--all", *dbarg)
    assert code == 2
    assert one_line_error(err) == f"{out}: cannot write: Permission denied; nothing was written"
    assert list(folder.iterdir()) == []


def test_export_to_a_full_disk(
    monkeypatch: pytest.MonkeyPatch,
    dbarg: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The disk fills while writing (simulated); nothing is left, the old file stays."""
    from annotator.services import exporter

    class Full:
        def __init__(self, *_args: Any, **_kwargs: Any) -> None:
            pass

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_exc: object) -> None:
            pass

        def write(self, _data: bytes) -> int:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporter, "open", Full, raising=False)
    out = tmp_path / "x.jsonl"
    out.write_text("old\n", encoding="utf-8")
    code, _out, err = run(capsys, "export", str(out), "--all", *dbarg)
    assert code == 2
    assert (
        one_line_error(err) == f"{out}: cannot write: No space left on device; nothing was written"
    )
    assert out.read_text(encoding="utf-8") == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(
    "command",
    [["export", "-", "--all"], ["docs", "list"], ["stats"], ["labels", "list"], ["db", "info"]],
    ids=lambda c: " ".join(c),
)
def test_standard_output_on_a_full_device(
    command: list[str], dbarg: list[str], tmp_path: Path
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", *command, *dbarg],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2, result.stderr
    line = one_line_error(result.stderr)
    assert "standard output" in line and "No space left on device" in line, line


# -- item 8: one rule for names; controls escaped on the terminal ---------------------------

BAD_NAMES = {
    "newline": "PER\nX",
    "nul": "PER\x00",
    "escape": "PER\x1b[2J",
    "bidi override": "PER\u202e",
    "bidi isolate": "\u2067PER",
    "zero-width space": "P\u200bER",
    "zero-width joiner": "P\u200dER",
    "no-break space": "P\u00a0ER",
    "line separator": "P\u2028ER",
    # Invisible but not Cf (Unicode's default-ignorable marks and letters): look-alikes of PER.
    "combining grapheme joiner": "P\u034fER",
    "variation selector": "PER\ufe0f",
    "hangul filler": "PER\u3164",
    "hangul choseong filler": "\u115fPER",
    "halfwidth hangul filler": "PER\uffa0",
    "mongolian variation selector": "PER\u180b",
    "khmer inherent vowel": "P\u17b4ER",
    "ideographic variation selector": "PER\U000e0100",
    "too long": "X" * (NAME_MAX + 1),
    "100k": "Y" * 100_000,
}


@pytest.mark.parametrize("name", list(BAD_NAMES.values()), ids=list(BAD_NAMES))
def test_bad_label_names_are_refused_everywhere(
    name: str, dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema_before = run(capsys, "labels", "list", *dbarg)[1]
    code, _out, err = run(capsys, "labels", "add", name, *dbarg)
    assert code == 2, err
    assert "\x1b" not in err and "\u202e" not in err
    code, _out, err = run(capsys, "labels", "rename", "PER", name, *dbarg)
    assert code == 2, err
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"labels": [{"name": name}]}), encoding="utf-8")
    code, _out, err = run(capsys, "labels", "load", str(schema), *dbarg)
    assert code == 2, err
    assert one_line_error(err).startswith(f"{schema}: label #1: a label name")
    path = tmp_path / "new.jsonl"
    record = {"text": "نص آخر هنا", "annotator": "bob", "spans": [], "topics": [name]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", str(path), "--add-labels", *dbarg)
    assert code == 2, err
    assert one_line_error(err).startswith(f"{path}:1: cannot add label")
    assert run(capsys, "labels", "list", *dbarg)[1] == schema_before


@pytest.mark.parametrize(
    "name",
    [v for k, v in BAD_NAMES.items() if k not in ("too long", "100k")],
    ids=[k for k in BAD_NAMES if k not in ("too long", "100k")],
)
def test_bad_arabic_display_names_are_refused_everywhere(
    name: str, dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A label's Arabic name is shown in the palette, menus and ``labels list`` like its
    name: the names rule holds for it too (``arabic-name PER 'شخص\u202e'`` was taken)."""
    arabic = "شخص" + name
    schema_before = run(capsys, "labels", "list", *dbarg)[1]
    code, _out, err = run(capsys, "labels", "arabic-name", "PER", arabic, *dbarg)
    assert code == 2, err
    assert "an Arabic label name" in one_line_error(err)
    code, _out, err = run(capsys, "labels", "add", "NEWX", "--arabic-name", arabic, *dbarg)
    assert code == 2, err
    schema = tmp_path / "schema.json"
    schema.write_text(
        json.dumps({"labels": [{"name": "NEWX", "arabic_name": arabic}]}), encoding="utf-8"
    )
    code, _out, err = run(capsys, "labels", "load", str(schema), *dbarg)
    assert code == 2, err
    assert one_line_error(err).startswith(f"{schema}: label #1: an Arabic label name")
    assert run(capsys, "labels", "list", *dbarg)[1] == schema_before
    # An empty one still means "show the name".
    assert run(capsys, "labels", "arabic-name", "PER", "", *dbarg)[0] == 0


@pytest.mark.parametrize("name", ["per", "ＰＥＲ", "Per"])
def test_label_names_compare_normalised(
    name: str, dbarg: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "labels", "add", name, *dbarg)
    assert code == 2
    assert "'PER' already exists" in err
    code, _out, err = run(capsys, "labels", "rename", "LOC", name, *dbarg)
    assert code == 2
    assert "'PER' already exists" in err
    # Renaming a label to another case of its own name is allowed.
    assert run(capsys, "labels", "rename", "LOC", "Loc", *dbarg)[0] == 0


@pytest.mark.parametrize(
    "name", ["huda\nroot", "huda\x1b]0;x\x07", "hu\u200bda", "\u202ehuda", "h" * (NAME_MAX + 1)]
)
def test_bad_annotator_names_are_refused(
    name: str, dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("نص جديد", encoding="utf-8")
    code, _out, err = run(capsys, "import", str(path), "--annotator", name, *dbarg)
    assert code == 2, err
    assert "an annotator name" in one_line_error(err)
    record = {"text": "نص ثالث", "annotator": name, "spans": [], "status": "done"}
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", str(jsonl), *dbarg)
    assert code == 2, err
    assert "an annotator name" in one_line_error(err)


def test_annotator_names_compare_normalised(
    dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = {"text": "نص ثالث", "annotator": "ALICE", "spans": [], "status": "done"}
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", str(jsonl), *dbarg)
    assert code == 2
    assert "too like the annotator 'alice'" in err


def test_untrusted_text_is_escaped_on_output(
    dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Titles, external ids and stored label names with escape sequences are not obeyed."""
    title = "Title\x1b]0;pwned\x07 \x1b[2J\u202eevil"
    record = {"text": "نص المقال", "title": title, "meta": {"external_id": "id\x1b[31m\x9b1m"}}
    path = tmp_path / "evil.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert run(capsys, "import", str(path), *dbarg)[0] == 0
    with sqlite3.connect(dbarg[1]) as conn:  # a label named before names had a rule
        conn.execute("UPDATE labels SET name = ? WHERE name = 'LOC'", ("LOC\x1b[2J\u2066",))
    conn.close()
    for command in (["docs", "list"], ["labels", "list"], ["stats"]):
        for display in ("logical", "visual"):
            code, out, err = run(capsys, *command, "--display", display, *dbarg)
            assert code == 0, err
            for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066"):
                assert raw not in out, (command, out)
    code, out, _err = run(capsys, "docs", "list", "--display", "logical", *dbarg)
    assert "Title\\x1b]0;pwned\\x07 \\x1b[2J\\u202eevil" in out
    assert "id\\x1b[31m\\x9b1m" in out
    code, out, _err = run(capsys, "labels", "list", "--display", "logical", *dbarg)
    assert "LOC\\x1b[2J\\u2066\t" in out
    # An error naming a file whose name holds an escape sequence.
    code, _out, err = run(capsys, "import", str(tmp_path / "x\x1b[2J.txt"), *dbarg)
    assert code == 2
    assert "\x1b" not in err and "x\\x1b[2J.txt" in err


def _on_a_terminal(args: list[str]) -> str:
    """Run the command with a pseudo-terminal as standard output; what it showed there."""
    import pty

    master, slave = pty.openpty()
    chunks = []
    with subprocess.Popen(
        [sys.executable, "-m", "annotator", *args], stdout=slave, stderr=subprocess.DEVNULL
    ) as child:
        os.close(slave)
        # Read while it writes: a terminal holds only a few kB unread.
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command ended and the terminal is drained
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert child.wait(timeout=120) == 0
    os.close(master)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize(
    "command",
    [["export", "-", "--all"], ["export", "-", "--all", "--format", "conll"], ["docs", "list"]],
    ids=lambda c: " ".join(c),
)
def test_a_terminal_never_gets_raw_controls(
    command: list[str], dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "عنوان \u202eevil\x9b31m"
    # Annotated, so that every export writes it (a layer-less document is no training data).
    record = {
        "text": f"{title}\nنص المقال \u2066x\u2069",
        "title": title,
        "annotator": "huda",
        "spans": [{"start": 0, "end": 5, "label": "PER"}],
    }
    path = tmp_path / "evil.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert run(capsys, "import", str(path), *dbarg)[0] == 0
    shown = _on_a_terminal([*command, *dbarg])
    for raw in ("\x9b", "\u202e", "\u2066", "\x1b"):
        assert raw not in shown, (raw, shown)
    assert "\\u009b" in shown or "\\x9b" in shown  # shown escaped, not obeyed


def test_a_schema_file_that_is_a_fifo_is_refused_not_waited_on(
    dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "schema.json"
    os.mkfifo(fifo)
    code, _out, err = run(capsys, "labels", "load", str(fifo), *dbarg)
    assert code == 2
    assert one_line_error(err) == f"{fifo}: not a regular file"


def test_guidelines_show_escapes_controls_on_a_terminal_only(
    dbarg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Guidelines are a file from someone else: ``guidelines show`` wrote its ESC and bidi
    overrides raw to the terminal. On a terminal they are escaped; piped, the document
    comes out as written (for a pager or a file)."""
    text = "# G\n\nperson\x1b[2J \u202eevil\x9b31m\n"
    guide = tmp_path / "g.md"
    guide.write_text(text, encoding="utf-8")
    assert run(capsys, "guidelines", "set", str(guide), "--as", "rita", *dbarg)[0] == 0
    shown = _on_a_terminal(["guidelines", "show", *dbarg])
    for raw in ("\x1b", "\u202e", "\x9b"):
        assert raw not in shown, (raw, shown)
    assert "person\\x1b[2J" in shown
    code, out, _ = run(capsys, "guidelines", "show", *dbarg)
    assert (code, out) == (0, text)


HUGE = "99999999999999999999"  # past SQLite's 64-bit integers


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "OUT", "--document", HUGE, "--annotator", "alice"),
        ("log", "--document", HUGE),
        ("gold", "comment", HUGE, "x", "--as", "rev"),
        ("gold", "init", "--documents", HUGE, "--as", "rev"),
        ("assign", "--annotators", "alice", "--documents", HUGE, "--as", "rev"),
        ("assignments", "list", "--document", HUGE),
        ("suggest", "predict", "--name", "m", "--documents", HUGE),
        ("suggest", "remove", HUGE),
        ("guidelines", "show", "--version", HUGE),
    ],
)
def test_an_id_too_large_for_any_database_is_one_line(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    # report --document 99999999999999999999 (and every other id option): OverflowError
    # "Python int too large to convert to SQLite INTEGER", an internal error, exit 70.
    args = [str(tmp_path / "r.html") if a == "OUT" else a for a in argv]
    try:
        code, _out, err = run(capsys, *args, *dbarg)
    except SystemExit as exc:  # argparse's own refusal: one usage line and the reason
        code, err = int(str(exc.code)), capsys.readouterr().err.splitlines()[-1] + "\n"
    assert code == 2, err
    assert HUGE in one_line_error(err)
