"""Stress and crash tests: client processes forked from a zygote (tests/stress/worker.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from annotator.services import importer
from annotator.services.workspace import open_workspace
from annotator.storage import models as m

WORKER = Path(__file__).with_name("worker.py")

LENGTH = 400
"""Characters of every seeded article (the annotating clients' span positions use it)."""


def article(i: int, tag: str) -> str:
    """A distinct Arabic article of exactly LENGTH characters."""
    head = f"{tag} {i}: قال المتحدث باسم الحكومة إن "
    return (head + "الاقتصاد ينمو والصادرات ترتفع " * 20)[:LENGTH]


def seed(url: str, folder: Path, count: int) -> list[int]:
    """Import ``count`` plain articles; return their ids."""
    path = folder / "seed.jsonl"
    with path.open("wb") as out:
        for i in range(count):
            out.write(
                orjson.dumps({"text": article(i, "seed"), "external_id": f"seed-{i}"}) + b"\n"
            )
    db = open_workspace(url)
    try:
        importer.import_paths(db, [str(path)])
        with db.read() as s:
            return list(s.scalars(select(m.Document.id).order_by(m.Document.id)))
    finally:
        db.close()


class Zygote:
    """A process that has imported annotator and forks a client per job in milliseconds."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"
        self.children: list[int] = []

    def spawn(self, job: dict[str, Any]) -> int:
        """Start a client; returns its pid."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline())
        self.children.append(pid)
        return pid

    def close(self) -> None:
        """Kill clients still running and end the zygote."""
        for pid in self.children:
            kill(pid)
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def kill(pid: int) -> bool:
    """SIGKILL a client; False when it had already ended."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def alive(pid: int) -> bool:
    """Whether a client is still running (the zygote reaps ended ones at once)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_gone(pid: int, timeout: float = 30) -> None:
    """Wait until a killed or finishing client is gone."""
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() > deadline:
            raise TimeoutError(f"client {pid} still running")
        time.sleep(0.005)


def results(paths: list[Path], timeout: float) -> list[dict[str, Any]]:
    """Wait for every client's result file; fail with a client's error."""
    deadline = time.monotonic() + timeout
    out = []
    for path in paths:
        while not path.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no result from {path.name} after {timeout} s")
            time.sleep(0.01)
        outcome = json.loads(path.read_text(encoding="utf-8"))
        assert outcome["error"] is None, f"{path.name}:\n{outcome['error']}"
        output = Path(f"{path}.out").read_text(encoding="utf-8")
        assert "locked" not in output and "Traceback" not in output, output
        out.append(outcome["ok"] | {"reruns": outcome.get("reruns", {})})
    return out


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    """The module's client factory."""
    z = Zygote()
    try:
        yield z
    finally:
        z.close()
