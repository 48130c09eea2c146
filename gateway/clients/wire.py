"""Small shared pieces of the clients' wire format: base64url and API error decoding."""

from __future__ import annotations

import base64
import binascii

import httpx2 as httpx


class GatewayError(Exception):
    """The gateway refused a request, or answered something the client cannot use."""


def b64u_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise GatewayError("the gateway sent malformed base64") from None


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
