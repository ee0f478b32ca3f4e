"""Lanes of the bars drawn under overlapping entities (pure arithmetic, no widgets)."""

from __future__ import annotations

from annotator.gui.marks import overlap_lanes


def test_lone_spans_get_no_bar_and_nested_ones_stack() -> None:
    assert overlap_lanes([(0, 4), (5, 9)]) == {}
    # Outer first (lane 0), the one inside it above, a third inside both higher still.
    assert overlap_lanes([(2, 5), (0, 10), (3, 4), (20, 30)]) == {1: 0, 0: 1, 2: 2}


def test_crossing_spans_take_different_lanes_and_lanes_are_reused() -> None:
    assert overlap_lanes([(0, 5), (3, 8)]) == {0: 0, 1: 1}
    # Two separate pairs: each pair starts again at lane 0.
    assert overlap_lanes([(0, 5), (3, 8), (10, 15), (12, 18)]) == {0: 0, 1: 1, 2: 0, 3: 1}
