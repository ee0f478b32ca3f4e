"""The main window's menu bar and toolbars, built from its actions and translated here."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar

from .actions import WindowActions
from .bidi_text import IsolatedShortcutsStyle


class WindowMenus:
    """Menus and toolbars of the main window (their titles follow the language)."""

    def __init__(self, window: QMainWindow, a: WindowActions, docks: Iterable[QDockWidget]) -> None:
        bar = window.menuBar()
        self.file = bar.addMenu("")
        self.file.addActions([a.import_files, a.open_demo])
        self.file.addSeparator()
        self.file.addAction(a.export)
        self.file.addSeparator()
        self.file.addAction(a.quit)
        self.edit = bar.addMenu("")
        self.edit.addActions([a.undo, a.redo, a.delete_span, a.cancel_speaker])
        self.edit.addSeparator()
        self.edit.addAction(a.strip_proclitics)
        self.document = bar.addMenu("")
        self.document.addActions(
            [a.previous_document, a.next_document, a.mark_done, a.focus_search]
        )
        self.view = bar.addMenu("")
        self.view.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
        self.language = self.view.addMenu("")
        self.language.addActions(list(a.languages.values()))
        self.view.addSeparator()
        for dock in docks:
            self.view.addAction(dock.toggleViewAction())
        self.review = bar.addMenu("")
        self.review.addActions([a.review_mode, a.gold_start])
        self.review.addSeparator()
        self.review.addActions(
            [a.previous_disagreement, a.next_disagreement, a.reject_disagreement]
        )
        self.accept: QMenu = self.review.addMenu("")
        self.accept.addActions(a.accept_versions)
        self.review.addSeparator()
        self.review.addAction(a.show_agreement)
        self.help = bar.addMenu("")
        self.help.addAction(a.keys_help)
        # Shortcuts read left to right inside Arabic menus ("Ctrl+=", never "=+Ctrl").
        self.style = IsolatedShortcutsStyle(window)
        for menu in self.menus():
            menu.setStyle(self.style)

        self.toolbar: QToolBar = window.addToolBar("")
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.addActions([a.previous_document, a.next_document, a.mark_done])
        self.toolbar.addSeparator()
        self.toolbar.addActions([a.undo, a.redo])
        self.toolbar.addSeparator()
        self.toolbar.addActions([a.strip_proclitics, a.zoom_out, a.zoom_in])
        self.toolbar.addSeparator()
        self.toolbar.addAction(a.review_mode)
        self.review_toolbar: QToolBar = window.addToolBar("")
        self.review_toolbar.setObjectName("ReviewToolbar")
        self.review_toolbar.addActions(
            [a.gold_start, a.previous_disagreement, a.next_disagreement, a.reject_disagreement]
        )
        self.review_toolbar.hide()

    def menus(self) -> list[QMenu]:
        """Every menu of the bar, submenus included."""
        return [
            self.file,
            self.edit,
            self.document,
            self.view,
            self.language,
            self.review,
            self.accept,
            self.help,
        ]

    def retranslate(self) -> None:
        """Menu and toolbar titles in the current language (the main window's context)."""
        self.file.setTitle(QCoreApplication.translate("MainWindow", "File"))
        self.edit.setTitle(QCoreApplication.translate("MainWindow", "Edit"))
        self.document.setTitle(QCoreApplication.translate("MainWindow", "Document"))
        self.view.setTitle(QCoreApplication.translate("MainWindow", "View"))
        self.language.setTitle(QCoreApplication.translate("MainWindow", "Language"))
        self.review.setTitle(QCoreApplication.translate("MainWindow", "Review"))
        self.accept.setTitle(QCoreApplication.translate("MainWindow", "Accept version"))
        self.help.setTitle(QCoreApplication.translate("MainWindow", "Help"))
        self.toolbar.setWindowTitle(QCoreApplication.translate("MainWindow", "Toolbar"))
        self.review_toolbar.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Review toolbar")
        )
