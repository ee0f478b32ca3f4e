"""Every counted string of the Arabic interface, at the counts where Arabic changes form.

Audit of issue 12's "plural forms through Qt's translation plurals for every count": each
numerus entry of ``annotator_ar.ts`` is translated at n = 0, 1, 2, 3, 11, 100, 101, 102
(Qt's six Arabic forms: 0; 1; 2; n % 100 in 3-10; n % 100 in 11-99; the rest). A form
from 3 up shows the figure; 101 and 102 take the form of 100, 103 that of 3.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from annotator.gui.i18n import install_language

TS = Path(__file__).parents[2] / "resources" / "translations" / "annotator_ar.ts"


def entries() -> list[tuple[str, str]]:
    """(context, source) of every numerus message."""
    found = []
    for context in re.findall(r"<context>(.*?)</context>", TS.read_text(encoding="utf-8"), re.S):
        name = re.search(r"<name>(.*?)</name>", context)
        assert name is not None
        for source in re.findall(
            r'<message numerus="yes">.*?<source>(.*?)</source>', context, re.S
        ):
            found.append((name.group(1), html.unescape(source)))
    return found


@pytest.mark.parametrize(("context", "source"), entries())
def test_each_count_takes_its_arabic_form(qapp, context: str, source: str) -> None:  # type: ignore[no-untyped-def]
    install_language("ar")

    def say(n: int) -> str:
        return QCoreApplication.translate(context, source, "", n)

    forms = {n: say(n) for n in (0, 1, 2, 3, 11, 100, 101, 102, 103, 111)}
    assert all(text and "%n" not in text and text != source for text in forms.values()), forms
    for n in (3, 11, 100, 101, 102, 103, 111):
        assert str(n) in forms[n], forms[n]
    assert forms[101] == forms[100].replace("100", "101")
    assert forms[102] == forms[100].replace("100", "102")
    assert forms[103] == forms[3].replace("3", "103", 1)
    assert forms[111] == forms[11].replace("11", "111", 1)
    assert len({forms[0], forms[1], forms[2], forms[3].replace("3", "#"), forms[11]}) == 5
