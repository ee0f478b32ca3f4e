"""Offsets: the one stored-text normalisation and code point <-> UTF-16 conversion.

Offsets everywhere in annotator are Python code point indices into the *stored* text.
Two other frames exist and are converted here, and only here:

* the frame of an input file, whose text may start with a BOM and use CRLF or CR line
  ends (``normalise_text`` returns the stored text and an ``OffsetMap`` into it);
* Qt's frame, which counts UTF-16 code units (``Utf16Index``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps code point offsets of an input text to offsets of its normalised text.

    ``removed`` lists, in increasing order, the input indices of characters that the
    normalisation dropped (leading BOMs, the ``\\r`` of each CRLF). A lone CR becomes
    LF in place, which keeps every offset.
    """

    removed: tuple[int, ...] = ()

    @property
    def is_identity(self) -> bool:
        """True when no character was dropped, so offsets map to themselves."""
        return not self.removed

    def map(self, offset: int) -> int:
        """Map an input offset to the normalised text.

        A dropped character counts as part of what follows it: the offset of a CRLF's
        ``\\r`` and that of its ``\\n`` both map to the stored ``\\n``.
        """
        if not self.removed:
            return offset
        return offset - bisect_left(self.removed, offset)


def normalise_text(raw: str) -> tuple[str, OffsetMap]:
    """Return the text as annotator stores it, and the map of input offsets into it.

    The normalisation is deliberately small: remove the leading BOM (U+FEFF; a repeated
    one too, so that the result never starts with a BOM and normalising is idempotent)
    and turn CRLF and CR into LF. Nothing else changes: no Unicode normalisation; harakat,
    tatweel, bidi marks, ZWJ/ZWNJ, tabs and every other character are kept as they are.
    """
    body = raw.lstrip(BOM)
    offset = len(raw) - len(body)
    removed: list[int] = list(range(offset))
    if "\r" not in body:
        return body, OffsetMap(tuple(removed))
    pos = body.find("\r\n")
    while pos != -1:
        removed.append(pos + offset)
        pos = body.find("\r\n", pos + 2)
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return text, OffsetMap(tuple(removed))


def is_normalised(text: str) -> bool:
    """True when ``text`` is already in stored form (``normalise_text`` would not change it)."""
    return "\r" not in text and not text.startswith(BOM)


class Utf16Index:
    """Converts between code point offsets and UTF-16 unit offsets (Qt positions) of one text.

    Built once per shown text (linear time); each conversion is O(log n) in the number of
    characters above U+FFFF, and O(1) when there are none, which is the usual case.
    """

    __slots__ = ("_astral", "_length", "_qt_astral")

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # Qt position of each astral character's first (high) surrogate.
        self._qt_astral = [i + k for k, i in enumerate(self._astral)]
        self._length = len(text)

    @property
    def length(self) -> int:
        """Length of the text in code points."""
        return self._length

    @property
    def qt_length(self) -> int:
        """Length of the text in UTF-16 units."""
        return self._length + len(self._astral)

    def to_qt(self, offset: int) -> int:
        """UTF-16 position of code point ``offset`` (0 <= offset <= length)."""
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} outside 0..{self._length}")
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """Code point offset of UTF-16 ``position``.

        A position between the two halves of a surrogate pair is not a character boundary;
        it snaps to the start of that character, or past it with ``round_up`` (use that for
        the end of a selection so the character stays inside).
        """
        if not 0 <= position <= self.qt_length:
            raise ValueError(f"position {position} outside 0..{self.qt_length}")
        if not self._astral:
            return position
        before = bisect_right(self._qt_astral, position - 1)  # astral chars starting before
        offset = position - before
        if before and self._qt_astral[before - 1] == position - 1:
            # Inside the pair of astral char number before-1.
            offset = self._astral[before - 1] + (1 if round_up else 0)
        return offset


def to_utf16(text: str, offset: int) -> int:
    """UTF-16 position of code point ``offset`` in ``text`` (one-off; prefer ``Utf16Index``)."""
    return len(text[:offset].encode("utf-16-le")) // 2


def from_utf16(text: str, position: int) -> int:
    """Code point offset of UTF-16 ``position`` in ``text`` (one-off; prefer ``Utf16Index``)."""
    return len(text.encode("utf-16-le")[: position * 2].decode("utf-16-le", errors="ignore"))
