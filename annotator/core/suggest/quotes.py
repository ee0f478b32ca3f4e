"""Quote suggestions: Arabic reported speech and the nearest PER/ORG as its speaker.

Two cues, from the resource file of reporting verbs (``resources/suggest/reporting_verbs.txt``):

- text between quotation marks (« », “ ”, or a pair of ") of at least two words; scored
  higher when a reporting verb stands in the same sentence;
- a reporting verb followed in its sentence by إن / أن / ":" (``وقال الوزير إن ...``):
  the rest of the sentence.

The speaker is the PER or ORG span nearest to the verb (after it first, as Arabic puts the
subject after the verb), else nearest to the quote, in the same sentence and outside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from annotator.core.arabic import search_key
from annotator.core.model import QUOTE_LABEL, SPEAKER_KINDS
from annotator.core.suggest.base import QUOTES, Suggestion

_PAIRS = re.compile(r"«([^«»\n]+)»|“([^“”\n]+)”|\"([^\"\n]+)\"")
_OPEN_CLOSE = re.compile(r"«[^«»\n]+»|“[^“”\n]+”")  # pairs a sentence never ends inside
_END = re.compile(r"[.!؟?\n]")
_MARKS = '«»“”"'
_WORD = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+")  # marks inside words
_THAT = frozenset({"ان", "بان"})
_MIN_WORDS = 2
_VERB_WINDOW = 12


def parse_verbs(text: str) -> list[tuple[str, ...]]:
    """The reporting verbs of a resource text: one per line, ``#`` comments, by search key."""
    out: list[tuple[str, ...]] = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(tuple(search_key(w) for w in line.split()))
    return out


@cache
def default_verbs() -> tuple[tuple[str, ...], ...]:
    """The bundled reporting verbs."""
    source = resources.files("annotator.resources") / "suggest" / "reporting_verbs.txt"
    return tuple(parse_verbs(source.read_text(encoding="utf-8")))


def _verb_at(keys: Sequence[str], i: int, verbs: dict[str, list[tuple[str, ...]]]) -> int:
    """The number of words of the reporting verb starting at word ``i`` (0 when none).

    ``verbs`` are by first word; و or ف may be glued to it.
    """
    first = keys[i]
    found = verbs.get(first) or (verbs.get(first[1:]) if first[:1] in ("و", "ف") else None)
    for verb in found or ():
        if tuple(keys[i + 1 : i + len(verb)]) == verb[1:]:
            return len(verb)
    return 0


_MARKS_IN_NUMBERS = re.compile(r"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*")
"""Bidi marks that news texts put inside numbers ("4.\u200f95")."""


def _between_digits(text: str, p: int) -> bool:
    """Whether the full stop at ``p`` is a decimal point (a digit either side, bidi marks
    between them and it allowed)."""
    after = _MARKS_IN_NUMBERS.match(text, p + 1)
    before = p
    while before > 0 and _MARKS_IN_NUMBERS.fullmatch(text[before - 1]):
        before -= 1
    return (
        after is not None
        and text[after.end() : after.end() + 1].isdigit()
        and text[before - 1 : before].isdigit()
    )


