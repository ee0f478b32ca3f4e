"""Prodigy/spaCy tasks with tokens: the shape of Prodigy's ``ner.manual`` and ``rel.manual``.

``{"text", "tokens": [{"text", "start", "end", "id", "ws"}], "spans": [{"start", "end",
"token_start", "token_end", "label", "text"}], "relations": [{"head", "child", "label",
"head_span", "child_span"}], "accept": [topics], "answer": "accept", "meta", "_annotator_id"}``.
``token_end`` is inclusive; a relation's ``head``/``child`` are the token indices of each
span's last token, as Prodigy's relation interface sets them. The tokens are the document's
words (its CoNLL tokens, else the Arabic-aware tokenizer's) plus spaCy's white-space tokens,
so ``spacy.tokens.Doc(vocab, words, spaces)`` rebuilds the text and ``Doc.char_span(start,
end, alignment_mode="strict")`` finds every span. Spans off word boundaries are reported
and left out (with their relations), never moved.
"""

from __future__ import annotations

from typing import Any

import orjson

from annotator.core.formats.sinks import ExportOptions, Sink
from annotator.core.formats.tokens import (
    SpanTokens,
    align_spans,
    describe_span,
    document_words,
    spacy_tokens,
)
from annotator.core.model import DocumentRecord


def _meta(record: DocumentRecord) -> dict[str, Any]:
    """Free metadata plus title, external id and source (as the other exports write it)."""
    meta = dict(record.meta)
    meta["title"] = record.title
    if record.external_id is not None:
        meta["external_id"] = record.external_id
    if record.source:
        meta["source"] = record.source
    return meta


def to_prodigy_tokens(
    record: DocumentRecord, *, clitics: bool = False, problems: list[str] | None = None
) -> dict[str, Any]:
    """The Prodigy task of one record, with tokens; misaligned spans go to ``problems``."""
    problems = problems if problems is not None else []
    text = record.text
    words = document_words(record, clitics=clitics)
    tokens, at = spacy_tokens(text, words)
    aligned, bad = align_spans(record, words)
    for index in bad:
        problems.append(
            f"{describe_span(record, index)} does not fall on token boundaries; left out of prodigy"
        )

    def span(a: SpanTokens) -> dict[str, Any]:
        s = record.spans[a.index]
        return {
            "start": s.start,
            "end": s.end,
            "token_start": at[a.first],
            "token_end": at[a.last],
            "label": s.label,
            "text": text[s.start : s.end],
        }

    relations = []
    for rel in record.relations:
        head, child = aligned[rel.head], aligned[rel.child]
        if head is None or child is None:
            problems.append(
                f"document {record.document_id}: relation {rel.label} between spans "
                f"{rel.head} and {rel.child} left out of prodigy with its span"
            )
            continue
        relations.append(
            {
                "head": at[head.last],
                "child": at[child.last],
                "label": rel.label,
                "head_span": span(head),
                "child_span": span(child),
            }
        )
    out: dict[str, Any] = {
        "text": text,
        "tokens": [
            {"text": text[s:e], "start": s, "end": e, "id": i, "ws": ws}
            for i, (s, e, ws) in enumerate(tokens)
        ],
        "spans": [span(a) for a in aligned if a is not None],
        "relations": relations,
        "accept": list(record.topics),
        "answer": "accept",
        "meta": _meta(record),
    }
    if record.annotator:
        out["_annotator_id"] = record.annotator
    return out


class ProdigySink(Sink):
    """Prodigy JSON lines with tokens."""

    def __init__(self, options: ExportOptions) -> None:
        super().__init__(options)

    def write(self, record: DocumentRecord) -> bytes:
        """The record's task line."""
        task = to_prodigy_tokens(record, clitics=self.options.clitics, problems=self.problems)
        return orjson.dumps(task, option=orjson.OPT_APPEND_NEWLINE)
