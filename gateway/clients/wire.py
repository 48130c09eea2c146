"""Small shared pieces of the clients' wire format: base64url and API error decoding."""

from __future__ import annotations

import httpx2 as httpx


class GatewayError(Exception):
    """The gateway refused a request, or answered something the client cannot use."""


def check_response(response: httpx.Response) -> dict[str, object]:
    """Return the JSON object of a successful response, or raise `GatewayError` with its code."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success and isinstance(body, dict):
        return body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        raise GatewayError(f"{error.get('code')}: {error.get('message')}")
    raise GatewayError(f"unexpected response from the gateway (HTTP {response.status_code})")
