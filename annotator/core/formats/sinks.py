"""Export sinks: turn a stream of DocumentRecords into the bytes of one output file.

A sink writes a head, then bytes per record, then a tail; it may also produce sidecar
files (a label list, a labelling config) and problems worth telling the user (spans left
out because they do not fit the format). JSON-lines formats wrap a record writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.formats.writers import Writer
from annotator.core.jsonio import dumps_exact
from annotator.core.model import DocumentRecord


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Choices of the token-level formats."""

    scheme: str = "bio"
    """Tag scheme of CoNLL and Hugging Face export: bio (IOB2), iob1, bioes or bilou."""
    clitics: bool = False
    """Tokenise with ``tokenize_clitics`` (splits و ف ب ل ك) instead of ``tokenize``."""


class Sink:
    """Base sink: no head, no tail, no sidecars; subclasses implement ``write``."""

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self.problems: list[str] = []

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
    """One JSON object per line, made by a record writer."""

    def __init__(self, options: ExportOptions, writer: Writer) -> None:
        super().__init__(options)
        self.writer = writer

    def write(self, record: DocumentRecord) -> bytes:
        """The record's JSON line."""
        return dumps_exact(self.writer(record), newline=True)
