"""The figures a lead editor asks for, computed from plain rows: progress, labels, time, trend.

Pure functions over rows the services read (no SQL, no Qt); each figure is defined here.

* **Progress** (``progress``): a layer is *done* from the moment its status becomes
  ``done`` until it leaves ``done``. From the audit log's status changes, per annotator and
  per UTC day: ``done`` = layers that became done that day minus those that left done, and
  ``total`` = done layers at the end of that day (the running sum). The series ``*`` is all
  annotators together. Days without a change have no point.
* **Time spent** (``time_spent``): a person's actions on layers (audit entries with a
  document), in the order the audit log holds them (its ids: time order, unless two
  machines' clocks disagree), across all documents. The gap between two consecutive
  actions counts as work on the document of the *later* action when it is at most
  ``IDLE_SECONDS`` (5 minutes); a longer gap is a pause (reading the paper, lunch, the
  night) and counts nothing, and so does a negative gap (clocks that disagree). So a
  session's first action adds 0 s, and time is never counted twice when two windows are
  open.
* **Spans per article** (``histogram``): the number of spans in each annotator layer (gold
  apart), as "how many layers have n spans".
* **Agreement trend** (``trend_buckets``): documents grouped by the UTC day the last of
  their compared layers was last changed; each day's agreement is computed over that day's
  documents alone (not cumulative), so a change in the team's agreement shows at once.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

IDLE_SECONDS = 300
"""A gap between one person's consecutive actions longer than this is a pause, not work."""
ALL = "*"
"""The series name of all annotators together."""
DONE = "done"


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One audit entry that changed a layer's status."""

    at: datetime
    owner: str
    """Whose layer (the layer's annotator, not necessarily the actor)."""
    layer_id: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Action:
    """One audit entry of a person acting on a document's layer."""

    at: datetime
    actor: str
    document_id: int
    seq: int = 0
    """The audit entry's id: actions are taken in this order (then by time)."""


@dataclass(frozen=True, slots=True)
class DayPoint:
    """Progress of one series on one day: net layers done that day, done at its end."""

    day: date
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class TimeRow:
    """Seconds one person worked on one document (idle gaps cut) and their actions."""

    document_id: int
    actor: str
    seconds: float
    actions: int


def progress(changes: Iterable[StatusChange]) -> dict[str, list[DayPoint]]:
    """Done layers per day per annotator and overall (``ALL``); see the module docstring."""
    return progress_from_counts((c.at.date(), c.owner, c.before, c.after, 1) for c in changes)


def progress_from_counts(
    counts: Iterable[tuple[date, str, str, str, int]],
) -> dict[str, list[DayPoint]]:
    """``progress`` from status changes already counted per ``(day, owner, before, after)``."""
    net: dict[str, Counter[date]] = defaultdict(Counter)
    for day, owner, before, after, n in counts:
        step = ((after == DONE) - (before == DONE)) * n
        if step:
            net[owner][day] += step
            net[ALL][day] += step
    out: dict[str, list[DayPoint]] = {}
    for owner in sorted(net, key=lambda n: (n != ALL, n)):
        total = 0
        points = []
        for day in sorted(net[owner]):
            total += net[owner][day]
            points.append(DayPoint(day, net[owner][day], total))
        out[owner] = points
    return out


def time_spent(actions: Iterable[Action], idle: float = IDLE_SECONDS) -> list[TimeRow]:
    """Seconds per (document, person), gaps over ``idle`` cut; see the module docstring."""
    by_actor: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        by_actor[action.actor].append(action)
    seconds: dict[tuple[int, str], float] = defaultdict(float)
    counts: Counter[tuple[int, str]] = Counter()
    for actor, items in by_actor.items():
        items.sort(key=lambda a: (a.seq, a.at))
        previous: datetime | None = None
        for action in items:
            key = (action.document_id, actor)
            counts[key] += 1
            if previous is not None:
                gap = (action.at - previous).total_seconds()
                if 0 <= gap <= idle:
                    seconds[key] += gap
            previous = action.at
    return [
        TimeRow(doc, actor, seconds.get((doc, actor), 0.0), n)
        for (doc, actor), n in sorted(counts.items())
    ]


def histogram(values: Iterable[int]) -> list[tuple[int, int]]:
    """``(value, how many times)`` sorted by value."""
    return sorted(Counter(values).items())


def median(values: Sequence[float]) -> float | None:
    """The median, None of nothing."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def trend_buckets(last_changed: Mapping[int, datetime]) -> dict[date, list[int]]:
    """Document ids by the UTC day their compared layers were last changed, days in order."""
    out: dict[date, list[int]] = defaultdict(list)
    for doc, at in last_changed.items():
        out[at.date()].append(doc)
    return {day: sorted(out[day]) for day in sorted(out)}


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (``\\n`` line ends, UTF-8 ready), None as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()
