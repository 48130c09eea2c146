"""Small shared pieces of the clients: API error decoding and directory verification."""

from __future__ import annotations

import json

import httpx2 as httpx

from keys.directory import KeyDirectory, verify_directory
from keys.errors import KeysError
from keys.keypairs import SigningPublicKey


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


def verify_listing(
    listing: dict[str, object], root_public_key: bytes, *, org: str, now: int, min_version: int
) -> KeyDirectory:
    """Verify the signed directory in a gateway's listing against a root key this client trusts
    (never the one the listing carries), refusing versions below `min_version` (rollback)."""
    try:
        return verify_directory(
            json.dumps(listing.get("signed")).encode(),
            SigningPublicKey(root_public_key),
            org=org,
            now=now,
            min_version=min_version,
        )
    except (KeysError, ValueError):
        raise GatewayError("the organisation's key directory does not verify") from None
