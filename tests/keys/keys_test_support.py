"""Helpers that take envelopes apart and put them back together, for tamper tests."""

from __future__ import annotations

import json
from typing import Any

from keys.ids import b64u_decode, b64u_encode


def outer(envelope: bytes) -> dict[str, Any]:
    """The outer JSON object of an envelope."""
    loaded: dict[str, Any] = json.loads(envelope)
    return loaded


def dump(obj: object) -> bytes:
    """Serialise an outer object the way the sealers do."""
    return json.dumps(obj, separators=(",", ":")).encode()


def header(envelope: bytes) -> dict[str, Any]:
    """The decoded header fields of an envelope."""
    loaded: dict[str, Any] = json.loads(b64u_decode(outer(envelope)["h"]))
    return loaded


def with_header(envelope: bytes, fields: dict[str, Any]) -> bytes:
    """The envelope with its header replaced by ``fields`` (serialised compactly)."""
    rewritten = outer(envelope)
    rewritten["h"] = b64u_encode(json.dumps(fields, separators=(",", ":")).encode())
    return dump(rewritten)


def with_header_bytes(envelope: bytes, header_bytes: bytes) -> bytes:
    """The envelope with raw header bytes."""
    rewritten = outer(envelope)
    rewritten["h"] = b64u_encode(header_bytes)
    return dump(rewritten)


def flip_bit(value: str, index: int) -> str:
    """Flip the lowest bit of byte ``index`` of a base64url field."""
    data = bytearray(b64u_decode(value))
    data[index] ^= 1
    return b64u_encode(bytes(data))


def with_field(envelope: bytes, name: str, value: object) -> bytes:
    """The envelope with outer field ``name`` replaced."""
    rewritten = outer(envelope)
    rewritten[name] = value
    return dump(rewritten)
