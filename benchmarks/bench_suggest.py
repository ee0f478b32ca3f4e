#!/usr/bin/env python
"""Suggestion benchmark (a script, not a test): quality, speed and memory of issue 14.

Quality
- Entity model: AQMAR (``../shared/data/aqmar``, read by the CoNLL importer, labels as
  the corpus names them: PER LOC ORG MIS0-MIS3 and the few odd ones), split 80/20 at the
  *sentence* level (every sentence of every article, shuffled with ``--seed``); trained on
  80%, exact-span micro P/R/F1 on the rest, per label too. The same is also printed for an
  80/20 split by *article* (harder: each AQMAR article is its own topic, so most test names
  are unseen), and for propagation alone on the sentence split. ``--ner PATH`` measures
  another corpus the same way (a CoNLL file or folder: e.g. ANERcorp, whose original
  release has no blank lines, so its sentences end at each . ! ? or ؟ token).
- Topics: ANT half (``../shared/data/ant_corpus_half.zip``; the folder is the class,
  title + abstract + text the input, the abstract left out when the text already holds it,
  as it nearly always does, and entities decoded), stratified 80/20 split with ``--seed``;
  accuracy and macro F1, and the mean over seeds ``--seed`` .. ``--seed + 2``.
  ``--topics ZIP`` measures another corpus of that shape (one folder per class).

Speed and memory
- training the entity model on 150,000 labelled tokens (the AQMAR articles repeated until
  that many, so the CRF sees 150,000 tokens);
- the command ``annotator suggest train --kind entity`` on a database holding those
  150,000 tokens as done layers (its default 2-fold cross-validation and the final model,
  stored): wall and CPU time (its worker process included) and the memory of the command
  and its worker together, their whole process tree sampled every 50 ms: the peak of the
  sum of their resident sizes (RSS, counting pages they share, such as the interpreter's
  libraries, once per process) and of their proportional sizes (PSS, from
  ``/proc/PID/smaps_rollup``: shared pages split between the processes), each against
  the 400 MB target; ``--timeline`` prints each process's RSS every second or so, ``--db
  PATH`` keeps (or reuses) the database;
- training topics on 5,000 ANT articles, in a fresh process: time and that process's peak
  memory;
- suggestions for one 5,000-character SaudiNewsNet article (propagation, dictionary,
  entity model, quotes and topics together), median of 30 runs;
- peak resident memory of the process (ru_maxrss).

Usage: ``python benchmarks/bench_suggest.py [--seed 13] [--seeds 3] [--skip-speed]
[--only-command] [--only-topics] [--ner PATH] [--topics ZIP]``; ``--only-topics --seeds 8``
gives the topic figures over seeds 13-20.

Seen for ``--only-command`` (2 cores shared with four other engineers' work; load average
at the start given), 150,163 tokens, 57 done layers:

- before (2 folds and the final model in two spawned worker processes beside the
  command's own): 40.6 s wall at load 1.8 (292 s at load 5), 509-519 MB summed RSS
  (command 122, final-model worker 227, fold worker 157, multiprocessing's resource
  tracker 13), 481 MB summed PSS;
- after (the final model in one lean worker, the fold models in the command's process
  meanwhile): 36.5 s wall, 61.4 s CPU at load 0.9; 83.3 s wall, 72.4 s CPU at load
  2.9-3.5 (the two trainings need both cores); **383-384 MB summed RSS** (command 184-185,
  worker 199), **365-366 MB summed PSS**; the stored model byte for byte the same (as
  before the change), CV line the same
  (all 0.574 0.223 0.321). Under load 6-7 the same command took 205-273 s wall (83-92 s CPU),
  with the same memory.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from annotator.core.formats.conll import read_conll
from annotator.core.formats.report import ReadReport
from annotator.core.formats.tokens import stored_tokens
from annotator.core.suggest import entity_model, topic_model
from annotator.core.suggest.base import LabelledText, Suggestion, merge
from annotator.core.suggest.patterns import PatternMatcher, parse_names
from annotator.core.suggest.propagation import Propagation
from annotator.core.suggest.quotes import suggest_quotes

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


NER: Path | None = None
"""``--ner``: a CoNLL file or folder instead of ``DATA/aqmar``."""
TOPICS: Path | None = None
"""``--topics``: a zip of topic folders instead of ``DATA/ant_corpus_half.zip``."""


def conll_files() -> list[Path]:
    """The CoNLL files of the entity corpus: ``--ner`` (a file, or every file of a folder
    but hidden ones and READMEs), else AQMAR's ``*.txt``."""
    if NER is None:
        return sorted((DATA / "aqmar").glob("*.txt"))
    if NER.is_file():
        return [NER]
    return sorted(
        p
        for p in NER.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.stem.upper().startswith("README")
    )


