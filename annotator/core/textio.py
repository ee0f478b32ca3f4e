"""Decoding of input files: UTF-8 (BOM or not), UTF-16, UTF-32, Windows-1256, or a named codec."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from annotator.core.errors import AnnotatorError, InputError

# What cp1256's upper half decodes to in Arabic text: the Arabic block (letters, harakat,
# tatweel, punctuation) and guillemets. Misread Latin-1 gives Arabic characters glued to
# Latin letters ("Grüكe", "Kِln"), which real Arabic text does not have.
_ARABIC_CHAR = re.compile("[\u0600-\u06ff\u00ab\u00bb]")
_ARABIC_IN_LATIN = re.compile("(?<=[A-Za-z])[\u0600-\u06ff]|[\u0600-\u06ff](?=[A-Za-z])")
_CP1256_ARABIC_LEAD = re.compile(rb"[\xc1-\xfe]")

SNIFF_BYTES = 4096
"""How much of a file's start ``sniff_codec`` looks at."""

NUL_TEXT = (
    "text contains NUL characters (U+0000): the file is probably UTF-16 or UTF-32; "
    "give its encoding with --encoding"
)
# The UTF-32-LE BOM begins with the UTF-16-LE one, so UTF-32 must be tried first.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _is_utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without BOM from where the NUL bytes sit; return the codec or None."""
    sample = data[:SNIFF_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    # Latin text in UTF-16 has a NUL in every other byte; Arabic (U+06xx) has 0x06 there
    # instead, so look at the high bytes being few distinct values.
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    high_le = sample[1::2]
    if high_le.count(6) + high_le.count(0) > 0.8 * half and b"\x00\x00" not in sample:
        return "utf-16-le"
    high_be = sample[0::2]
    if high_be.count(6) + high_be.count(0) > 0.8 * half and b"\x00\x00" not in sample:
        return "utf-16-be"
    return None


def sniff_codec(head: bytes) -> str | None:
    """The UTF-32 or UTF-16 codec a file's first bytes show, or None (UTF-8, cp1256, binary).

    A BOM decides; without one, UTF-16 is recognised by where its NUL bytes sit. ``head``
    needs to hold only the file's first ``SNIFF_BYTES`` bytes.
    """
    for bom, codec in _WIDE_BOMS:
        if head.startswith(bom):
            return codec
    return _is_utf16_without_bom(head)


NOT_FILE_CODECS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}
)
"""Codecs Python calls text encodings that no file of articles is written in."""


def text_codec(encoding: str) -> str:
    """The normalised name of a text encoding a file may be in; refuses any other codec.

    Python's codec registry also holds transforms (base64, hex, zlib, rot13) and codecs of
    names and escapes (idna, punycode, unicode_escape); none of them decodes a file.
    Raises AnnotatorError naming the encoding.
    """
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise AnnotatorError(f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_FILE_CODECS:
        raise AnnotatorError(
            f"{encoding!r} is not a text encoding; give the encoding the file is written "
            "in (e.g. utf-8, cp1256, utf-16)"
        )
    return info.name


def read_text_file(path: Path, encoding: str | None = None) -> tuple[str, int]:
    """A file's text, decoded as ``decode_bytes`` does, and its size in bytes (for progress).

    A file that cannot be read or decoded raises InputError naming it.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    return decode_bytes(data, str(path), encoding)[0], len(data)


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a whole file's bytes; return ``(text, codec used)``.

    With ``encoding`` given, use it (strictly). Otherwise: a BOM decides (UTF-8, UTF-32,
    UTF-16); then UTF-16 without BOM (recognised by its byte pattern); then strict UTF-8;
    then Windows-1256 when the result looks like Arabic. NUL bytes that are not UTF-16 mean
    a binary file, and decoded text holding U+0000 is refused too: it comes of a wide file
    read with a narrow codec (``--encoding utf-8`` on UTF-16). The returned text keeps a
    leading BOM only when the codec left it; ``offsets.normalise_text`` drops it. Raises
    ``InputError`` naming the file and, for undecodable bytes or NULs, the line.
    """
    text, codec = _decode(data, path, encoding)
    nul = text.find("\x00")
    if nul >= 0:
        # Found to be UTF-16 or UTF-32 (by its BOM or byte pattern), the file holds the NULs
        # in its text itself; with an encoding given, that encoding may be the mistake.
        wide = encoding is None and codecs.lookup(codec).name.startswith(("utf-16", "utf-32"))
        reason = "text contains NUL characters (U+0000); it is not text" if wide else NUL_TEXT
        raise InputError(reason, path, text.count("\n", 0, nul) + 1)
    return text, codec


def _decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str]:
    """``decode_bytes`` before its check for NUL characters."""
    if encoding:
        try:
            text_codec(encoding)
        except AnnotatorError as exc:
            raise InputError(str(exc), path) from None
        return _strict(data, encoding, path), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    wide = sniff_codec(data)
    if wide:
        return _strict(data, wide, path), wide
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary file (NUL byte), not text", path, line)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _CP1256_ARABIC_LEAD.search(data):
        try:
            text = data.decode("cp1256")
        except UnicodeDecodeError:
            text = ""
        arabic = len(_ARABIC_CHAR.findall(text))
        glued = len(_ARABIC_IN_LATIN.findall(text))
        high = sum(1 for b in data if b >= 0x80)
        if text and arabic >= 0.6 * high and glued <= 0.1 * arabic:
            return text, "cp1256"
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(
        f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}); "
        "give the file's encoding with --encoding (e.g. cp1256, utf-16)",
        path,
        line,
    )


def _strict(data: bytes, codec: str, path: str) -> str:
    """Decode strictly, turning a failure into an InputError with the line number."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start]
        try:
            line = prefix.decode(codec, errors="ignore").count("\n") + 1
        except (UnicodeDecodeError, LookupError):
            line = prefix.count(b"\n") + 1
        raise InputError(
            f"cannot decode as {codec}: {exc.reason} at byte offset {exc.start}", path, line
        ) from None
