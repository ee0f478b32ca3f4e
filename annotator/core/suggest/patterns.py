"""Dictionaries and patterns: names per label, and Prodigy ``patterns.jsonl`` token patterns.

A pattern file has one JSON object a line, ``{"label": "ORG", "pattern": ...}`` where the
pattern is a phrase (``"وزارة الخارجية"``, matched like propagation: by search key, a
proclitic allowed on the first word) or a list of token tests as Prodigy/spaCy write them:
``[{"lower": "حلف"}, {"lower": {"IN": ["الناتو", "الأطلسي"]}}, {"text": {"REGEX": "^\\d+$"}}]``.
A token test names one attribute, ``lower``/``orth``/``text`` (compared by search key, so
harakat and hamza do not matter) or ``is_digit``/``is_punct``, with a value, an ``IN`` list
or a ``REGEX``. Anything else (``OP``, ``pos``, ``lemma`` ...) is refused with the file and
line, never silently ignored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import InputError
from annotator.core.formats.tokens import Words
from annotator.core.suggest.base import DICTIONARY, Suggestion, clitic_variants, word_key
from annotator.core.suggest.phrases import PhraseTable, crosses_line, cut_offset, phrase_key

SCORE = 0.9
"""The score of a dictionary or pattern match (someone wrote it down)."""

Test = Callable[[str, str], bool]
"""A token test: (word, its search key) -> matches."""

_TEXT_ATTRS = frozenset({"lower", "orth", "text", "norm"})


@dataclass(frozen=True, slots=True)
class Pattern:
    """One entry: a label and either a phrase (word keys) or a token pattern (its JSON)."""

    label: str
    phrase: tuple[str, ...] | None = None
    tokens: str | None = None
    line: int | None = field(default=None, compare=False)
    """The file line it was read from (None when stored)."""
    written: str | None = field(default=None, compare=False)
    """A phrase as it was written (harakat, letter forms, case): what is stored and
    listed; two phrases of the same words by search key are the same pattern."""

    def as_json(self) -> str:
        """The pattern as the JSON its file line holds (the database keeps this)."""
        if self.phrase is not None:
            return json.dumps(self.written or " ".join(self.phrase), ensure_ascii=False)
        return self.tokens or "[]"


def stored_pattern(label: str, raw: str) -> Pattern:
    """A pattern from its stored label and JSON (``Pattern.as_json``)."""
    value = json.loads(raw)
    if isinstance(value, str):
        return Pattern(label, phrase=phrase_key(value), written=value)
    return Pattern(label, tokens=raw)


def _test(attr: str, value: object, where: tuple[str, int]) -> Test:
    """One token test from an attribute and its value; InputError when not supported."""
    name = attr.lower()
    if name in ("is_digit", "is_punct"):
        want = bool(value)
        if name == "is_digit":
            return lambda w, _k: w.isdigit() == want
        return lambda w, _k: (not any(ch.isalnum() for ch in w)) == want
    if name not in _TEXT_ATTRS:
        raise InputError(
            f"unsupported token attribute {attr!r} (lower, orth, text, is_digit, is_punct)", *where
        )
    if isinstance(value, str):
        key = word_key(value)
        return lambda _w, k: k == key
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op.upper() == "IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            keys = frozenset(word_key(a) for a in arg)
            return lambda _w, k: k in keys
        if op.upper() == "REGEX" and isinstance(arg, str):
            try:
                rx = re.compile(arg)
            except re.error as exc:
                raise InputError(f"bad REGEX {arg!r}: {exc}", *where) from None
            return lambda w, _k: rx.search(w) is not None
    raise InputError(f"unsupported value for {attr!r}: {value!r} (a string, IN or REGEX)", *where)


def _check_letters(items: list[Any], where: tuple[str, int]) -> None:
    """InputError when a string test's value has no letters (harakat, tatweel or nothing)
    or an IN list is empty: no word has an empty key, so such a test would never match.
    (Only for a file being read: a stored pattern loads as it is.)"""
    for item in items:
        ((attr, value),) = item.items()
        values: object = [value]
        if isinstance(value, dict):
            ((op, values),) = value.items()
            if op.upper() != "IN":
                continue
        if values == []:
            raise InputError(f"{attr!r} has an empty IN list: it matches no word", *where)
        for v in values if isinstance(values, list) else ():
            if isinstance(v, str) and not word_key(v):
                raise InputError(f"{attr!r} {v!r} has no letters: it matches no word", *where)


def _has_letters(key: tuple[str, ...]) -> bool:
    """Whether a phrase has a letter or digit: one of punctuation or emoji only would mark
    every such mark as a name."""
    return any(ch.isalnum() for word in key for ch in word)


def compile_tokens(raw: str, where: tuple[str, int] = ("<patterns>", 0)) -> list[Test]:
    """The token tests of a token pattern's JSON; InputError when a test is not supported."""
    items = json.loads(raw)
    tests: list[Test] = []
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            raise InputError(
                f"each token of a pattern must be an object with one attribute, got {item!r}",
                *where,
            )
        ((attr, value),) = item.items()
        tests.append(_test(attr, value, where))
    return tests


