"""Strict JSON body parsing shared by the routes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from gateway.errors import ApiError
from keys.errors import EnvelopeError
from keys.strict_json import load_object


async def read_json_object(request: Request) -> dict[str, Any]:
    """Return the body's JSON object, or raise `ApiError("malformed_json")`."""
    body = await request.body()
    try:
        # The same strict parser as for envelopes: no duplicate keys, no NaN, bounded nesting
        # and integer sizes, every failure one opaque error.
        value = load_object(body, EnvelopeError, "malformed")
    except EnvelopeError:
        raise ApiError("malformed_json") from None
    return value
