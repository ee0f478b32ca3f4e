"""Re-running a whole write transaction that lost a race with a concurrent writer.

Every service operation is one transaction. When several processes write at once, the
database may refuse one of them for reasons that vanish if it simply starts again:

- SQLite: ``database is locked`` / ``busy`` (a writer held the lock past the busy timeout,
  or SQLite could not wait, e.g. while another connection recovers the WAL).
- PostgreSQL: a deadlock (40P01) or serialization failure (40001), and a unique violation
  (23505) when two clients insert the same document, label, annotator or layer at the same
  moment: the one that loses waits for the winner's commit, and on the rerun it finds the
  row and uses it instead of inserting it.

``retrying`` wraps a function whose body is exactly one transaction (it opens and commits
its own ``db.write()``; nothing outside the database happens before the commit), and runs
it again, wholly, after such a refusal, with a short randomised back-off. Only the outermost
retrying call retries: a retrying function called inside another one lets the error reach
the outer one, which reruns the whole transaction. When every attempt fails, the error
becomes a one-line ``DatabaseBusyError``. A unique violation that persists over a few reruns
is a real conflict, not a race, and reaches the caller unchanged.
"""

from __future__ import annotations

import functools
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError

from annotator.core.errors import AnnotatorError
from annotator.storage.errors import first_line

P = ParamSpec("P")
T = TypeVar("T")

ATTEMPTS = 10
"""Runs of a transaction refused by a lock, deadlock or serialization failure."""
UNIQUE_ATTEMPTS = 4
"""Runs of a transaction refused by a unique violation (a race resolves on the first rerun)."""
BACKOFF_S = 0.02
BACKOFF_MAX_S = 1.0

_PG_TRANSIENT = frozenset({"40001", "40P01", "55P03"})  # serialization, deadlock, lock n/a
_PG_UNIQUE = "23505"
_SQLITE_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})

_inside: ContextVar[bool] = ContextVar("annotator_retrying", default=False)

reruns: Counter[str] = Counter()
"""Reruns so far in this process, by kind ("busy", "unique"): a figure for diagnostics."""


class DatabaseBusyError(AnnotatorError):
    """Other writers kept the database busy through every attempt of a transaction."""


def classify(exc: BaseException) -> str | None:
    """``"busy"`` or ``"unique"`` for a refusal worth a rerun, else None."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        if sqlstate in _PG_TRANSIENT:
            return "busy"
        return "unique" if sqlstate == _PG_UNIQUE else None
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        if isinstance(code, int):
            return "busy" if code & 0xFF in _SQLITE_BUSY else None
        message = str(orig).lower()
        return "busy" if "locked" in message or "busy" in message else None
    return None


def _pause(attempt: int) -> None:
    """Sleep a randomised, growing moment so racing writers do not collide again."""
    ceiling = min(BACKOFF_MAX_S, BACKOFF_S * 2 ** (attempt - 1))
    time.sleep(random.uniform(ceiling / 2, ceiling))


def retrying(fn: Callable[P, T]) -> Callable[P, T]:
    """Decorate a one-transaction function so a lost race reruns it wholly (see module doc)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        if _inside.get():
            return fn(*args, **kwargs)
        token = _inside.set(True)
        try:
            return _run(fn, *args, **kwargs)
        finally:
            _inside.reset(token)

    return wrapper


def run_retrying(work: Callable[[], T]) -> T:
    """Run ``work`` (one whole transaction) with the reruns of ``retrying``."""
    return retrying(work)()


def _run(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """The retry loop of ``retrying``."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn(*args, **kwargs)
        except DBAPIError as exc:
            kind = classify(exc)
            if kind is None:
                raise
            limit = UNIQUE_ATTEMPTS if kind == "unique" else ATTEMPTS
            if attempt >= limit:
                if kind == "unique":
                    raise
                reason = first_line(exc)
                raise DatabaseBusyError(
                    f"the database stayed busy through {attempt} attempts ({reason}); "
                    "nothing was written, try again"
                ) from None
            reruns[kind] += 1
        _pause(attempt)
