"""Property: random Unicode records survive import into the database and native export."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.core.formats.records import parse_record
from annotator.core.model import DocumentRecord
from annotator.core.offsets import normalise_text
from annotator.services import exporter, importer
from annotator.services.exporter import ExportFilter
from annotator.storage.database import Database
from tests.strategies import raw_texts

SPAN_LABELS = ["PER", "ORG", "QUOTE", "GPE"]


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A native record on a raw (BOM, CRLF) text: spans with ids, relations, topics."""
    raw = draw(raw_texts)
    _text, omap = normalise_text(raw)
    spans: list[dict[str, Any]] = []
    for number in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(raw) - 1))
        end = draw(st.integers(start + 1, len(raw)))
        if omap.map(start) < omap.map(end):
            label = draw(st.sampled_from(SPAN_LABELS))
            spans.append({"id": number, "start": start, "end": end, "label": label,
                          "text": raw[start:end]})  # fmt: skip

    def stored(span: dict[str, Any]) -> tuple[int, int, str]:
        """A span as stored: its offsets once the BOM and the CR of CRLF are dropped."""
        return omap.map(span["start"]), omap.map(span["end"]), span["label"]

    relations = []
    spoken: set[tuple[int, int, str]] = set()  # quotes given a speaker
    if len(spans) >= 2:
        for _ in range(draw(st.integers(0, 3))):
            head, child = draw(st.lists(st.sampled_from(spans), min_size=2, max_size=2))
            if stored(head) == stored(child):
                continue  # one span (also "\r\n" and "\n"): a link to itself is refused
            # SPEAKER only from a quote to a person or organisation, one per quote, as
            # import demands.
            # (Spans equal once CRLF is LF are one quote.)
            quote = stored(head)
            speaker = head["label"] == "QUOTE" and child["label"] in ("PER", "ORG")
            label = "SPEAKER" if speaker and quote not in spoken else "ABOUT"
            if label == "SPEAKER":
                spoken.add(quote)
            relations.append({"head": head["id"], "child": child["id"], "label": label})
    topics = draw(st.lists(st.sampled_from(["politics", "sport"]), unique=True, max_size=2))
    status = draw(st.sampled_from(["new", "in_progress", "done"]))
    return {"text": raw, "spans": spans, "relations": relations, "topics": topics,
            "status": status}  # fmt: skip


def key(record: DocumentRecord) -> tuple[Any, ...]:
    spans = sorted((s.start, s.end, s.label) for s in record.spans)
    keys = [(s.start, s.end, s.label) for s in record.spans]
    relations = sorted(
        {(keys[r.head], keys[r.child], r.label) for r in record.relations if r.head != r.child}
    )
    return record.text, spans, relations, sorted(record.topics), record.status


COUNTER = itertools.count()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(records())
@example(  # "\r\n" and "\n" are one stretch once CRLF is LF: two labels on it, linked
    {
        "text": "\r\n0",
        "spans": [
            {"id": 0, "start": 0, "end": 2, "label": "PER", "text": "\r\n"},
            {"id": 1, "start": 1, "end": 2, "label": "ORG", "text": "\n"},
        ],
        "relations": [{"head": 0, "child": 1, "label": "ABOUT"}],
        "topics": [],
        "status": "new",
    }
)
def test_import_then_export_keeps_every_annotation(
    db: Database, tmp_path: Path, obj: dict[str, Any]
) -> None:
    who = f"annotator{next(COUNTER)}"  # one layer per example, in one database
    obj = {**obj, "annotator": who}
    expected = key(parse_record(obj, "in", 1))
    path = tmp_path / f"{who}.jsonl"
    path.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    importer.import_paths(db, [str(path)], add_labels=True)
    out = tmp_path / f"{who}.out.jsonl"
    exporter.export(db, str(out), flt=ExportFilter(annotators=(who,)))
    # Split at "\n" only: str.splitlines would also split at U+0085 and U+2028 in the text.
    (line,) = out.read_text(encoding="utf-8").removesuffix("\n").split("\n")
    exported = json.loads(line)
    for span in exported["spans"]:
        assert exported["text"][span["start"] : span["end"]] == span["text"]
    assert key(parse_record(exported, "out", 1)) == expected
