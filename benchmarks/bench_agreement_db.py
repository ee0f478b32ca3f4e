#!/usr/bin/env python
"""End-to-end agreement benchmark (a script, not a test): issue 4's 10,000 x 3 in SQLite.

Builds the corpus of ``bench_agreement.py`` (real SaudiNewsNet texts, ~20 entity spans
per layer randomly perturbed per annotator, a quote in every fifth document, 1-3 topics)
into a fresh SQLite database with bulk inserts, then times the installed command
``annotator --db FILE agreement --json`` as a subprocess, so the figure includes start-up,
opening and checking the database, reading every layer page by page, tokenising every
text and every metric. Also times the in-process ``services.agreement.compute`` (no
start-up, no JSON) to show where the time goes. ``--repeat`` runs; the best is printed.

Usage: ``python benchmarks/bench_agreement_db.py [--documents 10000] [--annotators 3]
[--spans 20] [--seed 7] [--repeat 3] [--keep FILE [--reuse]]``. Wall and CPU seconds are
printed: on a shared machine CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_agreement import build  # noqa: E402

from annotator.services import agreement  # noqa: E402
from annotator.services.workspace import open_workspace  # noqa: E402
from annotator.storage import models as m  # noqa: E402

BATCH = 20_000


def fill(path: Path, args: argparse.Namespace) -> tuple[int, int]:
    """Write the synthetic corpus into a new database; return (layers, spans)."""
    documents = build(args)
    db = open_workspace(str(path))
    now = datetime.now(UTC)
    try:
        with db.write() as session:
            labels = {name: lid for name, lid in session.execute(select(m.Label.name, m.Label.id))}
            names = sorted({name for d in documents for name in d.layers})
            people = {}
            for name in names:
                people[name] = session.scalar(
                    insert(m.Annotator)
                    .values(name=name, role="annotator", created_at=now)
                    .returning(m.Annotator.id)
                )
            session.execute(
                insert(m.Document),
                [
                    {
                        "id": i + 1,
                        "title": f"doc {i + 1}",
                        "text": d.text,
                        "text_sha256": f"{i + 1:064d}",
                        "source": "bench",
                        "meta": {},
                        "search_text": "",
                        "created_at": now,
                    }
                    for i, d in enumerate(documents)
                ],
            )
            layer_rows, span_rows, topic_rows = [], [], []
            layer_id = 0
            for i, d in enumerate(documents):
                for name, layer in d.layers.items():
                    layer_id += 1
                    layer_rows.append(
                        {
                            "id": layer_id,
                            "document_id": i + 1,
                            "annotator_id": people[name],
                            "status": "done",
                            "version": 1,
                            "updated_at": now,
                        }
                    )
                    for start, end, label in set(layer.spans):
                        span_rows.append(
                            {
                                "layer_id": layer_id,
                                "start": start,
                                "end": end,
                                "label_id": labels[label],
                                "created_at": now,
                            }
                        )
                    topic_rows += [
                        {"layer_id": layer_id, "label_id": labels[t]} for t in layer.topics
                    ]
            for model, rows in (
                (m.Layer, layer_rows),
                (m.Span, span_rows),
                (m.LayerTopic, topic_rows),
            ):
                for start in range(0, len(rows), BATCH):
                    session.execute(insert(model), rows[start : start + BATCH])
        return len(layer_rows), len(span_rows)
    finally:
        db.close()


def _children_cpu() -> float:
    """CPU seconds (user + system) of finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_cli(path: Path) -> tuple[float, float, dict[str, object]]:
    """Wall and CPU seconds of ``annotator agreement --json`` as a subprocess, its output."""
    exe = shutil.which("annotator", path=str(Path(sys.executable).parent)) or "annotator"
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [exe, "--db", str(path), "agreement", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, _children_cpu() - cpu, json.loads(done.stdout)


def time_service(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``services.agreement.compute`` in this process."""
    db = open_workspace(str(path))
    try:
        start, cpu = time.perf_counter(), time.process_time()
        agreement.compute(db)
        return time.perf_counter() - start, time.process_time() - cpu
    finally:
        db.close()


def main() -> None:
    """Build the database (or reuse ``--keep``), time the command and the service."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--spans", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing --keep file")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-agreement-"))
    path = args.keep or folder / "agreement.sqlite"
    try:
        if path.exists() and args.reuse:
            print(f"reusing {path} ({path.stat().st_size / 1e6:.0f} MB)")
        else:
            path.unlink(missing_ok=True)
            start = time.perf_counter()
            layers, spans = fill(path, args)
            print(
                f"{args.documents} documents x {args.annotators} annotators: {layers} layers, "
                f"{spans} spans, built in {time.perf_counter() - start:.1f} s "
                f"({path.stat().st_size / 1e6:.0f} MB)"
            )
        best = {"cli": (math.inf, math.inf), "service": (math.inf, math.inf)}
        report: dict[str, object] = {}
        for _ in range(args.repeat):
            wall, cpu, report = time_cli(path)
            best["cli"] = (min(best["cli"][0], wall), min(best["cli"][1], cpu))
            wall, cpu = time_service(path)
            best["service"] = (min(best["service"][0], wall), min(best["service"][1], cpu))
        rows = report["rows"]
        assert isinstance(rows, list)
        for row in (r for r in rows if r["label"] is None):
            print(
                f"  {row['a']} vs {row['b']}: exact F1 {row['exact_f1']:.3f}, "
                f"overlap F1 {row['overlap_f1']:.3f}, token kappa {row['kappa']:.3f}"
            )
        for name, label in (
            ("cli", "annotator agreement --json"),
            ("service", "services.agreement.compute"),
        ):
            wall, cpu = best[name]
            print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU (best of {args.repeat})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
