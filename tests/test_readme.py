"""The README's two opening commands, and the test command that .ci/run runs from it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(text: str) -> list[str]:
    """The ``sh`` code blocks of a Markdown text, in order."""
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_readme_opens_with_install_and_launch_then_the_test_command() -> None:
    """First the app on the default database, then the whole suite; one line each."""
    launch, test = _blocks(README)[:2]
    assert "\n" not in launch and "\n" not in test
    assert launch.endswith(".venv/bin/annotator")
    for step in ("ruff check .", "ruff format --check .", "mypy", "pytest"):
        assert step in test


def test_ci_runs_exactly_the_readme_test_command(tmp_path: Path) -> None:
    """.ci/run's own extraction (its sed and grep) gives the README's second command."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (extract,) = [line for line in script.splitlines() if line.startswith("sed -n")]
    extract = extract.replace("/tmp/ci-test-command", str(tmp_path / "command"))
    subprocess.run(["bash", "-c", extract], cwd=ROOT, check=True)
    assert (tmp_path / "command").read_text(encoding="utf-8").strip() == _blocks(README)[1]
