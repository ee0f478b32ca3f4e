"""Every modal question and error message of the GUI, in one patchable place.

Tests replace these functions (monkeypatch) so no modal dialog ever blocks a test run.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from .bidi_text import error_text, path_text, rich


def _bidi(box: QMessageBox) -> QMessageBox:
    """Show the box's text as paragraphs in their own direction (rich text from plain)."""
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(rich(box.text()))
    informative = box.informativeText()
    if informative:
        box.setInformativeText(rich(informative))
    return box


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """Tell the user something failed, in words they can act on."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        title or QCoreApplication.translate("Dialogs", "annotator: error"),
        error_text(message),
    )
    _bidi(box)
    box.setParent(parent, box.windowFlags())
    box.exec()


def run(dialog: QDialog) -> int:
    """Show a modal dialog of the app's own (e.g. the shortcuts) and wait for it."""
    return dialog.exec()


def action_buttons(dialog: QDialog, action: str) -> QDialogButtonBox:
    """The buttons of a dialog that asks before it acts: ``action`` (its word, e.g.
    "Export") accepts, Cancel rejects."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
    # Our own word, as on the progress dialog's button (Qt's Arabic has "ألغ").
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("Dialogs", "Cancel")
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def show_info(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """Tell the user something worth knowing (e.g. an import summary)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        title or QCoreApplication.translate("Dialogs", "annotator"),
        message,
    )
    _bidi(box)
    box.setParent(parent, box.windowFlags())
    box.exec()


def show_report(parent: QWidget | None, message: str, details: str, title: str) -> None:
    """Tell the user what a long task did; ``details`` (e.g. every problem) fold out."""
    box = QMessageBox(QMessageBox.Icon.Information, title, message)
    _bidi(box)
    if details:
        box.setDetailedText(details)
    box.setParent(parent, box.windowFlags())
    box.exec()


def confirm_overwrite(parent: QWidget | None, path: str) -> bool:
    """Ask before an export replaces a file that exists; True to replace it."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Dialogs", "annotator"),
        QCoreApplication.translate("Dialogs", "{path} exists. Replace it?").format(
            path=path_text(path)
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    _bidi(box)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setParent(parent, box.windowFlags())
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_unsaved_guidelines(parent: QWidget | None) -> str:
    """The window closes while the guidelines editor holds changes: "save" (as a new
    version), "discard" or "cancel" (the window stays)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Dialogs", "annotator"),
        QCoreApplication.translate(
            "Dialogs", "The guidelines you are editing are not saved. Save them as a new version?"
        ),
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
    )
    _bidi(box)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setParent(parent, box.windowFlags())
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def show_conflict(parent: QWidget | None, detail: str) -> None:
    """Someone else changed the layer first: nothing was saved, the document is reloaded."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Dialogs", "annotator: changed meanwhile"),
        QCoreApplication.translate(
            "Dialogs",
            "Someone else changed this document meanwhile. Your last action was not saved, "
            "so nothing of theirs was overwritten. The document is reloaded now: look at it "
            "again and redo your action if it is still needed.",
        ),
    )
    _bidi(box)
    box.setDetailedText(detail)
    box.setParent(parent, box.windowFlags())
    box.exec()


def ask_annotator_name(parent: QWidget | None, suggestion: str = "") -> str | None:
    """Ask the annotator's name on first launch; None if cancelled."""
    name, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("Dialogs", "Welcome to annotator"),
        QCoreApplication.translate(
            "Dialogs", "Your name (it is recorded with every annotation you make):"
        ),
        QLineEdit.EchoMode.Normal,
        suggestion,
    )
    name = name.strip()
    return name if ok and name else None


class UnexpectedChoice(enum.Enum):
    """What the user chose after an unexpected error."""

    CONTINUE = "continue"
    QUIT = "quit"


def show_unexpected(parent: QWidget | None, summary: str, details: str) -> UnexpectedChoice:
    """Report a bug (an exception nothing handled) without dying; offer to go on or quit."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Dialogs", "annotator: unexpected error"),
        summary,
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "Dialogs",
            "Your saved annotations are safe: every action is stored as soon as it is shown.",
        )
    )
    _bidi(box)
    box.setDetailedText(details)
    go_on = box.addButton(
        QCoreApplication.translate("Dialogs", "Continue"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("Dialogs", "Quit"), QMessageBox.ButtonRole.DestructiveRole
    )
    box.setDefaultButton(go_on)
    box.setParent(parent, box.windowFlags())
    box.exec()
    return UnexpectedChoice.CONTINUE if box.clickedButton() is go_on else UnexpectedChoice.QUIT
