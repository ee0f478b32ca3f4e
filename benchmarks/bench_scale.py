#!/usr/bin/env python
"""Scale benchmark: 10,000 / 100,000 / 1,000,000 articles, each figure against its target.

For each size N (``--sizes``, default ``10k,100k``; ``1m`` on request) it builds a JSONL
corpus of N real SaudiNewsNet articles (``bench_import_export.build_corpus``: cycled, each
copy made unique by an appended line, ``--spans-per-article`` spans each, every tenth with
a quote and its speaker), then measures, each phase in its own fresh Python process:

* ``import``: ``importer.import_paths`` into a fresh SQLite database, with a progress line;
  per article against 3x the raw floor per article (``bench_import_export``'s stdlib
  sqlite3 floor, measured once on the smallest corpus): no superlinear growth allowed.
  On PostgreSQL against a PostgreSQL raw floor of its own (``pgfloor``: plain psycopg
  ``executemany`` of the same documents and spans in one transaction, on the same server,
  measured once on the smallest corpus), the SQLite ratio printed beside for comparison;
* ``index share``: the time spent in ``storage.fulltext.add`` (folding, the FTS5 inserts
  of the body index and, on SQLite, the title index)
  during that import, as a share of the import (< 30%); beside it the same in process CPU
  time, an upper bound counting the whole commit as index time (FTS5 writes its last
  pending terms there), and the import against the same import of the same corpus
  without the index (``import_bare``: ``add`` doing nothing, into a database of its own,
  deleted after; it counts all the index adds, the pages written at the commit and the
  page cache taken included, but as the difference of two runs it is as noisy as they
  are);
* ``window``: MainWindow built, shown and painted on the database (< 1 s);
  ``next`` (``step_document(1)``, p95 < 30 ms) and ``jump`` (``open_row`` of a random row,
  p95 < 50 ms), each until its events are processed (the article laid out and painted),
  in wall time and, beside, in process CPU time;
* ``search``: ``documents.document_ids`` of a text search (all matching ids, what the list
  loads) for 20 words of varied frequency and 20 two-word phrases taken from the texts,
  p95 < 150 ms each; the same words and phrases with their proclitics ignored (the
  search's option), and the "titles and texts" scope, are printed beside;
* ``export``: ``exporter.export`` of every layer (native JSONL), peak RSS < 300 MB;
* ``stats``: ``annotator stats`` as a command, wall time < 2 s.

Usage: ``python benchmarks/bench_scale.py [--sizes 10k,100k,1m] [--spans-per-article 5]
[--work DIR] [--keep] [--postgres]``; ``--postgres`` runs the same phases on a throwaway
PostgreSQL cluster (``tests/pgserver.py``; both raw floors printed, PostgreSQL's the base
there). Run it on an
otherwise idle machine if you can; say how busy it was when you quote the figures.

Last printed (issue 17 speed work, 2 shared cores; README has every figure): SQLite 10k /
100k (load 3.3) / 1M (load 1.4): import 372 / 315 / 412 us an article (5.7x / 4.8x / 6.2x
the floor), index share 36.7 / 38.8 / 35.0% (target < 30% missed), window 1.02 / 0.98 /
1.76 s, next p95 35 / 29 / 141 ms, jump p95 36 / 40 / 37 ms (CPU 25 / 27 / 37), word
search p95 12 / 5 / 51 ms, phrase p95 3 / 4 / 58 ms, export 64 MB, stats 1.2 / 0.9 / 2.4 s.
PostgreSQL 10k / 100k: import 2.45 / 2.38 ms an article, phrase p95 24 / 119 ms (was 252
at 10k), word 14 / 53 ms, jump p95 99 / 418 ms (missed).
Then (i17-1m, window and stats phases only, same databases, load 2.1-2.4) 10k / 100k / 1M:
window 0.4 / 0.3 / 0.3-0.5 s, next p95 25-32 / 19-22 / 30-69 ms (CPU 24-27 / 15-19 / 24-25),
jump p95 38-43 / 23-37 / 25-32 ms, stats 1.0-1.2 / 1.2 / 1.2 s (README).
PostgreSQL 10k / 100k after the importer's ANALYZE (i17-pg, load 0.6-1.0): window 0.50 /
0.54 s (was 1.85 / 1.91), next p95 31 / 36 ms, jump p95 48 / 61 ms (CPU 41 / 47; was 99 / 418).
PostgreSQL after an article opens in one round trip (i17-pg2; it took 11), window phase A/B
on one 100k database, main then this code, load 5-8: next p95 43-61 -> 37-57 ms (CPU p50
16.6-18.4 -> 12.4-13.7), jump p95 70-90 -> 33-79 ms (CPU p50 23.5-26.8 -> 18.7-22.0). Whole
runs 10k / 100k after it, load 1.4-2.3: window 0.35 / 0.36 s, next p95 16.2 / 14.3 ms,
jump p95 25.0 / 23.8 ms (CPU p95 15.2 / 13.2, 21.9 / 19.4), word 2.9 / 11.4, phrase 5.5 /
46.1 ms, export 73 MB, stats 0.96 / 0.97 s: every target met but the import ratio. At load
7-8 the same code: next p95 39.7 / 65.6, jump 63.1 / 120.3 ms (README has every run).
Then (i17-import: the fold of the usual article 37 -> 8 us through a charmap codec,
documents as plain rows) 10k / 100k at load 1.0: import 186 / 216 us an article (3.85x /
4.47x a 48 us floor), index share 26.8 / 30.3% (CPU 27.7 / 31.0%), CPU an article fold /
FTS5 insert / rest 9 / 41 / 130 and 9 / 55 / 144 us, window 0.27 s, next p95 15 / 16 ms,
jump p95 22 / 23 ms, word 1.4 / 4.9 ms, phrase 0.8 / 4.2 ms, stats 0.8 s; at load 7-9:
549-673 / 487-641 us (5.0-5.2x / 4.6-4.8x a 105-134 us floor), share 31-34%. 1M (same
code, load 0.4 -> 1.2): import 285 us (5.05x a 56 us floor), share 28.8% (CPU 29.1%), fold /
FTS5 / rest 10 / 73 / 201 us, window 0.23 s, next / jump p95 18 / 24 ms, word / phrase 38 /
43 ms, export 64 MB (32 s), stats 1.3 s, 5.6 GB: every figure met but the import's 3x.
PostgreSQL 1M (b072ddb, load 0.8-1.1 at start and end): import 1.75 ms an article (32x),
window 0.51 s, next / jump p95 15.1 / 23.9 ms, word p95 128 ms, phrase p95 497 ms (missed:
positions rechecked on up to 587,240 candidates), "titles and texts" word 7.3 s, export
73 MB, stats 1.59 s.
Then (i17-import2: the import's SQLite page cache 256 MB, look-ups built once, and the raw
floor storing the columns the product stores, +9% floor CPU) 10k / 100k at load 3.9 -> 4.4:
import 306 / 421 us an article (3.33x / 4.58x a 92 us floor; CPU 194 / 232 us), share 30.5
/ 40.0% (CPU 31.7 / 39.2%), CPU fold / FTS5 / rest 9.9 / 51.6 / 132.6 and 10.3 / 80.6 /
141.1 us, import peak RSS 142 / 386 MB, window 0.64 / 0.45 s, next p95 30 / 33 ms, jump p95
42 / 49 ms, word 5.0 / 11.7 ms, phrase 5.2 / 9.3 ms, stats 1.1 / 1.8 s; at load 6.1: 613 /
693 us (4.58x / 5.18x a 134 us floor), CPU rest 156 / 164 us. 1M at load 5.0 -> 5.2: import
680 us (4.43x a 154 us floor; CPU 292 us: fold 10.5, FTS5 112.7, rest 168.5: the rest now
flat, FTS5 still growing), share 42.0%, peak RSS 452 MB, window 0.95 s, next / jump p95 73 /
80 ms (CPU 21 / 29), word 147 ms, phrase 94 ms, export 64 MB (56 s), stats 3.1 s (load).
PostgreSQL after migration 0029 (i17-pg3: vectors written by the importer, pair lexemes of
the 1,000 commonest words), 10k / 100k, load 3.3 -> 1.3: PostgreSQL raw floor 202 us an
article (SQLite's 55 us in the same run), import 1.35 / 1.42 ms (6.7x / 7.0x its floor:
missed), phrase p95 2.2 / 11.9 ms (was 5.5 / 46.1), word 3.1 / 14.4 ms, window 0.37 /
0.45 s, next / jump p95 15.7 / 27.3 and 17.1 / 32.8 ms, export 73 MB, stats 0.87 / 0.93 s.
Session 9 (each text encoded once on import; load 0.7-0.9 / 0.9 -> 1.9): SQLite 10k / 1M
import 190 / 260 us (3.44x a 55 us floor / 4.80x a 54 us floor), share 30.8 / 38.2%,
against the import without the index 38.0 / 36.3%, window 0.28 / 0.30 s, next p95 13.8 /
30.9 ms (CPU 13.6 / 19.2), jump p95 20.1 / 38.8 ms, word 1.6 / 54 ms, phrase 0.9 / 87 ms,
a word with proclitics ignored 2.0 / 159 ms, export 65 MB, stats 0.76 / 1.61 s.
PostgreSQL 1M (load 0.5, 2-3 during the import): import 2.72 ms (12.1x a 224 us floor),
right after it word / phrase p95 150 / 1,255 ms, after VACUUM (ANALYZE) (80 s) 147 / 134
ms, window 0.79 s, next / jump p95 22.6 / 41.5 ms, export 74 MB, stats 1.90 s.
Then (i17-import3: texts bound as their UTF-8 bytes, SQLite ids given by the importer; -4.3%
instructions an article) 10k / 100k, three runs alternated with three of main at load
1.6-2.9: import 205-466 / 226-235 us an article against main's 204-226 / 253-359 (3.60-4.04x
/ 2.04-4.01x floors of 56-115 us; main 3.55-3.95x / 4.40-6.37x), CPU 196-290 / 208-229 us,
index share 32.1-35.6 / 39.8-40.6% (main 28.2-32.2 / 39.2-42.9%): both targets missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import bench_import_export as bie  # noqa: E402

TARGETS = {
    "import_ratio": 3.0,
    "index_share": 0.30,
    "window": 1.0,
    "next_p95": 0.030,
    "jump_p95": 0.050,
    "search_p95": 0.150,
    "export_rss_mb": 300.0,
    "stats": 2.0,
}
ANNOTATOR = "bench"
WORD = re.compile(r"[\u0621-\u064a]{4,}")


def parse_size(text: str) -> int:
    """``10k``, ``100k``, ``1m`` or a plain number."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def target(work: Path) -> str:
    """The database of a size: ``$BENCH_DB_URL`` (PostgreSQL run) or a SQLite file."""
    return os.environ.get("BENCH_DB_URL") or str(work / "annotator.sqlite")


