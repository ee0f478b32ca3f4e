"""JSON in and out: orjson's output, with long integers and NaN kept exactly."""

from __future__ import annotations

import json
import math
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.jsonio import dumps_exact, loads_exact, may_hold_wide_int


def _metas(*, infinities: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Free metadata as JSON holds it, with integers well beyond 64 bits."""
    leaves = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**80), max_value=2**80)
        | st.floats(allow_nan=False, allow_infinity=infinities)
        | st.text()
    )
    values = st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )
    return st.dictionaries(st.text(), values, max_size=5)


def test_loads_what_orjson_refuses_or_rounds() -> None:
    """Meta written by the stdlib (a 70-bit integer, NaN) loads exactly; the rest by orjson."""
    assert loads_exact('{"a": [1, "ب"]}') == {"a": [1, "ب"]}
    assert loads_exact('{"n": 1180591620717411303425}') == {"n": 2**70 + 1}
    assert loads_exact(f'{{"n": [{2**64 + 1}, -{2**63 + 1}]}}') == {"n": [2**64 + 1, -(2**63 + 1)]}
    assert loads_exact('{"id": "12345678901234567890"}') == {"id": "12345678901234567890"}
    assert math.isnan(loads_exact('{"x": NaN}')["x"])
    nested = {"a": [{"b": 1.5}, {"c": [2**70, -(2**65)]}], "d": "x"}
    assert loads_exact(json.dumps(nested)) == nested


@given(_metas(infinities=True))
def test_loads_as_the_stdlib_reads(meta: dict[str, Any]) -> None:
    """Whatever the stdlib wrote (ASCII escapes, long integers, floats) reads back equal."""
    stored = json.dumps(meta)
    assert loads_exact(stored) == json.loads(stored)


def test_dumps_wide_integers_in_full() -> None:
    """orjson refuses integers beyond 64 bits; they are written whole, the rest as orjson."""
    value = {"n": 2**70, "m": [-(2**63) - 1, float("nan")], "s": "عربي\n", "f": 0.5}
    assert (
        dumps_exact(value, newline=True)
        == (
            '{"n":1180591620717411303424,"m":[-9223372036854775809,null],"s":"عربي\\n","f":0.5}\n'
        ).encode()
    )
    assert dumps_exact({"n": 2**64 - 1}) == orjson.dumps({"n": 2**64 - 1})


def test_dumps_still_refuses_what_json_cannot_hold() -> None:
    """Only wide integers fall back: a non-string key stays the bug it is."""
    with pytest.raises(TypeError):
        dumps_exact({1: 2})


@given(_metas(infinities=False))
def test_dumps_round_trips(meta: dict[str, Any]) -> None:
    """Written and read back, finite meta is what it was; without wide integers, orjson's bytes."""
    written = dumps_exact(meta)
    assert loads_exact(written.decode("utf-8")) == meta
    if all(-(2**63) <= n < 2**64 for n in _integers(meta)):
        assert written == orjson.dumps(meta)


def _integers(value: Any) -> list[int]:
    """Every integer (not bool) inside a JSON value."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [n for item in value.values() for n in _integers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _integers(item)]
    return []


def test_only_floats_beyond_64_bits_send_a_value_to_the_stdlib() -> None:
    """An ordinary float (a Prodigy score) costs no second reading; a wide one is exact."""
    assert not may_hold_wide_int({"score": 0.87, "n": [1e18, -9.2e18], "s": "1e30"})
    assert may_hold_wide_int({"n": [orjson.loads(str(2**64))]})
    # -2**63 - 1 rounds to -2**63 as a float: the edge itself must count.
    assert may_hold_wide_int({"n": orjson.loads(str(-(2**63) - 1))})
    for edge in (2**64, -(2**63) - 1, 2**64 - 1, -(2**63)):
        assert loads_exact(f'{{"n": {edge}, "f": 0.5}}') == {"n": edge, "f": 0.5}
