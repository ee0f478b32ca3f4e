"""Starting the application: run(), the annotator name, the error hook, a real X server."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.gui import app as gui_app
from annotator.gui import dialogs
from annotator.gui.settings import Preferences
from tests import needs

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

START = (
    "import sys\n"
    "from annotator.gui.app import run\n"
    "sys.exit(run(sys.argv[1], 'tester', sys.argv[2]))\n"
)


def start_env(tmp_path: Path, platform: str) -> dict[str, str]:
    """Environment for a child app: own settings folder, quit after the first paint."""
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": platform,
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "HOME": str(tmp_path),
            gui_app.EXIT_AFTER_SHOWN_ENV: "1",
        }
    )
    return env


def test_run_shows_window_offscreen_and_exits_zero(tmp_path: Path) -> None:
    db = tmp_path / "app.sqlite"
    result = subprocess.run(
        [sys.executable, "-c", START, str(db), "ar"],
        env=start_env(tmp_path, "offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert db.exists()


def test_run_shows_window_under_xvfb(tmp_path: Path) -> None:
    if shutil.which("Xvfb") is None:
        needs.missing("needs Xvfb: apt-get install xvfb xauth")
    # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as ready:
            number = ready.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        env = start_env(tmp_path, "xcb")
        env["DISPLAY"] = f":{number}"
        shot = tmp_path / "xvfb.png"
        env[gui_app.SCREENSHOT_ENV] = str(shot)
        result = subprocess.run(
            [sys.executable, "-c", START, str(tmp_path / "x.sqlite"), "en"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert shot.stat().st_size > 10_000  # a real screen grab, not an empty image
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_run_reports_unopenable_database(qapp, tmp_path: Path, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "notes.sqlite"
    bogus.write_bytes(b"these are not the tables you are looking for" * 10)
    before = bogus.read_bytes()
    assert gui_app.run(str(bogus), "tester", "en") == gui_app.EXIT_OPEN_ERROR
    assert errors and "not an annotator database" in errors[0]
    assert bogus.read_bytes() == before


def test_annotator_name_given_remembered_or_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    prefs = Preferences()
    assert gui_app.resolve_annotator(prefs, "  Layla ") == "Layla"
    assert Preferences().annotator == "Layla"
    assert gui_app.resolve_annotator(Preferences(), None) == "Layla"  # not asked again
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_annotator_name", lambda _p, s="": asked.append(s) or "Omar")
    fresh = Preferences()
    fresh._store.remove("annotator/name")
    assert gui_app.resolve_annotator(fresh, None) == "Omar"
    assert asked and Preferences().annotator == "Omar"


def test_excepthook_shows_dialog_instead_of_dying(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[tuple[str, str]] = []

    def fake(_parent, summary, details):  # type: ignore[no-untyped-def]
        shown.append((summary, details))
        return dialogs.UnexpectedChoice.CONTINUE

    monkeypatch.setattr(dialogs, "show_unexpected", fake)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    gui_app.install_excepthook(None)
    try:
        raise ValueError("boom")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown and shown[0][0] == "ValueError: boom" and "Traceback" in shown[0][1]
