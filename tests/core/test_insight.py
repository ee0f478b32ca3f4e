"""The figures of core.insight against small data counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from annotator.core.insight import (
    ALL,
    IDLE_SECONDS,
    Action,
    DayPoint,
    StatusChange,
    csv_text,
    histogram,
    median,
    progress,
    time_spent,
    trend_buckets,
)

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def at(minutes: float, day: int = 0) -> datetime:
    return T0 + timedelta(days=day, minutes=minutes)


def test_progress_counts_layers_entering_and_leaving_done_per_day() -> None:
    changes = [
        StatusChange(at(0), "alice", 1, "new", "in_progress"),  # not done: no step
        StatusChange(at(5), "alice", 1, "in_progress", "done"),  # day 1: +1
        StatusChange(at(9), "bob", 2, "in_progress", "done"),  # day 1: +1 (bob)
        StatusChange(at(3, day=1), "alice", 3, "in_progress", "done"),  # day 2: +1
        StatusChange(at(4, day=1), "alice", 1, "done", "in_progress"),  # day 2: -1 (reopened)
        StatusChange(at(1, day=3), "alice", 1, "in_progress", "done"),  # day 4: +1
    ]
    got = progress(reversed(changes))  # order of input does not matter
    d1, d2, d4 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 4)
    assert got["alice"] == [DayPoint(d1, 1, 1), DayPoint(d2, 0, 1), DayPoint(d4, 1, 2)]
    assert got["bob"] == [DayPoint(d1, 1, 1)]
    assert got[ALL] == [DayPoint(d1, 2, 2), DayPoint(d2, 0, 2), DayPoint(d4, 1, 3)]
    assert list(got) == [ALL, "alice", "bob"]


def test_time_spent_cuts_idle_gaps_and_credits_the_later_document() -> None:
    actions = [
        Action(at(0), "alice", 1),  # session start: 0
        Action(at(2), "alice", 1),  # +120 s on doc 1
        Action(at(3), "alice", 2),  # +60 s on doc 2 (moved on: the gap was spent on doc 2)
        Action(at(30), "alice", 2),  # 27 min: idle, cut
        Action(at(34), "alice", 2),  # +240 s on doc 2
        Action(at(1), "bob", 1),  # bob's own chain: start
        Action(at(1.5), "bob", 1),  # +30 s
    ]
    rows = {(r.document_id, r.actor): (r.seconds, r.actions) for r in time_spent(actions)}
    assert rows == {
        (1, "alice"): (120.0, 2),
        (2, "alice"): (300.0, 3),
        (1, "bob"): (30.0, 2),
    }


def test_actions_are_taken_in_audit_order_and_a_negative_gap_counts_nothing() -> None:
    # Two machines whose clocks disagree: entry 2 was written after entry 1 but stamped
    # a minute earlier; the gap 1 -> 2 is negative (0 s), 2 -> 3 is 90 s.
    actions = [Action(at(1), "a", 1, 1), Action(at(0), "a", 1, 2), Action(at(1.5), "a", 1, 3)]
    (row,) = time_spent(actions)
    assert (row.seconds, row.actions) == (90.0, 3)


def test_a_gap_of_exactly_the_threshold_counts_and_one_second_more_does_not() -> None:
    edge = [Action(at(0), "a", 1), Action(at(IDLE_SECONDS / 60), "a", 1)]
    assert time_spent(edge)[0].seconds == IDLE_SECONDS
    over = [Action(at(0), "a", 1), Action(at(0) + timedelta(seconds=IDLE_SECONDS + 1), "a", 1)]
    assert time_spent(over)[0].seconds == 0
    assert time_spent(over, idle=IDLE_SECONDS + 1)[0].seconds == IDLE_SECONDS + 1


def test_histogram_median_trend_and_csv() -> None:
    assert histogram([3, 0, 3, 1]) == [(0, 1), (1, 1), (3, 2)]
    assert median([]) is None
    assert median([5, 1, 3]) == 3
    assert median([4, 1, 3, 2]) == 2.5
    buckets = trend_buckets({7: at(0, day=1), 3: at(5, day=1), 4: at(0)})
    assert buckets == {date(2026, 12, 1): [4], date(2026, 12, 2): [3, 7]}
    assert csv_text([("a", None, 1), ("ق,س", 'x"y', 2.5)]) == 'a,,1\n"ق,س","x""y",2.5\n'
