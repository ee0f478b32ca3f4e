"""The paragraph rule (UAX #9 P2/P3) and isolation used wherever mixed text is shown."""

from __future__ import annotations

from annotator.core.bidi import (
    FSI,
    LRI,
    PDI,
    RLM,
    direction,
    first_strong,
    isolate,
    isolate_ltr,
    strip_controls,
    word_prefixes,
)


def test_first_strong_character_decides() -> None:
    assert first_strong("قانون للجميع!") == "rtl"
    assert first_strong(".. والبحث جارٍ عن «الطريق»") == "rtl"  # neutrals first are skipped
    assert first_strong("الناتو (NATO) يرفع…") == "rtl"
    assert first_strong("NATO (الناتو)") == "ltr"
    assert first_strong("12 مارس 2025") == "rtl"  # digits are not strong
    assert first_strong("... 2025 !") is None
    assert direction("... 2025 !", "rtl") == "rtl"
    assert direction("... 2025 !") == "ltr"


def test_isolates_are_skipped_by_the_sentence() -> None:
    # A key sequence first in an Arabic line: the line is still right-to-left.
    line = f"{isolate_ltr('Ctrl+Z')}: تراجع"
    assert first_strong(line) == "rtl"
    assert first_strong(f"{isolate('الناتو')} raises") == "ltr"
    # Nested isolates and a stray PDI do not confuse the count.
    assert first_strong(f"{LRI}a{FSI}ب{PDI}c{PDI}{PDI} د") == "rtl"
    assert first_strong(f"{RLM}NATO") == "rtl"  # a mark is a strong character


def test_isolate_wraps_and_strip_controls_restores() -> None:
    assert isolate_ltr("/tmp/a b.txt") == f"{LRI}/tmp/a b.txt{PDI}"
    assert isolate("x") == f"{FSI}x{PDI}"
    assert isolate("") == ""
    assert strip_controls(f"{RLM}{isolate('عنوان')} — annotator") == "عنوان — annotator"


def test_word_prefixes_are_logical_word_ends() -> None:
    text = "الناتو (NATO) يرفع…  ميزانية"
    ends = word_prefixes(text)
    assert [text[:n] for n in ends] == [
        "الناتو",
        "الناتو (NATO)",
        "الناتو (NATO) يرفع…",
        text,
    ]
    assert word_prefixes("   ") == []
