"""CoNLL/BIO files: read them into documents that keep their tokens, and write BIO tags.

Reading: one token per line, ``token tag`` or ``token<TAB>tag`` (more columns allowed, the
token first and the tag last; the columns between them, such as CoNLL-2003's part of speech
and chunk, are not kept and are counted per column in the import's report); a blank or
white-space-only line ends a sentence; a ``-DOCSTART-`` line, or the end of the file, ends a
document. A document's text is its
tokens joined by single spaces, its sentences joined by newlines; the token offsets are
kept in ``meta["tokens"]`` so that export gives the same tokens back. Tags are ``O`` or
``P-LABEL`` with P one of B I E S L U, the label kept as written (B-PERS, B-MIS-1, even
I--ORG, whose label is "-ORG"). An ``I-X`` (or ``E-X``) that does not continue an X span
begins one, as conlleval reads it. Anything else is a structural fault: an InputError
naming file and line, or with ``lenient`` the token is read as ``O`` and the repair listed.

Writing: BIO (IOB2) by default, or IOB1, BIOES, BILOU; spans that do not fall on word
boundaries, or that overlap a span already tagged, are reported and left out, never moved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.formats.report import Read, ReadReport
from annotator.core.formats.segments import line_pieces
from annotator.core.formats.tagging import (
    Sentence,
    TagSink,
    plain_mark,
    span_tags,
    tagged_lines,
)
from annotator.core.formats.tokens import TOKENS_META
from annotator.core.model import DocumentRecord, LabelKind, SpanData
from annotator.core.offsets import normalise_text
from annotator.core.textio import read_text_file

DOCSTART = "-DOCSTART-"
SUFFIXES = (".conll", ".conllu", ".bio", ".iob", ".iob2", ".bioes")
_TAG = re.compile(r"O|[BIESLU]-.+", re.DOTALL)
_MAX_COLUMNS = 10


def split_line(line: str) -> list[str]:
    """The columns of a token line: split at tabs if it has any, else at spaces."""
    body = line.strip(" \t")
    if "\t" in body:
        return [c.strip(" ") for c in body.split("\t") if c.strip(" ")]
    return [c for c in body.split(" ") if c]


def parse_tag(tag: str) -> tuple[str, str] | None:
    """``("O", "")`` or ``(prefix, label)`` for a well-formed tag; None otherwise."""
    if tag == "O":
        return "O", ""
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BIESLU":
        return tag[0], tag[2:]
    return None


def looks_like_conll(text: str, sample: int = 400) -> bool:
    """Tell whether most non-blank lines are ``token tag`` lines with BIO-shaped tags."""
    seen = shaped = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        seen += 1
        cols = split_line(line)
        docstart = bool(cols) and cols[0] == DOCSTART
        if docstart or (2 <= len(cols) <= _MAX_COLUMNS and _TAG.fullmatch(cols[-1])):
            shaped += 1
        if seen >= sample:
            break
    return seen > 0 and shaped >= 0.8 * seen


@dataclass(slots=True)
class ConllRecord(DocumentRecord):
    """A document read from a CoNLL file, with the line where each of its labels first shows."""

    label_lines: dict[str, int] = field(default_factory=dict)
    """Label -> first line of the file tagged with it in this document, so that an error
    about a label (say, one not in the schema) names that line, not the document's first."""


