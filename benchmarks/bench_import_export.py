#!/usr/bin/env python
"""Import/export benchmark against raw floors (a script, not a test).

Builds a JSONL corpus of N real SaudiNewsNet articles (cycled, each made unique by an
appended line) with ~S spans each on real word boundaries, in the spaCy/native shape
``{"text", "title", "meta": {"external_id"}, "annotator", "spans": [...]}``; every tenth
article also carries a QUOTE span with a SPEAKER relation to a PER span. Then, each phase
in its own fresh Python process (so its peak RSS is its own):

* ``import``: ``annotator.services.importer.import_paths`` into a fresh SQLite database
  opened with ``open_workspace`` (timed: the import call only);
* ``export``: ``annotator.services.exporter.export`` of everything, native format, to
  JSONL (timed: the export call only); the output is then checked: one line per record
  and ``text[start:end] == span["text"]`` for every span;
* ``import floor``: stdlib ``sqlite3`` on a fresh file (same pragmas: WAL, synchronous
  FULL), tables ``documents(id, external_id, title, text, text_sha256, source, meta,
  created_at)`` and ``spans(id, document_id, start, end, label_id, created_at)`` without
  secondary indexes: the columns the product fills from each record; timed: read the same
  JSONL file line by line, ``orjson.loads`` each line, SHA-256 of each text, meta as JSON,
  ``executemany`` of documents and spans per 500 records, all in one transaction, commit.
  (Before issue 17's second import round the floor left out external id, source, meta and
  the timestamps: ~9% less CPU on the scale corpus);
* ``export floor``: the exported records already in memory as dicts (loaded untimed);
  timed: ``orjson.dumps`` of each (with its newline) written to a new file, closed.

Usage: ``python benchmarks/bench_import_export.py [--articles 10000]
[--spans-per-article 20] [--quick] [--repeat 3] [--keep]``. Targets (issue 2): import and
export each at most 3x their floor, peak RSS under 300 MB each.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "saudinewsnet" / "2015-07-23.zip"
ENTITY_LABELS = ("PER", "ORG", "LOC", "GPE", "DATE", "EVENT", "MISC")
QUOTE_EVERY = 10
BATCH = 500
RATIO_TARGET = 3.0
RSS_TARGET_MB = 300.0

# Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFE): text reshaped for display.
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
# A word: a run of characters that are neither white space nor punctuation.
WORD = re.compile(r"[^\s«»\"'،؛؟.,:;!?()\[\]{}<>/\\|*+=_~#@&%\u2013\u2014\u2026-]+")


# -- corpus ------------------------------------------------------------------------------


def load_articles(min_words: int) -> list[dict[str, Any]]:
    """The SaudiNewsNet articles long enough to carry the spans, with their word ranges."""
    with zipfile.ZipFile(DATA) as archive:
        raw = json.loads(archive.read(archive.namelist()[0]))
    out = []
    for article in raw:
        content = article.get("content") or ""
        if PRESENTATION_FORMS.search(content):
            continue  # reshaped display text, which the importer rightly refuses
        words = [(m.start(), m.end()) for m in WORD.finditer(content)]
        if len(words) >= min_words:
            out.append({"article": article, "words": words})
    return out


def make_spans(
    text: str, words: list[tuple[int, int]], count: int, index: int, quote: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``count`` spans on word boundaries (one or two words each), plus maybe a quote."""
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    entities = count - 1 if quote else count
    step = len(words) // (entities + 1)
    for k in range(entities):
        first = k * step
        last = first + (1 if (index + k) % 3 else 0)  # every third span covers two words
        start, end = words[first][0], words[last][1]
        label = ENTITY_LABELS[(index + k) % len(ENTITY_LABELS)]
        spans.append({"start": start, "end": end, "label": label, "text": text[start:end]})
    if quote:
        # The quote starts at the word after the first entity, which becomes its speaker (PER).
        spans[0]["label"] = "PER"
        first, last = 1, min(len(words) - 1, 8)
        start, end = words[first][0], words[last][1]
        spans.append({"start": start, "end": end, "label": "QUOTE", "text": text[start:end]})
        for n, span in enumerate(spans):
            span["id"] = n
        relations.append({"head": len(spans) - 1, "child": 0, "label": "SPEAKER"})
    return spans, relations


