"""Strict JSON: every malformed input, however exotic, becomes the caller's opaque error."""

from __future__ import annotations

import pytest

from keys.errors import EnvelopeError
from keys.strict_json import dump_canonical, load_object

HOSTILE = [
    b'{"v":' + b"1" * 5000 + b"}",  # beyond Python's integer digit limit (a plain ValueError)
    b"[" * 100_000,  # nesting deep enough to exhaust the recursion limit
    b'{"a": 1, "a": 2}',  # duplicate keys
    b'{"a": NaN}',
    b"\xff\xfe",
    b"[1, 2]",
    b"",
]


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_raises_only_the_domain_error(data: bytes) -> None:
    with pytest.raises(EnvelopeError, match="^bad$"):
        load_object(data, EnvelopeError, "bad")


def test_canonical_dump_is_sorted_and_compact() -> None:
    assert dump_canonical({"b": 1, "a": "é"}) == b'{"a":"\\u00e9","b":1}'
    assert load_object(dump_canonical({"k": [1]}), EnvelopeError, "bad") == {"k": [1]}