class _Document:
    """Tokens and tags of the document being read."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.sentences: list[list[tuple[str, tuple[str, str]]]] = [[]]
        self.label_lines: dict[str, int] = {}

    def add(self, token: str, tag: tuple[str, str], line: int) -> None:
        """Append a token (read at ``line``) to the current sentence."""
        self.sentences[-1].append((token, tag))
        if tag[1] and tag[1] not in self.label_lines:
            self.label_lines[tag[1]] = line

    def end_sentence(self) -> None:
        """Close the current sentence (several blank lines count once)."""
        if self.sentences[-1]:
            self.sentences.append([])

    @property
    def empty(self) -> bool:
        """True while no token was read."""
        return not self.sentences[0]


def read_conll(
    path: Path, encoding: str | None, *, lenient: bool, report: ReadReport
) -> Iterator[Read]:
    """Yield the documents of one CoNLL file; raise InputError (file:line) on a fault."""
    name = str(path)
    raw, size = read_text_file(path, encoding)
    text, _map = normalise_text(raw)
    lines = text.split("\n")
    total = len(lines)
    doc: _Document | None = None
    count = 0
    middle: Counter[str] = Counter()  # "column N" -> tokens that had it (not kept)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if doc is not None:
                doc.end_sentence()
            continue
        cols = split_line(line)
        if cols and cols[0] == DOCSTART:
            if doc is not None and not doc.empty:
                count += 1
                yield _record(doc, path, count, report), doc.first_line, size * number // total
            doc = None
            continue
        if len(cols) < 2:
            tag: tuple[str, str] | None = None
            problem = "line has no tag column (expected 'token tag' or 'token<TAB>tag')"
        else:
            tag = parse_tag(cols[-1])
            problem = f"tag {cols[-1]!r} is neither O nor P-LABEL with P one of B I E S L U"
        if tag is None:
            if not lenient:
                raise InputError(problem, name, number)
            report.repair(name, number, f"{problem}; token {cols[0]!r} read as O")
            tag = ("O", "")
        if doc is None:
            doc = _Document(number)
        doc.add(cols[0], tag, number)
        if len(cols) > 2:
            middle.update(f"column {k}" for k in range(2, len(cols)))
    report.unkept_counts(name, middle)
    if doc is not None and not doc.empty:
        count += 1
        yield _record(doc, path, count, report), doc.first_line, size
    if count == 0:
        raise InputError("file holds no CoNLL tokens", name)


def _record(doc: _Document, path: Path, number: int, report: ReadReport) -> ConllRecord:
    """Build the document: text, kept token offsets, spans from the tags."""
    parts: list[str] = []
    tokens: list[list[int]] = []
    spans: list[SpanData] = []
    pos = 0
    for sentence in doc.sentences:
        if not sentence:
            continue
        if parts:
            parts.append("\n")
            pos += 1
        label = ""  # the open span's label ("" when none is open)
        start = 0
        for k, (token, (prefix, name)) in enumerate(sentence):
            if k:
                parts.append(" ")
                pos += 1
            end = pos + len(token)
            continues = prefix in ("I", "E", "L")
            if not (continues and label == name):
                if label:
                    spans.append(SpanData(start, tokens[-1][1], label))
                label, start = ("", 0) if prefix == "O" else (name, pos)
                if continues:
                    report.begins += 1
            if prefix in ("E", "S", "L", "U"):
                spans.append(SpanData(start, end, label))
                label = ""
            parts.append(token)
            tokens.append([pos, end])
            pos = end
        if label:
            spans.append(SpanData(start, tokens[-1][1], label))
    title = path.stem if number == 1 else f"{path.stem} #{number}"
    record = ConllRecord(
        text="".join(parts),
        title=title,
        source=path.name,
        meta={TOKENS_META: tokens},
        spans=spans,
        label_lines=doc.label_lines,
    )
    record.label_kinds = {s.label: LabelKind.ENTITY for s in spans}
    return record


# -- writing -----------------------------------------------------------------------------


def sentence_lines(sentence: Sentence, own_tokens: bool = False) -> str:
    """One sentence as ``token tag`` lines; runs of O tokens are joined in one go.

    A token holding a space or tab (only a document's own tokens, read from a
    tab-separated file, can) is written with a tab before its tag.
    """
    tokens, tags, tagged = sentence
    if own_tokens and (" " in (joined := "\n".join(tokens)) or "\t" in joined):
        return "".join(
            f"{t}\t{g}\n" if (" " in t or "\t" in t) else f"{t} {g}\n"
            for t, g in zip(tokens, tags, strict=True)
        )
    out: list[str] = []
    done = 0
    for first, last in tagged:
        if first > done:
            out.append(" O\n".join(tokens[done:first]) + " O\n")
        out += [f"{tokens[i]} {tags[i]}\n" for i in range(first, last + 1)]
        done = last + 1
    if done < len(tokens):
        out.append(" O\n".join(tokens[done:]) + " O\n")
    return "".join(out)


def conll_document(sentences: list[Sentence], own_tokens: bool = False) -> str:
    """One document: ``-DOCSTART- O``, then its sentences, each after a blank line."""
    parts = [f"{DOCSTART} O\n"]
    for sentence in sentences:
        parts.append("\n")
        parts.append(sentence_lines(sentence, own_tokens))
    if sentences:
        parts.append("\n")
    return "".join(parts)


_O = " O\n"


def conll_marked(lines: Iterable[str], mark: str, labels: list[str], scheme: str) -> str:
    """One document from its marked sentences: what ``conll_document`` writes for them.

    Untagged tokens are written in one go (their joining spaces made `` O\n``); a span's
    tokens get its tags (which may hold anything, even " O").
    """
    out = [f"{DOCSTART} O\n"]
    remaining = iter(labels)
    for line in lines:
        out.append("\n")
        for words, label, glued in line_pieces(line, mark, remaining):
            if label is None:
                out += (words.replace(" ", _O), _O)
                continue
            names = span_tags(label, scheme, glued)
            tokens = words.split(" ")
            if len(tokens) == 1:
                out.append(f"{words} {names.single}\n")
            else:
                inside = f" {names.inside}\n"
                inner = inside.join(tokens[1:-1]) + inside if len(tokens) > 2 else ""
                out.append(f"{tokens[0]} {names.first}\n{inner}{tokens[-1]} {names.last}\n")
    if len(out) > 1:
        out.append("\n")
    return "".join(out)


class ConllSink(TagSink):
    """CoNLL text: ``-DOCSTART- O`` and the tagged sentences of each record."""

    format_name = "CoNLL"

    def write(self, record: DocumentRecord) -> bytes:
        """One document's lines."""
        mark = plain_mark(record, self.options.clitics)
        if mark is not None:
            self.count_dropped(record)
            lines, labels = tagged_lines(record, mark, self.problems, self.format_name)
            self.spans_written += len(labels)
            return conll_marked(lines, mark, labels, self.options.scheme).encode("utf-8")
        sentences = self.sentences(record)
        return conll_document(sentences, TOKENS_META in record.meta).encode("utf-8")

    def end(self) -> bytes:
        """Nothing more to write; note what CoNLL has no place for."""
        self.note_dropped()
        return b""