def build_corpus(path: Path, articles: int, per_article: int) -> dict[str, int]:
    """Write the corpus JSONL (streamed, one record at a time); return its counts."""
    source = load_articles(min_words=3 * per_article)
    spans_total = relations_total = 0
    with path.open("wb") as out:
        for i in range(articles):
            item = source[i % len(source)]
            article = item["article"]
            text = article["content"] + f"\n[نسخة المعيار {i}]"
            spans, relations = make_spans(
                text, item["words"], per_article, i, quote=i % QUOTE_EVERY == 0
            )
            record: dict[str, Any] = {
                "text": text,
                "title": article["title"],
                "meta": {
                    "external_id": f"snn-bench-{i}",
                    "url": article["url"],
                    "outlet": article["source"],
                },
                "annotator": "bench",
                "spans": spans,
            }
            if relations:
                record["relations"] = relations
            out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
            spans_total += len(spans)
            relations_total += len(relations)
    return {
        "articles": articles,
        "source_articles": len(source),
        "spans": spans_total,
        "relations": relations_total,
        "bytes": path.stat().st_size,
    }


# -- phases (each runs in its own process) -----------------------------------------------


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    ``VmHWM`` of /proc/self/status is the high-water mark of this process's own memory
    since its exec; ``ru_maxrss`` would also count the parent's RSS at fork time.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fresh(db_path: Path) -> None:
    """Remove a database file (and its WAL) left by an earlier run."""
    for path in db_path.parent.glob(db_path.name + "*"):
        path.unlink()


def phase_import(work: Path) -> dict[str, Any]:
    from annotator.services.importer import import_paths
    from annotator.services.workspace import open_workspace

    _fresh(work / "annotator.sqlite")
    db = open_workspace(str(work / "annotator.sqlite"))
    base = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    summary = import_paths(db, [str(work / "corpus.jsonl")])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    db.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": _rss_mb(),
        "base_rss_mb": base,
        "documents": summary.documents_added,
        "spans": summary.spans_added,
        "relations": summary.relations_added,
    }


def phase_export(work: Path) -> dict[str, Any]:
    from annotator.services.exporter import export
    from annotator.services.workspace import open_workspace

    db = open_workspace(str(work / "annotator.sqlite"))
    base = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    summary = export(db, str(work / "export.jsonl"), fmt="native")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    db.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": _rss_mb(),
        "base_rss_mb": base,
        "records": summary.records,
    }


def _floor_batches(path: Path) -> Iterator[list[dict[str, Any]]]:
    """Parsed records of the corpus, BATCH at a time."""
    batch: list[dict[str, Any]] = []
    with path.open("rb") as handle:
        for line in handle:
            batch.append(orjson.loads(line))
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def phase_import_floor(work: Path) -> dict[str, Any]:
    """The raw floor of an import: a plain insert of the rows the product stores.

    Stdlib ``sqlite3``, the same pragmas (WAL, synchronous FULL), tables without secondary
    indexes. Each document row carries the columns the product fills from the record
    (external id, title, text, SHA-256 of the text, source, meta as JSON, created at); each
    span row its document, range, label and created at. Until issue 17's second import
    round the floor stored only (title, text, hash) and (document, range, label): the
    external id, meta and timestamps every imported row carries were left out of it.
    """
    import sqlite3

    db_path = work / "floor.sqlite"
    _fresh(db_path)
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, external_id TEXT, title TEXT, "
        "text TEXT, text_sha256 TEXT, source TEXT, meta TEXT, created_at TEXT)"
    )
    con.execute(
        "CREATE TABLE spans (id INTEGER PRIMARY KEY, document_id INTEGER, "
        'start INTEGER, "end" INTEGER, label_id INTEGER, created_at TEXT)'
    )
    labels = {name: n for n, name in enumerate((*ENTITY_LABELS, "QUOTE"), start=1)}
    base = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
    con.execute("BEGIN")
    doc_id = 0
    spans = 0
    for batch in _floor_batches(work / "corpus.jsonl"):
        docs = []
        rows = []
        for obj in batch:
            doc_id += 1
            text = obj["text"]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            meta = dict(obj["meta"])
            external = meta.pop("external_id", None)
            docs.append((doc_id, external, obj["title"], text, digest, "", orjson.dumps(meta), now))
            for s in obj["spans"]:
                rows.append((doc_id, s["start"], s["end"], labels[s["label"]], now))
        con.executemany(
            "INSERT INTO documents (id, external_id, title, text, text_sha256, source, meta, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            docs,
        )
        con.executemany(
            'INSERT INTO spans (document_id, start, "end", label_id, created_at) '
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        spans += len(rows)
    con.execute("COMMIT")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": _rss_mb(),
        "base_rss_mb": base,
        "spans": spans,
    }


