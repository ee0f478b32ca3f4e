"""Tests for annotator.core.arabic, with words from the NATO energy security sample."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.arabic import (
    _tokenize_slowly,
    contains_presentation_forms,
    for_terminal,
    is_presentation_form,
    search_key,
    strip_proclitics,
    tokenize,
    tokenize_clitics,
    word_at,
    word_bounds,
)

SENTENCE = (
    "استقبل أمين عام حلف شمال الأطلسي (الناتو)، مارك روته، اليوم الأربعاء في مقر الحلف ببروكسل"
)
GAPS = set("\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff")

# Small alphabet so that generated text hits the interesting cases often.
ALPHABET = (
    "وفبلكالناتوطقةروسيمحدأإآىة"
    "\u064e\u0650\u0651\u0652\u0640"
    "abcXYZ0123٠١٢٫"
    " \n\t\u00a0.,'-()«»،؛؟:!\u2013"
    "\u200c\u200d\u200f\u202b\ufeff😀"
)
texts = st.one_of(st.text(alphabet=ALPHABET, max_size=40), st.text(max_size=40))


def span(text: str, bounds: tuple[int, int] | None) -> str | None:
    return None if bounds is None else text[bounds[0] : bounds[1]]


def is_mark_or_zw(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M") or ch in "\u200c\u200d"


def find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


# --- search_key -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("أمين", "امين"),
        ("إضافة", "اضافة"),
        ("آمنة", "امنة"),
        ("ٱلناتو", "الناتو"),
        ("مُحَمَّد", "محمد"),
        ("الأوروبيّ", "الاوروبي"),
        ("هٰذا", "هذا"),
        ("مـحـمـــد", "محمد"),
        ("الطاقة", "الطاقه"),
        ("مصطفى", "مصطفي"),
        ("٢٠٢٥", "2025"),
        ("۲۰۲۵", "2025"),
        ("\u202bالناتو\u202c\u200f", "الناتو"),
        ("\ufeffروته\u200b", "روته"),
        ("NATO Rutte", "nato rutte"),
        ("Straße", "STRASSE"),
    ],
)
def test_search_key_equivalences(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


def test_search_key_flags_keep_ta_marbuta_and_alef_maqsura() -> None:
    assert search_key("الطاقة", fold_ta_marbuta=False) == "الطاقة"
    assert search_key("الطاقة", fold_ta_marbuta=False) != search_key("الطاقه")
    assert search_key("إلى", fold_alef_maqsura=False) == "الى"
    assert search_key("إلى") == "الي"


def test_search_key_keeps_letters_and_spaces() -> None:
    assert search_key("مارك روته") == "مارك روته"
    assert search_key("ZWNJ\u200cjoined") == "zwnjjoined"


@given(texts)
def test_search_key_is_idempotent(text: str) -> None:
    assert search_key(search_key(text)) == search_key(text)


def test_search_key_is_fast_enough_for_many_titles() -> None:
    titles = [f"أمين عام الناتو: الطاقة محور رئيسي للأمن {i}" for i in range(100_000)]
    began = time.perf_counter()
    for title in titles:
        search_key(title)
    assert time.perf_counter() - began < 3.0


# --- presentation forms and terminal display ------------------------------------------


def test_is_presentation_form() -> None:
    assert is_presentation_form("\ufb50")
    assert is_presentation_form("\ufdff")
    assert is_presentation_form("\ufe8d")
    assert is_presentation_form("\ufefc")
    assert not is_presentation_form("\ufeff")
    assert not is_presentation_form("ا")
    assert not is_presentation_form("a")
    assert not is_presentation_form("")
    assert not is_presentation_form("\ufe8d\ufe8d")


def test_contains_presentation_forms() -> None:
    assert not contains_presentation_forms(SENTENCE)
    assert not contains_presentation_forms("\ufeffالناتو")
    assert contains_presentation_forms("NATO \ufef7")


def test_for_terminal_mirrors_brackets() -> None:
    out = for_terminal("(الناتو)")
    assert contains_presentation_forms(out)
    # Visual order: the opening bracket of the logical text is at the right, drawn as "(".
    assert out[0] == "(" and out[-1] == ")"
    assert len(out) == len("(الناتو)")
    # The last letter (و) comes first in visual order, the alif of the article last.
    assert out[1] == "\ufeee" and out[-2] == "\ufe8d"


def test_for_terminal_keeps_lines_and_latin() -> None:
    text = "NATO (Mark Rutte)\nالناتو\n\nplain"
    out = for_terminal(text).split("\n")
    assert out[0] == "NATO (Mark Rutte)"
    assert contains_presentation_forms(out[1])
    assert out[2:] == ["", "plain"]


@pytest.mark.parametrize("text", ["", "Mark Rutte (NATO)", "a\nb\n", "2025-11-28 \u200f"])
def test_for_terminal_leaves_text_without_rtl_alone(text: str) -> None:
    assert for_terminal(text) == text


# --- word boundaries ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ("الناتو", "الناتو"),
        ("لناتو)، ", "الناتو"),
        ("(الناتو)، ", "الناتو"),
        ("ارك رو", "مارك روته"),
        (" مارك روته، ", "مارك روته"),
        ("ببروكسل", "ببروكسل"),
        ("الحلف ب", "الحلف ببروكسل"),
    ],
)
def test_word_bounds_snaps_to_words(selected: str, expected: str) -> None:
    start, end = find(SENTENCE, selected)
    assert span(SENTENCE, word_bounds(SENTENCE, start, end)) == expected


def test_word_bounds_keeps_harakat_tatweel_and_joiners() -> None:
    text = "قال مُحَمَّد ومـحـمـد و Jean-Pierre O'Neil بـ3.5"
    assert span(text, word_bounds(text, *find(text, "حَ"))) == "مُحَمَّد"
    assert span(text, word_bounds(text, *find(text, "ـحـ"))) == "ومـحـمـد"
    assert span(text, word_bounds(text, *find(text, "n-P"))) == "Jean-Pierre"
    assert span(text, word_bounds(text, *find(text, "Nei"))) == "O'Neil"
    assert span(text, word_bounds(text, *find(text, ".5"))) == "بـ3.5"


def test_word_bounds_without_word_characters() -> None:
    text = "الناتو ، روته"
    assert word_bounds(text, 6, 9) == (7, 8)
    assert word_bounds(text, 6, 7) == (6, 7)
    assert word_bounds(text, 3, 3) == (0, 6)
    assert word_bounds("  ", 1, 1) == (1, 1)
    assert word_bounds("", 0, 0) == (0, 0)


def test_word_at() -> None:
    assert span(SENTENCE, word_at(SENTENCE, SENTENCE.index("لناتو"))) == "الناتو"
    after = SENTENCE.index("الناتو") + len("الناتو")
    assert span(SENTENCE, word_at(SENTENCE, after)) == "الناتو"
    assert span(SENTENCE, word_at(SENTENCE, 0)) == "استقبل"
    assert word_at("( ،", 1) is None
    assert word_at("", 0) is None
    assert span("a b", word_at("a b", 3)) == "b"


@given(texts, st.data())
def test_word_bounds_properties(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = word_bounds(text, start, end)
    if start == end:
        assert (s, e) == (start, end) or 0 <= s < e <= len(text)
        return
    assert 0 <= s < e <= len(text)
    # Letters, digits, harakat and ZWJ/ZWNJ are the core that snapping must keep.
    core = [i for i in range(start, end) if text[i].isalnum() or is_mark_or_zw(text[i])]
    if core:
        assert s <= core[0] and core[-1] < e
    else:
        # Only trimmed, or (a lone hyphen inside "Jean-Pierre") widened to the word.
        assert (start <= s and e <= end) or (s <= start and end <= e)


@given(texts, st.integers(-2, 45))
def test_word_at_returns_a_word_around_offset(text: str, offset: int) -> None:
    bounds = word_at(text, offset)
    if bounds is not None:
        s, e = bounds
        assert 0 <= s < e <= len(text)
        assert s <= offset <= e


# --- proclitics -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "kept", "without_article"),
    [
        ("والناتو", "الناتو", "ناتو"),
        ("وَالنَّاتو", "النَّاتو", "نَّاتو"),
        ("ببروكسل", "بروكسل", "بروكسل"),
        ("للطاقة", "للطاقة", "طاقة"),
        ("وللطاقة", "للطاقة", "طاقة"),
        ("وبالطاقة", "الطاقة", "طاقة"),
        ("بالناتو", "الناتو", "ناتو"),
        ("لوكالة", "وكالة", "وكالة"),
        ("وروسيا", "روسيا", "روسيا"),
        ("وأوكرانيا", "أوكرانيا", "أوكرانيا"),
        ("للبنان", "لبنان", "لبنان"),
        ("ولبنان", "لبنان", "لبنان"),
        ("وفاتح", "فاتح", "فاتح"),
        ("بلندن", "لندن", "لندن"),
        ("والبرازيل", "البرازيل", "البرازيل"),
        ("وألمانيا", "ألمانيا", "ألمانيا"),
        ("الناتو", "الناتو", "ناتو"),
        # Untouched: names starting with a clitic letter, and short words.
        ("فلسطين", "فلسطين", "فلسطين"),
        ("فاتح", "فاتح", "فاتح"),
        ("بريطانيا", "بريطانيا", "بريطانيا"),
        ("بروكسل", "بروكسل", "بروكسل"),
        ("لبنان", "لبنان", "لبنان"),
        ("كندا", "كندا", "كندا"),
        ("واشنطن", "واشنطن", "واشنطن"),
        ("ولد", "ولد", "ولد"),
        ("بلد", "بلد", "بلد"),
        ("وزارة", "وزارة", "وزارة"),
        ("ألمانيا", "ألمانيا", "ألمانيا"),
        ("مارك", "مارك", "مارك"),
    ],
)
def test_strip_proclitics(word: str, kept: str, without_article: str) -> None:
    text = f"قال {word} روته"
    start, end = find(text, f"{word} روته")
    s, e = strip_proclitics(text, start, end)
    assert text[s:e] == f"{kept} روته"
    s, e = strip_proclitics(text, start, end, keep_article=False)
    assert text[s:e] == f"{without_article} روته"


def test_strip_proclitics_in_sample_sentence() -> None:
    start, end = find(SENTENCE, "ببروكسل")
    assert span(SENTENCE, strip_proclitics(SENTENCE, start, end)) == "بروكسل"
    start, end = find(SENTENCE, "مارك روته")
    assert strip_proclitics(SENTENCE, start, end) == (start, end)


def test_strip_proclitics_ignores_invalid_spans() -> None:
    assert strip_proclitics("والناتو", 3, 3) == (3, 3)
    assert strip_proclitics("والناتو", 0, 99) == (0, 99)
    assert strip_proclitics("(والناتو)", 0, 9) == (0, 9)


@given(texts.filter(bool), st.data(), st.booleans())
def test_strip_proclitics_properties(text: str, data: st.DataObject, keep: bool) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    s, e = strip_proclitics(text, start, end, keep_article=keep)
    assert e == end
    assert start <= s < e


# --- tokenizer ------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


def test_tokenize_sample() -> None:
    assert tokens("حلف شمال الأطلسي (الناتو)، مارك روته.") == [
        "حلف",
        "شمال",
        "الأطلسي",
        "(",
        "الناتو",
        ")",
        "،",
        "مارك",
        "روته",
        ".",
    ]
    assert tokens("«أوروبا–الأطلسي»؛ لماذا؟") == [
        "«",
        "أوروبا",
        "–",
        "الأطلسي",
        "»",
        "؛",
        "لماذا",
        "؟",
    ]


def test_tokenize_numbers_and_joiners() -> None:
    assert tokens("3.5 1,000 ٣٫٥ 2025.") == ["3.5", "1,000", "٣٫٥", "2025", "."]
    assert tokens("Jean-Pierre O'Neil COVID-19 'x'") == [
        "Jean-Pierre",
        "O'Neil",
        "COVID",
        "-",
        "19",
        "'",
        "x",
        "'",
    ]
    assert tokens("مُحَمَّد\u200fمـحـمـد") == ["مُحَمَّد", "مـحـمـد"]


def test_tokenize_clitics() -> None:
    text = "والناتو ببروكسل وبالطاقة للطاقة لوكالة فلسطين ولد ومارك (الناتو)"
    assert [text[s:e] for s, e in tokenize_clitics(text)] == [
        "و",
        "الناتو",
        "ب",
        "بروكسل",
        "و",
        "ب",
        "الطاقة",
        "للطاقة",
        "ل",
        "وكالة",
        "فلسطين",
        "ولد",
        "ومارك",
        "(",
        "الناتو",
        ")",
    ]


@pytest.mark.parametrize("split", [tokenize, tokenize_clitics])
@given(text=texts)
def test_tokenize_properties(split: Callable[[str], list[tuple[int, int]]], text: str) -> None:
    result = split(text)
    covered: set[int] = set()
    previous_end = 0
    for s, e in result:
        assert previous_end <= s < e <= len(text)
        assert not any(ch.isspace() for ch in text[s:e])
        covered.update(range(s, e))
        previous_end = e
    for i, ch in enumerate(text):
        if not ch.isspace() and ch not in GAPS:
            assert i in covered


# --- the regex tokenizer against its one-character-at-a-time definition -----------------

_TRICKY = (
    "ab١٢3٫,.'’ʼ-‐‑_ \t\n\u00a0\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"
    "قالَ الأمينُ ـــ وبروكسل «»:؛،٪ 😀𝐀𝟏\U000e0100²½Ⅻ"
)


@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=40) | st.text(max_size=40))
def test_regex_tokenize_equals_the_definition(text: str) -> None:
    assert tokenize(text) == _tokenize_slowly(text)


def test_regex_tokenize_equals_the_definition_for_every_bmp_character() -> None:
    for cp in range(0xD800):
        ch = chr(cp)
        for text in (ch, f"ab{ch}cd", f"1{ch}2", f" {ch}x"):
            assert tokenize(text) == _tokenize_slowly(text), hex(cp)


def test_only_punctuation_means_no_word_and_no_symbol() -> None:
    from annotator.core.arabic import only_punctuation

    text = "الأطلسي (NATO)، 😀 2٪ «»\u200f"
    assert only_punctuation(text, text.index("("), text.index("(") + 1)
    assert only_punctuation(text, text.index(")"), text.index(")") + 3)  # ")، "
    assert only_punctuation(text, text.index("«"), len(text))  # guillemets and an RLM
    assert not only_punctuation(text, text.index("😀"), text.index("😀") + 1)
    assert not only_punctuation(text, text.index("٪") - 1, text.index("٪") + 1)
    assert not only_punctuation(text, text.index("(N"), text.index("(N") + 2)
