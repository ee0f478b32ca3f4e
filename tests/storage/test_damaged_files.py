"""Damaged and foreign files: a clear one-line refusal, and not one byte of the file changed."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator.cli.main import main
from annotator.services import importer
from annotator.services.workspace import open_workspace
from annotator.storage.errors import DatabaseOpenError

SEED = 20261128


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """An annotator database of some 200 pages (documents, layers, spans), as bytes."""
    folder = tmp_path_factory.mktemp("good")
    source = folder / "articles.jsonl"
    with source.open("wb") as out:
        for i in range(300):
            text = f"قال المتحدث باسم الوزارة في بيان رقم {i} إن " + "الاقتصاد ينمو " * 30
            record = {
                "text": text,
                "annotator": "huda",
                "spans": [{"start": 0, "end": 3, "label": "PER"}],
                "topics": ["economy"],
            }
            out.write(orjson.dumps(record) + b"\n")
    path = folder / "good.sqlite"
    db = open_workspace(str(path))
    importer.import_paths(db, [str(source)])
    db.close()
    assert sorted(p.name for p in folder.iterdir()) == ["articles.jsonl", "good.sqlite"]
    return path.read_bytes()


def refuse(tmp_path: Path, data: bytes, name: str = "damaged.sqlite") -> DatabaseOpenError:
    """Open ``data`` as a database: it must be refused, with the folder left byte-identical."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DatabaseOpenError) as info:
        open_workspace(str(path))
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no -wal, -shm or journal left
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    path.unlink()
    return info.value


def test_truncated_at_many_sizes_is_refused(tmp_path: Path, good_bytes: bytes) -> None:
    size = len(good_bytes)
    assert size > 100 * 4096
    cuts = [1, 15, 16, 17, 50, 99, 100, 101, 512, 4095, 4096, 4097, 8192, 3 * 4096]
    cuts += [size // 3, size // 2, size - 4096, size - 100, size - 1]
    for cut in cuts:
        error = refuse(tmp_path, good_bytes[:cut])
        assert "damaged" in str(error) or "not an SQLite file" in str(error), (cut, error)


def test_scribbled_page_headers_are_refused(tmp_path: Path, good_bytes: bytes) -> None:
    rng = random.Random(SEED)
    pages = len(good_bytes) // 4096
    for _ in range(8):
        data = bytearray(good_bytes)
        page = rng.randrange(1, pages)
        data[page * 4096 : page * 4096 + 12] = rng.randbytes(12)
        assert "damaged" in str(refuse(tmp_path, bytes(data))), page


def test_random_byte_corruption_is_refused_or_harmless(tmp_path: Path, good_bytes: bytes) -> None:
    """Bytes flipped at random: refused when SQLite's structure check sees it; where it cannot
    (the bytes fell in free space or inside a text), the file opens. Either way no byte of it
    changes, and most such files are caught."""
    rng = random.Random(SEED)
    refused = 0
    rounds = 24
    for _ in range(rounds):
        data = bytearray(good_bytes)
        for _flip in range(40):
            data[rng.randrange(100, len(data))] = rng.randrange(256)
        path = tmp_path / "corrupt.sqlite"
        path.write_bytes(bytes(data))
        try:
            open_workspace(str(path)).close()
        except DatabaseOpenError as exc:
            assert "\n" not in str(exc) and "damaged" in str(exc)
            refused += 1
        assert path.read_bytes() == bytes(data)
        path.unlink()
    assert refused >= rounds // 2


def test_header_damage_is_refused(tmp_path: Path, good_bytes: bytes) -> None:
    for offset, value in ((16, b"\x00\x03"), (18, b"\x09\x09"), (21, b"\x00"), (28, b"\xff")):
        data = bytearray(good_bytes)
        data[offset : offset + len(value)] = value
        refuse(tmp_path, bytes(data))


def test_other_applications_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / "made").mkdir()
    path = tmp_path / "made" / "places.sqlite"
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    con.commit()
    con.close()
    data = path.read_bytes()
    (tmp_path / "made" / "places.sqlite").unlink()
    (tmp_path / "made").rmdir()
    error = refuse(tmp_path, data, "places.sqlite")
    assert "not an annotator database" in str(error) and "moz_places" in str(error)


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
        "عنوان المقال\nنص المقال\n".encode() * 200,
        b"SQLite format 2\x00" + b"\x00" * 5000,
        b"SQLite format 3\x00" + b"\xff" * 84,
        b"\x00" * 8192,
    ],
    ids=["png", "text", "sqlite2", "header-only", "zeros"],
)
def test_non_database_files_are_refused(tmp_path: Path, content: bytes) -> None:
    refuse(tmp_path, content, "notes.sqlite")


def test_command_line_says_it_in_one_line(
    tmp_path: Path, good_bytes: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cut.sqlite"
    data = good_bytes[: len(good_bytes) // 2]
    path.write_bytes(data)
    for command in (["docs", "list"], ["db", "upgrade"], ["db", "info"], ["labels", "list"]):
        assert main([*command, "--db", str(path)]) == 2, command
        out, err = capsys.readouterr()
        assert out == "" and len(err.strip().splitlines()) == 1 and "is damaged" in err
    done = subprocess.run(  # and as a real process: one line, no traceback
        [sys.executable, "-m", "annotator", "stats", "--db", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "is damaged" in lines[0]
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["cut.sqlite"]
