#!/usr/bin/env python
"""Export benchmark of every format against the native JSONL export (a script, not a test).

Builds N real SaudiNewsNet articles (cycled, each made unique by an appended line) with S
entity spans each on word boundaries of the tokenizer, a QUOTE with its SPEAKER relation
in every tenth and a topic in each, imports them once into a fresh SQLite database, then
exports everything in every format in the same process, each format ``--repeat`` times
in turn (best time kept): ``annotator.services.exporter.export`` to a file, timed.
A second table times the formatting alone (the sink over records already in memory),
which shows what each format costs beyond reading the database.

Usage: ``python benchmarks/bench_formats.py [--articles 10000] [--spans-per-article 20]
[--repeat 2] [--quick]``. Target (issue 6): every format within 3x the native export.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotator.core.formats.registry import EXPORT_FORMATS, ExportOptions, make_sink  # noqa: E402
from annotator.core.formats.tokens import fast_tokenize  # noqa: E402
from annotator.services.exporter import ExportFilter, export, iter_records  # noqa: E402
from annotator.services.importer import import_paths  # noqa: E402
from annotator.services.workspace import open_workspace  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "saudinewsnet" / "2015-07-23.zip"
LABELS = ("PER", "ORG", "LOC", "GPE", "DATE", "EVENT", "MISC")
TOPICS = ("politics", "economy", "energy", "security", "sport")
TARGET = 3.0


def build_corpus(path: Path, articles: int, per_article: int) -> int:
    """Write the corpus as native JSONL; return the number of spans."""
    with zipfile.ZipFile(DATA) as archive:
        raw = json.loads(archive.read(archive.namelist()[0]))
    source = []
    for article in raw:
        text = article.get("content") or ""
        words = [w for w in fast_tokenize(text) if text[w[0]].isalnum()]
        if len(words) >= 3 * per_article and not any("\ufb50" <= c <= "\ufefe" for c in text):
            source.append(article)
    total = 0
    with path.open("wb") as out:
        for i in range(articles):
            article = source[i % len(source)]
            text = article["content"] + f"\n[نسخة المعيار {i}]"
            words = [w for w in fast_tokenize(text) if text[w[0]].isalnum()]
            step = len(words) // (per_article + 1)
            spans: list[dict[str, Any]] = []
            for k in range(per_article):
                first = words[k * step]
                last = words[k * step + (1 if (i + k) % 3 == 0 else 0)]
                spans.append(
                    {"id": k, "start": first[0], "end": last[1], "label": LABELS[(i + k) % 7]}
                )
            record: dict[str, Any] = {
                "text": text,
                "title": article["title"],
                "external_id": f"snn-formats-{i}",
                "annotator": "bench",
                "spans": spans,
                "topics": [TOPICS[i % len(TOPICS)]],
            }
            if i % 10 == 0:
                spans[0]["label"] = "PER"
                start, end = words[1][0], words[min(8, step - 1)][1]
                spans.append({"id": per_article, "start": start, "end": end, "label": "QUOTE"})
                record["relations"] = [{"head": per_article, "child": 0, "label": "SPEAKER"}]
            total += len(spans)
            out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--spans-per-article", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="1,000 articles")
    args = parser.parse_args()
    articles = 1000 if args.quick else args.articles
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-formats-"))
    try:
        t0 = time.perf_counter()
        spans = build_corpus(work / "corpus.jsonl", articles, args.spans_per_article)
        print(f"corpus: {articles:,} articles, {spans:,} spans ({time.perf_counter() - t0:.1f} s)")
        db = open_workspace(str(work / "bench.sqlite"))
        t0 = time.perf_counter()
        summary = import_paths(db, [str(work / "corpus.jsonl")], add_labels=True)
        print(
            f"import: {summary.documents_added:,} documents, {summary.spans_added:,} spans "
            f"({time.perf_counter() - t0:.1f} s, not part of the comparison)"
        )
        best: dict[str, float] = {}
        cpu: dict[str, float] = {}
        info: dict[str, tuple[int, int]] = {}
        for _ in range(args.repeat):
            for fmt in EXPORT_FORMATS:
                out = work / f"out.{fmt}"
                t0, c0 = time.perf_counter(), time.process_time()
                result = export(db, str(out), fmt=fmt, flt=ExportFilter())
                seconds, used = time.perf_counter() - t0, time.process_time() - c0
                best[fmt] = min(seconds, best.get(fmt, seconds))
                cpu[fmt] = min(used, cpu.get(fmt, used))
                info[fmt] = (out.stat().st_size, len(result.problems))
                # Every span is read; a format writes those it can hold (summary.spans).
                if result.spans_read != spans or result.spans > spans:
                    raise SystemExit(
                        f"{fmt}: read {result.spans_read} and wrote {result.spans} spans, "
                        f"expected {spans}"
                    )
        records = list(iter_records(db))
        db.close()
        gc.collect()
        gc.freeze()  # the records in memory are not garbage: keep collections off them
        fmt_only: dict[str, float] = {}
        for fmt in EXPORT_FORMATS:
            sink = make_sink(fmt, ExportOptions())
            c0 = time.process_time()
            size = len(sink.begin())
            for record in records:
                size += len(sink.write(record))
            size += len(sink.end())
            fmt_only[fmt] = time.process_time() - c0
        native, native_cpu = best["native"], cpu["native"]
        print(
            f"\nexport of {articles:,} documents / {spans:,} spans, best of {args.repeat}; "
            f"target: every format <= {TARGET:.0f}x native (wall clock and CPU time)"
        )
        print(
            f"{'format':<12}{'wall s':>8}{'x native':>10}{'cpu s':>8}{'x native':>10}"
            f"{'MB':>8}{'problems':>10}{'sink cpu s':>12}  verdict"
        )
        worst = 0.0
        for fmt in EXPORT_FORMATS:
            ratio, cpu_ratio = best[fmt] / native, cpu[fmt] / native_cpu
            worst = max(worst, ratio, cpu_ratio)
            size, problems = info[fmt]
            ok = ratio <= TARGET and cpu_ratio <= TARGET
            print(
                f"{fmt:<12}{best[fmt]:>8.2f}{ratio:>10.2f}{cpu[fmt]:>8.2f}{cpu_ratio:>10.2f}"
                f"{size / 1e6:>8.1f}{problems:>10}{fmt_only[fmt]:>12.2f}  "
                f"{'ok' if ok else 'OVER TARGET'}"
            )
        print(
            "\nsink cpu s: the formatting alone, over the records already in memory "
            "(native: the writer plus orjson); the rest of an export is reading the database "
            "and, for every format but native, building its DocumentRecords"
        )
        print(f"worst ratio: {worst:.2f}x native ({'ok' if worst <= TARGET else 'over target'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