def _load() -> str:
    """The machine's load averages, as ``uptime`` prints them."""
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


# -- phases (each in its own process) ----------------------------------------------------


def phase_import(work: Path, *, bare: bool = False) -> dict[str, Any]:
    """Import the corpus; time the import and, inside it, the body index (``fulltext.add``:
    the fold and the FTS5 insert). ``bare``: the same import with the index left out
    (``add`` does nothing), into ``bare.sqlite``, to measure what adding the index costs
    the import as a whole (deleted after)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from annotator.services.importer import ImportProgress, import_paths
    from annotator.services.workspace import open_workspace
    from annotator.storage import fulltext

    index_time = [0.0, 0.0]  # wall, process CPU
    fold_time = [0.0]  # process CPU of the fold (core.search.index_text), inside add
    real_add = fulltext.add
    real_fold = fulltext.index_text  # type: ignore[attr-defined]

    def timed_fold(*args: Any) -> str:
        c = time.process_time()
        try:
            return real_fold(*args)
        finally:
            fold_time[0] += time.process_time() - c

    def timed_add(*args: Any, **kwargs: Any) -> None:
        t, c = time.perf_counter(), time.process_time()
        try:
            if not bare:
                real_add(*args, **kwargs)
        finally:
            index_time[0] += time.perf_counter() - t
            index_time[1] += time.process_time() - c

    # FTS5 writes the terms still pending in memory at commit, outside ``add``: the commit
    # is timed (from the commit event, just before the DBAPI commit, to the import's end).
    commit_at: list[tuple[float, float]] = []

    def on_commit(_conn: Any) -> None:
        commit_at.append((time.perf_counter(), time.process_time()))

    event.listen(Engine, "commit", on_commit)

    real_vector = fulltext.pg_vector
    vector_time = [0.0]  # process CPU of the PostgreSQL vectors (folding included)

    def timed_vector(*args: Any, **kwargs: Any) -> str:
        c = time.process_time()
        try:
            return real_vector(*args, **kwargs)
        finally:
            vector_time[0] += time.process_time() - c

    fulltext.add = timed_add  # type: ignore[assignment]
    fulltext.index_text = timed_fold  # type: ignore[attr-defined,assignment]
    fulltext.pg_vector = timed_vector  # type: ignore[assignment]
    last = [0.0]

    def progress(p: ImportProgress) -> None:
        if p.bytes_total and time.perf_counter() - last[0] > 5:
            last[0] = time.perf_counter()
            share = p.bytes_done / p.bytes_total
            bar = "#" * int(share * 30)
            print(
                f"\r  import{' without the index' if bare else ''} [{bar:<30}] {share:5.1%} "
                f"{p.records:,} records",
                end="",
                file=sys.stderr,
                flush=True,
            )

    where = work / "bare.sqlite" if bare else Path(target(work))
    if not os.environ.get("BENCH_DB_URL"):
        for old in work.glob(where.name + "*"):
            old.unlink()
    db = open_workspace(str(where) if bare else target(work))
    t0, c0 = time.perf_counter(), time.process_time()
    commit_at.clear()
    summary = import_paths(db, [str(work / "corpus.jsonl")], progress=progress)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    end, end_cpu = time.perf_counter(), time.process_time()
    last_commit = commit_at[-1] if commit_at else (end, end_cpu)
    print(file=sys.stderr)
    db.close()
    if bare:
        for old in work.glob(where.name + "*"):
            old.unlink()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "index_seconds": index_time[0],
        "index_cpu_seconds": index_time[1],
        "fold_cpu_seconds": fold_time[0],
        "vector_cpu_seconds": vector_time[0],
        "commit_seconds": end - last_commit[0],
        "commit_cpu_seconds": end_cpu - last_commit[1],
        "documents": summary.documents_added,
        "spans": summary.spans_added,
        "rss_mb": bie._rss_mb(),
    }


def phase_import_bare(work: Path) -> dict[str, Any]:
    """The import without the body index (SQLite), to measure what the index adds."""
    return phase_import(work, bare=True)


def _pg_connect(work: Path, *, autocommit: bool = False) -> Any:
    """A plain psycopg connection to the benchmark's PostgreSQL database (``target``)."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(target(work))
    conninfo = {
        "dbname": url.database,
        "user": url.username,
        "host": url.query.get("host", url.host),
    }
    return psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=autocommit)


