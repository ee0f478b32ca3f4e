"""The GUI's remembered preferences (QSettings, organisation "annotator")."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "annotator"
APPLICATION = "annotator"

DEFAULT_FONT_SIZE = 18
MIN_FONT_SIZE = 9
MAX_FONT_SIZE = 48


def app_settings() -> QSettings:
    """The user's settings store; INI format so tests can redirect it with QSettings.setPath."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """Where an annotator stopped in a database: the document, caret offset and scroll."""

    document_id: int
    offset: int = 0
    scroll: int = 0


def resume_key(database: str, annotator: str) -> str:
    """The settings group of one (database, annotator): a digest, never the URL itself."""
    digest = hashlib.sha256(f"{database}\0{annotator}".encode()).hexdigest()[:24]
    return f"resume/{digest}"


class Preferences:
    """Typed accessors for every key the GUI remembers."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else app_settings()

    def _str(self, key: str) -> str | None:
        """A stored string, or None when absent or empty."""
        value = self._store.value(key)
        return str(value) if value not in (None, "") else None

    @property
    def annotator(self) -> str | None:
        """The annotator's name, asked once on first launch."""
        return self._str("annotator/name")

    @annotator.setter
    def annotator(self, name: str) -> None:
        self._store.setValue("annotator/name", name)

    @property
    def language(self) -> str | None:
        """Interface language code ("en" or "ar")."""
        return self._str("ui/language")

    @language.setter
    def language(self, code: str) -> None:
        self._store.setValue("ui/language", code)

    @property
    def font_size(self) -> int:
        """Article font size in points, clamped to a readable range."""
        value = self._store.value("view/font_size", DEFAULT_FONT_SIZE)
        try:
            size = int(str(value))
        except ValueError:
            return DEFAULT_FONT_SIZE
        return max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, size))

    @font_size.setter
    def font_size(self, size: int) -> None:
        self._store.setValue("view/font_size", int(size))

    @property
    def strip_proclitics(self) -> bool:
        """Whether entity spans leave out و ف ب ل ك by default (the toolbar toggle)."""
        return str(self._store.value("labelling/strip_proclitics", "false")).lower() == "true"

    @strip_proclitics.setter
    def strip_proclitics(self, on: bool) -> None:
        self._store.setValue("labelling/strip_proclitics", "true" if on else "false")

    @property
    def export_folder(self) -> str:
        """The folder of the last export (the home folder at first)."""
        return self._str("export/folder") or str(Path.home())

    @export_folder.setter
    def export_folder(self, folder: str) -> None:
        self._store.setValue("export/folder", folder)

    def geometry(self) -> QByteArray | None:
        """Saved main window geometry."""
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        """Saved dock and toolbar layout."""
        value = self._store.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def window_right_to_left(self) -> bool | None:
        """Whether the saved dock layout was laid out right to left (None: not known)."""
        value = self._store.value("window/rtl")
        if value is None:
            return None
        return str(value).lower() in {"true", "1"}

    def save_window(self, geometry: QByteArray, state: QByteArray, *, rtl: bool) -> None:
        """Remember the window's geometry and dock layout, and its direction (the layout
        keeps absolute sides: one saved in English is mirrored when opened in Arabic)."""
        self._store.setValue("window/geometry", geometry)
        self._store.setValue("window/state", state)
        self._store.setValue("window/rtl", rtl)

    def resume_point(self, database: str, annotator: str) -> ResumePoint | None:
        """Where this annotator stopped in this database, or None the first time."""
        key = resume_key(database, annotator)
        try:
            document = int(str(self._store.value(f"{key}/document", "")))
            offset = int(str(self._store.value(f"{key}/offset", 0)))
            scroll = int(str(self._store.value(f"{key}/scroll", 0)))
        except ValueError:
            return None
        return ResumePoint(document, max(0, offset), max(0, scroll))

    def set_resume_point(self, database: str, annotator: str, point: ResumePoint) -> None:
        """Remember where this annotator is in this database."""
        key = resume_key(database, annotator)
        self._store.setValue(f"{key}/document", point.document_id)
        self._store.setValue(f"{key}/offset", point.offset)
        self._store.setValue(f"{key}/scroll", point.scroll)

    def list_order(self, database: str, annotator: str) -> str:
        """The document list's order this annotator chose in this database ("" or
        "uncertainty")."""
        key = resume_key(database, annotator).replace("resume/", "list/", 1)
        return str(self._store.value(f"{key}/order", "") or "")

    def set_list_order(self, database: str, annotator: str, order: str) -> None:
        """Remember the document list's order for this annotator and database."""
        key = resume_key(database, annotator).replace("resume/", "list/", 1)
        self._store.setValue(f"{key}/order", order)

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self._store.sync()
