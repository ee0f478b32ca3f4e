"""Reading files lazily: JSONL (UTF-8, BOM, CRLF, UTF-16), JSON arrays, .txt, folders."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.core.formats.readers import expand_paths, file_format, read_file, title_of
from annotator.core.formats.report import ReadReport
from annotator.core.textio import NUL_TEXT

GOOD = {"text": "قال مارك روته", "spans": [{"start": 4, "end": 13, "label": "PER"}]}


def write_lines(path: Path, lines: list[str], *, newline: str = "\n") -> Path:
    path.write_text(newline.join(lines) + newline, encoding="utf-8", newline="")
    return path


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def read_all(path: Path, **kwargs: Any) -> list[Any]:
    return list(read_file(path, **kwargs))


def test_jsonl_records_with_lines(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "a.jsonl", [dumps(GOOD), "", "   ", dumps({"text": "ب"})])
    items = read_all(path)
    assert [i.line for i in items] == [1, 4]
    assert [i.record.text for i in items] == ["قال مارك روته", "ب"]
    assert items[-1].bytes_read == path.stat().st_size


BAD_RECORDS = [
    ("{not json", "invalid JSON"),
    (dumps({"text": "abc", "spans": [{"start": 0, "end": 10, "label": "PER"}]}), "outside"),
    (dumps({"text": "abc", "spans": [{"start": 2, "end": 1, "label": "PER"}]}), "reversed"),
    (dumps({"text": "abc", "spans": [{"start": "a", "end": 1, "label": "PER"}]}), "integers"),
    (
        dumps({"text": "abc", "spans": [{"start": 0, "end": 1, "label": "P", "text": "b"}]}),
        "does not match",
    ),
    (
        dumps(
            {
                "text": "abc",
                "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "P"}],
                "relations": [{"id": 0, "from_id": 1, "to_id": 2, "type": "SPEAKER"}],
            }
        ),
        "not span ids",
    ),
    (dumps({"text": "\ufee3\ufeae\ufea3\ufe92\ufe8e"}), "presentation forms"),
    ("[1, 2]", "JSON object"),
]


@pytest.mark.parametrize(("bad", "words"), BAD_RECORDS)
def test_fault_on_third_line_is_located(tmp_path: Path, bad: str, words: str) -> None:
    path = write_lines(tmp_path / "f.jsonl", [dumps(GOOD), dumps(GOOD), bad, dumps(GOOD)])
    seen = []
    with pytest.raises(InputError) as info:
        for item in read_file(path):
            seen.append(item.line)
    err = info.value
    assert seen == [1, 2]  # lazily read: the good records before the fault came through
    assert words in err.reason
    assert err.located() == f"{path}:3: {err.reason}"
    assert "\n" not in err.located()


def test_utf8_bom_and_crlf_jsonl(tmp_path: Path) -> None:
    raw = "سطر\r\nقال مارك روته"
    start = raw.index("مارك")
    rec = {"text": raw, "spans": [{"start": start, "end": len(raw), "label": "PER"}]}
    path = tmp_path / "bom.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + (dumps(rec) + "\r\n" + dumps(GOOD) + "\r\n").encode())
    items = read_all(path)
    assert len(items) == 2
    first = items[0].record
    assert first.text == "سطر\nقال مارك روته"
    assert first.text[first.spans[0].start : first.spans[0].end] == "مارك روته"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_jsonl(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "u16.jsonl"
    data = (dumps(GOOD) + "\n" + dumps({"text": "ب"}) + "\n").encode(codec)
    if codec != "utf-16":
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    path.write_bytes(data)
    items = read_all(path)
    assert [i.record.text for i in items] == ["قال مارك روته", "ب"]
    assert [i.line for i in items] == [1, 2]


def test_jsonl_not_utf8_names_line_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes((dumps(GOOD) + "\n").encode() + '{"text": "café"}\n'.encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_all(path)
    assert info.value.line == 2
    assert "--encoding" in info.value.reason
    # With the encoding given, it reads.
    items = read_all(path, encoding="latin-1")
    assert items[1].record.text == "café"


def test_cp1256_jsonl_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cp.jsonl"
    path.write_bytes((dumps(GOOD) + "\n").encode("cp1256"))
    assert read_all(path, encoding="cp1256")[0].record.spans[0].label == "PER"


def test_binary_jsonl_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bin.jsonl"
    path.write_bytes((dumps(GOOD) + "\n").encode() + b"\x00\x01\x02\x03garbage\n")
    with pytest.raises(InputError) as info:
        read_all(path)
    assert info.value.line == 2
    assert "binary" in info.value.reason


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "arr.json"
    path.write_text(dumps([GOOD, {"text": "ب"}]), encoding="utf-8")
    assert [i.record.text for i in read_all(path)] == ["قال مارك روته", "ب"]
    bad = tmp_path / "bad.json"
    bad.write_text(dumps([GOOD, {"text": "abc", "label": [[0, 9, "P"]]}]), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_all(bad)
    assert info.value.reason.startswith("record #2: ")
    assert "outside" in info.value.reason


def test_wide_integers_in_meta_are_read_whole(tmp_path: Path) -> None:
    """orjson reads an integer beyond 64 bits as a float; such meta is read again exactly."""
    wide = {"n": 2**70 + 1, "f": 0.5}
    lines = write_lines(tmp_path / "w.jsonl", [dumps(GOOD), dumps({**GOOD, "meta": wide})])
    assert [i.record.meta for i in read_all(lines)] == [{}, wide]
    # A long number in the text alone, beside a float meta, changes nothing.
    phone = {**GOOD, "text": "هاتف 12345678901234567890", "spans": [], "meta": {"f": 0.5}}
    assert read_all(write_lines(tmp_path / "p.jsonl", [dumps(phone)]))[0].record.meta == {"f": 0.5}
    array = tmp_path / "w.json"
    array.write_text(dumps([GOOD, {**GOOD, "meta": wide}]), encoding="utf-8")
    assert [i.record.meta for i in read_all(array)] == [{}, wide]


def test_doccano_format_forced(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "d.jsonl", [dumps({"text": "abc", "label": ["x"]})])
    assert read_all(path, fmt="doccano")[0].record.topics == ["x"]
    plain = write_lines(tmp_path / "p.jsonl", [dumps(GOOD)])
    with pytest.raises(InputError, match="not a doccano record"):
        read_all(plain, fmt="doccano")


def test_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(codecs.BOM_UTF8 + "\r\n  عنوان المقال  \r\nالنص\u0640 هنا\r\n".encode())
    (item,) = read_all(path)
    assert item.line is None
    assert item.record.text == "\n  عنوان المقال  \nالنص\u0640 هنا\n"
    assert item.record.title == "عنوان المقال"
    assert item.record.source == "article.txt"
    assert not item.record.has_layer


@pytest.mark.parametrize("codec", ["cp1256", "utf-16", "utf-16-le"])
def test_txt_legacy_encodings(tmp_path: Path, codec: str) -> None:
    text = "الناتو يجتمع في بروكسل\nاليوم"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(codec))
    assert read_all(path)[0].record.text == text


def test_txt_faults(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\r\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        read_all(empty)
    shaped = tmp_path / "shaped.txt"
    shaped.write_text("\ufee3\ufeae\ufea3\ufe92\ufe8e", encoding="utf-8")
    with pytest.raises(InputError, match="presentation forms"):
        read_all(shaped)
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"GIF89a\n\x00\x00\x01\x02\xff")
    with pytest.raises(InputError) as info:
        read_all(binary)
    assert info.value.located() == f"{binary}:2: {info.value.reason}"


def test_expand_paths(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("b.txt", "a.jsonl", "sub/c.TXT", "notes.md", "sub/d.json"):
        (folder / name).write_text("x", encoding="utf-8")
    found = expand_paths([str(folder)])
    assert [p.relative_to(folder).as_posix() for p in found] == [
        "a.jsonl",
        "b.txt",
        "sub/c.TXT",
        "sub/d.json",
    ]
    with pytest.raises(InputError, match="no such file"):
        expand_paths([str(tmp_path / "missing.txt")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no \.txt"):
        expand_paths([str(tmp_path / "empty")])


def test_file_format() -> None:
    assert file_format(Path("a.TXT"), "auto") == "txt"
    assert file_format(Path("a.ndjson"), "auto") == "jsonl"
    assert file_format(Path("a.md"), "txt") == "txt"
    with pytest.raises(InputError, match="--format"):
        file_format(Path("a.csv"), "auto")
    with pytest.raises(InputError, match="unknown format"):
        file_format(Path("a.txt"), "xml")


def test_title_of() -> None:
    assert title_of("\n\n  العنوان \nالنص") == "العنوان"
    long = "ا" * 300
    assert title_of(long) == "ا" * 199 + "…"
    assert title_of("   \n ") == ""


# -- wide encodings, NUL characters, Windows-1256 JSONL, hidden files ----------------------


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_utf32_with_bom_is_not_read_as_utf16(tmp_path: Path, suffix: str) -> None:
    body = "قال محمد" if suffix == ".txt" else dumps(GOOD) + "\n"
    path = tmp_path / f"u32{suffix}"
    path.write_bytes(body.encode("utf-32"))
    (item,) = read_all(path)
    assert "\x00" not in item.record.text
    assert item.record.text == ("قال محمد" if suffix == ".txt" else GOOD["text"])


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_wrong_encoding_giving_nuls_is_refused(tmp_path: Path, suffix: str) -> None:
    """--encoding utf-8 on a UTF-16 file decodes, into text full of U+0000: refused."""
    body = "قال محمد" if suffix == ".txt" else dumps(GOOD) + "\n"
    path = tmp_path / f"u16{suffix}"
    path.write_bytes(body.encode("utf-16-le"))
    with pytest.raises(InputError) as info:
        read_all(path, encoding="utf-8")
    assert info.value.reason == NUL_TEXT
    assert info.value.located() == f"{path}:1: {NUL_TEXT}"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_jsonl_without_bom(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "u16.jsonl"
    path.write_bytes((dumps(GOOD) + "\n" + dumps({"text": "ب"}) + "\n").encode(codec))
    items = read_all(path)
    assert [i.record.text for i in items] == ["قال مارك روته", "ب"]
    assert [i.line for i in items] == [1, 2]
    assert items[0].record.spans[0].label == "PER"


def test_cp1256_jsonl_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "cp.jsonl"
    path.write_bytes((dumps(GOOD) + "\n" + dumps({"text": "ب"}) + "\n").encode("cp1256"))
    items = read_all(path)
    assert [i.record.text for i in items] == ["قال مارك روته", "ب"]
    assert [i.line for i in items] == [1, 2]


def test_cp1256_jsonl_after_ascii_lines_goes_on_from_there(tmp_path: Path) -> None:
    """ASCII lines read the same in UTF-8 and cp1256: the records already read stand."""
    ascii_lines = [dumps({"text": "NATO summit", "id": "a"}), "", dumps({"text": "Brussels"})]
    path = tmp_path / "cp.jsonl"
    body = "\n".join([*ascii_lines, dumps(GOOD), dumps({"text": "ب"})]) + "\n"
    path.write_bytes(body.encode("cp1256"))
    items = read_all(path)
    texts = ["NATO summit", "Brussels", "قال مارك روته", "ب"]
    assert [i.record.text for i in items] == texts
    assert [i.line for i in items] == [1, 3, 4, 5]
    assert items[2].record.spans[0].label == "PER"


def test_utf8_then_cp1256_jsonl_is_refused(tmp_path: Path) -> None:
    """UTF-8 Arabic lines, then cp1256 ones: the file mixes encodings; say so at the line."""
    path = tmp_path / "mixed.jsonl"
    path.write_bytes((dumps(GOOD) + "\n").encode() + (dumps(GOOD) + "\n").encode("cp1256"))
    with pytest.raises(InputError) as info:
        read_all(path)
    assert info.value.line == 2
    assert "not valid UTF-8" in info.value.reason


def test_latin1_jsonl_after_ascii_lines_is_not_taken_for_cp1256(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"text": "ok"}\n' + '{"text": "Grüße aus Köln"}\n'.encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_all(path)
    assert info.value.line == 2
    assert "--encoding" in info.value.reason


def test_expand_paths_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for sub in ("sub", ".git/objects", "sub/.cache"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for name in ("a.txt", "sub/b.txt", ".git/HEAD.txt", ".git/objects/x.json", "sub/.cache/c.txt"):
        (folder / name).write_text("قال محمد", encoding="utf-8")
    # A macOS resource fork: binary, beside the article it belongs to.
    for name in ("._a.txt", "sub/._b.txt"):
        (folder / name).write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    found = expand_paths([str(folder)])
    assert [p.relative_to(folder).as_posix() for p in found] == ["a.txt", "sub/b.txt"]
    assert [i.record.text for p in found for i in read_all(p)] == ["قال محمد"] * 2
    # Named on its own, a hidden file or folder is read.
    assert expand_paths([str(folder / ".git/HEAD.txt")]) == [folder / ".git/HEAD.txt"]
    assert expand_paths([str(folder / "sub/.cache")]) == [folder / "sub/.cache/c.txt"]
    only_hidden = tmp_path / "hidden"
    (only_hidden / ".x").mkdir(parents=True)
    (only_hidden / ".x/a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"no \.txt"):
        expand_paths([str(only_hidden)])


@pytest.mark.parametrize(("bad", "words"), BAD_RECORDS)
def test_lenient_skips_each_bad_jsonl_record_and_lists_it(
    tmp_path: Path, bad: str, words: str
) -> None:
    path = write_lines(tmp_path / "a.jsonl", [dumps(GOOD), bad, dumps(GOOD)])
    report = ReadReport()
    items = read_all(path, lenient=True, report=report)
    assert [i.line for i in items] == [1, 3]
    (repair,) = report.repairs
    assert repair.startswith(f"{path}:2: ") and words in repair
    assert repair.endswith("; record skipped")


def test_lenient_skips_a_bad_record_of_a_json_array(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([GOOD, {"text": " "}, GOOD]), encoding="utf-8")
    with pytest.raises(InputError, match="record #2: text is empty"):
        read_all(path)
    report = ReadReport()
    assert len(read_all(path, lenient=True, report=report)) == 2
    assert report.repairs == [
        f"{path}:1: record #2: text is empty; a document needs text to annotate; record skipped"
    ]


def test_lenient_skips_an_empty_txt_file_but_not_an_unreadable_one(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n", encoding="utf-8")
    report = ReadReport()
    assert read_all(empty, lenient=True, report=report) == []
    assert report.repairs == [f"{empty}: file holds no text; file skipped"]
    with pytest.raises(InputError, match="cannot read"):
        read_all(tmp_path / "gone.txt", lenient=True)
