"""The window's actions (menus, toolbar, keyboard shortcuts), named and translated in one place."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from annotator.core.model import Label

from .i18n import LANGUAGES


class WindowActions(QObject):
    """Every QAction of the main window; the window connects their ``triggered`` signals."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)

        def make(
            shortcuts: list[QKeySequence | QKeySequence.StandardKey | str] | None = None,
        ) -> QAction:
            """An action with shortcuts that work anywhere in the window."""
            action = QAction(parent)
            if shortcuts:
                action.setShortcuts([QKeySequence(s) for s in shortcuts])
            # Shortcuts work wherever focus is inside the window (article, lists, tables).
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            return action

        self.import_files = make([QKeySequence.StandardKey.Open])
        self.open_demo = make()
        self.export = make(["Ctrl+E"])
        self.quit = make([QKeySequence.StandardKey.Quit])
        self.undo = make(["Ctrl+Z"])
        # Both conventions: Ctrl+Shift+Z (Linux/macOS) and Ctrl+Y (Windows).
        self.redo = make(["Ctrl+Shift+Z", "Ctrl+Y"])
        self.delete_span = make()
        self.cancel_speaker = make()
        self.strip_proclitics = make()
        self.strip_proclitics.setCheckable(True)
        self.zoom_in = make(["Ctrl+=", "Ctrl++"])
        self.zoom_out = make(["Ctrl+-"])
        self.zoom_reset = make(["Ctrl+0"])
        self.previous_document = make()
        self.next_document = make()
        self.mark_done = make(["Ctrl+Return", "Ctrl+Enter"])
        self.focus_search = make([QKeySequence.StandardKey.Find])
        self.keys_help = make([QKeySequence.StandardKey.HelpContents])
        self.review_mode = make(["Ctrl+R"])
        self.review_mode.setCheckable(True)
        self.gold_start = make()
        self.next_disagreement = make(["F8"])
        self.previous_disagreement = make(["Shift+F8"])
        self.reject_disagreement = make(["Ctrl+Delete"])
        self.accept_versions = [make([f"Ctrl+{n}"]) for n in range(1, 10)]
        self.show_agreement = make()
        self.language_group = QActionGroup(parent)
        self.languages: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, parent)
            action.setCheckable(True)
            action.setData(code)
            self.language_group.addAction(action)
            self.languages[code] = action
        self.set_direction(Qt.LayoutDirection.LeftToRight)
        self.retranslate()

    def add_disagreement_keys(self, labels: list[Label]) -> None:
        """N and Shift+N also step through disagreements, unless a label uses the N key."""
        if any((label.shortcut or "").upper() == "N" for label in labels):
            return
        self.next_disagreement.setShortcuts([QKeySequence("F8"), QKeySequence("N")])
        self.previous_disagreement.setShortcuts([QKeySequence("Shift+F8"), QKeySequence("Shift+N")])

    def enable_review(self, on: bool) -> None:
        """Review actions work only in review mode (their keys are free otherwise)."""
        for action in (
            self.gold_start,
            self.next_disagreement,
            self.previous_disagreement,
            self.reject_disagreement,
            *self.accept_versions,
        ):
            action.setEnabled(on)

    def set_direction(self, direction: Qt.LayoutDirection) -> None:
        """Alt+arrow follows the interface: in a right-to-left window, "next" points left."""
        forward, back = ("Alt+Left", "Alt+Right")
        if direction == Qt.LayoutDirection.LeftToRight:
            forward, back = back, forward
        self.next_document.setShortcuts([QKeySequence("Ctrl+PgDown"), QKeySequence(forward)])
        self.previous_document.setShortcuts([QKeySequence("Ctrl+PgUp"), QKeySequence(back)])

    def retranslate(self) -> None:
        """Texts and tooltips in the current language."""
        self.import_files.setText(self.tr("Import files…"))
        self.open_demo.setText(self.tr("Open the demo article"))
        self.export.setText(self.tr("Export annotations…"))
        self.export.setToolTip(
            self.tr(
                "Write training data: annotator JSON lines, CoNLL, Prodigy/spaCy, doccano, "
                "Label Studio or Hugging Face"
            )
        )
        self.quit.setText(self.tr("Quit"))
        self.undo.setText(self.tr("Undo"))
        self.redo.setText(self.tr("Redo"))
        self.delete_span.setText(self.tr("Delete selected spans"))
        self.cancel_speaker.setText(self.tr("Cancel choosing a speaker (Esc)"))
        self.strip_proclitics.setText(self.tr("Keep proclitics out"))
        self.strip_proclitics.setToolTip(
            self.tr(
                "Leave و ف ب ل ك out of entity spans (the article ال stays). "
                "Alt with a label key does this once; Shift with a label key labels "
                "exactly the selected characters."
            )
        )
        self.zoom_in.setText(self.tr("Larger text"))
        self.zoom_out.setText(self.tr("Smaller text"))
        self.zoom_reset.setText(self.tr("Default text size"))
        self.previous_document.setText(self.tr("Previous document"))
        self.next_document.setText(self.tr("Next document"))
        self.mark_done.setText(self.tr("Mark done and go to next"))
        self.focus_search.setText(self.tr("Search documents"))
        self.keys_help.setText(self.tr("Keyboard shortcuts"))
        self.review_mode.setText(self.tr("Review mode"))
        self.review_mode.setToolTip(
            self.tr(
                "Reviewers: see every annotator's layer of the document, with each "
                "disagreement marked, and build the gold layer"
            )
        )
        self.gold_start.setText(self.tr("Start gold from majority vote"))
        self.next_disagreement.setText(self.tr("Next disagreement"))
        self.previous_disagreement.setText(self.tr("Previous disagreement"))
        self.reject_disagreement.setText(self.tr("Reject disagreement"))
        for number, action in enumerate(self.accept_versions, start=1):
            action.setText(self.tr("Accept version {n}").format(n=number))
        self.show_agreement.setText(self.tr("Agreement…"))
