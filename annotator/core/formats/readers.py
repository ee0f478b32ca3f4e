"""Read input files lazily into DocumentRecords: plain text, JSONL (and a JSON array)."""

from __future__ import annotations

import codecs
import functools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.formats.conll import ConllRecord
from annotator.core.formats.records import looks_reshaped, parse_record
from annotator.core.formats.registry import CONLL_SUFFIXES, IMPORT_FORMATS, READERS, resolve
from annotator.core.formats.report import ReadReport
from annotator.core.jsonio import LONG_NUMBER_BYTES, ExactItems, item_line, may_hold_wide_int
from annotator.core.model import DocumentRecord
from annotator.core.offsets import normalise_text
from annotator.core.textio import SNIFF_BYTES, decode_bytes, sniff_codec

TEXT_SUFFIXES = (".txt",)
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
FORMATS = IMPORT_FORMATS
TITLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class ReadItem:
    """One record read from a file, with where it was and how far the file is read."""

    record: DocumentRecord
    line: int | None
    bytes_read: int
    tag: str | None = None
    """How errors name a record of a file of several records not one a line (a JSON
    array): "record #2", "task #2"."""
    locate: Callable[[], int | None] | None = None
    """Finds the line such a record starts on (only when an error names it: a scan)."""

    def line_of(self, label: str) -> int | None:
        """The line to name in an error about ``label``: where the file first uses it, if known."""
        if isinstance(self.record, ConllRecord):
            return self.record.label_lines.get(label, self.line)
        return self.where()

    def where(self) -> int | None:
        """The line to name in an error about this record, if known."""
        if self.line is None and self.locate is not None:
            return self.locate()
        return self.line

    def error(self, reason: str, path: str, line: int | None = None) -> InputError:
        """``path:line: reason`` about this record (``line`` when given, else its own); a
        record of a JSON array is named by its number too, as the reader names it."""
        if self.tag is not None:
            reason = f"{self.tag}: {reason}"
        return InputError(reason, path, line if line is not None else self.where())


class _NotUtf8(InputError):
    """A JSONL line that is not UTF-8 (the streaming reader may try Windows-1256 then)."""


def expand_paths(paths: list[str]) -> list[Path]:
    """Files named, plus the importable files inside named folders (sorted, recursive).

    Inside a folder, hidden files and folders (names beginning with ".") are skipped: they
    are macOS resource forks (``._a.txt``), version control (``.git``) and the like, never
    articles. A hidden file named on its own is read.
    """
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(_folder_files(path))
            if not found:
                raise InputError("folder holds no .txt, .jsonl or .json files", str(path))
            out.extend(found)
        elif path.is_file():
            out.append(path)
        elif path.exists():
            raise InputError("not a regular file", str(path))
        else:
            raise InputError("no such file or folder", str(path))
    return out


