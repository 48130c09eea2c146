"""Strict JSON for untrusted input: one object, no duplicate keys, no NaN or Infinity.

Duplicate keys are refused because two parsers may keep different copies (one the first,
one the last); every component that reads our formats must see the same fields.
"""

from __future__ import annotations

import json
from typing import Any

from keys.errors import KeysError


class _Rejected(Exception):
    pass


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Rejected
    return result


def _reject_constant(_name: str) -> None:
    raise _Rejected


def load_object(data: bytes, error: type[KeysError], message: str) -> dict[str, Any]:
    """Parse ``data`` as one UTF-8 JSON object.

    Raises:
        KeysError: an instance of ``error`` with ``message`` when the data is not valid
            UTF-8, not JSON, not an object, too deeply nested, has an integer beyond Python's
            digit limit, or has duplicate keys.
    """
    try:
        loaded = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
        )
    except (ValueError, RecursionError, _Rejected):
        # ValueError covers JSONDecodeError, UnicodeDecodeError and Python's limit on the digits
        # of an integer: every malformed input becomes the one opaque domain error.
        raise error(message) from None
    if not isinstance(loaded, dict):
        raise error(message)
    return loaded


def dump_canonical(obj: object) -> bytes:
    """Serialise with sorted keys, no spaces and ASCII only: one spelling per value."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")