def load_aqmar() -> list[LabelledText]:
    """Every article of the entity corpus (AQMAR unless ``--ner``), as the CoNLL importer
    reads it (lenient: the odd tags as O)."""
    docs = []
    for path in conll_files():
        for record, _line, _pos in read_conll(path, None, lenient=True, report=ReadReport()):
            tokens = stored_tokens(record.meta, record.text)
            spans = [(s.start, s.end, s.label) for s in record.spans]
            docs.append(LabelledText(record.text, spans, tokens))
    return docs


SENTENCE_END = frozenset({".", "!", "?", "\u061f"})  # ؟ the Arabic question mark


def _lines(doc: LabelledText) -> list[tuple[int, int]]:
    """The sentences of an article as (start, end) offsets: its lines (CoNLL's blank-line
    separated sentences); a corpus without blank lines (ANERcorp's original release) is one
    line, which is cut after each sentence-final token (. ! ? ؟) outside a span instead."""
    assert doc.tokens is not None
    if "\n" in doc.text.strip():
        out, pos = [], 0
        for line in doc.text.split("\n"):
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out
    inside = {i for a, b, _lab in doc.spans for i in range(a, b)}
    out, lo = [], 0
    for a, b in doc.tokens:
        if doc.text[a:b] in SENTENCE_END and a not in inside:
            out.append((lo, b))
            lo = b + 1
    if lo < len(doc.text):
        out.append((lo, len(doc.text)))
    return out


def sentences(docs: list[LabelledText]) -> list[LabelledText]:
    """Each sentence of each article as a document of its own."""
    out = []
    for doc in docs:
        assert doc.tokens is not None
        for lo, hi in _lines(doc):
            tokens = [(a - lo, b - lo) for a, b in doc.tokens if lo <= a and b <= hi]
            spans = [(a - lo, b - lo, lab) for a, b, lab in doc.spans if lo <= a and b <= hi]
            out.append(LabelledText(doc.text[lo:hi], spans, tokens))
    return out


def score(
    gold: list[set[tuple[int, int, str]]], pred: list[set[tuple[int, int, str]]]
) -> dict[str, tuple[float, float, float, int]]:
    """Exact-span P/R/F1 (and support) overall (``*``) and per label."""
    counts: dict[str, Counter[str]] = {}
    for g, p in zip(gold, pred, strict=True):
        for key, kind in [
            *((k, "tp") for k in g & p),
            *((k, "fp") for k in p - g),
            *((k, "fn") for k in g - p),
        ]:
            for name in ("*", key[2]):
                counts.setdefault(name, Counter())[kind] += 1
    out = {}
    for name, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[name] = (p, r, f, c["tp"] + c["fn"])
    return out


def show(
    title: str, result: dict[str, tuple[float, float, float, int]], target: float | None = None
) -> None:
    p, r, f, n = result["*"]
    aim = "" if target is None else f"  target >= {target:.2f}: {verdict(f >= target)}"
    print(f"{title}: P {p:.3f} R {r:.3f} F1 {f:.3f} ({n} spans){aim}")