def _folder_files(folder: Path) -> Iterator[Path]:
    """The importable, not hidden files below ``folder``, in no particular order."""
    suffixes = TEXT_SUFFIXES + JSON_SUFFIXES + CONLL_SUFFIXES
    # os.walk rather than rglob: pruning hidden folders here spares walking all of .git.
    # Like rglob, it does not descend into symlinked folders (no loops).
    for top, folders, files in os.walk(folder, onerror=_unreadable_folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        for file in files:
            path = Path(top, file)
            if not file.startswith(".") and path.suffix.lower() in suffixes and path.is_file():
                yield path


def _unreadable_folder(exc: OSError) -> None:
    """A folder the system will not list: an error naming it, not a folder of no files."""
    where = os.fsdecode(exc.filename) if exc.filename is not None else "folder"
    raise InputError(f"cannot read folder: {exc.strerror or exc}", where)


def file_format(path: Path, fmt: str) -> str:
    """Resolve ``auto`` by file suffix; refuse suffixes that say nothing."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})", str(path))
    if fmt != "auto":
        return fmt
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in JSON_SUFFIXES:
        return "jsonl"
    if suffix in CONLL_SUFFIXES:
        return "conll"
    raise InputError(
        f"cannot tell the format of a {suffix or 'suffix-less'} file; pass --format", str(path)
    )


def title_of(text: str) -> str:
    """A document title: its first non-empty line, shortened."""
    for line in text.split("\n", 20):
        line = line.strip()
        if line:
            return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"
    return ""


def read_file(
    path: Path,
    fmt: str = "auto",
    encoding: str | None = None,
    *,
    lenient: bool = False,
    report: ReadReport | None = None,
) -> Iterator[ReadItem]:
    """Yield the records of one file; raise InputError (file:line: reason) on the first fault.

    ``report`` learns the format used, the fields not kept and, with ``lenient`` (every
    reader), every repair made or bad record skipped instead of stopping at a fault.
    """
    kind = resolve(path, fmt, file_format(path, fmt), encoding, report)
    name = str(path)
    report = report if report is not None else ReadReport()
    if kind in READERS:
        reader = READERS[kind](path, encoding, lenient=lenient, report=report)
        for read in reader:
            yield ReadItem(*read)
        return
    if kind == "txt":
        data = _read_bytes(path)  # an OS error is no bad record: never skipped
        try:
            item = _read_txt(path, data, encoding)
        except InputError as exc:
            if not lenient:
                raise
            report.repair(name, exc.line, f"{exc.reason}; file skipped")
            return
        yield item
        return
    how = _How(kind if kind in ("doccano", "prodigy") else None, lenient, report)
    if path.suffix.lower() == ".json":
        yield from _read_json_array(path, encoding, how)
        return
    yield from _read_jsonl(path, name, encoding, how)


@dataclass(frozen=True, slots=True)
class _How:
    """How to read the records of one JSON file: shape, leniency, where to report."""

    shape: str | None
    lenient: bool
    report: ReadReport

    def skip(self, exc: InputError, name: str, line: int | None, where: str = "") -> None:
        """Under ``--lenient``, list a bad record as skipped; else raise ``exc``."""
        if not self.lenient:
            raise exc
        self.report.repair(name, line, f"{where}{exc.reason}; record skipped")


def _read_bytes(path: Path) -> bytes:
    """Whole file bytes, with OS errors as InputError."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None


def _read_txt(path: Path, data: bytes, encoding: str | None) -> ReadItem:
    """A plain-text article (the file's ``data``): the whole file is the text, its first
    line the title."""
    raw, _codec = decode_bytes(data, str(path), encoding)
    if looks_reshaped(raw):
        raise InputError(
            "text is mostly Arabic presentation forms (reshaped for display); "
            "import the logical (unshaped) text instead",
            str(path),
        )
    text, _map = normalise_text(raw)
    if not text.strip():
        raise InputError("file holds no text", str(path))
    record = DocumentRecord(text=text, title=title_of(text), source=path.name)
    return ReadItem(record, None, len(data))


def _read_jsonl(path: Path, name: str, encoding: str | None, how: _How) -> Iterator[ReadItem]:
    """Stream a JSONL file line by line (UTF-8 fast path), or decode it whole otherwise.

    Without ``--encoding``, a UTF-32/UTF-16 file (BOM or UTF-16 byte pattern) is decoded
    whole; a file that stops being UTF-8 goes on as Windows-1256 when ``decode_bytes``
    takes it for that and the lines already read were ASCII (so read the same either way).
    """
    with path.open("rb") as handle:
        # The sniff is once per file; valid UTF-8 lines get no work beyond the NUL check.
        if encoding is None and sniff_codec(handle.read(SNIFF_BYTES)) is None:
            handle.seek(0)
            done = 0
            for number, data in enumerate(handle, start=1):
                done += len(data)
                if number == 1 and data.startswith(codecs.BOM_UTF8):
                    data = data[3:]
                if b"\x00" in data:
                    raise InputError("binary file (NUL byte), not JSON lines", name, number)
                try:
                    item = _parse_line(data, name, number, how)
                except _NotUtf8 as exc:
                    start = done - len(data) if number > 1 else 0
                    yield from _read_jsonl_rest(path, name, number, start, how, exc)
                    return
                if item is not None:
                    yield ReadItem(item, number, done)
            return
    data = _read_bytes(path)
    text, _codec = decode_bytes(data, name, encoding)
    yield from _decoded_lines(text.removeprefix("\ufeff"), name, 1, how, len(data))


def _read_jsonl_rest(
    path: Path, name: str, number: int, start: int, how: _How, error: _NotUtf8
) -> Iterator[ReadItem]:
    """Lines ``number`` on of a JSONL file that is not UTF-8 there, when it is Windows-1256.

    ``start`` is the byte offset of line ``number``. Lines before it were read as UTF-8;
    only if they are ASCII are they the same in Windows-1256, and the file one encoding.
    """
    data = _read_bytes(path)
    if not data[:start].isascii():
        raise error
    # Raises the UTF-8 error (byte, offset, line) unless the file looks like Windows-1256.
    text, codec = decode_bytes(data, name)
    if codec != "cp1256":
        raise error
    rest = text.split("\n", number - 1)[-1]
    yield from _decoded_lines(rest, name, number, how, len(data))


def _decoded_lines(text: str, name: str, first: int, how: _How, size: int) -> Iterator[ReadItem]:
    """Records of decoded JSONL text whose first line is line ``first`` of the file."""
    for number, line in enumerate(text.split("\n"), start=first):
        item = _parse_line(line.encode("utf-8"), name, number, how)
        if item is not None:
            yield ReadItem(item, number, size)


def _parse_line(data: bytes, name: str, number: int, how: _How) -> DocumentRecord | None:
    """One JSONL line to a record; blank lines (and, leniently, bad records) are skipped."""
    if not data.strip():
        return None
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if isinstance(exc.__cause__, UnicodeDecodeError) or "utf-8" in str(exc).lower():
            raise _NotUtf8(
                "not valid UTF-8; give the file's encoding with --encoding", name, number
            ) from None
        how.skip(InputError(f"invalid JSON: {exc}", name, number), name, number)
        return None
    shape, report = how.shape, how.report
    try:
        if _may_be_wide(obj) and LONG_NUMBER_BYTES.search(data):
            # orjson read an integer beyond 64 bits as a float; the stdlib reads it whole.
            obj = json.loads(data)
        return parse_record(obj, name, number, shape=shape, report=report)
    except InputError as exc:
        how.skip(exc, name, number)
        return None


_ANNOTATION_KEYS = frozenset(("spans", "relations", "tokens", "entities", "label", "labels"))


def _kept_values(obj: dict[str, Any]) -> dict[str, Any]:
    """The fields of a record that may be kept as meta (not its annotations' numbers)."""
    return {k: v for k, v in obj.items() if k not in _ANNOTATION_KEYS}


def _may_be_wide(obj: Any) -> bool:
    """Whether orjson may have rounded an integer that meta would keep (``jsonio``)."""
    return isinstance(obj, dict) and may_hold_wide_int(_kept_values(obj))


def _read_json_array(path: Path, encoding: str | None, how: _How) -> Iterator[ReadItem]:
    """A .json file holding one array of records (or one record)."""
    data = _read_bytes(path)
    text, _codec = decode_bytes(data, str(path), encoding)
    body = text.removeprefix("\ufeff")
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc}", str(path), getattr(exc, "lineno", None)) from None
    items = doc if isinstance(doc, list) else [doc]
    exact = ExactItems(body)
    name = str(path)
    for index, obj in enumerate(items, start=1):
        try:
            if isinstance(obj, dict) and exact.needed(_kept_values(obj)):
                obj = exact.item(index - 1)
            record = parse_record(obj, name, None, shape=how.shape, report=how.report)
        except InputError as exc:
            line = item_line(body, index - 1)
            how.skip(InputError(f"record #{index}: {exc.reason}", name, line), name, line)
            continue
        yield ReadItem(
            record,
            None,
            len(data) * index // len(items),
            tag=f"record #{index}" if len(items) > 1 else None,
            locate=functools.partial(item_line, body, index - 1),
        )