def phase_export_floor(work: Path) -> dict[str, Any]:
    with (work / "export.jsonl").open("rb") as handle:
        records = [orjson.loads(line) for line in handle]
    base = _rss_mb()
    dumps = orjson.dumps
    option = orjson.OPT_APPEND_NEWLINE
    t0, c0 = time.perf_counter(), time.process_time()
    with (work / "floor.jsonl").open("wb") as out:
        for record in records:
            out.write(dumps(record, option=option))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": _rss_mb(),
        "base_rss_mb": base,
        "records": len(records),
    }


def phase_import_raw(work: Path) -> dict[str, Any]:
    """Reference, not a target: plain sqlite3 into the application's real schema.

    The database is created (migrated, default labels) by ``open_workspace``, untimed;
    timed is what the floor does plus the real tables' needs: its indexes, foreign keys and
    CHECKs on every row, one annotator, layers, spans and relations (ids given, so no
    read-back). Not done: validation, deduplication, merging and the search text.
    """
    import sqlite3

    from annotator.services.workspace import open_workspace

    db_path = work / "raw.sqlite"
    _fresh(db_path)
    open_workspace(str(db_path)).close()
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = FULL")
    labels = dict(con.execute("SELECT name, id FROM labels"))
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
    t0, c0 = time.perf_counter(), time.process_time()
    con.execute("BEGIN IMMEDIATE")
    con.execute(
        "INSERT INTO annotators (name, role, created_at) VALUES ('raw', 'annotator', ?)", (now,)
    )
    who = con.execute("SELECT id FROM annotators WHERE name = 'raw'").fetchone()[0]
    doc_id = span_id = 0
    for batch in _floor_batches(work / "corpus.jsonl"):
        docs, layers, spans, relations = [], [], [], []
        for obj in batch:
            doc_id += 1
            text = obj["text"]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            meta = dict(obj["meta"])
            external = meta.pop("external_id", None)
            docs.append(
                (doc_id, external, obj["title"], text, digest, "", orjson.dumps(meta), "", now)
            )
            layers.append((doc_id, doc_id, who, "in_progress", 1, now))
            first = span_id + 1
            for s in obj["spans"]:
                span_id += 1
                spans.append((span_id, doc_id, s["start"], s["end"], labels[s["label"]], now))
            for rel in obj.get("relations", []):
                relations.append((doc_id, first + rel["head"], first + rel["child"], rel["label"]))
        con.executemany(
            "INSERT INTO documents (id, external_id, title, text, text_sha256, source, meta, "
            "search_text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            docs,
        )
        con.executemany(
            "INSERT INTO layers (id, document_id, annotator_id, status, version, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            layers,
        )
        con.executemany(
            'INSERT INTO spans (id, layer_id, start, "end", label_id, created_at) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            spans,
        )
        con.executemany(
            "INSERT INTO relations (layer_id, head_span_id, child_span_id, label) "
            "VALUES (?, ?, ?, ?)",
            relations,
        )
    con.execute("COMMIT")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    return {"seconds": seconds, "cpu": cpu, "rss_mb": _rss_mb(), "spans": span_id}


