"""Signed responder requests: good, stale, forged, unknown, altered, replay-ready."""

from __future__ import annotations

import pytest

from keys.errors import RequestAuthError
from keys.ids import KeyId
from keys.keypairs import SigningPrivateKey, SigningPublicKey
from keys.request_auth import (
    HEADER_KEY,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    sign_request,
    verify_request,
)

NOW = 1_800_000_000
PATH = "/api/v1/cases?status=open&page=2"
BODY = b'{"label": "bullying"}'


@pytest.fixture
def auth_key() -> SigningPrivateKey:
    return SigningPrivateKey.generate()


def _lookup_for(key: SigningPrivateKey):  # type: ignore[no-untyped-def]
    def lookup(kid: KeyId) -> SigningPublicKey | None:
        return key.public() if kid == key.kid else None

    return lookup


def _verify(headers: dict[str, str], key: SigningPrivateKey, **changes: object) -> object:
    arguments: dict[str, object] = {
        "method": "POST",
        "path": PATH,
        "body": BODY,
        "lookup": _lookup_for(key),
        "now": NOW + 10,
    } | changes
    return verify_request(headers, **arguments)  # type: ignore[arg-type]


def test_signed_request_verifies_and_returns_the_nonce(auth_key: SigningPrivateKey) -> None:
    # Given a responder that signs a request
    headers = sign_request(auth_key, method="post", path=PATH, body=BODY, now=NOW)
    # When the gateway verifies it (headers arrive lower-cased, among others)
    received = {name.lower(): value for name, value in headers.items()}
    verified = verify_request(
        received | {"content-type": "application/json"},
        method="POST",
        path=PATH,
        body=BODY,
        lookup=_lookup_for(auth_key),
        now=NOW + 10,
    )
    # Then it learns the key id, and the nonce to store against replays
    assert verified.kid == auth_key.kid
    assert verified.nonce == headers[HEADER_NONCE] and verified.timestamp == NOW


def test_nonces_are_fresh(auth_key: SigningPrivateKey) -> None:
    first = sign_request(auth_key, method="GET", path="/", body=b"", now=NOW)
    second = sign_request(auth_key, method="GET", path="/", body=b"", now=NOW)
    assert first[HEADER_NONCE] != second[HEADER_NONCE]


@pytest.mark.parametrize("offset", [-301, 301, -10_000])
def test_stale_or_future_timestamps_are_refused(auth_key: SigningPrivateKey, offset: int) -> None:
    headers = sign_request(auth_key, method="POST", path=PATH, body=BODY, now=NOW)
    with pytest.raises(RequestAuthError, match="window"):
        _verify(headers, auth_key, now=NOW - offset)
    # And a custom window applies
    _verify(headers, auth_key, now=NOW - offset, max_skew=20_000)


@pytest.mark.parametrize(
    "change",
    [
        {"method": "DELETE"},
        {"path": "/api/v1/cases?status=closed&page=2"},
        {"path": "/api/v1/cases"},
        {"body": b'{"label": "none"}'},
        {"body": b""},
    ],
)
def test_altered_request_is_refused(auth_key: SigningPrivateKey, change: dict[str, object]) -> None:
    # Given a signed request replayed with another method, path, query or body
    headers = sign_request(auth_key, method="POST", path=PATH, body=BODY, now=NOW)
    # Then the signature does not verify
    with pytest.raises(RequestAuthError, match="signature"):
        _verify(headers, auth_key, **change)


def test_bad_signature_is_refused(auth_key: SigningPrivateKey) -> None:
    headers = sign_request(auth_key, method="POST", path=PATH, body=BODY, now=NOW)
    forged = sign_request(
        SigningPrivateKey.generate(), method="POST", path=PATH, body=BODY, now=NOW
    )
    with pytest.raises(RequestAuthError, match="signature") as caught:
        _verify(headers | {HEADER_SIGNATURE: forged[HEADER_SIGNATURE]}, auth_key)
    assert caught.value.__cause__ is None
    # A changed timestamp or nonce (within the window) also breaks the signature
    with pytest.raises(RequestAuthError, match="signature"):
        _verify(headers | {HEADER_TIMESTAMP: str(NOW + 1)}, auth_key)
    with pytest.raises(RequestAuthError, match="signature"):
        _verify(headers | {HEADER_NONCE: forged[HEADER_NONCE]}, auth_key)


def test_unknown_key_is_refused(auth_key: SigningPrivateKey) -> None:
    stranger = SigningPrivateKey.generate()
    headers = sign_request(stranger, method="POST", path=PATH, body=BODY, now=NOW)
    # A lookup that returns None
    with pytest.raises(RequestAuthError, match="unknown"):
        _verify(headers, auth_key)

    # A lookup that raises KeyError, as KeyDirectory.responder_by_auth_kid does
    def raising(kid: KeyId) -> SigningPublicKey:
        raise KeyError(kid)

    with pytest.raises(RequestAuthError, match="unknown"):
        _verify(headers, auth_key, lookup=raising)
    # A lookup that returns a key with another id
    with pytest.raises(RequestAuthError, match="unknown"):
        _verify(headers, auth_key, lookup=lambda kid: auth_key.public())


@pytest.mark.parametrize(
    "change",
    [
        {HEADER_KEY: "not-a-kid"},
        {HEADER_TIMESTAMP: "-5"},
        {HEADER_TIMESTAMP: "1e9"},
        {HEADER_NONCE: "short"},
        {HEADER_SIGNATURE: "***"},
    ],
)
def test_malformed_headers_are_refused(auth_key: SigningPrivateKey, change: dict[str, str]) -> None:
    headers = sign_request(auth_key, method="POST", path=PATH, body=BODY, now=NOW)
    with pytest.raises(RequestAuthError, match="malformed"):
        _verify(headers | change, auth_key)


@pytest.mark.parametrize("name", [HEADER_KEY, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_SIGNATURE])
def test_missing_or_duplicated_headers_are_refused(auth_key: SigningPrivateKey, name: str) -> None:
    headers = sign_request(auth_key, method="POST", path=PATH, body=BODY, now=NOW)
    missing = {key: value for key, value in headers.items() if key != name}
    with pytest.raises(RequestAuthError, match="malformed"):
        _verify(missing, auth_key)
    duplicated = headers | {name.lower(): headers[name]}
    with pytest.raises(RequestAuthError, match="malformed"):
        _verify(duplicated, auth_key)


def test_malformed_method_or_path_is_refused(auth_key: SigningPrivateKey) -> None:
    headers = sign_request(auth_key, method="POST", path=PATH, body=BODY, now=NOW)
    for change in ({"path": "/cases\nX: 1"}, {"path": "cases"}, {"method": "PO ST"}):
        with pytest.raises(RequestAuthError, match="malformed"):
            _verify(headers, auth_key, **change)
    with pytest.raises(ValueError, match="malformed"):
        sign_request(auth_key, method="GET", path="/a b", body=b"", now=NOW)
