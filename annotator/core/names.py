"""One rule for names people give (labels, topics, annotators), and text made safe to print.

A name is shown in lists, menus, terminals and exported files, and compared with others: so
it is one line of visible characters. Refused are control characters (newlines, tabs, NUL,
escape sequences), invisible format characters (bidi embeddings, overrides and isolates,
zero-width spaces and joiners, marks, the BOM) and the other characters Unicode calls
default-ignorable (the combining grapheme joiner, variation selectors, Hangul fillers: shown
as nothing, so ``PER`` plus one looks like ``PER``), line and paragraph separators, spaces other
than the plain one, private-use and unassigned code points, and names longer than
``NAME_MAX``. Names are stored in NFC; two names clash when their ``name_key`` (NFKC,
case-folded) is the same, so ``PER`` and ``ＰＥＲ`` or ``per`` are not two labels.

``printable`` escapes what a terminal would obey in text from elsewhere (a title, an
external id, a label name stored before this rule): control characters and bidi controls
become ``\\xNN`` / ``\\uNNNN``.
"""

from __future__ import annotations

import re
import unicodedata

NAME_MAX = 100
"""The longest name, in code points."""

_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_CATEGORY_WORDS = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Cs": "a lone surrogate",
    "Co": "a private-use character",
    "Cn": "an unassigned code point",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Zs": "a space other than the plain space",
}
_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
"""Default-ignorable code points (Unicode's DerivedCoreProperties) outside Cf: marks and
letters drawn as nothing."""


def check_name(name: str, what: str = "a name") -> str:
    """``name`` stripped of edge spaces and in NFC, or ValueError saying what is wrong.

    ``what`` names the kind in messages ("a label name", "an annotator name").
    """
    name = unicodedata.normalize("NFC", name.strip(" "))
    if not name:
        raise ValueError(f"{what} cannot be empty")
    if len(name) > NAME_MAX:
        raise ValueError(f"{what} is at most {NAME_MAX} characters (this one has {len(name)})")
    for ch in name:
        category = unicodedata.category(ch)
        if ch in _INVISIBLE:
            raise ValueError(
                f"{what} cannot hold an invisible character "
                f"(U+{ord(ch):04X} in '{printable(name)}')"
            )
        if category in _REFUSED_CATEGORIES or (category == "Zs" and ch != " "):
            raise ValueError(
                f"{what} cannot hold {_CATEGORY_WORDS[category]} "
                f"(U+{ord(ch):04X} in '{printable(name)}')"
            )
    return name


def name_key(name: str) -> str:
    """What two names are compared by: NFKC, case-folded (``PER``, ``per``, ``ＰＥＲ`` meet)."""
    return unicodedata.normalize("NFKC", name).casefold()


_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embeddings, overrides and isolates: they reorder what follows them on a terminal line.
The marks (LRM, RLM, ALM) only settle the direction of neutral characters beside them and
are common in Arabic text, so they stay."""
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}]")
_UNSAFE_WITH_LINES = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}]")


def _escape(match: re.Match[str]) -> str:
    """The Python-style escape of one character."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` with the characters a terminal would act on escaped (``\\x1b``, ``\\u202e``).

    C0 and C1 control characters (ESC, CSI, carriage return, backspace, bell, NUL), line and
    paragraph separators, and bidi embeddings, overrides and isolates. With ``lines``, tabs
    and line feeds are kept (a message of several lines); without, they are escaped too.
    """
    pattern = _UNSAFE if lines else _UNSAFE_WITH_LINES
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def _escape_json(match: re.Match[str]) -> str:
    """The JSON escape of one character."""
    return f"\\u{ord(match.group()):04x}"


def printable_json(text: str) -> str:
    """JSON text (or lines of it) with what ``printable`` escapes written as ``\\uXXXX``.

    Those characters can stand only inside JSON strings, where ``\\uXXXX`` means the
    same character: the JSON stays valid and equal, and a terminal shows the escape.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape_json, text)