def phase_pg_floor(work: Path) -> dict[str, Any]:
    """PostgreSQL's raw floor: plain psycopg inserts of the rows the product stores.

    The twin of ``bench_import_export.phase_import_floor`` (stdlib sqlite3) on the
    benchmark's PostgreSQL database: the same two tables (documents with title, text and
    its SHA-256; spans) with their primary keys, the same batches, each one ``executemany``
    per table (psycopg 3 sends one in pipeline mode), all in one transaction, in a schema
    of its own (dropped before and after). No validation, no search column, no index but
    the keys, no row security: what any import must at least pay.
    """
    import hashlib

    labels = {name: n for n, name in enumerate((*bie.ENTITY_LABELS, "QUOTE"), start=1)}
    with _pg_connect(work) as con:
        con.execute("DROP SCHEMA IF EXISTS bench_floor CASCADE")
        con.execute("CREATE SCHEMA bench_floor")
        con.execute(
            "CREATE TABLE bench_floor.documents (id integer PRIMARY KEY, title text, "
            "text text, text_sha256 text)"
        )
        con.execute(
            "CREATE TABLE bench_floor.spans (id serial PRIMARY KEY, document_id integer, "
            'start integer, "end" integer, label_id integer)'
        )
        con.commit()
        t0, c0 = time.perf_counter(), time.process_time()
        doc_id = spans = 0
        with con.cursor() as cur:
            for batch in bie._floor_batches(work / "corpus.jsonl"):
                docs = []
                rows = []
                for obj in batch:
                    doc_id += 1
                    body = obj["text"]
                    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
                    docs.append((doc_id, obj["title"], body, digest))
                    for s in obj["spans"]:
                        rows.append((doc_id, s["start"], s["end"], labels[s["label"]]))
                cur.executemany(
                    "INSERT INTO bench_floor.documents (id, title, text, text_sha256) "
                    "VALUES (%s, %s, %s, %s)",
                    docs,
                )
                cur.executemany(
                    'INSERT INTO bench_floor.spans (document_id, start, "end", label_id) '
                    "VALUES (%s, %s, %s, %s)",
                    rows,
                )
                spans += len(rows)
        con.commit()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        con.execute("DROP SCHEMA bench_floor CASCADE")
        con.commit()
    return {"seconds": seconds, "cpu": cpu, "documents": doc_id, "spans": spans}


