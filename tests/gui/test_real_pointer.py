"""A real pointer under a real X server: xdotool drags over mixed text select what they cover.

Starts Xvfb (and openbox when installed), runs ``real_pointer_child.py`` on the xcb
platform, and checks every drag it reports. Skips when Xvfb or xdotool is missing.
Set ``ANNOTATOR_SHOTS`` to a folder to keep screenshots taken while the button is down.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import needs

pytestmark = [pytest.mark.gui, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A fresh Xvfb display (the server picks a free number), with openbox if installed."""
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            needs.missing(f"needs {tool}: apt-get install xvfb xdotool openbox")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x600x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    display = f":{number}"
    manager = None
    if shutil.which("openbox"):
        manager = subprocess.Popen(
            ["openbox"],
            env=dict(os.environ, DISPLAY=display),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        yield display
    finally:
        for process in (manager, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)


def test_real_pointer_drags_select_what_they_cover(x_display: str, tmp_path: Path) -> None:
    env = dict(
        os.environ,
        DISPLAY=x_display,
        QT_QPA_PLATFORM="xcb",
        PYTHONPATH=str(REPO),
        ANNOTATOR_SHOTS=os.environ.get("ANNOTATOR_SHOTS", str(tmp_path)),
    )
    child = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("real_pointer_child.py"))],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    drags = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    assert len(drags) >= 16
    misses = [d for d in drags if d["during"] != d["want"] or d["after"] != d["want"]]
    assert not misses, "\n".join(json.dumps(m, ensure_ascii=False) for m in misses)