def bench_entities(seed: int) -> None:
    docs = load_aqmar()
    sents = sentences(docs)
    rng = random.Random(seed)
    rng.shuffle(sents)
    cut = int(len(sents) * 0.8)
    train, test = sents[:cut], sents[cut:]
    words = sum(len(d.tokens or ()) for d in train)
    print(
        f"{NER or 'AQMAR'}: {len(docs)} articles, {len(sents)} sentences; "
        f"sentence split seed {seed}: "
        f"train {len(train)} sentences ({words} tokens), test {len(test)}"
    )
    began = time.perf_counter()
    model, report = entity_model.train(train)
    print(
        f"  trained in {time.perf_counter() - began:.1f} s ({report.missed} spans off token edges)"
    )
    gold = [set(d.spans) for d in test]
    pred = [{s.key for s in model.suggest(d.text, d.tokens)} for d in test]
    result = score(gold, pred)
    show("  entity model, sentence split", result, 0.70)
    for label, (p, r, f, n) in sorted(result.items(), key=lambda kv: -kv[1][3]):
        if label != "*":
            print(f"    {label:8} P {p:.3f} R {r:.3f} F1 {f:.3f} ({n})")
    prop = Propagation.build(train)
    pred = [{s.key for s in prop.suggest(d.text)} for d in test]
    show("  propagation alone, sentence split", score(gold, pred))

    arts = list(docs)
    if len(arts) < 5:
        print(f"  (no article split: the corpus holds {len(arts)} article(s))")
        return
    random.Random(seed).shuffle(arts)
    cut = round(len(arts) * 0.8)
    model, _ = entity_model.train(arts[:cut])
    gold = [set(d.spans) for d in arts[cut:]]
    pred = [{s.key for s in model.suggest(d.text, d.tokens)} for d in arts[cut:]]
    show(
        f"  entity model, article split ({cut}/{len(arts) - cut} articles; unseen names)",
        score(gold, pred),
    )


def load_ant() -> tuple[list[str], list[str]]:
    """The ANT articles (title, abstract, text) and their folders as topics.

    Most abstracts (1,869 of the 1,888 not empty in this half) are the text's first
    paragraph again: an abstract the text already holds is left out, so that paragraph is
    not counted twice. Entities (``&quot;``) are decoded; this half has none, but the files
    are TREC-like XML and the other half may. The URL is not read on purpose: its section
    number names the class (99% of this half), which would be reading the answer.
    """
    texts, labels = [], []
    with zipfile.ZipFile(TOPICS or DATA / "ant_corpus_half.zip") as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith(".txt") or "/" not in name or "__MACOSX" in name:
                continue
            raw = archive.read(name).decode("utf-8")
            part = {
                tag: html.unescape(m.group(1)).strip()
                for tag in ("TITLE", "ABSTRACT", "TEXT")
                if (m := re.search(rf"<{tag}>(.*?)</{tag}>", raw, re.S))
            }
            parts = [part.get("TITLE", ""), part.get("ABSTRACT", ""), part.get("TEXT", "")]
            if " ".join(parts[1].split()) in " ".join(parts[2].split()):
                parts[1] = ""  # the text's own first paragraph (or empty)
            texts.append("\n".join(p for p in parts if p))
            labels.append(name.split("/")[-2])  # the folder holding the file is its class
    return texts, labels


def bench_topics(seed: int, seeds: int = 3) -> None:
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import train_test_split

    texts, labels = load_ant()
    print(f"ANT half: {len(texts)} articles, {len(set(labels))} classes {dict(Counter(labels))}")
    accs, f1s = [], []
    for s in range(seed, seed + seeds):
        tr, te, ytr, yte = train_test_split(
            texts, labels, test_size=0.2, stratify=labels, random_state=s
        )
        began = time.perf_counter()
        model, _ = topic_model.train(tr, ytr)
        took = time.perf_counter() - began
        pred = model.predict(te)
        accs.append(accuracy_score(yte, pred))
        f1s.append(f1_score(yte, pred, average="macro"))
        print(
            f"  stratified split seed {s}: accuracy {accs[-1]:.3f} macro F1 {f1s[-1]:.3f}"
            f" (trained in {took:.1f} s)"
        )
    print(
        f"  topics, seed {seed}: accuracy {accs[0]:.3f}"
        f" (target >= 0.83: {verdict(accs[0] >= 0.83)}), "
        f"macro F1 {f1s[0]:.3f} (target >= 0.75: {verdict(f1s[0] >= 0.75)})"
    )
    print(
        f"  mean of {seeds} seeds ({seed}-{seed + seeds - 1}): accuracy {statistics.mean(accs):.3f}"
        f" macro F1 {statistics.mean(f1s):.3f}"
    )


