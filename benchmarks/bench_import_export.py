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
  FULL), minimal tables ``documents(id, title, text, text_sha256)`` and
  ``spans(id, document_id, start, end, label_id)`` without secondary indexes; timed:
  read the same JSONL file line by line, ``orjson.loads`` each line, SHA-256 of each text,
  ``executemany`` of documents and spans per 500 records, all in one transaction, commit;
* ``export floor``: the exported records already in memory as dicts (loaded untimed);
  timed: ``orjson.dumps`` of each (with its newline) written to a new file, closed.

Usage: ``python benchmarks/bench_import_export.py [--articles 10000]
[--spans-per-article 20] [--quick] [--repeat 1] [--keep]``. Targets (issue 2): import and
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


def phase_import(work: Path) -> dict[str, Any]:
    from annotator.services.importer import import_paths
    from annotator.services.workspace import open_workspace

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
    import sqlite3

    db_path = work / "floor.sqlite"
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, text TEXT, text_sha256 TEXT)"
    )
    con.execute(
        "CREATE TABLE spans (id INTEGER PRIMARY KEY, document_id INTEGER, "
        'start INTEGER, "end" INTEGER, label_id INTEGER)'
    )
    labels = {name: n for n, name in enumerate((*ENTITY_LABELS, "QUOTE"), start=1)}
    base = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
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
            docs.append((doc_id, obj["title"], text, digest))
            for s in obj["spans"]:
                rows.append((doc_id, s["start"], s["end"], labels[s["label"]]))
        con.executemany(
            "INSERT INTO documents (id, title, text, text_sha256) VALUES (?, ?, ?, ?)", docs
        )
        con.executemany(
            'INSERT INTO spans (document_id, start, "end", label_id) VALUES (?, ?, ?, ?)', rows
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


PHASES = {
    "import": phase_import,
    "export": phase_export,
    "import-floor": phase_import_floor,
    "export-floor": phase_export_floor,
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
    parser.add_argument("--repeat", type=int, default=1, help="runs per phase (best time kept)")
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
            for name in ("import-floor", "import"):
                (work / "annotator.sqlite").unlink(missing_ok=True)
                for leftover in work.glob("*.sqlite*"):
                    leftover.unlink()
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
        res = {name: best(r) for name, r in runs.items()}
        print(
            f"export check: {checked['lines']:,} lines, {checked['spans']:,} spans "
            f"(text[start:end] == span text for all), {checked['relations']:,} relations"
        )
        print(
            "import floor: stdlib sqlite3 (WAL, synchronous=FULL), read + orjson.loads the "
            "same JSONL, sha256 of each text, executemany per 500 records into "
            "documents(title, text, text_sha256) + spans(document_id, start, end, label_id), "
            "no secondary indexes, one transaction incl. COMMIT"
        )
        print(
            "export floor: orjson.dumps (+ newline) of the exported records already in memory "
            "as dicts, written to a new file"
        )
        print()
        header = (
            f"{'phase':<8} {'seconds':>8} {'floor s':>8} {'ratio':>7} {'cpu s':>7} "
            f"{'floor cpu':>9} {'cpu ratio':>9} {'peak RSS MB':>11} {'floor RSS':>9}  "
            f"{'time <= 3x floor':<16}  {'RSS < 300 MB':<12}"
        )
        print(header)
        print("-" * len(header))
        verdicts = []
        for name in ("import", "export"):
            r, floor = res[name], res[f"{name}-floor"]
            ratio = r["seconds"] / floor["seconds"]
            time_ok = ratio <= RATIO_TARGET
            mem_ok = r["rss_mb"] < RSS_TARGET_MB
            verdicts += [time_ok, mem_ok]
            print(
                f"{name:<8} {r['seconds']:>8.2f} {floor['seconds']:>8.2f} {ratio:>6.2f}x "
                f"{r['cpu']:>7.2f} {floor['cpu']:>9.2f} {r['cpu'] / floor['cpu']:>8.2f}x "
                f"{r['rss_mb']:>11.0f} {floor['rss_mb']:>9.0f}  "
                f"{'PASS' if time_ok else 'FAIL':<16}  {'PASS' if mem_ok else 'FAIL':<12}"
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
