"""Strict JSON body parsing shared by the routes."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from gateway.errors import ApiError


async def read_json_object(request: Request) -> tuple[bytes, dict[str, Any]]:
    """Return the raw body and its JSON object, or raise `ApiError("malformed_json")`."""
    body = await request.body()
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError("malformed_json") from None
    if not isinstance(value, dict):
        raise ApiError("malformed_json")
    return body, value
