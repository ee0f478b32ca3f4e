"""Value types of command-line options that several commands share."""

from __future__ import annotations

import argparse


def count(value: str) -> int:
    """A count option value: a whole number, 0 or more (a negative one would cut from the end)."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"not a count (0 or more): {value!r}")
    return number


def positive(value: str) -> int:
    """A whole number of 1 or more (``--top``: how many of something to give)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not 1 or more: {value!r}")
    return number


ID_MAX = 2**63 - 1
"""The largest id a database can hold (SQLite's 64-bit integers; PostgreSQL's are smaller)."""


def identifier(value: str) -> int:
    """A document, version or pattern id: a whole number that a database can hold (a
    larger one could not be looked up: SQLite cannot even take it as a parameter)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an id (a whole number): {value!r}") from None
    if not 0 <= number <= ID_MAX:
        raise argparse.ArgumentTypeError(f"no such id: {value!r}")
    return number
