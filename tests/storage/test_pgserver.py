"""The PostgreSQL test fixture finds the server binaries, or skips with a clear reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pgserver


def fake_bin(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("initdb", "pg_ctl"):
        tool = folder / name
        tool.write_text("#!/bin/sh\n")
        tool.chmod(0o755)
    return folder


def test_binaries_on_path_come_first(tmp_path: Path) -> None:
    on_path = fake_bin(tmp_path / "local" / "bin")
    fake_bin(tmp_path / "debian" / "16" / "bin")
    found = pgserver.find_bin_dir(str(on_path), tmp_path / "debian")
    assert found == on_path.resolve()


def test_newest_debian_version_is_taken(tmp_path: Path) -> None:
    for version in ("9", "13", "15"):
        fake_bin(tmp_path / "debian" / version / "bin")
    (tmp_path / "debian" / "17" / "bin").mkdir(parents=True)  # an incomplete install
    found = pgserver.find_bin_dir(str(tmp_path / "empty"), tmp_path / "debian")
    assert found == tmp_path / "debian" / "15" / "bin"


def test_no_binaries_means_a_clear_skip_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pgserver.find_bin_dir(str(tmp_path), tmp_path / "nothing") is None
    monkeypatch.setattr(pgserver, "find_bin_dir", lambda: None)
    with pytest.raises(pgserver.PgUnavailable) as info:
        pgserver.start_server()
    assert "no PostgreSQL server binaries" in str(info.value)
    assert "postgresql package" in str(info.value)
