"""Export sinks: turn a stream of DocumentRecords into the bytes of one output file.

A sink writes a head, then bytes per record, then a tail; it may also produce sidecar
files (a label list, a labelling config) and problems worth telling the user (spans left
out because they do not fit the format). JSON-lines formats wrap a record writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.formats.writers import Writer, to_doccano
from annotator.core.jsonio import dumps_exact
from annotator.core.model import DocumentRecord

DOCCANO_SHAPES = ("relations", "sequence", "classification")
"""The doccano project types an export can be written for (``ExportOptions.doccano``)."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Choices of the token-level formats."""

    scheme: str = "bio"
    """Tag scheme of CoNLL and Hugging Face export: bio (IOB2), iob1, bioes or bilou."""
    clitics: bool = False
    """Tokenise with ``tokenize_clitics`` (splits و ف ب ل ك) instead of ``tokenize``."""
    doccano: str = "relations"
    """The doccano project type to write for (DOCCANO_SHAPES): ``relations`` (entities
    and relations), ``sequence`` (``label`` triples) or ``classification`` (``label``
    names)."""


class Sink:
    """Base sink: no head, no tail, no sidecars; subclasses implement ``write``.

    A sink counts what it writes (``spans_written`` ...), so a summary says what the file
    holds, not what was read. Training formats take only examples (``accepts``): a layer
    rejected or ignored in a peer tool, a layer nobody worked on and a document without a
    layer are left out, and counted in ``left_out``.
    """

    writes_all = False
    """Whether every record is written (native, Label Studio), examples or not."""
    writes_declined = False
    """Whether rejected/ignored layers are written, with their answer (Prodigy)."""

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self.problems: list[str] = []
        self.spans_written = 0
        self.relations_written = 0
        self.topics_written = 0
        self.scores_written = 0
        """A model layer's scores written by a format with a place for some (Prodigy's span
        ``score``); the exporter counts the rest as not written."""
        self.scores_unwritten = 0
        """Scores a format that keeps scores had no place for (Label Studio: the topics of a
        prediction with several, one choices result holding one score)."""
        self.left_out: dict[str, int] = {}
        """Why records were not written -> how many."""

    def accepts(self, record: DocumentRecord) -> bool:
        """Whether the record is written; if not, count why in ``left_out``."""
        if self.writes_all or record.is_example:
            return True
        if record.annotator is None:
            why = "documents without a layer (nothing to learn from)"
        elif record.declined:
            if self.writes_declined:
                return True
            why = "layers rejected or ignored in a peer tool (no accepted examples)"
        else:
            why = "layers holding nothing and not marked done (no decision to learn from)"
        self.left_out[why] = self.left_out.get(why, 0) + 1
        return False

    def begin(self) -> bytes:
        """Bytes before the first record."""
        return b""

    def write(self, record: DocumentRecord) -> bytes:
        """Bytes of one record."""
        raise NotImplementedError

    def end(self) -> bytes:
        """Bytes after the last record."""
        return b""

    def sidecars(self) -> dict[str, bytes]:
        """Extra files to write beside the output: name suffix -> content."""
        return {}


class JsonlSink(Sink):
    """One JSON object per line, made by a record writer (native: every record)."""

    writes_all = True

    def __init__(self, options: ExportOptions, writer: Writer) -> None:
        super().__init__(options)
        self.writer = writer

    def write(self, record: DocumentRecord) -> bytes:
        """The record's JSON line."""
        out = self.writer(record)
        self.spans_written += len(out.get("spans", ()))
        self.relations_written += len(out.get("relations", ()))
        self.topics_written += len(out.get("topics", ()))
        return dumps_exact(out, newline=True)


class DoccanoSink(Sink):
    """doccano JSON lines in the shape a project of ``options.doccano``'s type imports.

    ``relations``: ``entities`` (objects with ids) and ``relations``, topics left out;
    ``sequence``: ``label`` as [start, end, label] triples, relations and topics left out;
    ``classification``: ``label`` as topic names, spans and relations left out. What is
    left out is counted and said once at the end.
    """

    def __init__(self, options: ExportOptions) -> None:
        super().__init__(options)
        if options.doccano not in DOCCANO_SHAPES:
            raise ValueError(
                f"unknown doccano shape {options.doccano!r} (choose from "
                f"{', '.join(DOCCANO_SHAPES)})"
            )
        self.dropped = {"spans": 0, "relations": 0, "topics": 0}

    def write(self, record: DocumentRecord) -> bytes:
        """The record's JSON line."""
        shape = self.options.doccano
        out = to_doccano(record, shape)
        spans, relations, topics = len(record.spans), len(record.relations), len(record.topics)
        if shape == "relations":
            self.dropped["topics"] += topics
            self.spans_written += spans
            self.relations_written += relations
        elif shape == "sequence":
            self.dropped["relations"] += relations
            self.dropped["topics"] += topics
            self.spans_written += spans
        else:
            self.dropped["spans"] += spans
            self.dropped["relations"] += relations
            self.topics_written += topics
        return dumps_exact(out, newline=True)

    def end(self) -> bytes:
        """Nothing more to write; say what this project type has no place for."""
        lost = ", ".join(f"{n} {what}" for what, n in self.dropped.items() if n)
        if lost:
            self.problems.append(
                f"a doccano {self.options.doccano} project holds no more: {lost} not written "
                "(--doccano-shape chooses the project type)"
            )
        return b""