def phase_window(work: Path) -> dict[str, Any]:
    """Open the window on the database; next document and random jumps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from annotator.gui import dialogs
    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Preferences
    from annotator.services.workspace import open_workspace

    def fail(_parent: object, message: str, _title: str | None = None) -> None:
        raise SystemExit(f"the GUI reported an error: {message}")

    dialogs.show_error = fail
    settings = work / "gui-settings"
    shutil.rmtree(settings, ignore_errors=True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    app = application()
    t0 = time.perf_counter()
    db = open_workspace(target(work))
    window = MainWindow(db, ANNOTATOR, Preferences())
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    window.view.viewport().repaint()
    opened = time.perf_counter() - t0
    # The list's id sequence loads in the background; next/jump are timed once it is in.
    deadline = time.perf_counter() + 120
    while window.doc_list.model._ids is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    count = window.doc_list.model.rowCount()
    window.open_row(0)
    app.processEvents()
    nexts, next_cpu = [], []
    for _ in range(60):
        t, c = time.perf_counter(), time.process_time()
        window.step_document(1)
        app.processEvents()
        nexts.append(time.perf_counter() - t)
        next_cpu.append(time.process_time() - c)
    rng = random.Random(17)
    jumps, jump_cpu = [], []
    for _ in range(40):
        row = rng.randrange(0, count)
        t, c = time.perf_counter(), time.process_time()
        window.open_row(row)
        app.processEvents()
        jumps.append(time.perf_counter() - t)
        jump_cpu.append(time.process_time() - c)
    window.close()
    app.processEvents()
    db.close()
    return {
        "window": opened,
        "rows": count,
        "next": nexts,
        "jump": jumps,
        "next_cpu": next_cpu,
        "jump_cpu": jump_cpu,
    }


def _queries(seed: int) -> tuple[list[str], list[str]]:
    """20 words of varied frequency and 20 adjacent word pairs from the source texts."""
    articles = bie.load_articles(min_words=10)
    counts: dict[str, int] = {}
    pairs: list[str] = []
    for item in articles:
        words = WORD.findall(item["article"]["content"])
        for w in set(words):
            counts[w] = counts.get(w, 0) + 1
        for a, b in pairwise(words):
            pairs.append(f'"{a} {b}"')
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    step = max(1, len(ranked) // 20)
    words = ranked[::step][:20]
    rng = random.Random(seed)
    return words, rng.sample(pairs, 20)


def phase_search(work: Path) -> dict[str, Any]:
    """Text search: all matching ids, for words and phrases; and the both-scope."""
    from annotator.services import documents
    from annotator.services.documents import DocumentFilter
    from annotator.services.workspace import open_workspace

    db = open_workspace(target(work))
    words, phrases = _queries(5)
    out: dict[str, Any] = {
        "word": [],
        "phrase": [],
        "both": [],
        "title": [],
        "both_two": [],
        "hits": [],
        "clitic": [],
        "clitic_phrase": [],
    }
    documents.document_ids(db, DocumentFilter(search=words[0], search_in="text"))  # warm
    for kind, queries in (("word", words), ("phrase", phrases)):
        for q in queries:
            t = time.perf_counter()
            ids = documents.document_ids(db, DocumentFilter(search=q, search_in="text"))
            out[kind].append(time.perf_counter() - t)
            out["hits"].append(len(ids))
    # The list's default scope (titles and texts), the titles alone: the same 20 words as
    # the text search (PostgreSQL: 5 of them, its titles being a LIKE of every row), and
    # two words of a phrase unquoted in the default scope (each in the title or the text).
    some = words[::4] if os.environ.get("BENCH_DB_URL") else words
    for kind, scope, queries in (
        ("both", "both", some),
        ("title", "title", some),
        ("both_two", "both", [p.strip('"') for p in phrases[::4]]),
    ):
        for q in queries:
            t = time.perf_counter()
            documents.document_ids(db, DocumentFilter(search=q, search_in=scope))
            out[kind].append(time.perf_counter() - t)
    # each word and phrase with or without its words' proclitics (every form asked for)
    for kind, queries in (("clitic", words), ("clitic_phrase", phrases)):
        for q in queries:
            t = time.perf_counter()
            documents.document_ids(db, DocumentFilter(search=q, search_in="text", proclitics=True))
            out[kind].append(time.perf_counter() - t)
    db.close()
    return out


def phase_vacuum(work: Path) -> dict[str, Any]:
    """PostgreSQL: ``VACUUM (ANALYZE)`` of the benchmark database, what autovacuum does
    on its own some minutes after a bulk import (the visibility map and the hint bits
    that let later reads skip work); the seconds it took."""
    with _pg_connect(work, autocommit=True) as con:
        t = time.perf_counter()
        con.execute("VACUUM (ANALYZE)")
        return {"seconds": time.perf_counter() - t}


def phase_export(work: Path) -> dict[str, Any]:
    """Every layer, native JSONL (as ``bench_import_export``'s phase)."""
    from annotator.services.exporter import export
    from annotator.services.workspace import open_workspace

    db = open_workspace(target(work))
    t0 = time.perf_counter()
    export(db, str(work / "export.jsonl"), fmt="native")
    seconds = time.perf_counter() - t0
    db.close()
    (work / "export.jsonl").unlink(missing_ok=True)
    return {"seconds": seconds, "rss_mb": bie._rss_mb()}


def phase_stats(work: Path) -> dict[str, Any]:
    """``annotator stats`` as a user runs it (a new process, start-up included)."""
    # ``python -m annotator``: the console script's shebang may name another environment.
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "annotator", "stats", "--db", target(work)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return {"seconds": time.perf_counter() - t}


PHASES = {
    "import": phase_import,
    "import_bare": phase_import_bare,
    "floor": bie.phase_import_floor,
    "pgfloor": phase_pg_floor,
    "window": phase_window,
    "search": phase_search,
    "vacuum": phase_vacuum,
    "export": phase_export,
    "stats": phase_stats,
}


def run_phase(name: str, work: Path) -> dict[str, Any]:
    """Run one phase in a fresh process; its JSON result is the last line it prints."""
    proc = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--work", str(work)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# -- report ------------------------------------------------------------------------------


def line(name: str, value: float, target: float, unit: str, scale: float = 1.0) -> str:
    """One figure with its target and verdict."""
    ok = "ok" if value <= target else "MISSED"
    return f"  {name:<44} {value * scale:10.2f} {unit:<3} (target {target * scale:g} {unit}) {ok}"


def measure(size: int, work: Path, per_article: int, floors: dict[str, float]) -> None:
    """All phases at one size; the raw floors per article are measured on the first size
    (``floors`` filled then: ``sqlite``, and ``postgresql`` on a PostgreSQL run)."""
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    counts = bie.build_corpus(work / "corpus.jsonl", size, per_article)
    print(
        f"\n{size:,} articles ({counts['spans']:,} spans, {counts['bytes'] / 1e6:,.0f} MB JSONL, "
        f"from {counts['source_articles']} real articles), built in "
        f"{time.perf_counter() - t:.0f} s",
        flush=True,
    )
    print(f"  load average (1 / 5 / 15 min): {_load()}", flush=True)
    on_pg = bool(os.environ.get("BENCH_DB_URL"))
    if not floors:
        floors["sqlite"] = run_phase("floor", work)["seconds"] / size
        print(
            f"  raw floor, SQLite (stdlib sqlite3, this corpus; the base of every size's ratio"
            f"{' on SQLite' if on_pg else ''}): {floors['sqlite'] * 1e6:.0f} us per article"
        )
        if on_pg:
            floors["postgresql"] = run_phase("pgfloor", work)["seconds"] / size
            print(
                "  raw floor, PostgreSQL (plain psycopg executemany of the same documents and "
                "spans, one transaction; the base of every size's ratio on PostgreSQL): "
                f"{floors['postgresql'] * 1e6:.0f} us per article"
            )
    imp = run_phase("import", work)
    # After the import, so that any warmth (the corpus in the page cache) favours the
    # import without the index: the cost printed is, if anything, too high.
    bare = None if on_pg else run_phase("import_bare", work)
    (work / "corpus.jsonl").unlink()
    per = imp["seconds"] / size
    print(
        f"  import: {imp['seconds']:.1f} s, {per * 1e6:.0f} us per article "
        f"(CPU {imp['cpu_seconds'] / size * 1e6:.0f} us; peak RSS {imp['rss_mb']:.0f} MB)"
    )
    if on_pg:
        print(
            line(
                "import per article / PostgreSQL raw floor",
                per / floors["postgresql"],
                TARGETS["import_ratio"],
                "x",
            )
        )
        print(
            f"  {'(... / SQLite raw floor, not its base here':<44} "
            f"{per / floors['sqlite']:10.2f} x)"
        )
        print(
            f"  {'client CPU an article: vector / rest':<44} "
            f"{imp['vector_cpu_seconds'] / size * 1e6:10.1f} / "
            f"{(imp['cpu_seconds'] - imp['vector_cpu_seconds']) / size * 1e6:.1f} us  "
            "(the server's share is not separable: its GIN index is updated in each INSERT)"
        )
    else:
        print(
            line(
                "import per article / raw floor",
                per / floors["sqlite"],
                TARGETS["import_ratio"],
                "x",
            )
        )
        assert bare is not None
        share = imp["index_seconds"] / imp["seconds"]
        print(
            line(
                "index share of the import (body + titles)"
                if not on_pg
                else "body index share of the import",
                share,
                TARGETS["index_share"],
                "%",
                100,
            )
        )
        cpu_share = imp["index_cpu_seconds"] / imp["cpu_seconds"]
        bound = (imp["index_cpu_seconds"] + imp["commit_cpu_seconds"]) / imp["cpu_seconds"]
        print(
            f"  {'... in process CPU time':<44} {cpu_share * 100:10.2f} %   "
            f"(with the whole commit counted as index: {bound * 100:.1f} %; "
            f"commit {imp['commit_seconds']:.2f} s)"
        )
        added = (imp["seconds"] - bare["seconds"]) / imp["seconds"]
        print(
            f"  {'... the import against one without the index':<44} {added * 100:10.2f} %   "
            f"(without: {bare['seconds'] / size * 1e6:.0f} us an article; a difference of "
            "two runs, as noisy as they are)"
        )
        fold = imp["fold_cpu_seconds"]
        print(
            f"  {'... CPU an article: fold / FTS5 insert / rest':<44} "
            f"{fold / size * 1e6:10.1f} / {(imp['index_cpu_seconds'] - fold) / size * 1e6:.1f} / "
            f"{(imp['cpu_seconds'] - imp['index_cpu_seconds']) / size * 1e6:.1f} us"
        )
    print(f"  load average after the import: {_load()}", flush=True)
    if on_pg:
        early = run_phase("search", work)
        print(
            f"  {'right after the import, word / phrase (p95)':<44} "
            f"{pct(early['word'], 0.95) * 1000:10.2f} / {pct(early['phrase'], 0.95) * 1000:.2f} ms"
            "  (before any vacuum)"
        )
        vac = run_phase("vacuum", work)
        print(
            f"  VACUUM (ANALYZE), as autovacuum would: {vac['seconds']:.1f} s; "
            "every figure below is after it"
        )
    win = run_phase("window", work)
    print(line("window opens (built, shown, painted)", win["window"], TARGETS["window"], "s"))
    print(line("next article (p95)", pct(win["next"], 0.95), TARGETS["next_p95"], "ms", 1000))
    print(
        line("jump to a random row (p95)", pct(win["jump"], 0.95), TARGETS["jump_p95"], "ms", 1000)
    )
    print(
        f"  {'... in process CPU time, next / jump (p95)':<44} "
        f"{pct(win['next_cpu'], 0.95) * 1000:10.2f} / {pct(win['jump_cpu'], 0.95) * 1000:.2f} ms"
        "  (what a busy machine adds is the wait for a CPU)"
    )
    found = run_phase("search", work)
    hits = found["hits"]
    print(
        line(
            "text search, a word (p95)", pct(found["word"], 0.95), TARGETS["search_p95"], "ms", 1000
        )
    )
    print(
        line(
            "text search, a two-word phrase (p95)",
            pct(found["phrase"], 0.95),
            TARGETS["search_p95"],
            "ms",
            1000,
        )
    )
    print(
        f"  {'(matches per query: median':<44} {statistics.median(hits):10.0f}, max {max(hits):,})"
    )
    print(
        f"  {'a word / a phrase, proclitics ignored (p95)':<44} "
        f"{pct(found['clitic'], 0.95) * 1000:10.2f} / "
        f"{pct(found['clitic_phrase'], 0.95) * 1000:.2f} ms  (the option of the search)"
    )
    print(
        line(
            "titles and texts scope, a word (p95)",
            pct(found["both"], 0.95),
            TARGETS["search_p95"],
            "ms",
            1000,
        )
        + ("  (titles by LIKE: every row read)" if on_pg else "  (the list's default)")
    )
    print(
        line(
            "titles scope, a word (p95)",
            pct(found["title"], 0.95),
            TARGETS["search_p95"],
            "ms",
            1000,
        )
    )
    print(
        f"  {'titles and texts scope, two words (p95)':<44} "
        f"{pct(found['both_two'], 0.95) * 1000:10.2f} ms  (no target: each word in the "
        "title or the text)"
    )
    exp = run_phase("export", work)
    print(f"  export of every layer: {exp['seconds']:.1f} s")
    print(line("export peak RSS", exp["rss_mb"], TARGETS["export_rss_mb"], "MB"))
    st = run_phase("stats", work)
    print(line("annotator stats (a new process)", st["seconds"], TARGETS["stats"], "s"))
    if not os.environ.get("BENCH_DB_URL"):
        size_mb = sum(p.stat().st_size for p in work.glob("annotator.sqlite*")) / 1e6
        print(f"  database: {size_mb:,.0f} MB", flush=True)
    print(f"  load average at the end of this size: {_load()}", flush=True)


def main() -> int:
    """Parse options; run one phase (child) or every size (parent)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="e.g. 10k,100k,1m")
    parser.add_argument("--spans-per-article", type=int, default=5)
    parser.add_argument("--work", default=None, help="folder for corpora and databases")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run on a throwaway PostgreSQL cluster (tests/pgserver.py) instead of SQLite",
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](Path(args.work))))
        return 0
    if not bie.DATA.exists():
        print(f"the shared SaudiNewsNet data is missing at {bie.DATA}", file=sys.stderr)
        return 2
    root = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    floors: dict[str, float] = {}
    server = None
    if args.postgres:
        sys.path.insert(0, str(REPO))
        from tests.pgserver import start_server

        server = start_server()
        print("on PostgreSQL (a throwaway cluster of this machine)")
    try:
        for size in sizes:
            if server is not None:
                os.environ["BENCH_DB_URL"] = server.url(server.create_database(f"bench_{size}"))
            measure(size, root / f"n{size}", args.spans_per_article, floors)
            if not args.keep:
                shutil.rmtree(root / f"n{size}", ignore_errors=True)
    finally:
        if server is not None:
            server.stop()
        print(f"\nload average at end: {os.getloadavg()[0]:.1f}")
        if not args.keep and not args.work:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
