"""JSON at orjson's speed, with the stdlib where orjson would lose a number or refuse it.

orjson reads an integer beyond 64 bits as a float (losing digits) and will not write one;
the stdlib does both exactly. Free metadata (an article's numeric id, a hash) may hold
such integers, and import, storage and export must keep them as they came.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson

LONG_NUMBER = re.compile(r"\d{19}")
"""A run of digits that may not fit 64 bits, which orjson would read as a float."""
LONG_NUMBER_BYTES = re.compile(rb"\d{19}")
"""``LONG_NUMBER`` for undecoded input lines."""


MAX_DEPTH = 100
"""How deeply free metadata may nest (objects and arrays): imports refuse deeper values.

orjson writes at most 254 levels and the stdlib's recursion stops near 1,000; an
article's metadata needs a handful. A limit well below both keeps every stored value
exportable.
"""
_DEEP_RECURSION = 10_000
"""The interpreter's recursion limit while the stdlib writes a value orjson found too deep."""


def depth_exceeds(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests objects and arrays more than ``limit`` levels deep.

    Iterative (a deep value must not exhaust the stack it guards) and stops at the first
    branch that is too deep; strings and numbers cost nothing.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is dict:
            children: Any = item.values()
        elif kind is list:
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if type(child) in (dict, list))
    return False


@contextmanager
def _deep_recursion() -> Iterator[None]:
    """Let the stdlib's recursive encoder (and ours) go as deep as a stored value does."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, _DEEP_RECURSION))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


_INT_MIN = float(-(2**63))
_UINT_END = float(2**64)


def may_hold_wide_int(value: Any) -> bool:
    """Whether orjson may have read an integer beyond 64 bits somewhere in ``value``.

    orjson reads integers in [-2**63, 2**64) as ints and the others as floats, which are
    then at most -2**63 or at least 2**64 (-2**63 - 1 rounds to -2**63 exactly); an
    ordinary float (a score of 0.87) is no sign of one. A value nested too deep for the
    interpreter's stack counts as holding none: imports refuse it (``MAX_DEPTH``) anyway.
    """
    try:
        return _may_hold_wide_int(value)
    except RecursionError:
        return False


def _may_hold_wide_int(value: Any) -> bool:
    """``may_hold_wide_int`` by plain recursion (fast for the shallow values of real files)."""
    kind = type(value)
    if kind is float:
        return bool(value <= _INT_MIN or value >= _UINT_END)
    if kind is dict:
        items = value.values()
    elif kind is list:
        items = value
    else:
        return False
    # A plain loop, strings skipped at once: this runs for every imported record's meta,
    # and any() over a generator costs twice as much for a meta of a few strings.
    for item in items:  # noqa: SIM110
        if type(item) is not str and _may_hold_wide_int(item):
            return True
    return False


def loads_exact(value: str) -> Any:
    """Parse JSON text with orjson; the stdlib reads long integers and NaN exactly.

    Looking for a long run of digits only when orjson gave a float that wide keeps the
    common case cheap: a regex search over a meta full of ``\\uXXXX`` escapes cost five
    times the parse.
    """
    try:
        parsed = orjson.loads(value)
    except orjson.JSONDecodeError:
        return json.loads(value)  # NaN or Infinity, which older versions wrote
    if may_hold_wide_int(parsed) and LONG_NUMBER.search(value):
        return json.loads(value)
    return parsed


class ExactItems:
    """A JSON array's items as the stdlib reads them, parsed only once some item needs it.

    For files read whole (a JSON array, a Label Studio export): orjson parses them; an
    item whose part holds a float beyond 64-bit range may have lost an integer's digits,
    and only then is the text searched for a long number and, if one is there, parsed
    again by the stdlib.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._long: bool | None = None
        self._items: list[Any] | None = None

    def needed(self, part: Any) -> bool:
        """Whether ``part`` of an item, as orjson read it, may have lost an integer's digits."""
        if not may_hold_wide_int(part):
            return False
        if self._long is None:
            self._long = LONG_NUMBER.search(self.text) is not None
        return self._long

    def item(self, index: int) -> Any:
        """Item ``index`` (from 0) of the array (a lone object is item 0), read exactly."""
        if self._items is None:
            whole = json.loads(self.text)
            self._items = whole if isinstance(whole, list) else [whole]
        return self._items[index]


def item_line(text: str, index: int) -> int | None:
    """The line (from 1) where item ``index`` (from 0) of the JSON array ``text`` begins.

    For error messages only (``file:line: reason`` for a bad task of a Label Studio export
    or a bad record of a JSON array): the items before it are skipped with the stdlib's
    decoder, so it costs a second parse of them. A lone object is item 0 at its own line;
    None when the text is not such an array.
    """
    decoder = json.JSONDecoder()
    blank = " \t\r\n\ufeff"
    at = len(text) - len(text.lstrip(blank))
    if not text.startswith("[", at):
        return text.count("\n", 0, at) + 1 if index == 0 else None
    at += 1
    try:
        for _ in range(index):
            while text[at] in blank:
                at += 1
            _item, at = decoder.raw_decode(text, at)
            while text[at] in blank:
                at += 1
            if text[at] != ",":
                return None
            at += 1
        while text[at] in blank:
            at += 1
    except (ValueError, IndexError):
        return None
    return text.count("\n", 0, at) + 1


def dumps_exact(value: Any, *, newline: bool = False) -> bytes:
    """``orjson.dumps`` (compact, UTF-8); the stdlib writes the integers orjson refuses.

    The fallback keeps orjson's shape (compact separators, characters as they are, NaN
    and infinities as null); only a float's exponent may be spelled differently
    (``1.5e-07`` for ``1.5e-7``). It also writes values nested deeper than orjson's 254
    levels (metadata stored before imports limited the depth to ``MAX_DEPTH``). Anything
    else orjson refuses is a bug and raises.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE if newline else None)
    except orjson.JSONEncodeError as exc:
        with _deep_recursion():
            if not (_holds_wide_int(value) or "recursion" in str(exc).lower()):
                raise
            text = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"))
        return (text + "\n" if newline else text).encode("utf-8")


def _holds_wide_int(value: Any) -> bool:
    """Whether a value has an integer anywhere that 64 bits cannot hold."""
    if isinstance(value, int) and not isinstance(value, bool):
        return not -(2**63) <= value < 2**64
    if isinstance(value, dict):
        return any(_holds_wide_int(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_wide_int(item) for item in value)
    return False


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities as None, as orjson writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value
