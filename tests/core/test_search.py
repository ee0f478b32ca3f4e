"""core.search: the index's fast folding equals search_key; queries; hits in code points."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.arabic import search_key
from annotator.core.search import alternatives, find_hits, fold, parse_query

# Arabic (letters, harakat, tatweel, digits), Latin with cased oddities, invisible marks.
ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x0600, 0x0700)]
    + [chr(c) for c in range(0x20, 0x250)]
    + list("\u200b\u200c\u200d\u200e\u200f\u202b\u2067\u061c\ufeff\u0130\u1e9e\u06f3")
)


@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_fold_is_search_key(text: str) -> None:
    assert fold(text) == search_key(text)


def test_parse_query_phrases_and_words() -> None:
    assert parse_query('مدرسة "وزير الخارجية" ٣') == [("مدرسه",), ("وزير", "الخارجيه"), ("3",)]
    assert parse_query('"غير مغلق') == [("غير", "مغلق")]
    assert parse_query('،  ""') == []


def test_alternatives_peel_back_to_the_word() -> None:
    forms = alternatives("بروكسل")
    assert {"بروكسل", "وبروكسل", "ببروكسل", "وببروكسل"} <= set(forms)
    assert alternatives("وبروكسل") == forms


def test_short_words_are_found_with_their_proclitics() -> None:
    # peel_proclitics leaves "بغزة" whole (too short to be sure for a label), but whoever
    # asks for a clitic-blind search of "غزة" wants "بغزة", "وغزة", "لغزة".
    for word in ("غزه", "مصر", "قال", "وزير"):
        assert {"و" + word, "ب" + word, "ل" + word, "ال" + word} <= set(alternatives(word))
    text = "وصل إلى بغزة ومصرَ، وقال: «غزة»"
    got = [text[s:e] for s, e in find_hits(text, "غزة مصر قال", proclitics=True)]
    assert got == ["بغزة", "ومصرَ", "وقال", "غزة"]
    assert [text[s:e] for s, e in find_hits(text, '"بغزه مصر"', proclitics=True)] == ["بغزة ومصرَ"]


def test_hits_are_code_points_of_the_stored_text() -> None:
    text = "قالَ وَزيرُ الخارجيّة: وبروكسلُ ٢٠٢٤ 😀 ببروكسل"
    hits = find_hits(text, '"وزير الخارجية"')
    assert [text[s:e] for s, e in hits] == ["وَزيرُ الخارجيّة"]
    assert [text[s:e] for s, e in find_hits(text, "2024")] == ["٢٠٢٤"]
    assert find_hits(text, "بروكسل") == []
    got = [text[s:e] for s, e in find_hits(text, "بروكسل", proclitics=True)]
    assert got == ["وبروكسلُ", "ببروكسل"]  # a word's last haraka is part of its hit


def test_arabic_and_typographic_quotes_make_a_phrase() -> None:
    expected = [("مدرسه",), ("وزير", "الخارجيه"), ("3",)]
    assert parse_query("مدرسة «وزير الخارجية» ٣") == expected
    assert parse_query("مدرسة “وزير الخارجية” ٣") == expected
    assert parse_query("«غير مغلق") == [("غير", "مغلق")]
    assert parse_query('«وزير "الخارجية»') == [("وزير", "الخارجيه")]


def test_a_word_glued_by_punctuation_is_a_phrase_of_its_parts() -> None:
    assert parse_query("3.5 e-mail «وزير الخارجية» 11:30") == [
        ("3", "5"),
        ("e", "mail"),
        ("وزير", "الخارجيه"),
        ("11", "30"),
    ]
    assert parse_query("(بروكسل)، الرياض") == [("بروكسل",), ("الرياض",)]