def bench_speed() -> None:
    docs = load_aqmar()
    many: list[LabelledText] = []
    tokens = 0
    while tokens < 150_000:
        for d in docs:
            many.append(d)
            tokens += len(d.tokens or ())
            if tokens >= 150_000:
                break
    began, cpu = time.perf_counter(), time.process_time()
    model, report = entity_model.train(many)
    took, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(
        f"train entity model on {report.words} tokens: {took:.1f} s wall, {cpu:.1f} s CPU"
        f" (target < 60 s: {verdict(took < 60)} wall, {verdict(cpu < 60)} CPU)"
    )

    bench_topic_training()
    texts, labels = load_ant()
    topics, _ = topic_model.train(texts[:5000], labels[:5000])

    with zipfile.ZipFile(DATA / "saudinewsnet" / "2015-07-23.zip") as archive:
        articles = json.loads(archive.read(archive.namelist()[0]))
    contents = [a["content"] for a in articles if a.get("content")]
    article = min(contents, key=lambda t: abs(len(t) - 5000))
    while len(article) < 5000:
        article += "\n" + contents[len(article) % len(contents)]
    article = article[:5000]
    prop = Propagation.build(docs)
    names = PatternMatcher(parse_names(["بروكسل", "حلف شمال الأطلسي", "الرياض"], "LOC"))
    model = entity_model.EntityModel.from_bytes(model.to_bytes())
    topics = topic_model.TopicModel.from_bytes(topics.to_bytes())

    def once() -> tuple[list[Suggestion], int]:
        model.cache.clear()  # cold: as if every word of the article were new
        found = [names.suggest(article), prop.suggest(article), model.suggest(article)]
        entities = merge(found)
        quotes = suggest_quotes(article, [s.key for s in entities])
        return entities + quotes, len(topics.suggest(article))

    once()
    times, cpus = [], []
    for _ in range(30):
        began, cpu = time.perf_counter(), time.process_time()
        found, _n = once()
        times.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    ms, cpu_ms = statistics.median(times) * 1000, statistics.median(cpus) * 1000
    print(
        f"suggestions for one {len(article)}-character article: {ms:.1f} ms wall, "
        f"{cpu_ms:.1f} ms CPU, median ({len(found)} suggestions; target < 50 ms: "
        f"{verdict(ms < 50)} wall, {verdict(cpu_ms < 50)} CPU)"
    )


def bench_topic_training() -> None:
    """Training topics on 5,000 ANT articles in a fresh process: its time and its own peak
    memory (the whole benchmark's peak also holds the entity model)."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--data",
            str(DATA),
            *(("--topics", str(TOPICS)) if TOPICS else ()),
            "--topic-training-child",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    took, cpu, before, peak = (float(v) for v in out.stdout.split())
    print(
        f"train topics on 5,000 articles: {took:.1f} s wall, {cpu:.1f} s CPU"
        f" (target < 30 s: {verdict(took < 30)} wall, {verdict(cpu < 30)} CPU);"
        f" peak memory of that process {peak:.0f} MB ({before:.0f} MB before training;"
        f" target < 400 MB: {verdict(peak < 400)})"
    )


def high_water_mb() -> float:
    """This process's peak resident memory, from VmHWM (ru_maxrss would carry the parent's
    peak over the exec)."""
    with open("/proc/self/status") as fh:
        line = next(x for x in fh if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def topic_training_child() -> None:
    texts, labels = load_ant()
    before = high_water_mb()
    began, cpu = time.perf_counter(), time.process_time()
    topic_model.train(texts[:5000], labels[:5000])
    took, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(took, cpu, before, high_water_mb())


def _children() -> dict[int, list[int]]:
    """Each process's children, from /proc."""
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        out.setdefault(parent, []).append(int(entry))
    return out