def phase_export_raw(work: Path) -> dict[str, Any]:
    """Reference, not a target: plain sqlite3 reading the imported database.

    Timed: the export's queries (a page of 500 documents, then its layers, spans and
    relations by document id range), native-shaped dicts built from the rows and written
    with orjson. What the floor leaves out: reading the database at all.
    """
    import sqlite3
    from collections import defaultdict

    con = sqlite3.connect(work / "annotator.sqlite")
    labels = {i: (n, k) for i, n, k in con.execute("SELECT id, name, kind FROM labels")}
    option = orjson.OPT_APPEND_NEWLINE
    t0, c0 = time.perf_counter(), time.process_time()
    last = records = 0
    with (work / "raw.jsonl").open("wb") as out:
        while True:
            docs = con.execute(
                "SELECT id, text, title, external_id, source, meta FROM documents WHERE id > ? "
                "AND EXISTS (SELECT 1 FROM layers WHERE document_id = documents.id) "
                "ORDER BY id LIMIT 500",
                (last,),
            ).fetchall()
            if not docs:
                break
            first, last = last, docs[-1][0]
            page = (first, last)
            by_doc = defaultdict(list)
            for row in con.execute(
                "SELECT layers.id, document_id, annotators.name, status FROM layers "
                "JOIN annotators ON annotators.id = layers.annotator_id "
                "WHERE document_id > ? AND document_id <= ? ORDER BY document_id, annotators.name",
                page,
            ):
                by_doc[row[1]].append(row)
            spans = defaultdict(list)
            for sid, lid, start, end, label_id in con.execute(
                'SELECT spans.id, layer_id, start, "end", label_id FROM spans '
                "JOIN layers ON layers.id = spans.layer_id "
                "WHERE document_id > ? AND document_id <= ? "
                'ORDER BY layers.document_id, layers.annotator_id, start, "end", label_id',
                page,
            ):
                spans[lid].append((sid, start, end, *labels[label_id]))
            links = defaultdict(list)
            for lid, head, child, label in con.execute(
                "SELECT relations.layer_id, head_span_id, child_span_id, label FROM relations "
                "JOIN layers ON layers.id = relations.layer_id "
                "WHERE document_id > ? AND document_id <= ? ORDER BY relations.id",
                page,
            ):
                links[lid].append({"head": head, "child": child, "label": label})
            for doc_id, text, title, external, source, meta_json in docs:
                meta = orjson.loads(meta_json) if meta_json else {}
                meta["title"] = title
                if external is not None:
                    meta["external_id"] = external
                if source:
                    meta["source"] = source
                for lid, _d, annotator, status in by_doc[doc_id]:
                    record = {
                        "document_id": doc_id,
                        "text": text,
                        "meta": meta,
                        "annotator": annotator,
                        "status": status,
                        "spans": [
                            {
                                "id": i,
                                "start": s,
                                "end": e,
                                "label": n,
                                "kind": k,
                                "text": text[s:e],
                            }
                            for i, s, e, n, k in spans[lid]
                        ],
                        "relations": links[lid],
                        "topics": [],
                    }
                    out.write(orjson.dumps(record, option=option))
                    records += 1
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    return {"seconds": seconds, "cpu": cpu, "rss_mb": _rss_mb(), "records": records}


PHASES = {
    "import": phase_import,
    "export": phase_export,
    "import-floor": phase_import_floor,
    "export-floor": phase_export_floor,
    "import-raw": phase_import_raw,
    "export-raw": phase_export_raw,
}


