"""SIGTERM ends a command through its cleanup: exit 143, one line, no half-written export."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from annotator.cli import commands
from annotator.cli.main import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

EXIT_TERMINATED = 128 + signal.SIGTERM
LINE = "annotator: terminated; nothing of the unfinished command was written\n"

# The real CLI in a child whose export writes everything, then says so (a marker file) and
# waits: the parent's SIGTERM then surely lands while the hidden .part file exists, however
# fast the machine, instead of racing a real export of a large database.
CHILD = """
import sys, time
from pathlib import Path
from annotator.services import exporter

real_write = exporter._write

def slow_write(*args, **kwargs):
    real_write(*args, **kwargs)
    Path(sys.argv[1]).touch()
    time.sleep(30)

exporter._write = slow_write
from annotator.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with a few annotated documents."""
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(
            f'{{"text": "قال مسؤول في بيروت اليوم {n}", "annotator": "alice", '
            f'"spans": [{{"start": 12, "end": 17, "label": "LOC"}}]}}\n'
            for n in range(20)
        ),
        encoding="utf-8",
    )
    path = tmp_path / "export.sqlite"
    assert main(["import", str(source), "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def test_sigterm_during_export_removes_the_part_file(tmp_path: Path, db: Path) -> None:
    out = tmp_path / "out" / "export.jsonl"
    out.parent.mkdir()
    marker = tmp_path / "writing"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), "export", str(out), "--db", str(db)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not marker.exists():
            assert child.poll() is None, child.communicate()[1]
            assert time.monotonic() < deadline, "the export never started writing"
            time.sleep(0.02)
        # The export is under way: its hidden temporary file sits beside the output.
        (part,) = out.parent.iterdir()
        assert part.name.startswith(f".{out.name}.") and part.name.endswith(".part")
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == EXIT_TERMINATED
    assert err == LINE
    assert list(out.parent.iterdir()) == []


@pytest.fixture
def fallback() -> Iterator[list[int]]:
    """A harmless SIGTERM handler of the test's own, recording; the old one back after.

    Were main() to install none, a SIGTERM would otherwise kill the whole test run
    instead of failing one test.
    """
    caught: list[int] = []

    def record(signum: int, _frame: FrameType | None) -> None:
        caught.append(signum)

    before = signal.signal(signal.SIGTERM, record)
    try:
        yield caught
    finally:
        signal.signal(signal.SIGTERM, before)


def test_handler_is_installed_only_while_a_command_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fallback: list[int]
) -> None:
    outside = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    def dispatch(_args: argparse.Namespace) -> int:
        seen.append(signal.getsignal(signal.SIGTERM))
        os.kill(os.getpid(), signal.SIGTERM)
        # The handler raises at the next bytecode; reaching the end means it did not.
        for _ in range(1000):
            time.sleep(0.001)
        return 0

    monkeypatch.setattr(commands, "dispatch", dispatch)
    assert main(["stats"]) == EXIT_TERMINATED
    assert capsys.readouterr().err == LINE
    assert fallback == []
    assert seen and seen[0] is not outside
    assert signal.getsignal(signal.SIGTERM) is outside


def test_the_desktop_app_keeps_its_handler(
    monkeypatch: pytest.MonkeyPatch, fallback: list[int]
) -> None:
    # Inside Qt's event loop a Python handler would run late, so the GUI path sets none.
    outside = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    def dispatch(_args: argparse.Namespace) -> int:
        seen.append(signal.getsignal(signal.SIGTERM))
        return 0

    monkeypatch.setattr(commands, "dispatch", dispatch)
    assert main([]) == 0
    assert seen == [outside]


# The program as its console script runs it (main() without arguments), and then a slow
# interpreter shutdown (garbage collection of a large command's objects), made certain here.
AFTER = """
import sys, time
from pathlib import Path
from annotator.cli.main import main
marker = Path(sys.argv.pop(1))
status = main()
marker.touch()
time.sleep(1)
sys.exit(status)
"""


def test_ctrl_c_after_the_command_ended_prints_no_traceback(tmp_path: Path, db: Path) -> None:
    # Ctrl-C after 'suggest predict' had printed what it wrote landed in the interpreter's
    # shutdown: "Exception ignored in ... Traceback ... KeyboardInterrupt" on stderr.
    marker = tmp_path / "ended"
    child = subprocess.Popen(
        [sys.executable, "-c", AFTER, str(marker), "stats", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not marker.exists():
            assert child.poll() is None, child.communicate()[1]
            assert time.monotonic() < deadline, "the command never ended"
            time.sleep(0.02)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert "documents\t20" in out  # the command's work was done and said
    assert (child.returncode, err) == (0, "")
