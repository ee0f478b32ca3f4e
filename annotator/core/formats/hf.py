"""Hugging Face token classification: JSON lines of ``tokens`` and ``ner_tags`` (tag names).

One row per sentence (the CoNLL sentences: a newline between words ends one):
``{"id": "0", "document_id": 12, "annotator": "alice", "sentence": 0, "tokens": [...],
"ner_tags": ["B-PER", "I-PER", "O", ...]}``. The tag names are strings, so the file loads
with ``datasets.load_dataset("json", data_files=OUT)`` as it is; the label list (``O``,
then every tag of each label written, in the chosen scheme) is written beside it as
``OUT.labels.json`` for ``datasets.ClassLabel(names=...)`` when integer ids are wanted.
"""

from __future__ import annotations

import orjson

from annotator.core.formats.sinks import ExportOptions
from annotator.core.formats.tagging import TagSink, scheme_tags
from annotator.core.model import DocumentRecord

LABELS_SUFFIX = ".labels.json"


class HuggingFaceSink(TagSink):
    """Token-classification rows, one per sentence, and the label list at the end."""

    format_name = "HF"

    def __init__(self, options: ExportOptions) -> None:
        super().__init__(options)
        self.rows = 0
        self.labels: set[str] = set()

    def write(self, record: DocumentRecord) -> bytes:
        """The rows of one record's sentences."""
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
