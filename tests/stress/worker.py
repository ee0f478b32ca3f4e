"""Client processes for the stress and crash tests, forked from a zygote.

Run as ``python tests/stress/worker.py``: the zygote imports annotator once, then reads one
JSON job per line on stdin, forks a child per job and answers its pid on stdout (forking
from a process with no threads is safe, and a child starts in milliseconds). Children are
reaped by the zygote; a child reports through its files only:

- ``annotate``: adds spans, one transaction each; after each one returns (committed) it
  appends the action to its log, flushed and fsynced: the log lists acknowledged actions.
  A restarted child resumes after the last logged action.
- ``relabel``: two of these, as the same annotator, relabel the same spans with the
  layer version they last read; each success logs the version it was based on, each
  ConflictError is counted.
- ``import``: imports a file (through the ``annotator import`` command line, in-process)
  and logs ``done`` once it returned.
- ``open``: opens a new database that other clients create at the same moment.

Each child writes ``{"ok": ..., "error": ...}`` to its result file when it ends normally.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from annotator.cli.main import main as cli_main
from annotator.core.errors import ConflictError
from annotator.services import labels
from annotator.services.annotations import AnnotationService
from annotator.services.workspace import open_workspace
from annotator.storage import retry

LABELS = ("PER", "ORG", "LOC")


def action(index: int, docs: list[int], length: int) -> tuple[int, int, int, str]:
    """The index-th span add of a client: (document, start, end, label), all distinct."""
    doc = docs[index % len(docs)]
    position = index // len(docs)
    start = position % (length - 4)
    end = start + 1 + (index % 3)
    return doc, start, end, LABELS[(index // (len(docs) * (length - 4))) % 3]


def append_synced(log: Path, line: str) -> None:
    """Append one line and make it durable before the caller goes on."""
    with log.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def logged_lines(log: Path) -> list[str]:
    """Complete lines of a log (a line cut by a kill is not acknowledged)."""
    if not log.exists():
        return []
    text = log.read_text(encoding="utf-8")
    return text.split("\n")[:-1]


def drop_cut_line(log: Path) -> None:
    """Cut a line left half-written by a killed predecessor, so appends start clean."""
    if not log.exists():
        return
    data = log.read_bytes()
    keep = data.rfind(b"\n") + 1
    if keep != len(data):
        with log.open("r+b") as handle:
            handle.truncate(keep)
            os.fsync(handle.fileno())


def wait_for(go: str | None) -> None:
    """Wait until the start file exists, so racing clients start at the same moment."""
    while go and not Path(go).exists():
        time.sleep(0.002)


def annotate(job: dict[str, Any]) -> dict[str, Any]:
    """Add spans until ``count`` are acknowledged (resuming after a restart)."""
    log = Path(job["log"])
    drop_cut_line(log)
    done = len(logged_lines(log))
    db = open_workspace(job["db"])
    try:
        service = AnnotationService(db, job["annotator"])
        wait_for(job.get("go"))
        for index in range(done, job["count"]):
            doc, start, end, label = action(index, job["docs"], job["length"])
            service.add_span(doc, start, end, label)
            append_synced(log, json.dumps([doc, start, end, label]))
    finally:
        db.close()
    return {"acknowledged": job["count"]}


def relabel(job: dict[str, Any]) -> dict[str, Any]:
    """Relabel the layer's spans in turn, passing the version last read."""
    log = Path(job["log"])
    db = open_workspace(job["db"])
    conflicts = 0
    try:
        service = AnnotationService(db, job["annotator"])
        wait_for(job.get("go"))
        state = service.layer_state(job["doc"])
        for i in range(job["count"]):
            span = state.spans[i % len(state.spans)]
            label = LABELS[(i + job["offset"]) % 3]
            if label == span.label:
                label = LABELS[(i + job["offset"] + 1) % 3]
            try:
                change = service.relabel_span(
                    job["doc"], span.id, label, expected_version=state.version
                )
                append_synced(log, json.dumps([state.version, change.version]))
            except ConflictError:
                conflicts += 1
            state = service.layer_state(job["doc"])
    finally:
        db.close()
    return {"conflicts": conflicts}


def import_file(job: dict[str, Any]) -> dict[str, Any]:
    """``annotator import`` in-process; log ``done`` after it returned 0."""
    wait_for(job.get("go"))
    argv = ["import", *job["paths"], "--db", job["db"], "--annotator", job["annotator"]]
    if job.get("add_labels"):
        argv.append("--add-labels")
    status = cli_main(argv)
    if status != 0:
        raise RuntimeError(f"annotator import exited with {status}")
    append_synced(Path(job["log"]), "done")
    return {"status": status}


def open_new(job: dict[str, Any]) -> dict[str, Any]:
    """Open (create, migrate, seed) a database that other clients open at the same moment."""
    wait_for(job.get("go"))
    db = open_workspace(job["db"])
    try:
        return {"labels": len(labels.list_labels(db))}
    finally:
        db.close()


ROLES = {"annotate": annotate, "relabel": relabel, "import": import_file, "open": open_new}


def run_child(job: dict[str, Any]) -> None:
    """Run one job in a forked child and leave without running the zygote's cleanup."""
    output = os.open(job["result"] + ".out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(output, 1)  # the zygote's stdout carries pids only
    os.dup2(output, 2)
    code = 0
    try:
        outcome: dict[str, Any] = {"ok": ROLES[job["role"]](job), "error": None}
        outcome["reruns"] = dict(retry.reruns)
    except BaseException:
        outcome = {"ok": None, "error": traceback.format_exc()}
        code = 1
    try:
        partial = Path(job["result"] + ".partial")
        partial.write_text(json.dumps(outcome), encoding="utf-8")
        partial.replace(job["result"])  # the result appears whole or not at all
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def zygote() -> None:
    """Fork a child per job read on stdin; answer each with the child's pid."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    print("ready", flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            sys.stdin.close()
            run_child(job)
        print(pid, flush=True)


if __name__ == "__main__":
    zygote()
