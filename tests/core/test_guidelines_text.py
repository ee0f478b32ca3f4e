"""Guidelines text: reading a file, and a label's section as hover help."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.guidelines import label_help, label_section, read_guidelines_file

GUIDE = """# دليل الوسم

## PER (شخص)
اسم شخص كامل: «مارك روته».

### أمثلة PER
- الرئيس **عبد الفتاح السيسي**

## PERSONAL-NOTES
ليس وسماً.

## ORG
«حلف شمال الأطلسي» و«الناتو» كلاهما ORG.
"""


def test_a_label_section_runs_to_the_next_heading_of_its_level() -> None:
    section = label_section(GUIDE, "PER")
    assert section.startswith("## PER (شخص)")
    assert "عبد الفتاح السيسي" in section  # the subsection belongs to it
    assert "PERSONAL" not in section  # a longer word is not the label
    assert label_section(GUIDE, "ORG").endswith("كلاهما ORG.")
    assert label_section(GUIDE, "LOC") == ""


def test_help_is_the_description_then_the_section_cut_to_its_limit() -> None:
    assert label_help("Organisation", GUIDE, "ORG").startswith("Organisation\n\n## ORG")
    assert label_help("", GUIDE, "LOC") == ""
    short = label_help("d", GUIDE, "PER", limit=10)
    assert short == "d\n\n## PER (شخ …"


def test_reading_a_file(tmp_path: Path) -> None:
    good = tmp_path / "g.md"
    good.write_bytes(b"\xef\xbb\xbf# A\r\nb\rc\n")
    assert read_guidelines_file(good) == "# A\nb\nc\n"
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"line one\n\xff\xfe broken\n")
    with pytest.raises(InputError) as info:
        read_guidelines_file(bad)
    assert info.value.located() == f"{bad}:2: not UTF-8 text"
    with pytest.raises(InputError, match="cannot read"):
        read_guidelines_file(tmp_path / "missing.md")


def test_headings_in_code_blocks_are_text_and_setext_headings_count() -> None:
    # A "## ORG" inside a fenced example is not the ORG section, nor does it end one.
    guide = (
        "# دليل\n\n```markdown\n## ORG\nمثال فقط\n```\n\n"
        "## ORG (منظمة)\nالقاعدة:\n~~~\n## PER\n~~~\nبقية القاعدة\n\n"
        "PER\n---\nالأشخاص\n\nنهاية\n===\n"
    )
    org = label_section(guide, "ORG")
    assert org.startswith("## ORG (منظمة)\nالقاعدة:") and org.endswith("بقية القاعدة"), org
    assert label_section(guide, "PER") == "PER\n---\nالأشخاص"
