"""Child of test_real_pointer: the article view under a real X server, dragged by xdotool.

Shows the mixed Arabic/Latin paragraph, then for each target drags the real pointer with
xdotool from and to points taken from glyph ink (``drag_helpers``), in both directions.
Prints one JSON line per drag: the target, the selection during the drag and after it.
With ``ANNOTATOR_SHOTS`` set, saves a screenshot of the whole screen (ImageMagick's
``import``) while the button is still down.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.gui.article_view import ArticleView
from annotator.gui.layer import OpenLayer
from tests.gui.drag_helpers import drag_points
from tests.gui.test_drag_truth import MIXED

TARGETS = [
    "المسؤولين",
    "مجموعة",
    "كبار",
    "NATO",
    "Mark Rutte",
    "12 مارس 2025",
    "٣٤٥",
    "جندياً 😀",
    "في المدن",  # across the wrap at this window's width
]


def pump(app: QApplication, seconds: float = 0.15) -> None:
    """Let the app handle what the X server sent."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def xdotool(*args: str) -> None:
    """Run one xdotool command."""
    subprocess.run(["xdotool", *args], check=True, timeout=10)


def main() -> int:
    """Drag over every target both ways; print what was selected."""
    app = QApplication(sys.argv)
    # Screenshots need ImageMagick's import; without it the drags are still checked.
    shots = os.environ.get("ANNOTATOR_SHOTS") if shutil.which("import") else None
    view = ArticleView()
    view.setWindowTitle("drag truth")
    view.resize(760, 420)
    view.move(40, 40)
    view.show_document(MIXED, OpenLayer.empty())
    view.show()
    view.raise_()
    view.activateWindow()
    pump(app, 1.5)
    for target in TARGETS:
        start = MIXED.index(target)
        end = start + len(target)
        press, release = drag_points(view, MIXED, start, end)
        for direction, (a, b) in (("forward", (press, release)), ("backward", (release, press))):
            ga, gb = view.viewport().mapToGlobal(a), view.viewport().mapToGlobal(b)
            xdotool("mousemove", "--sync", str(ga.x()), str(ga.y()))
            pump(app)
            xdotool("mousedown", "1")
            pump(app)
            for k in range(1, 5):
                p = ga + (gb - ga) * (k / 4) if k < 4 else gb
                xdotool("mousemove", "--sync", str(p.x()), str(p.y()))
                pump(app, 0.08)
            pump(app)
            during = view.selected_range()
            if shots:
                name = f"drag-{TARGETS.index(target):02d}-{direction}.png"
                subprocess.run(["import", "-window", "root", str(Path(shots) / name)], timeout=20)
            xdotool("mouseup", "1")
            pump(app)
            print(
                json.dumps(
                    {
                        "target": target,
                        "direction": direction,
                        "want": [start, end],
                        "during": during,
                        "after": view.selected_range(),
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
            xdotool("mousemove", "--sync", "5", "5")
            view.select_range(0, 0, scroll=False)
            # Past the double-click interval, so the next press is a new click.
            pump(app, app.doubleClickInterval() / 1000 + 0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
