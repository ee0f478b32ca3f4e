"""Opening the window does not import matplotlib or scikit-learn when nothing needs them.

The statistics dock starts hidden with nothing read, and a database without a topic model
suggests no topics: importing the two (about 0.7 s and 2 s of CPU) at start-up held up the
window and, in the suggestion thread, the first articles paged through (issue 17).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys, time
from PySide6.QtCore import QSettings
from annotator.gui.app import application
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Preferences
from annotator.services.importer import import_paths
from annotator.services.workspace import open_workspace

folder = sys.argv[1]
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder + "/settings")
app = application()
db = open_workspace(folder + "/db.sqlite")
import_paths(db, [folder + "/a.txt"])
window = MainWindow(db, "huda", Preferences())
window.show()
end = time.monotonic() + 1.5  # past the suggestions' start delay: their read runs too
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
window.suggesting.background.wait()
opened = window.document is not None
window.close()
db.close()
print(opened, "matplotlib" in sys.modules, "sklearn" in sys.modules)
"""


def test_window_opens_without_matplotlib_or_sklearn(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("قال الوزير في بروكسل إن الاجتماع انتهى.\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert out.stdout.split() == ["True", "False", "False"], out.stdout + out.stderr
