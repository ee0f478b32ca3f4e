"""Tagging: the fast path (no token offsets) gives what the general path gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats.tagging import SCHEMES, _by_offsets, encode_tags, tagged_sentences
from annotator.core.model import DocumentRecord
from tests.strategies import tagged_records


@given(tagged_records(), st.sampled_from(SCHEMES))
@settings(max_examples=500, deadline=None)
def test_fast_path_equals_general_path(record: DocumentRecord, scheme: str) -> None:
    fast: list[str] = []
    general: list[str] = []
    assert tagged_sentences(record, scheme, False, fast, "F") == _by_offsets(
        record, scheme, False, general, "F"
    )
    assert fast == general


def test_schemes() -> None:
    spans = [(0, 0, "X"), (1, 2, "X"), (3, 5, "Y")]
    assert encode_tags(7, spans, "bio") == ["B-X", "B-X", "I-X", "B-Y", "I-Y", "I-Y", "O"]
    assert encode_tags(7, spans, "iob1") == ["I-X", "B-X", "I-X", "I-Y", "I-Y", "I-Y", "O"]
    assert encode_tags(7, spans, "bioes") == ["S-X", "B-X", "E-X", "B-Y", "I-Y", "E-Y", "O"]
    assert encode_tags(7, spans, "bilou") == ["U-X", "B-X", "L-X", "B-Y", "I-Y", "L-Y", "O"]
