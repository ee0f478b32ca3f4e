"""Starting the desktop application: Qt setup, language, annotator name, error hook."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Mapping
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.errors import AnnotatorError
from annotator.services import access
from annotator.services.workspace import open_workspace
from annotator.storage.database import Database

from . import dialogs
from .i18n import install_language, normalise_language
from .main_window import MainWindow
from .settings import APPLICATION, ORGANISATION, Preferences

EXIT_AFTER_SHOWN_ENV = "ANNOTATOR_GUI_EXIT_AFTER_SHOWN"
"""When set, quit with 0 right after the first paint (the Xvfb start-up test)."""
SCREENSHOT_ENV = "ANNOTATOR_GUI_SCREENSHOT"
"""When set with the above, save a screen grab of the window to this path first."""
EXIT_OPEN_ERROR = 2
NATIVE_WINDOWING = ("darwin", "win32")
"""Platforms whose windows need no DISPLAY: Qt draws through the system's own window server."""
NO_DISPLAY = (
    "no display to show the app on (DISPLAY and WAYLAND_DISPLAY are unset); "
    "run it in a desktop session, or set QT_QPA_PLATFORM=offscreen for a headless run"
)


def missing_display(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why Qt would find no display to open a window on, or None when it may find one.

    Without X11 or Wayland Qt does not fail: it aborts the process (exit 134) after several
    lines about platform plugins, so the start-up asks first. An explicit QT_QPA_PLATFORM
    (offscreen, eglfs, vnc...) is the user's choice and is left to Qt.
    """
    env = os.environ if environ is None else environ
    if (platform or sys.platform) in NATIVE_WINDOWING:
        return None
    if any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return NO_DISPLAY


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once) with the organisation QSettings uses."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return app


def install_excepthook(parent: QWidget | None = None) -> None:
    """Show exceptions nothing handled in a dialog instead of dying with a traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Log the traceback, show it in a dialog, and go on unless the user quits."""
        details = "".join(traceback.format_exception(kind, exc, tb))
        sys.stderr.write(details)
        if isinstance(exc, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        summary = str(exc) if isinstance(exc, AnnotatorError) else f"{kind.__name__}: {exc}"
        choice = dialogs.show_unexpected(parent, summary, details)
        if choice == dialogs.UnexpectedChoice.QUIT:
            QCoreApplication.exit(1)

    sys.excepthook = hook


def resolve_annotator(
    prefs: Preferences, given: str | None, db: Database | None = None
) -> str | None:
    """Who is acting: the PostgreSQL login, else ``--annotator``, remembered, or asked once.

    On PostgreSQL the name is never asked (``access.acting_name``); another name than the
    login raises PermissionDeniedError. On SQLite ``--annotator`` is remembered.
    """
    login = access.database_login(db) if db is not None else None
    if db is not None and login is not None:
        return access.acting_name(db, given)
    name = (given or "").strip() or prefs.annotator
    if not name:
        name = dialogs.ask_annotator_name(None, os.environ.get("USER", ""))
    if name:
        prefs.annotator = name
    return name


class _QuitAfterPaint(QObject):
    """Quits the application once the watched widget has painted (start-up smoke test)."""

    def __init__(self, window: MainWindow, screenshot: str | None) -> None:
        super().__init__(window)
        self._window = window
        self._screenshot = screenshot
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first paint, grab the screen if asked, then quit with 0."""
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(200, self._finish)
        return False

    def _finish(self) -> None:
        """Grab and quit."""
        if self._screenshot:
            screen = self._window.screen()
            screen.grabWindow(0).save(self._screenshot)
        QCoreApplication.exit(0)


def run(db: str | None, annotator: str | None, language: str | None) -> int:
    """Open the workspace on ``db`` and run the GUI until the window closes; exit code.

    Raises AnnotatorError, before any QApplication exists, when there is no display.
    """
    # An existing QApplication already has its platform: nothing left for Qt to abort on.
    if QApplication.instance() is None and (problem := missing_display()):
        raise AnnotatorError(problem)
    app = application()
    prefs = Preferences()
    code = install_language(normalise_language(language or prefs.language))
    if language:
        prefs.language = code
    try:
        database: Database = open_workspace(db)
    except AnnotatorError as exc:
        dialogs.show_error(
            None,
            str(exc),
            QCoreApplication.translate("Dialogs", "annotator: cannot open the database"),
        )
        return EXIT_OPEN_ERROR
    try:
        try:
            name = resolve_annotator(prefs, annotator, database)
            if not name:
                return EXIT_OPEN_ERROR
            window = MainWindow(database, name, prefs)
        except AnnotatorError as exc:
            dialogs.show_error(None, str(exc))
            return EXIT_OPEN_ERROR
        window.actions_.languages[code].setChecked(True)
        install_excepthook(window)
        if os.environ.get(EXIT_AFTER_SHOWN_ENV):
            watcher = _QuitAfterPaint(window, os.environ.get(SCREENSHOT_ENV))
            page = window.stack.currentWidget()
            (page if page is not None else window).installEventFilter(watcher)
            # A window that never paints is a failure, not a hang.
            QTimer.singleShot(20_000, lambda: QCoreApplication.exit(3))
        window.show()
        return app.exec()
    finally:
        database.close()
