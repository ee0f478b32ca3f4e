"""Choosing the article font: a named Arabic face, never fontconfig's guess."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

# Order matters: Naskh is the newspaper style editors read; fontconfig's own fallback for
# Arabic picks DejaVu Sans even when these are installed, so the family is always named.
PREFERRED_FAMILIES = ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans")
ARABIC_FAMILIES = PREFERRED_FAMILIES[:3]
"""The named Arabic faces; without one installed, the bundled Noto Sans Arabic."""
LINE_HEIGHT_PERCENT = 150

_registered: str | None = None


def bundled_font_path() -> Path | None:
    """The TTF of the pip package fontpkg-noto-sans-arabic, if it is installed."""
    try:
        import fontpkg_noto_sans_arabic as pkg
    except ImportError:
        return None
    files = sorted(Path(pkg.ROOT, "files").glob("*.ttf"))
    return files[0] if files else None


def register_bundled_font() -> str | None:
    """Register the bundled Noto Sans Arabic with Qt once; return its family name."""
    global _registered
    if _registered is not None:
        return _registered
    path = bundled_font_path()
    if path is None:
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    _registered = families[0] if families else None
    return _registered


def _has_arabic(family: str) -> bool:
    """True when the family covers the Arabic writing system."""
    return QFontDatabase.WritingSystem.Arabic in QFontDatabase.writingSystems(family)


def article_families() -> list[str]:
    """Installed families to use for the article, best first, Arabic faces guaranteed."""
    installed = set(QFontDatabase.families())
    # The Arabic faces proper; DejaVu Sans covers Arabic too, but thinly (a machine that
    # has only DejaVu gets the bundled Noto Sans Arabic first).
    chosen = [f for f in ARABIC_FAMILIES if f in installed and _has_arabic(f)]
    if not chosen:
        bundled = register_bundled_font()
        if bundled:
            chosen.append(bundled)
    # DejaVu Sans (or whatever is left) covers Latin and symbols the Arabic face lacks.
    chosen.extend(f for f in PREFERRED_FAMILIES if f in installed and f not in chosen)
    return chosen


def article_font(point_size: int) -> QFont:
    """The article font at ``point_size``, with explicit family fallbacks."""
    families = article_families()
    font = QFont()
    if families:
        font.setFamilies(families)
    font.setPointSize(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font
