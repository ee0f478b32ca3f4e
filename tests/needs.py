"""What a test needs from the machine beyond the Python packages: skip without it, but not in CI.

A plain clone (no ``../shared`` beside it, no Arabic or emoji face, no PostgreSQL or Xvfb)
must pass the README's test command: such tests skip, with a reason naming what to
install. ``.ci/run`` installs all of it and sets ``ANNOTATOR_CI_REQUIRE=1``, under which
the same lack fails the test instead, so CI never passes by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE_VAR = "ANNOTATOR_CI_REQUIRE"
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
"""The read-only third-party data, beside the checkout (``../shared``)."""
SHARED_HINT = (
    f"put the project's shared data (samples/, data/ with AQMAR and SaudiNewsNet) in {SHARED}"
)


def required() -> bool:
    """Whether missing machine resources fail tests (``.ci/run``) instead of skipping them."""
    return os.environ.get(REQUIRE_VAR, "") not in ("", "0")


def missing(reason: str) -> NoReturn:
    """Skip (``reason`` names what to install), or fail under ``ANNOTATOR_CI_REQUIRE``."""
    if required():
        pytest.fail(f"{reason} ({REQUIRE_VAR} is set: CI must run every test)", pytrace=False)
    pytest.skip(reason)


def shared(*parts: str) -> Path:
    """A path inside ``../shared``, or a skip naming what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(f"needs {path}: {SHARED_HINT}")
    return path


def font_family(family: str, package: str) -> None:
    """Skip unless the system has the font ``family`` (Debian package ``package``)."""
    from PySide6.QtGui import QFontDatabase

    if family not in QFontDatabase.families():
        missing(f"needs the font {family!r}: apt-get install {package}")
