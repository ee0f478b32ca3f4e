"""Label shortcut keys: which label a key press means, and how the selection is snapped."""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from annotator.core.model import Label


class SnapMode(enum.Enum):
    """How a selection becomes a span's offsets."""

    WORDS = "words"
    """Snap outward to whole words (the default)."""
    STRIP_PROCLITICS = "strip"
    """Whole words, then keep و ف ب ل ك out of the first word (Alt with the key)."""
    EXACT = "exact"
    """Exactly the selected characters (Shift with the key)."""


# The standard Arabic (101) keyboard: an editor typing on the Arabic layout presses the key
# labelled P and Qt reports ح; the shortcut must still mean P. Keyed by the Arabic letter.
ARABIC_LAYOUT = {
    "ض": "Q", "ص": "W", "ث": "E", "ق": "R", "ف": "T", "غ": "Y", "ع": "U", "ه": "I",
    "خ": "O", "ح": "P", "ش": "A", "س": "S", "ي": "D", "ب": "F", "ل": "G", "ا": "H",
    "ت": "J", "ن": "K", "م": "L", "ئ": "Z", "ء": "X", "ؤ": "C", "ر": "V", "ى": "N",
    "ة": "M", "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6",
    "٧": "7", "٨": "8", "٩": "9",
}  # fmt: skip

_KEYPAD_OR_PLAIN = (
    Qt.KeyboardModifier.NoModifier,
    Qt.KeyboardModifier.KeypadModifier,
)


def key_name(event: QKeyEvent) -> str | None:
    """The Latin key name (``"P"``, ``"1"``) a press stands for, whatever the layout."""
    key = event.key()
    if (
        Qt.Key.Key_A.value <= key <= Qt.Key.Key_Z.value
        or Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value
    ):
        return chr(key)
    text = event.text()
    if text:
        if text in ARABIC_LAYOUT:
            return ARABIC_LAYOUT[text]
        upper = text.upper()
        if len(upper) == 1 and (upper.isascii() and upper.isalnum()):
            return upper
    return None


def snap_mode(event: QKeyEvent) -> SnapMode | None:
    """The snapping a key press asks for, or None when its modifiers mean something else."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if mods == Qt.KeyboardModifier.NoModifier:
        return SnapMode.WORDS
    if mods == Qt.KeyboardModifier.AltModifier:
        return SnapMode.STRIP_PROCLITICS
    if mods == Qt.KeyboardModifier.ShiftModifier:
        return SnapMode.EXACT
    return None


def label_for_key(event: QKeyEvent, labels: list[Label]) -> tuple[Label, SnapMode] | None:
    """The label whose shortcut this press is, with the snap mode its modifiers choose."""
    mode = snap_mode(event)
    name = key_name(event)
    if mode is None or name is None:
        return None
    for label in labels:
        if label.shortcut and label.shortcut.upper() == name:
            return label, mode
    return None
