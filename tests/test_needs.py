"""Issue 15 item 13: a plain clone passes by skipping what the machine lacks; CI may not skip."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli.main import FORMAT_TITLES, build_parser
from annotator.core.formats.registry import EXPORT_FORMATS, IMPORT_FORMATS
from tests import needs

ROOT = Path(__file__).resolve().parent.parent


def test_missing_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(needs.REQUIRE_VAR, raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install xvfb"):
        needs.missing("needs Xvfb: apt-get install xvfb")


@pytest.mark.parametrize("value", ["1", "yes"])
def test_missing_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(needs.REQUIRE_VAR, value)
    with pytest.raises(pytest.fail.Exception, match="CI must run every test"):
        needs.missing("needs Xvfb: apt-get install xvfb")


def test_shared_names_what_to_put_where(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(needs.REQUIRE_VAR, raising=False)
    monkeypatch.setattr(needs, "SHARED", tmp_path / "shared")
    with pytest.raises(pytest.skip.Exception, match=r"shared.*data.*AQMAR"):
        needs.shared("data")
    (tmp_path / "shared" / "data").mkdir(parents=True)
    assert needs.shared("data") == tmp_path / "shared" / "data"


def test_ci_requires_every_test_to_run() -> None:
    """.ci/run sets the variable before it runs the README's test command."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    export = script.index(f"export {needs.REQUIRE_VAR}=1")
    assert export < script.index("bash -euo pipefail /tmp/ci-test-command")


def test_no_test_reads_shared_or_skips_on_its_own() -> None:
    """Every test that needs the machine goes through tests/needs.py (so CI can forbid skips)."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name in ("needs.py", "test_needs.py"):
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r'/ *"shared"|skipif\(\s*shutil\.which', source):
            offenders.append(path.name)
    assert offenders == []


def test_a_plain_checkout_skips_for_want_of_shared_data(tmp_path: Path) -> None:
    """Run a shared-data test where there is no ../shared: it skips, naming the data."""
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    test = "tests/core/formats/test_conll.py::test_aqmar_label_line"
    shared = needs.SHARED
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", test]
    if shared.exists():
        pytest.skip("../shared is present here; the clean-clone run is in the README notes")
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout and "shared data" in result.stdout
    env[needs.REQUIRE_VAR] = "1"
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "CI must run every test" in result.stdout


@pytest.mark.parametrize(
    ("command", "formats"), [("import", IMPORT_FORMATS), ("export", EXPORT_FORMATS)]
)
def test_help_names_every_format(command: str, formats: tuple[str, ...]) -> None:
    parser = build_parser()
    top = parser.format_help()
    sub = next(
        action.choices[command]
        for action in parser._subparsers._group_actions  # type: ignore[union-attr]
        if command in getattr(action, "choices", {})
    )
    own = " ".join(sub.format_help().split())
    listed = " ".join(top.split())
    for name in formats:
        if name == "auto":
            continue
        assert name in FORMAT_TITLES, f"--help has no words for the {name} format"
        assert FORMAT_TITLES[name] in own and FORMAT_TITLES[name] in listed
    assert "as JSONL" not in listed and "or doccano files" not in listed
