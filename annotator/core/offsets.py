"""Offsets: the one stored-text normalisation and code point <-> UTF-16 conversion.

Offsets everywhere in annotator are Python code point indices into the *stored* text.
Two other frames exist and are converted here, and only here:

* the frame of an input file, whose text may start with a BOM, use CRLF or CR line ends
  and hold stray presentation forms (``normalise_text`` returns the stored text and an
  ``OffsetMap`` into it);
* Qt's frame, which counts UTF-16 code units (``Utf16Index``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps code point offsets of an input text to offsets of its normalised text.

    ``removed`` lists, in increasing order, the input indices of characters that the
    normalisation dropped (leading BOMs, the ``\\r`` of each CRLF). ``expanded`` lists the
    input indices of presentation forms that became several letters (a ligature such as
    "ﻻ" becomes "لا") with how many characters each added. A lone CR becomes LF in place,
    and a one-letter presentation form its letter in place; both keep every offset.
    """

    removed: tuple[int, ...] = ()
    expanded: tuple[tuple[int, int], ...] = ()

    @property
    def is_identity(self) -> bool:
        """True when no character was dropped or expanded, so offsets map to themselves."""
        return not self.removed and not self.expanded

    def map(self, offset: int) -> int:
        """Map an input offset to the normalised text.

        A dropped character counts as part of what follows it: the offset of a CRLF's
        ``\\r`` and that of its ``\\n`` both map to the stored ``\\n``. An expanded
        character maps to the start of its expansion; the offset after it to the end.
        """
        offset_out = offset - bisect_left(self.removed, offset)
        for index, extra in self.expanded:
            if index >= offset:
                break
            offset_out += extra
        return offset_out


# Arabic presentation forms with a compatibility decomposition: glyph variants that
# reshaping produces. Ornate parentheses (U+FD3E/F) and noncharacters have none and stay.
_FOLD = {
    ch: unicodedata.normalize("NFKC", ch)
    for ch in map(chr, [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFD)])
    if unicodedata.normalize("NFKC", ch) != ch
}
_SPECIAL = re.compile("\r\n?|[" + "".join(sorted(_FOLD)) + "]")


def fold_presentation_forms(text: str) -> str:
    """Replace Arabic presentation forms by the letters they show (for titles and names)."""
    return normalise_text(text)[0] if _SPECIAL.search(text) else text


def normalise_text(raw: str, utf8: bytes | None = None) -> tuple[str, OffsetMap]:
    """Return the text as annotator stores it, and the map of input offsets into it.

    The normalisation is deliberately small:

    1. remove the leading BOM (U+FEFF; a repeated one too, so that the result never
       starts with a BOM and normalising is idempotent);
    2. turn CRLF and CR into LF;
    3. replace each stray Arabic presentation form (U+FB50-U+FDFF, U+FE70-U+FEFC, e.g. a
       word pasted from a PDF) by the letters it shows, so reshaped text never reaches
       the database. Whole texts in presentation forms are refused before this (their
       letters are in display order, which no folding repairs).

    Nothing else changes: no Unicode normalisation; harakat, tatweel, bidi marks,
    ZWJ/ZWNJ, tabs and every other character are kept as they are.

    ``utf8``: ``raw``'s UTF-8 bytes if the caller has them (saves encoding it again).
    """
    body = raw.lstrip(BOM)
    offset = len(raw) - len(body)
    removed: list[int] = list(range(offset))
    # Fast path: no CR and no code point of U+F000-U+FFFF (byte 0xEF in UTF-8) means there
    # is nothing to change; this skips the regex scan for nearly every real text.
    if utf8 is None:
        utf8 = body.encode("utf-8", "surrogatepass")
    if "\r" not in body and b"\xef" not in utf8:
        return body, OffsetMap(tuple(removed))
    if not _SPECIAL.search(body):
        return body, OffsetMap(tuple(removed))
    expanded: list[tuple[int, int]] = []
    pieces: list[str] = []
    last = 0
    for match in _SPECIAL.finditer(body):
        found = match.group()
        pieces.append(body[last : match.start()])
        last = match.end()
        if found == "\r\n":
            removed.append(match.start() + offset)
            pieces.append("\n")
        elif found == "\r":
            pieces.append("\n")
        else:
            letters = _FOLD[found]
            pieces.append(letters)
            if len(letters) > 1:
                expanded.append((match.start() + offset, len(letters) - 1))
    pieces.append(body[last:])
    return "".join(pieces), OffsetMap(tuple(removed), tuple(expanded))


def is_normalised(text: str) -> bool:
    """True when ``text`` is already in stored form (``normalise_text`` would not change it)."""
    return not text.startswith(BOM) and not _SPECIAL.search(text)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    """Tell whether ``text`` holds a character above U+FFFF (two UTF-16 units each).

    Encoding to UTF-16 runs about 4x faster than a regex search over the text; a lone
    surrogate (which stored text never holds) would count as one unit, like any BMP
    character.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


class Utf16Index:
    """Converts between code point offsets and UTF-16 unit offsets (Qt positions) of one text.

    Built once per shown text (linear time); each conversion is O(log n) in the number of
    characters above U+FFFF, and O(1) when there are none, which is the usual case.
    """

    __slots__ = ("_astral", "_length", "_qt_astral")

    def __init__(self, text: str) -> None:
        # A regex scan runs at C speed; most texts have no astral character at all.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if has_astral(text) else []
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