def _sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence: up to a . ! ؟ ? (kept) or a newline (not kept).

    A full stop between digits (3.5) ends nothing, nor does a mark inside « » or “ ”: a
    quote of several sentences is one sentence here, so that it is found whole.
    """
    inside = [m.span() for m in _OPEN_CLOSE.finditer(text)]
    # Straight quotes pair left to right, so only in a line whose " all pair up (an odd
    # count: inches or a stray mark, and nothing is taken across its sentences).
    # An empty pair ("") is a pair too: it must not shift the pairs after it.
    at = 0
    for line in text.split("\n"):
        marks = [at + i for i, ch in enumerate(line) if ch == '"']
        if len(marks) % 2 == 0:
            inside += [(a, b + 1) for a, b in zip(marks[::2], marks[1::2], strict=True)]
        at += len(line) + 1
    inside.sort()
    out: list[tuple[int, int]] = []
    lo = 0
    k = 0
    for m in _END.finditer(text):
        p = m.start()
        if text[p] != "\n":
            if text[p] == "." and _between_digits(text, p):
                continue
            while k < len(inside) and inside[k][1] <= p:
                k += 1
            if k < len(inside) and inside[k][0] < p:
                continue
            hi = p + 1
        else:
            hi = p
        if lo < hi:
            out.append((lo, hi))
        lo = p + 1
    if lo < len(text):
        out.append((lo, len(text)))
    return out


def _speaker(
    entities: Sequence[tuple[int, int, str]], anchor: int, lo: int, hi: int, quote: tuple[int, int]
) -> tuple[int, int, str] | None:
    """The PER/ORG span in ``[lo, hi)`` outside ``quote`` nearest to ``anchor`` (after first)."""
    best: tuple[int, int, int, str] | None = None
    for start, end, label in entities:
        if label not in SPEAKER_KINDS or start < lo or end > hi:
            continue
        if start < quote[1] and quote[0] < end:
            continue
        distance = start - anchor if start >= anchor else (anchor - end) * 2
        if best is None or distance < best[0]:
            best = (distance, start, end, label)
    return None if best is None else (best[1], best[2], best[3])


def suggest_quotes(
    text: str,
    entities: Sequence[tuple[int, int, str]] = (),
    *,
    verbs: Iterable[tuple[str, ...]] | None = None,
    label: str = QUOTE_LABEL,
) -> list[Suggestion]:
    """Quote suggestions for ``text``; ``entities`` are the known entity spans (speakers)."""
    verb_list: dict[str, list[tuple[str, ...]]] = {}
    for verb in verbs if verbs is not None else default_verbs():
        verb_list.setdefault(verb[0], []).append(verb)
    out: list[Suggestion] = []
    taken: list[tuple[int, int]] = []
    for lo, hi in _sentences(text):
        words = [(m.start(), m.end(), search_key(m.group())) for m in _WORD.finditer(text, lo, hi)]
        keys = [k for _s, _e, k in words]
        verb_ends: list[tuple[int, int]] = []  # (offset of the verb, offset after it)
        i = 0
        while i < len(keys):
            n = _verb_at(keys, i, verb_list)
            if n:
                verb_ends.append((words[i][0], words[i + n - 1][1]))
                i += n
            else:
                i += 1
        for m in _PAIRS.finditer(text, lo, hi):
            group = next(g for g in range(1, 4) if m.group(g) is not None)
            start, end = m.span(group)
            inner = text[start:end]
            while start < end and inner[:1].isspace():
                start, inner = start + 1, inner[1:]
            end = start + len(inner.rstrip())
            if len(_WORD.findall(text, start, end)) < _MIN_WORDS:
                continue
            near = [v for v in verb_ends if (v[1] <= start and start - v[1] < 80) or v[0] >= end]
            anchor = near[0][1] if near else start
            score = 0.85 if near else 0.5
            speaker = _speaker(entities, anchor, lo, hi, (start, end))
            out.append(Suggestion(start, end, label, score, QUOTES, speaker=speaker))
            taken.append((start, end))
        for _verb_start, verb_end in verb_ends:
            after = [w for w in words if w[0] >= verb_end]
            that = next((k for k, w in enumerate(after[:_VERB_WINDOW]) if w[2] in _THAT), None)
            colon = text.find(":", verb_end, hi)
            if that is not None:
                start = after[that][1]
            elif colon != -1 and colon - verb_end < 80:
                start = colon + 1
            else:
                continue
            end = hi
            # The words only: not the white space, the full stop, nor a quotation mark
            # left open (its pair, if any, is in another paragraph).
            body = text[start:end]
            start += len(body) - len(body.lstrip().lstrip(_MARKS).lstrip())
            rest = text[start:end].rstrip().rstrip(".!؟?").rstrip()
            end = start + len(rest.rstrip(_MARKS).rstrip())
            if len(_WORD.findall(text, start, end)) < _MIN_WORDS:
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            speaker = _speaker(entities, verb_end, lo, hi, (start, end))
            out.append(Suggestion(start, end, label, 0.6, QUOTES, speaker=speaker))
            taken.append((start, end))
    return out


def speaker_for(
    text: str, quote: tuple[int, int], entities: Sequence[tuple[int, int, str]]
) -> tuple[int, int, str] | None:
    """The speaker ``suggest_quotes`` gives the quote ``[start, end)`` of ``text`` among
    ``entities`` (a layer's spans, known after the quote was suggested); None when none
    is, or when no quote is suggested there."""
    for found in suggest_quotes(text, entities):
        if (found.start, found.end) == quote:
            return found.speaker
    return None
