"""server.json_text.loads reads every text json.loads reads, to the same value."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from server.json_text import loads

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(values, st.booleans())
def test_same_value_as_json_loads(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert loads(text) == json.loads(text)
    assert loads(text.encode()) == json.loads(text)


def test_the_stored_forms_and_the_odd_ones() -> None:
    usage = ('[{"month": "2026-08", "data_mb_in_plan": 454.9, "data_mb_out_of_plan": 0.0, '
             '"minutes_in_plan": 36, "spend_yuan": 38.0}]')
    assert loads(usage) == json.loads(usage)
    assert type(loads(usage)[0]["minutes_in_plan"]) is int
    assert loads("12345678901234567890123") == 12345678901234567890123
    assert loads('{"a": 1, "a": 2}') == {"a": 2}  # the last one, as json.loads
    assert loads('"\\u00e9\\u4e2d"') == "é中"
    # a lone surrogate: pydantic-core refuses it, json.loads (and PostgreSQL) take it
    assert loads('"\\ud800x"') == "\ud800x"
    assert math.isnan(loads("NaN")) and loads("-Infinity") == -math.inf
    for bad in ("", "{", "[1,]", "nul"):
        try:
            loads(bad)
        except ValueError as exc:  # json.JSONDecodeError, as json.loads raises
            assert isinstance(exc, json.JSONDecodeError)
        else:
            raise AssertionError(f"{bad!r} was read")