def parse_patterns(
    lines: Iterable[str], path: str, unkept: Counter[str] | None = None
) -> list[Pattern]:
    """Read a ``patterns.jsonl``; InputError ``path:line: reason`` at the first bad line.

    Each pattern's ``line`` is its line number. Other fields of a line (spaCy's entity
    ``id``) are not kept: ``unkept`` counts them by name.
    """
    out: list[Pattern] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = (path, number)
        array = "a JSON array: patterns come one object a line (JSON lines, as Prodigy and "
        array += "spaCy write them)"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            if line.lstrip().startswith("["):
                raise InputError(array, *where) from None
            raise InputError(f"not JSON: {exc}", *where) from None
        if isinstance(obj, list):
            raise InputError(array, *where)
        if not isinstance(obj, dict) or not isinstance(obj.get("label"), str) or not obj["label"]:
            raise InputError('expected {"label": "...", "pattern": ...}', *where)
        if unkept is not None:
            unkept.update(key for key in obj if key not in ("label", "pattern"))
        pattern = obj.get("pattern")
        if isinstance(pattern, str):
            key = phrase_key(pattern)
            if not key:
                raise InputError("the pattern phrase has no words", *where)
            if not _has_letters(key):
                raise InputError("the pattern phrase has no letters: it would mark no name", *where)
            written = " ".join(pattern.split())
            out.append(Pattern(obj["label"], phrase=key, line=number, written=written))
        elif isinstance(pattern, list) and pattern:
            raw = json.dumps(pattern, ensure_ascii=False)
            compile_tokens(raw, where)
            _check_letters(pattern, where)
            out.append(Pattern(obj["label"], tokens=raw, line=number))
        else:
            raise InputError(
                "'pattern' must be a phrase or a non-empty list of token tests", *where
            )
    return out


def parse_names(lines: Iterable[str], label: str, path: str = "<names>") -> list[Pattern]:
    """A plain list of names (one a line, ``#`` comments) as phrase patterns of ``label``.

    InputError ``path:line`` for a line with no letter or digit (harakat, tatweel,
    punctuation or emoji only).
    """
    out: list[Pattern] = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            if _is_json_pattern(line):
                raise InputError(
                    "a pattern (JSON), not a name: a patterns file takes no --label (each "
                    "line names its own)",
                    path,
                    number,
                )
            key = phrase_key(line)
            if not _has_letters(key):
                raise InputError("the name has no letters", path, number)
            out.append(Pattern(label, phrase=key, written=" ".join(line.split())))
    return out


def _is_json_pattern(line: str) -> bool:
    """Whether a line of a names list is a JSON object or array (a pattern line)."""
    if not line.startswith(("{", "[")):
        return False
    try:
        return isinstance(json.loads(line), (dict, list))
    except ValueError:
        return False


class PatternMatcher:
    """Matches phrases and token patterns in texts."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.table = PhraseTable()
        self.token_patterns: list[tuple[str, list[Test]]] = []
        for p in patterns:
            if p.phrase is not None:
                self.table.add(p.phrase, p.label)
            elif p.tokens is not None:
                self.token_patterns.append((p.label, compile_tokens(p.tokens)))

    def __len__(self) -> int:
        return len(self.table) + len(self.token_patterns)

    def suggest(self, text: str, words: Words | None = None) -> list[Suggestion]:
        """Every match in ``text``: phrases first, then token patterns where no phrase is."""
        words = words if words is not None else Words.split(text)
        out: list[Suggestion] = []
        for start, end, key in self.table.find(text, words):
            label, _share = self.table.label_of(key)
            out.append(Suggestion(start, end, label, SCORE, DICTIONARY))
        if not self.token_patterns:
            return out
        texts = words.texts
        keys = [word_key(w) for w in texts]
        for label, tests in self.token_patterns:
            n = len(tests)
            i = 0
            while i + n <= len(texts):
                hit = None
                for cut, first in clitic_variants(keys[i]):
                    head = texts[i][cut_offset(texts[i], cut) :]
                    if tests[0](head, first) and all(
                        t(texts[i + j], keys[i + j]) for j, t in enumerate(tests[1:], 1)
                    ):
                        hit = words.starts[i] + cut_offset(texts[i], cut)
                        break
                end = words.ends[i + n - 1]
                if hit is None or crosses_line(text, words, i, n):
                    i += 1
                    continue
                if not any(s.start < end and hit < s.end for s in out):
                    out.append(Suggestion(hit, end, label, SCORE, DICTIONARY))
                i += n
        return out
