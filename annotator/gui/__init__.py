"""PySide6 desktop application."""

from __future__ import annotations

import sys


def _keep_none_alive() -> None:
    """Work around PySide6 6.12 on CPython 3.11: wrapped calls drop references to None.

    Measured here (PySide6 6.12.0, CPython 3.11.7): every call of a wrapped method that
    returns void (QColor.setAlpha, QTextCursor.setPosition, setExtraSelections...) lowers
    None's reference count by one, and None starts near 4,500, so an article with a few
    thousand highlighted spans aborted the process ("none_dealloc: deallocating None").
    From CPython 3.12 None is immortal and the bug is harmless; before that, give None a
    reference count no session can use up. None is a static object that is never freed,
    so the extra count changes nothing else; the same holds for True and False.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    # True and False were seen freed the same way (in a longer benchmark run).
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_keep_none_alive()