def _rss_pss(pid: int) -> tuple[int, int] | None:
    """Resident and proportional set size (bytes) of a process, from smaps_rollup."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None  # gone, or a zombie
    return rss, pss


def tree_memory(root: int) -> dict[int, tuple[int, int]]:
    """RSS and PSS (bytes) of a process and each of its descendants now."""
    children = _children()
    out: dict[int, tuple[int, int]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        if (sizes := _rss_pss(pid)) is not None and sizes[0]:
            out[pid] = sizes
        todo.extend(children.get(pid, []))
    return out


@dataclass
class Measured:
    """A command's run: wall and CPU time (its children included), memory of its tree."""

    wall: float
    cpu: float
    peak_rss: int
    """The highest sum, at one moment, of the resident sizes of the command's processes."""
    peak_pss: int
    """The same for proportional sizes (shared pages split between the processes)."""
    at_peak: dict[int, int]
    """Each process's RSS at the moment of the summed RSS peak."""
    each: dict[int, int]
    """Each process's own peak RSS (not at the same moment)."""
    samples: int
    returncode: int
    output: str
    timeline: list[tuple[float, dict[int, int]]]
    """Every second: the time and each process's RSS (the command as pid 0)."""


def measure(command: list[str], every: float = 0.05) -> Measured:
    """Run a command, sampling its whole process tree every ``every`` seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        peak_rss = peak_pss = samples = 0
        at_peak: dict[int, int] = {}
        each: dict[int, int] = {}
        timeline: list[tuple[float, dict[int, int]]] = []
        while proc.poll() is None:
            now = tree_memory(proc.pid)
            samples += 1
            if (t := time.perf_counter() - began) >= len(timeline):
                timeline.append((t, {(0 if p == proc.pid else p): r for p, (r, _s) in now.items()}))
            rss = sum(r for r, _p in now.values())
            peak_pss = max(peak_pss, sum(p for _r, p in now.values()))
            if rss > peak_rss:
                peak_rss, at_peak = rss, {pid: r for pid, (r, _p) in now.items()}
            for pid, (r, _p) in now.items():
                each[pid] = max(each.get(pid, 0), r)
            time.sleep(every)
        wall = time.perf_counter() - began
        log.seek(0)
        output = log.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    at_peak = {(0 if pid == proc.pid else pid): size for pid, size in at_peak.items()}
    each = {(0 if pid == proc.pid else pid): size for pid, size in each.items()}
    return Measured(
        wall, cpu, peak_rss, peak_pss, at_peak, each, samples, proc.returncode, output, timeline
    )


def build_database(path: Path, wanted: int = 150_000) -> tuple[int, int]:
    """A database of AQMAR articles (repeated) as done layers, ``wanted`` tokens or a few more.

    Returns the tokens and documents it holds.
    """
    docs = load_aqmar()
    records = path.with_suffix(".jsonl")
    tokens = copy = documents = 0
    with records.open("w", encoding="utf-8") as fh:
        while tokens < wanted:
            for i, d in enumerate(docs):
                assert d.tokens is not None
                record = {
                    "text": d.text,
                    "external_id": f"aqmar-{copy}-{i}",
                    "meta": {"tokens": [list(t) for t in d.tokens]},
                    "annotator": "huda",
                    "status": "done",
                    "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in d.spans],
                }
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                tokens += len(d.tokens)
                documents += 1
                if tokens >= wanted:
                    break
            copy += 1
    command = [sys.executable, "-m", "annotator", "--db", str(path)]
    subprocess.run(
        [*command, "import", "--add-labels", str(records)], check=True, capture_output=True
    )
    records.unlink()
    return tokens, documents


def mb(size: int) -> str:
    return f"{size / 2**20:.0f}"


def bench_train_command(
    db: Path | None = None, wanted: int = 150_000, timeline: bool = False
) -> None:
    """Time ``annotator suggest train --kind entity`` on a database of ``wanted`` tokens:
    wall, CPU (its workers included) and the memory of the command and its workers
    together, sampled every 50 ms (the sum of RSS, and of PSS, at one moment)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "bench.db"
        if path.exists():
            tokens = documents = 0
        else:
            tokens, documents = build_database(path, wanted)
        command = [sys.executable, "-m", "annotator", "--db", str(path)]
        with open("/proc/loadavg") as fh:
            load = fh.read().split()[:3]
        run = measure([*command, "suggest", "train", "--kind", "entity"])
        if run.returncode:
            raise SystemExit(f"suggest train failed ({run.returncode}):\n{run.output}")
        lines = run.output.splitlines()
        trained = next((line for line in lines if line.startswith("trained")), "")
        overall = [line for line in lines if line.startswith("all")]
        size = f"{tokens} tokens ({documents} layers, AQMAR repeated)" if tokens else str(path)
        print(
            f"'annotator suggest train --kind entity' on {size}, load average {' '.join(load)}:"
            f" {run.wall:.1f} s wall (target < 60 s: {verdict(run.wall < 60)}),"
            f" {run.cpu:.1f} s CPU with its workers"
        )
        print(
            f"  memory of the command and its workers together, sampled every 50 ms"
            f" ({run.samples} samples): peak sum of RSS {mb(run.peak_rss)} MB"
            f" (target < 400 MB: {verdict(run.peak_rss < 400 * 2**20)}),"
            f" peak sum of PSS {mb(run.peak_pss)} MB"
            f" (target < 400 MB: {verdict(run.peak_pss < 400 * 2**20)})"
        )
        parts = ", ".join(
            ("command " if pid == 0 else "worker ") + mb(size)
            for pid, size in sorted(run.at_peak.items())
        )
        print(f"  at the RSS peak: {parts} MB")
        parts = ", ".join(
            ("command " if pid == 0 else "worker ") + mb(size)
            for pid, size in sorted(run.each.items())
        )
        print(f"  each process's own peak: {parts} MB")
        print(f"  {trained}")
        if timeline:
            for t, sizes in run.timeline[:: max(1, len(run.timeline) // 40)]:
                parts = " ".join(mb(size) for _pid, size in sorted(sizes.items()))
                print(f"    {t:6.1f} s: {parts} MB (sum {mb(sum(sizes.values()))})")
        print(
            "  its cross-validated overall line (the copies of an article fall in one fold"
            " of 2, so this is F1 on unseen articles):",
            *(overall or ["(none)"]),
        )


def main() -> None:
    global DATA, NER, TOPICS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument(
        "--only-command", action="store_true", help="only time 'suggest train' on 150k tokens"
    )
    parser.add_argument(
        "--only-topics",
        action="store_true",
        help="only topic quality (over --seeds seeds) and topic training time and memory",
    )
    parser.add_argument("--seeds", type=int, default=3, help="topic splits, from --seed on")
    parser.add_argument("--topic-training-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument(
        "--ner",
        type=Path,
        help="entity corpus: a CoNLL file or folder of them, instead of DATA/aqmar",
    )
    parser.add_argument(
        "--topics",
        type=Path,
        help="topic corpus: a zip with one folder per class, instead of "
        "DATA/ant_corpus_half.zip (e.g. the other half of ANT)",
    )
    parser.add_argument(
        "--timeline", action="store_true", help="print the command's memory every few seconds"
    )
    parser.add_argument(
        "--db",
        type=Path,
        help="time 'suggest train' on this database (built with 150k tokens if missing, kept)",
    )
    args = parser.parse_args()
    DATA, NER, TOPICS = args.data, args.ner, args.topics
    if not DATA.is_dir():
        raise SystemExit(f"{DATA}: the shared data folder is missing")
    if args.topic_training_child:
        topic_training_child()
        return
    with open("/proc/loadavg") as fh:
        print("load average at start:", fh.read().split()[:3])
    if args.only_topics:
        bench_topics(args.seed, args.seeds)
        bench_topic_training()
        return
    if args.only_command:
        bench_train_command(args.db, timeline=args.timeline)
        return
    bench_entities(args.seed)
    bench_topics(args.seed, args.seeds)
    if not args.skip_speed:
        bench_speed()
        bench_train_command(args.db, timeline=args.timeline)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB (target < 400 MB: {verdict(peak < 400)})")


if __name__ == "__main__":
    main()
