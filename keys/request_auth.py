"""Signed responder requests: who is asking, for this exact request, right now.

A responder client signs each API request with its Ed25519 auth key (derived from its
key file, listed in the signed key directory)::

    X-Reportgw-Key        auth key id
    X-Reportgw-Timestamp  Unix seconds
    X-Reportgw-Nonce      16 random bytes, base64url
    X-Reportgw-Signature  Ed25519 over label || method, path (with query), timestamp,
                          nonce, SHA-256(body), newline-separated

The signature binds the method, path, query and body, so a captured request cannot be
redirected or altered; the timestamp bounds how long it can be replayed, and the caller
stores the returned nonce for that window to refuse replays inside it. No bearer secret
ever reaches the server.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from keys.errors import RequestAuthError, SignatureError
from keys.ids import KeyId, b64u_decode, b64u_encode, is_valid_id, is_valid_key_id
from keys.keypairs import SigningPrivateKey, SigningPublicKey

HEADER_KEY = "X-Reportgw-Key"
HEADER_TIMESTAMP = "X-Reportgw-Timestamp"
HEADER_NONCE = "X-Reportgw-Nonce"
HEADER_SIGNATURE = "X-Reportgw-Signature"
DEFAULT_MAX_SKEW = 300
_NONCE_BYTES = 16
_LABEL = b"wbgw/v1/request\x00"
_METHOD = re.compile(r"[A-Z]{1,16}")
# Printable ASCII without spaces: newlines could otherwise forge canonical-string fields.
_PATH = re.compile(r"/[!-~]{0,4095}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_HEADERS = (HEADER_KEY, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_SIGNATURE)
_MALFORMED = "request authentication headers are missing or malformed"


@dataclass(frozen=True)
class VerifiedRequest:
    """A request that authenticated. Store ``nonce`` until ``timestamp + max_skew``."""

    kid: KeyId
    nonce: str
    timestamp: int


def canonical_request(method: str, path: str, timestamp: int, nonce: str, body: bytes) -> bytes:
    """The exact bytes a request signature covers.

    Raises:
        ValueError: the method or path is malformed.
    """
    if not _METHOD.fullmatch(method) or not _PATH.fullmatch(path):
        raise ValueError("method or path is malformed")
    fields = (method, path, str(timestamp), nonce, hashlib.sha256(body).hexdigest())
    return _LABEL + "\n".join(fields).encode("ascii")


def sign_request(
    key: SigningPrivateKey,
    *,
    method: str,
    path: str,
    body: bytes,
    now: float,
    _nonce: str | None = None,
) -> dict[str, str]:
    """Return the authentication headers for one request.

    Args:
        key: the responder's auth key (``ResponderIdentity.auth``).
        method: the HTTP method, e.g. ``"GET"``.
        path: the path including the query string, exactly as sent.
        body: the request body (``b""`` when there is none).
        now: the current time (Unix seconds).
        _nonce: test seam only; a fresh random nonce is used otherwise.

    Raises:
        ValueError: the method or path is malformed.
    """
    nonce = _nonce if _nonce is not None else b64u_encode(secrets.token_bytes(_NONCE_BYTES))
    timestamp = int(now)
    message = canonical_request(method.upper(), path, timestamp, nonce, body)
    return {
        HEADER_KEY: key.kid,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: b64u_encode(key.sign(message)),
    }


def verify_request(
    headers: Mapping[str, str],
    *,
    method: str,
    path: str,
    body: bytes,
    lookup: Callable[[KeyId], SigningPublicKey | None],
    now: float,
    max_skew: int = DEFAULT_MAX_SKEW,
) -> VerifiedRequest:
    """Authenticate a signed request.

    Args:
        headers: the request headers (any case; a header given twice is refused).
        method: the HTTP method as received.
        path: the path including the query string, as received.
        body: the raw request body.
        lookup: returns the auth key for a key id, or ``None``/``KeyError`` when the id
            is unknown or revoked (typically ``directory.responder_by_auth_kid``).
        now: the current time (Unix seconds).
        max_skew: how far the timestamp may be from ``now``, in seconds.

    Returns:
        The key id, nonce and timestamp; the caller refuses a nonce seen before.

    Raises:
        RequestAuthError: missing or malformed headers, a stale or future timestamp, an
            unknown key, or a signature that does not verify.
    """
    kid, timestamp_text, nonce, signature_text = _pick_headers(headers)
    if not is_valid_key_id(kid) or not _TIMESTAMP.fullmatch(timestamp_text):
        raise RequestAuthError(_MALFORMED)
    if not is_valid_id(nonce):  # 16 bytes in canonical base64url, like our ids
        raise RequestAuthError(_MALFORMED)
    try:
        signature = b64u_decode(signature_text)
        message = canonical_request(method.upper(), path, int(timestamp_text), nonce, body)
    except ValueError:
        raise RequestAuthError(_MALFORMED) from None
    timestamp = int(timestamp_text)
    # The window bounds replay; within it the caller's nonce store refuses repeats.
    if abs(now - timestamp) > max_skew:
        raise RequestAuthError("request timestamp is outside the allowed window")
    try:
        public_key = lookup(KeyId(kid))
    except KeyError:
        public_key = None
    if public_key is None or public_key.kid != kid:
        raise RequestAuthError("request key is unknown")
    try:
        public_key.verify(signature, message)
    except SignatureError:
        raise RequestAuthError("request signature does not verify") from None
    return VerifiedRequest(kid=KeyId(kid), nonce=nonce, timestamp=timestamp)


def _pick_headers(headers: Mapping[str, str]) -> tuple[str, str, str, str]:
    wanted = {name.lower(): name for name in _HEADERS}
    found: dict[str, str] = {}
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in wanted:
            # Two copies of a header could be read differently by a proxy and by us.
            if lowered in found or not isinstance(value, str):
                raise RequestAuthError(_MALFORMED)
            found[lowered] = value
    if len(found) != len(_HEADERS):
        raise RequestAuthError(_MALFORMED)
    return (
        found[HEADER_KEY.lower()],
        found[HEADER_TIMESTAMP.lower()],
        found[HEADER_NONCE.lower()],
        found[HEADER_SIGNATURE.lower()],
    )
