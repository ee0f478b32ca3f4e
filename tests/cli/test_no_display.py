"""The desktop app without a display: one clear line and exit 2, not Qt's abort (134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.gui import app as gui_app

DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
LINE = (
    "annotator: error: no display to show the app on (DISPLAY and WAYLAND_DISPLAY are unset); "
    "run it in a desktop session, or set QT_QPA_PLATFORM=offscreen for a headless run\n"
)


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="windows need no DISPLAY here")
def test_no_display_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    env.update({"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")})
    db = tmp_path / "x.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == LINE
    assert result.stdout == ""
    # Refused before anything was opened: no QApplication, no database file.
    assert not db.exists()


@pytest.mark.parametrize(
    ("environ", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ""}, "linux", True),
        ({}, "freebsd14", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_missing_display(environ: dict[str, str], platform: str, missing: bool) -> None:
    found = gui_app.missing_display(environ, platform)
    assert found == (LINE.removeprefix("annotator: error: ").rstrip("\n") if missing else None)
