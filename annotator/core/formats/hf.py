"""Hugging Face token classification: JSON lines of ``tokens`` and ``ner_tags`` (tag names).

One row per sentence (the CoNLL sentences: a newline between words ends one):
``{"id": "0", "document_id": 12, "annotator": "alice", "sentence": 0, "tokens": [...],
"ner_tags": ["B-PER", "I-PER", "O", ...]}``. The tag names are strings, so the file loads
with ``datasets.load_dataset("json", data_files=OUT)`` as it is; the label list (``O``,
then every tag of each label written, in the chosen scheme) is written beside it as
``OUT.labels.json`` for ``datasets.ClassLabel(names=...)`` when integer ids are wanted.
"""

from __future__ import annotations

from functools import cache
from json.encoder import encode_basestring

import orjson

from annotator.core.formats.segments import line_pieces
from annotator.core.formats.sinks import ExportOptions
from annotator.core.formats.tagging import (
    SpanTags,
    TagSink,
    plain_mark,
    scheme_tags,
    span_tags,
    tagged_lines,
)
from annotator.core.model import DocumentRecord

LABELS_SUFFIX = ".labels.json"
_JSON_O = '"O",'


@cache
def _json_tags(label: str, scheme: str, glued: bool) -> SpanTags:
    """A span's tags as JSON strings, each followed by a comma (for ``_write_marked``)."""
    return SpanTags(*(f"{encode_basestring(tag)}," for tag in span_tags(label, scheme, glued)))


class HuggingFaceSink(TagSink):
    """Token-classification rows, one per sentence, and the label list at the end."""

    format_name = "HF"

    def __init__(self, options: ExportOptions) -> None:
        super().__init__(options)
        self.rows = 0
        self.labels: set[str] = set()

    def write(self, record: DocumentRecord) -> bytes:
        """The rows of one record's sentences."""
        mark = plain_mark(record, self.options.clitics)
        if mark is not None:
            return self._write_marked(record, mark)
        sentences = self.sentences(record)
        out: list[bytes] = []
        dumps = orjson.dumps
        for number, (tokens, tags, tagged) in enumerate(sentences):
            self.labels.update(tags[first][2:] for first, _last in tagged)
            row = {
                "id": str(self.rows),
                "document_id": record.document_id,
                "annotator": record.annotator,
                "sentence": number,
                "tokens": tokens,
                "ner_tags": tags,
            }
            self.rows += 1
            out.append(dumps(row, option=orjson.OPT_APPEND_NEWLINE))
        return b"".join(out)

    def _write_marked(self, record: DocumentRecord, mark: str) -> bytes:
        """The rows of a plain-token record, from its marked lines (``tagging.tagged_lines``).

        A row's token and tag arrays are written as JSON text by string methods, without
        a string object per token: the line is JSON-quoted at once and each space between
        its tokens becomes ``","``; a run of untagged tokens is ``"O",`` repeated.
        """
        self.count_dropped(record)
        lines, labels = tagged_lines(record, mark, self.problems, self.format_name)
        self.spans_written += len(labels)
        self.labels.update(labels)
        remaining = iter(labels)
        scheme = self.options.scheme
        out: list[bytes] = []
        for number, line in enumerate(lines):
            tags: list[str] = []
            for words, label, glued in line_pieces(line, mark, remaining):
                size = words.count(" ") + 1
                if label is None:
                    tags.append(_JSON_O * size)
                    continue
                names = _json_tags(label, scheme, glued)
                middle = names.inside * (size - 2) if size > 2 else ""
                tags.append(names.single if size == 1 else names.first + middle + names.last)
            if mark in line:
                line = line.replace(f"{mark} ", "").replace(f" {mark}", "")
            head = {"id": str(self.rows), "document_id": record.document_id}
            head |= {"annotator": record.annotator, "sentence": number}
            tokens = encode_basestring(line).replace(" ", '","')
            body = f',"tokens":[{tokens}],"ner_tags":[{"".join(tags)[:-1]}]}}\n'
            out += (orjson.dumps(head)[:-1], body.encode("utf-8"))
            self.rows += 1
        return b"".join(out)

    def end(self) -> bytes:
        """Nothing more to write; note what token classification has no place for."""
        self.note_dropped()
        return b""

    def label_list(self) -> list[str]:
        """``O`` and every tag of every label written, in the export's scheme."""
        names = ["O"]
        for label in sorted(self.labels):
            names.extend(scheme_tags(label, self.options.scheme))
        return names

    def sidecars(self) -> dict[str, bytes]:
        """The label list, as a JSON array of tag names."""
        return {LABELS_SUFFIX: orjson.dumps(self.label_list(), option=orjson.OPT_APPEND_NEWLINE)}