def run_phase(name: str, work: Path) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; return what it reported."""
    proc = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--workdir", str(work)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"phase {name} failed (exit {proc.returncode})")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# -- checks and report -------------------------------------------------------------------


def verify_export(path: Path, expected: dict[str, int]) -> dict[str, int]:
    """Line count, span count and text[start:end] == span text for every exported span."""
    lines = spans = relations = 0
    with path.open("rb") as handle:
        for line in handle:
            record = orjson.loads(line)
            lines += 1
            text = record["text"]
            for span in record["spans"]:
                if text[span["start"] : span["end"]] != span["text"]:
                    raise SystemExit(f"export line {lines}: span text mismatch {span!r}")
                spans += 1
            relations += len(record["relations"])
    problems = []
    if lines != expected["articles"]:
        problems.append(f"{lines} export lines, expected {expected['articles']}")
    if spans != expected["spans"]:
        problems.append(f"{spans} exported spans, expected {expected['spans']}")
    if relations != expected["relations"]:
        problems.append(f"{relations} exported relations, expected {expected['relations']}")
    if problems:
        raise SystemExit("export check failed: " + "; ".join(problems))
    return {"lines": lines, "spans": spans, "relations": relations}


def best(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Fastest run's figures (wall and CPU), with the largest peak RSS over all runs."""
    fastest = dict(min(results, key=lambda r: r["seconds"]))
    fastest["cpu"] = min(r["cpu"] for r in results)
    fastest["rss_mb"] = max(r["rss_mb"] for r in results)
    return fastest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--spans-per-article", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="500 articles")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per phase, in turn (best time kept)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        sys.path.insert(0, str(REPO))
        print(json.dumps(PHASES[args.phase](args.workdir)))
        return

    articles = 500 if args.quick else args.articles
    per = args.spans_per_article
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    try:
        t0 = time.perf_counter()
        corpus = build_corpus(work / "corpus.jsonl", articles, per)
        print(
            f"corpus: {corpus['articles']:,} articles (cycling {corpus['source_articles']:,} "
            f"SaudiNewsNet articles of >= {3 * per} words, not reshaped), "
            f"{corpus['spans']:,} spans, {corpus['relations']:,} relations, "
            f"{corpus['bytes'] / 1e6:.1f} MB JSONL "
            f"(built in {time.perf_counter() - t0:.1f} s) in {work}"
        )
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in PHASES}
        for _ in range(args.repeat):
            for name in ("import-floor", "import", "import-raw"):
                runs[name].append(run_phase(name, work))
        imported = runs["import"][-1]
        if (imported["documents"], imported["spans"], imported["relations"]) != (
            corpus["articles"],
            corpus["spans"],
            corpus["relations"],
        ):
            raise SystemExit(f"import added {imported}, expected {corpus}")
        for _ in range(args.repeat):
            runs["export"].append(run_phase("export", work))
            checked = verify_export(work / "export.jsonl", corpus)
            runs["export-floor"].append(run_phase("export-floor", work))
            runs["export-raw"].append(run_phase("export-raw", work))
        res = {name: best(r) for name, r in runs.items()}
        print(
            f"export check: {checked['lines']:,} lines, {checked['spans']:,} spans "
            f"(text[start:end] == span text for all), {checked['relations']:,} relations"
        )
        print(
            "import floor: stdlib sqlite3 (WAL, synchronous=FULL), read + orjson.loads the "
            "same JSONL, sha256 of each text, executemany per 500 records into "
            "documents(external_id, title, text, text_sha256, source, meta, created_at) + "
            "spans(document_id, start, end, label_id, created_at), "
            "no secondary indexes, one transaction incl. COMMIT"
        )
        print(
            "export floor: orjson.dumps (+ newline) of the exported records already in memory "
            "as dicts, written to a new file"
        )
        print(
            "raw sqlite3 (reference, no target): the same work by hand on the real schema: "
            "import = the floor's work plus the real tables' indexes, foreign keys and CHECKs "
            "and layers/relations (no validation, dedup, merge or search text); export = the "
            "export's queries, dicts from the rows, orjson (the floor reads no database)"
        )
        print()
        header = (
            f"{'phase':<20} {'seconds':>8} {'ratio':>7} {'cpu s':>7} {'cpu ratio':>9} "
            f"{'peak RSS MB':>11}  {'time <= 3x floor':<16}  {'RSS < 300 MB':<12}"
        )
        print(header)
        print("-" * len(header))
        verdicts = []
        for name in ("import", "export"):
            floor = res[f"{name}-floor"]
            for label, key in (
                (name, name),
                ("  floor", f"{name}-floor"),
                ("  raw sqlite3", f"{name}-raw"),
            ):
                r = res[key]
                ratio, cpu_ratio = r["seconds"] / floor["seconds"], r["cpu"] / floor["cpu"]
                verdict = ""
                if key == name:
                    time_ok = ratio <= RATIO_TARGET
                    mem_ok = r["rss_mb"] < RSS_TARGET_MB
                    verdicts += [time_ok, mem_ok]
                    verdict = (
                        f"{'PASS' if time_ok else 'FAIL':<16}  {'PASS' if mem_ok else 'FAIL':<12}"
                    )
                print(
                    f"{label:<20} {r['seconds']:>8.2f} {ratio:>6.2f}x {r['cpu']:>7.2f} "
                    f"{cpu_ratio:>8.2f}x {r['rss_mb']:>11.0f}  {verdict}".rstrip()
                )
        print()
        print(
            f"seconds: wall time of the timed call, best of {args.repeat} run(s) per phase; "
            "cpu s: the least CPU time (user + system) over the runs; "
            "peak RSS: the largest VmHWM of the "
            "phase's own process over its runs (before the timed call: "
            f"{res['import']['base_rss_mb']:.0f} MB import, "
            f"{res['export']['base_rss_mb']:.0f} MB export, interpreter + SQLAlchemy); "
            f"load average {os.getloadavg()[0]:.2f} at the end (2 cores here: above ~1, other "
            "processes compete for the CPU and wall times are noisy)"
        )
        print("ALL TARGETS PASS" if all(verdicts) else "SOME TARGETS FAIL")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
