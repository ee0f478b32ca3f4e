"""An import that did not keep everything its files held says so in the window, too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.bidi import strip_controls
from annotator.gui.i18n import install_language
from annotator.services.documents import count_documents

pytestmark = [
    pytest.mark.gui,
    # Offscreen Qt cannot propagate size hints of the (patched-out) dialogs' windows.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def test_fields_not_kept_are_shown_after_import(
    qtbot, db, make_window, errors, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    path = tmp_path / "tasks.jsonl"
    rows = [{"text": f"خبر رقم {i}", "_task_hash": i, "priority": 0.5} for i in range(3)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    with qtbot.waitSignal(window.importer.imported, timeout=20_000):
        window.import_paths([str(path)])
    assert count_documents(db) == 3
    (shown,) = errors
    assert shown.startswith("Imported. Not everything the files held was kept as it was")
    assert f"{path}: fields not kept: _task_hash (3), priority (3)" in strip_controls(shown)
    assert f"\u2066{path}\u2069" in shown  # the path keeps its own direction


def test_the_arabic_window_says_what_was_not_kept_in_arabic(
    qtbot, db, make_window, errors, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The lines naming declined records and fields not kept are the interface's own
    (they were English in the Arabic window)."""
    install_language("ar")
    window = make_window()
    path = tmp_path / "tasks.jsonl"
    rows = [
        {"text": "خبر أول", "_task_hash": 1, "answer": "accept", "_annotator_id": "x-a"},
        {
            "text": "خبر ثان",
            "_task_hash": 2,
            "answer": "reject",
            "_annotator_id": "x-a",
            "label": "سياسة",
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    with qtbot.waitSignal(window.importer.imported, timeout=20_000):
        window.import_paths([str(path)])
    (shown,) = errors
    plain = strip_controls(shown)
    assert f"{path}: حقول لم تُحفظ: _task_hash (2)" in plain
    assert "fields not kept" not in plain and "rejected" not in plain
    assert "سجل واحد" in plain  # one declined record, Arabic singular form


def test_an_import_that_kept_everything_says_nothing(
    qtbot, db, make_window, errors, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    path = tmp_path / "a.txt"
    path.write_text("مقال\nنص.\n", encoding="utf-8")
    with qtbot.waitSignal(window.importer.imported, timeout=20_000):
        window.import_paths([str(path)])
    assert errors == []
