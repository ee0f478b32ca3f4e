"""Error lines on stderr follow --display like normal output, judged by stderr being a TTY."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.core.arabic import contains_presentation_forms, for_terminal

NAME = "شخص مجهول"
LOGICAL = f"annotator: error: no label named '{NAME}'\n"


class Terminal(io.StringIO):
    """A captured stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Pretend to be a TTY."""
        return True


class Pipe(io.StringIO):
    """A captured stream that says it is no terminal (a file or a pipe)."""

    def isatty(self) -> bool:
        """Pretend to be a pipe."""
        return False


def fail(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, stderr: io.StringIO, *extra: str
) -> tuple[int, str]:
    """Run a command that fails with an Arabic label name in its error; status and stderr."""
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.setattr("sys.stdout", Terminal())
    code = main(["labels", "remove", NAME, "--db", str(tmp_path / "e.sqlite"), *extra])
    return code, stderr.getvalue()


def test_error_on_a_terminal_is_shaped_and_in_display_order(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, err = fail(monkeypatch, tmp_path, Terminal())
    assert code == 2
    assert err == for_terminal(LOGICAL.rstrip("\n")) + "\n"
    assert contains_presentation_forms(err)
    assert len(err.splitlines()) == 1


def test_error_to_a_pipe_stays_logical_even_when_stdout_is_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # fail() makes stdout a terminal: the decision must be stderr's own.
    code, err = fail(monkeypatch, tmp_path, Pipe())
    assert (code, err) == (2, LOGICAL)
    assert not contains_presentation_forms(err)


@pytest.mark.parametrize(
    ("stream", "flag", "visual"),
    [
        (Terminal, "logical", False),
        (Pipe, "visual", True),
        (Terminal, "auto", True),
        (Pipe, "auto", False),
    ],
)
def test_display_flag_decides_for_errors_too(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    stream: type[io.StringIO],
    flag: str,
    visual: bool,
) -> None:
    code, err = fail(monkeypatch, tmp_path, stream(), "--display", flag)
    assert code == 2
    assert err == (for_terminal(LOGICAL.rstrip("\n")) + "\n" if visual else LOGICAL)


def test_piped_error_is_never_reshaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["labels", "rename", NAME, "X", "--db", str(tmp_path / "e.sqlite")])
    _, err = capsys.readouterr()
    assert (code, err) == (2, f"annotator: error: no label named '{NAME}'\n")
