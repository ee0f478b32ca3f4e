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

from bisect import bisect_right
from collections.abc import Callable
from itertools import compress, count, islice
from operator import not_
from typing import Any

from annotator.core.formats.records import PRODIGY_PREFIX
from annotator.core.formats.sinks import Sink
from annotator.core.formats.tokens import (
    TOKENS_META,
    SpanTokens,
    Words,
    align_spans,
    describe_span,
    document_words,
    gap_tokens,
)
from annotator.core.jsonio import dumps_exact
from annotator.core.model import DocumentRecord, is_model_layer

_SPACE = " "
_PLAIN_GAPS = frozenset(("", _SPACE))
"""Gaps that make no token: nothing between two words, or the one space of a ``ws`` flag."""


def _meta(record: DocumentRecord) -> dict[str, Any]:
    """Free metadata plus title, external id and source (as the other exports write it).

    The document's own tokens are the task's ``tokens``, not repeated in meta.
    """
    meta = dict(record.meta)
    meta.pop(TOKENS_META, None)
    meta["title"] = record.title
    if record.external_id is not None:
        meta["external_id"] = record.external_id
    if record.source:
        meta["source"] = record.source
    return meta


def token_dicts(words: Words) -> tuple[list[dict[str, Any]], Callable[[int], int]]:
    """Prodigy's token objects, cut as ``tokens.spacy_tokens`` cuts them, and word -> token.

    Built a run of words at a time, between the gaps that are not a single space
    (paragraph breaks, double spaces, invisible marks), whose pieces become tokens.
    """
    texts, starts, ends, gaps = words.texts, words.starts, words.ends, words.gaps
    size = len(texts)
    # Both lists by C-level maps over the gaps: a comprehension costs ~4x as much per gap.
    ws = list(map(_SPACE.__eq__, islice(gaps, 1, None)))
    odd = list(compress(count(), map(not_, map(_PLAIN_GAPS.__contains__, gaps))))
    if gaps and gaps[0] == _SPACE:  # a space before the first word is a token of its own
        odd.insert(0, 0)
    out: list[dict[str, Any]] = []
    shifts: list[int] = []  # gap tokens before the words from odd[j] on
    done = 0
    for k in [*odd, size + 1]:
        stop = min(k, size)
        if stop > done:
            out += [
                {"text": t, "start": s, "end": e, "id": i, "ws": w}
                for i, t, s, e, w in zip(
                    count(len(out)),
                    texts[done:stop],
                    starts[done:stop],
                    ends[done:stop],
                    ws[done:stop],
                    strict=False,
                )
            ]
            done = stop
        if k > size:
            break
        # The gap's pieces; a word before it is stood in for, to learn its ws flag.
        pieces: list[tuple[str, int, int, bool]] = [("w", 0, 0, False)] if k else []
        gap_tokens(gaps[k], ends[k - 1] if k else 0, pieces, k > 0)
        if k:
            out[-1]["ws"] = out[-1]["ws"] or pieces[0][3]
            pieces = pieces[1:]
        out += [
            {"text": t, "start": s, "end": e, "id": i, "ws": w}
            for i, (t, s, e, w) in enumerate(pieces, start=len(out))
        ]
        shifts.append(len(out) - stop)

    def at(word: int) -> int:
        j = bisect_right(odd, word) - 1
        return word + (shifts[j] if j >= 0 else 0)

    return out, at


def to_prodigy_tokens(
    record: DocumentRecord, *, clitics: bool = False, problems: list[str] | None = None
) -> dict[str, Any]:
    """The Prodigy task of one record, with tokens; misaligned spans go to ``problems``."""
    problems = problems if problems is not None else []
    text = record.text
    words = document_words(record, clitics=clitics)
    tokens, at = token_dicts(words)
    aligned, bad = align_spans(record, words)
    for index in bad:
        problems.append(
            f"{describe_span(record, index)} does not fall on token boundaries; left out of prodigy"
        )

    def span(a: SpanTokens) -> dict[str, Any]:
        s = record.spans[a.span]
        return {
            "start": s.start,
            "end": s.end,
            "token_start": at(a.first),
            "token_end": at(a.last),
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
                "head": at(head.last),
                "child": at(child.last),
                "label": rel.label,
                "head_span": span(head),
                "child_span": span(child),
            }
        )
    written = [span(a) for a in aligned if a is not None]
    if record.scores and is_model_layer(record.annotator):
        # A model layer's span scores where Prodigy's own ner.teach puts them.
        for item in written:
            score = record.scores.get((item["start"], item["end"], item["label"]))
            if score is not None:
                item["score"] = score
    out: dict[str, Any] = {
        "text": text,
        "tokens": tokens,
        "spans": written,
        "relations": relations,
        "accept": list(record.topics),
        "meta": _meta(record),
    }
    if not is_model_layer(record.annotator):
        # A layer rejected or ignored in Prodigy (or skipped in Label Studio) keeps its
        # answer; every other person's layer written is an accepted example. A model
        # layer is a task to correct (as ``ner.correct`` streams them): no answer.
        out["answer"] = record.answer if record.declined and record.answer else "accept"
    if record.status is not None:
        out["status"] = record.status.value  # this tool's own progress, read back as such
    ext = record.external_id or ""
    if ext.startswith(PRODIGY_PREFIX) and ext[len(PRODIGY_PREFIX) :].lstrip("-").isdigit():
        out["_input_hash"] = int(ext[len(PRODIGY_PREFIX) :])
    if record.annotator:
        out["_annotator_id"] = record.annotator
    return out


class ProdigySink(Sink):
    """Prodigy JSON lines with tokens: accepted examples, and rejected/ignored layers with
    their answer (as Prodigy's own datasets hold them)."""

    writes_declined = True

    def write(self, record: DocumentRecord) -> bytes:
        """The record's task line."""
        task = to_prodigy_tokens(record, clitics=self.options.clitics, problems=self.problems)
        self.spans_written += len(task["spans"])
        self.scores_written += sum(1 for s in task["spans"] if "score" in s)
        self.relations_written += len(task["relations"])
        self.topics_written += len(task["accept"])
        return dumps_exact(task, newline=True)
