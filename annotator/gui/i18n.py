"""Interface languages: the shipped Arabic translation and right-to-left mirroring.

Translations are Qt Linguist files in ``resources/translations``: ``annotator_ar.ts`` is the
source (kept in git, edited by hand or with Qt Linguist), ``annotator_ar.qm`` is compiled
from it with ``pyside6-lrelease`` and loaded by a plain QTranslator. ``annotator_en.ts``
holds only the English plural forms of counts (``%n records``: "1 record", "2 records").
Qt's own strings (standard dialog buttons) come from the ``qtbase_ar.qm`` PySide6 ships.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from annotator.core.model import Label

LANGUAGES = {"en": "English", "ar": "العربية"}
"""Interface languages, each named in itself (so anyone can find their own)."""
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})

_installed: list[QTranslator] = []
_language = DEFAULT_LANGUAGE


def current_language() -> str:
    """The interface language installed last ("en" until another is installed)."""
    return _language


def display_name(label: Label) -> str:
    """A label's name as the interface shows it: its Arabic name in Arabic, when it has one.

    Only the display changes; stored spans and exports keep ``label.name``.
    """
    if _language == "ar" and label.arabic_name:
        return label.arabic_name
    return label.name


def translations_dir() -> Path:
    """Folder of the shipped .ts/.qm files."""
    return Path(str(resources.files("annotator.resources") / "translations"))


def normalise_language(code: str | None) -> str:
    """A supported language code for a setting or ``--language`` value (e.g. "ar_SA")."""
    if not code:
        return DEFAULT_LANGUAGE
    short = code.strip().lower().replace("-", "_").split("_")[0]
    return short if short in LANGUAGES else DEFAULT_LANGUAGE


def install_language(code: str) -> str:
    """Install the translators of ``code`` and mirror the layout for right-to-left languages.

    Returns the language actually installed. Widgets receive a LanguageChange event and
    retranslate themselves.
    """
    global _language
    app = QCoreApplication.instance()
    code = normalise_language(code)
    _language = code
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    # English has a translation too: only the plural forms of counts ("1 record").
    ours = QTranslator()
    if ours.load(str(translations_dir() / f"annotator_{code}.qm")):
        _installed.append(ours)
    if code != DEFAULT_LANGUAGE:
        qt_own = QTranslator()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{code}", qt_dir):
            _installed.append(qt_own)
    for translator in _installed:
        QCoreApplication.installTranslator(translator)
    # Deliver the LanguageChange events now, so every widget is retranslated on return.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
    QLocale.setDefault(QLocale(code))
    if isinstance(app, QApplication):
        direction = (
            Qt.LayoutDirection.RightToLeft
            if code in RTL_LANGUAGES
            else Qt.LayoutDirection.LeftToRight
        )
        QApplication.setLayoutDirection(direction)
    return code
