#!/usr/bin/env python
"""Active-learning benchmark: the uncertainty order at N articles stays off the hot path.

Builds N real SaudiNewsNet articles (``bench_import_export.build_corpus``, five spans each
in a layer not done) plus the 28 AQMAR articles as done layers, trains the entity model on
AQMAR (the service), then prints, each against document order where there is one:

* ``score``: articles scored per second by ``active_learning.rank`` (CPU and wall), and
  the projected time to score all N;
* ``order load``: ``document_ids`` of the uncertainty order (what the list loads in the
  background) with part of the list scored, and in document order;
* ``unscored``: one lookup of 500 unscored documents (the ranker's scan);
* ``window``: the window built, shown and painted with the uncertainty order remembered,
  against document order (target: the same, < 1 s at 10,000);
* ``next``: ``step_document(1)`` p95 in both orders while the ranker runs (< 30 ms).

Usage: ``python benchmarks/bench_active_learning.py [--articles 10000] [--score 1000]
[--work DIR]``. Say how busy the machine was when you quote the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import bench_import_export as bie  # noqa: E402

ANNOTATOR = "bench-reader"
AQMAR = REPO.parent / "shared" / "data" / "aqmar"


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def build(work: Path, articles: int) -> str:
    from annotator.services import importer, suggestions
    from annotator.services.workspace import open_workspace
    from tests.services.test_real_data import aqmar_record

    url = str(work / "annotator.sqlite")
    corpus = work / "corpus.jsonl"
    bie.build_corpus(corpus, articles, 5)  # 5 spans each, in layers not done
    labelled = work / "aqmar.jsonl"
    with labelled.open("w", encoding="utf-8") as out:
        for path in sorted(AQMAR.glob("*.txt")):
            record, _spans = aqmar_record(path)
            record.update(annotator="huda", status="done")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    db = open_workspace(url)
    t = time.perf_counter()
    importer.import_paths(db, [str(corpus)])
    importer.import_paths(db, [str(labelled)], add_labels=True)
    print(f"built {articles:,} + 28 articles in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    t = time.perf_counter()
    suggestions.train(db, "entity", folds=0)
    print(f"trained the entity model in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    db.close()
    return url


def measure_services(url: str, score: int) -> None:
    from annotator.services import active_learning, documents
    from annotator.services.documents import DocumentFilter
    from annotator.services.workspace import open_workspace

    db = open_workspace(url)
    flt = DocumentFilter(annotator=ANNOTATOR)
    done = [0]

    def seen(scored: int, _total: int) -> None:
        done[0] = scored

    cpu, wall = time.process_time(), time.perf_counter()
    result = active_learning.rank(db, flt, progress_to=seen, stop=lambda: done[0] >= score)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    rate = result.scored_now / wall
    print(
        f"score: {result.scored_now:,} articles in {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({1000 * cpu / result.scored_now:.1f} ms CPU an article); all {result.total:,}: "
        f"~{result.total / rate / 60:.0f} min wall at this rate"
    )
    ordered = active_learning.ordered(flt, "entity")
    for name, f in (("uncertainty", ordered), ("document order", flt)):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            ids = documents.document_ids(db, f)
            times.append(time.perf_counter() - t)
        print(f"order load ({name}): {min(times) * 1000:.0f} ms for {len(ids):,} ids")
    times = []
    for _ in range(3):
        t = time.perf_counter()
        active_learning.unscored(db, ordered, 500)
        times.append(time.perf_counter() - t)
    print(f"unscored: 500 ids in {min(times) * 1000:.0f} ms")
    db.close()


def measure_window(url: str, work: Path, order: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow, database_key
    from annotator.gui.settings import Preferences
    from annotator.services.workspace import open_workspace

    settings = work / f"gui-settings-{order or 'id'}"
    shutil.rmtree(settings, ignore_errors=True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    app = application()
    db = open_workspace(url)
    prefs = Preferences()
    prefs.set_list_order(database_key(db), ANNOTATOR, order)
    t0 = time.perf_counter()
    window = MainWindow(db, ANNOTATOR, prefs)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    window.view.viewport().repaint()
    opened = time.perf_counter() - t0
    deadline = time.perf_counter() + 120
    while window.doc_list.model._ids is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.open_row(0)
    app.processEvents()
    nexts = []
    for _ in range(60):
        t = time.perf_counter()
        window.step_document(1)
        app.processEvents()
        nexts.append(time.perf_counter() - t)
    ranking = window.doc_list.ranker.running
    window.close()
    app.processEvents()
    db.close()
    name = "uncertainty" if order else "document order"
    print(
        f"window ({name}): {opened:.2f} s; next p50 {statistics.median(nexts) * 1000:.0f} ms, "
        f"p95 {p95(nexts) * 1000:.0f} ms" + (" (ranker running)" if ranking else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--score", type=int, default=1_000, help="articles to score (timed)")
    parser.add_argument("--work", type=Path, help="folder to build in (default: a temporary)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "window":
        measure_window(args.url, args.work, "")
        measure_window(args.url, args.work, "uncertainty")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-al-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    url = build(work, args.articles)
    measure_services(url, args.score)
    import subprocess

    subprocess.run(
        [sys.executable, __file__, "--phase", "window", "--url", url, "--work", str(work)],
        check=True,
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak RSS (build and scoring): {peak:.0f} MB; load average at end: "
        f"{os.getloadavg()[0]:.1f}"
    )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
