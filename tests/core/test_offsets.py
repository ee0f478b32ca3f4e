"""Stored-text normalisation (BOM, CRLF, CR) and code point <-> UTF-16 (Qt) conversion."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.core.offsets import (
    BOM,
    OffsetMap,
    Utf16Index,
    from_utf16,
    has_astral,
    is_normalised,
    normalise_text,
    to_utf16,
)

HARAKAT = [chr(c) for c in range(0x064B, 0x0653)]
BIDI = ["\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
ASTRAL = ["😀", "𝕏", "🇸🇦", "\U0001f44d\U0001f3fd", "𐎀"]
PIECES = [
    "\r",
    "\n",
    "\r\n",
    "\r\r\n",
    BOM,
    "\u0640",
    "\t",
    " ",
    "ا",
    "ب",
    "م",
    "لا",
    "a",
    "Z",
    "1",
    "٣",
    "\u200c",
    "\u200d",
    "\ufefb",  # ﻻ: one presentation form that folds into two letters
    "\ufe91",  # ﺑ: one that folds into one
    "\ufdfa",  # ﷺ: one that folds into a phrase
    "\ufd3e",  # ﴾: punctuation in the same block, kept
    *HARAKAT,
    *BIDI,
    *ASTRAL,
]
# Random Unicode (any code point but surrogates) mixed with the characters that matter.
pieces = st.one_of(st.sampled_from(PIECES), st.characters(codec="utf-8"))
raw_texts = st.builds(
    lambda bom, parts: (BOM if bom else "") + "".join(parts),
    st.booleans(),
    st.lists(pieces, max_size=40),
)

PROPS = settings(max_examples=200, deadline=None)


def reference_qt(text: str, i: int) -> int:
    """The reference formula of the Qt position of code point ``i``."""
    return len(text[:i].encode("utf-16-le")) // 2


def fold(text: str) -> str:
    """Presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFC) as the letters NFKC gives them."""
    return "".join(
        unicodedata.normalize("NFKC", c)
        if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFC
        else c
        for c in text
    )


def expected_stored_slice(raw: str, s: int, e: int) -> str:
    """What ``raw[s:e]`` becomes in the stored text: leading BOMs gone, CRLF and CR as LF,
    presentation forms folded into their letters."""
    piece = raw[s:e]
    if raw[:s].strip(BOM) == "":  # the slice starts inside the run of leading BOMs
        piece = piece.lstrip(BOM)
    return fold(piece.replace("\r\n", "\n").replace("\r", "\n"))


def splits_crlf(raw: str, i: int) -> bool:
    """True when offset ``i`` sits between the CR and LF of a CRLF."""
    return 0 < i < len(raw) and raw[i - 1] == "\r" and raw[i] == "\n"


# -- normalise_text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("abc", "abc"),
        (BOM + "abc", "abc"),
        (BOM + BOM + "abc", "abc"),
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\rb", "a\n\nb"),
        ("a\r\r\nb", "a\n\nb"),
        ("a\n\rb", "a\n\nb"),
        (BOM + "س\r\nص\rع\nف\r\n", "س\nص\nع\nف\n"),
        ("a" + BOM + "b", "a" + BOM + "b"),  # only a leading BOM goes
        ("مُحَمَّد\u0640\u200f\u202b😀", "مُحَمَّد\u0640\u200f\u202b😀"),  # nothing else changes
        ("", ""),
    ],
)
def test_normalise_text_examples(raw: str, stored: str) -> None:
    text, omap = normalise_text(raw)
    assert text == stored
    assert omap.map(len(raw)) == len(stored)
    assert omap.is_identity == (len(raw) == len(stored))


def test_bom_offsets() -> None:
    text, omap = normalise_text(BOM + "abc")
    assert text == "abc"
    assert omap.removed == (0,)
    # The BOM counts as part of what follows it.
    assert [omap.map(i) for i in range(5)] == [0, 0, 1, 2, 3]


def test_crlf_offsets() -> None:
    raw = "ab\r\ncd\r\nef"
    text, omap = normalise_text(raw)
    assert text == "ab\ncd\nef"
    assert omap.removed == (2, 6)
    assert [omap.map(i) for i in range(len(raw) + 1)] == [0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8]
    # "cd" at raw [4, 6) is stored at [3, 5); "ef" at raw [8, 10) at [6, 8).
    assert text[omap.map(4) : omap.map(6)] == "cd"
    assert text[omap.map(8) : omap.map(10)] == "ef"


def test_lone_cr_keeps_offsets() -> None:
    raw = "ab\rcd\re"
    text, omap = normalise_text(raw)
    assert text == "ab\ncd\ne"
    assert omap.is_identity
    assert all(omap.map(i) == i for i in range(len(raw) + 1))


def test_mixed_line_ends_and_bom() -> None:
    raw = BOM + "x\r\ny\rz\n\r\nw"
    text, omap = normalise_text(raw)
    assert text == "x\ny\nz\n\nw"
    assert omap.removed == (0, 2, 8)
    assert text[omap.map(raw.index("w")) :] == "w"
    assert text[omap.map(raw.index("z")) : omap.map(raw.index("z") + 1)] == "z"


def test_is_normalised() -> None:
    assert is_normalised("a\nb")
    assert not is_normalised("a\r\nb")
    assert not is_normalised("a\rb")
    assert not is_normalised(BOM + "a")
    assert OffsetMap().is_identity


@PROPS
@given(raw_texts)
def test_normalised_text_is_stored_form(raw: str) -> None:
    text, omap = normalise_text(raw)
    assert is_normalised(text)
    assert "\r" not in text
    added = sum(extra for _index, extra in omap.expanded)
    assert len(text) == len(raw) - len(omap.removed) + added
    assert text == fold(raw.lstrip(BOM).replace("\r\n", "\n").replace("\r", "\n"))
    # Idempotent: the stored text is its own stored form.
    assert normalise_text(text) == (text, OffsetMap())
    # Only BOMs and the CR of each CRLF are dropped, and the map is monotonic.
    assert all(raw[i] in (BOM, "\r") for i in omap.removed)
    mapped = [omap.map(i) for i in range(len(raw) + 1)]
    assert mapped == sorted(mapped)
    assert mapped[0] == 0
    assert mapped[-1] == len(text)
    # Onto, but for positions inside the letters an expanded presentation form became.
    inside = {omap.map(i) + k for i, extra in omap.expanded for k in range(1, extra + 1)}
    assert set(mapped) == set(range(len(text) + 1)) - inside


@PROPS
@given(raw_texts, st.data())
def test_spans_survive_normalisation(raw: str, data: st.DataObject) -> None:
    """For a span [s, e) of the raw text whose end does not split a CRLF, the stored span
    [map(s), map(e)) holds exactly raw[s:e] with leading BOMs dropped and CRLF/CR as LF.
    """
    text, omap = normalise_text(raw)
    s = data.draw(st.integers(0, len(raw)), label="s")
    e = data.draw(st.integers(s, len(raw)), label="e")
    assume(not splits_crlf(raw, e))
    assert text[omap.map(s) : omap.map(e)] == expected_stored_slice(raw, s, e)


@PROPS
@given(raw_texts, raw_texts, st.data())
def test_span_ending_inside_crlf_loses_only_the_cr(
    before: str, after: str, data: st.DataObject
) -> None:
    """An end between CR and LF maps before the stored LF: the CR counts with its LF."""
    raw = before + "\r\n" + after
    ends = [i for i in range(len(raw) + 1) if splits_crlf(raw, i)]
    e = data.draw(st.sampled_from(ends), label="e")
    s = data.draw(st.integers(0, e), label="s")
    text, omap = normalise_text(raw)
    assert text[omap.map(e)] == "\n"
    assert text[omap.map(s) : omap.map(e)] == expected_stored_slice(raw, s, e - 1)


# -- UTF-16 (Qt) positions ------------------------------------------------------------------


def test_utf16_after_emoji() -> None:
    text = "ناتو 😀 روته"
    index = Utf16Index(text)
    start = text.index("روته")
    assert index.to_qt(start) == start + 1
    assert index.from_qt(start + 1) == start
    assert index.qt_length == len(text) + 1
    assert index.length == len(text)


def test_utf16_surrogate_snapping() -> None:
    text = "a😀b"
    index = Utf16Index(text)
    # Qt positions: a=0, 😀=1..2 (high, low surrogate), b=3, end=4.
    assert [index.to_qt(i) for i in range(4)] == [0, 1, 3, 4]
    assert index.from_qt(2) == 1  # inside the pair: snaps to the emoji's start
    assert index.from_qt(2, round_up=True) == 2  # or past it
    assert index.from_qt(1, round_up=True) == 1  # a boundary never moves
    assert index.from_qt(3, round_up=True) == 2


def test_utf16_out_of_range() -> None:
    index = Utf16Index("a😀")
    with pytest.raises(ValueError):
        index.to_qt(3)
    with pytest.raises(ValueError):
        index.to_qt(-1)
    with pytest.raises(ValueError):
        index.from_qt(4)
    with pytest.raises(ValueError):
        index.from_qt(-1)


def test_utf16_without_astral_is_identity() -> None:
    text = "مُحَمَّد\u200f"
    index = Utf16Index(text)
    assert [index.to_qt(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
    assert index.qt_length == len(text)


@PROPS
@given(st.one_of(raw_texts, st.text()))
def test_has_astral_is_any_character_above_the_bmp(text: str) -> None:
    assert has_astral(text) == any(ord(c) > 0xFFFF for c in text)


def test_has_astral_examples() -> None:
    assert not has_astral("")
    assert not has_astral("قال \uffff \ud800")  # a lone surrogate is one UTF-16 unit
    assert has_astral("ok 😀")
    assert has_astral("\U0010ffff")


@PROPS
@given(raw_texts.map(lambda raw: normalise_text(raw)[0]))
def test_utf16_matches_reference(text: str) -> None:
    index = Utf16Index(text)
    boundaries = {reference_qt(text, i): i for i in range(len(text) + 1)}
    assert index.qt_length == reference_qt(text, len(text))
    for i in range(len(text) + 1):
        assert index.to_qt(i) == reference_qt(text, i) == to_utf16(text, i)
        assert index.from_qt(index.to_qt(i)) == i
        assert index.from_qt(index.to_qt(i), round_up=True) == i
    for pos in range(index.qt_length + 1):
        if pos in boundaries:
            assert index.from_qt(pos) == boundaries[pos]
            assert from_utf16(text, pos) == boundaries[pos]
        else:
            # Inside a surrogate pair: the astral character starts one unit earlier.
            char = boundaries[pos - 1]
            assert ord(text[char]) > 0xFFFF
            assert index.from_qt(pos) == char
            assert index.from_qt(pos, round_up=True) == char + 1
            assert from_utf16(text, pos) == char


def test_presentation_forms_fold_into_letters_and_offsets_follow() -> None:
    # ﻻ (U+FEFB) is one code point showing two letters, ﺑ (U+FE91) one showing one.
    raw = "a\r\nﻻب\rﺑﺮ"
    text, omap = normalise_text(raw)
    assert text == "a\nلاب\nبر"
    assert omap.expanded == ((3, 1),)
    assert [omap.map(i) for i in range(len(raw) + 1)] == [0, 1, 1, 2, 4, 5, 6, 7, 8]
    assert normalise_text(text) == (text, OffsetMap())
    # A span over the ligature covers both letters it became.
    assert text[omap.map(3) : omap.map(4)] == "لا"


def test_ornate_parentheses_are_not_folded() -> None:
    # U+FD3E/U+FD3F sit in the presentation-form block but are punctuation, not glyphs.
    raw = "﴿قل هو الله أحد﴾"
    assert normalise_text(raw) == (raw, OffsetMap())
