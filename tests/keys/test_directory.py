"""Signed key directory: pinned root, rollback, expiry, organisation and strict parsing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keys.directory import (
    IntakeKey,
    KeyDirectory,
    ResponderEntry,
    sign_directory,
    verify_directory,
)
from keys.errors import DirectoryError
from keys.ids import b64u_decode, b64u_encode
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from keys.suites import Suite

ORG = "acme"
NOW = 1_800_000_000
DAY = 86_400


@pytest.fixture
def root() -> SigningPrivateKey:
    return SigningPrivateKey.generate()


@pytest.fixture
def identities() -> list[ResponderIdentity]:
    return [ResponderIdentity.generate() for _ in range(2)]


@pytest.fixture
def directory(identities: list[ResponderIdentity], worker_key: SigningPrivateKey) -> KeyDirectory:
    old = RecipientPrivateKey.generate(Suite.XWING).public()
    new = RecipientPrivateKey.generate(Suite.XWING).public()
    fallback = RecipientPrivateKey.generate(Suite.X25519).public()
    return KeyDirectory(
        org=ORG,
        version=7,
        issued=NOW - DAY,
        not_after=NOW + 30 * DAY,
        intake=(
            IntakeKey(old, not_before=NOW - 90 * DAY, not_after=NOW + DAY),
            IntakeKey(fallback, not_before=NOW - DAY, not_after=NOW + 90 * DAY),
            IntakeKey(new, not_before=NOW - DAY, not_after=NOW + 90 * DAY),
        ),
        responders=tuple(
            ResponderEntry(
                f"responder:{index}", identity.encryption.public(), identity.auth.public()
            )
            for index, identity in enumerate(identities)
        ),
        worker=worker_key.public(),
    )


def _resign(signed: bytes, root: SigningPrivateKey, change: dict[str, Any]) -> bytes:
    """Re-sign a directory body with one field changed (as a careless admin tool might)."""
    body = json.loads(b64u_decode(json.loads(signed)["body"])) | change
    body_bytes = json.dumps(body).encode()
    signature = root.sign(b"wbgw/v1/key-directory\x00" + body_bytes)
    return json.dumps(
        {"body": b64u_encode(body_bytes), "sig": b64u_encode(signature), "root": root.kid}
    ).encode()


def test_signed_directory_verifies_to_the_same_content(
    directory: KeyDirectory, root: SigningPrivateKey
) -> None:
    # Given a directory signed by the organisation root
    signed = sign_directory(directory, root)
    # When a client verifies it against the pinned root key
    verified = verify_directory(signed, root.public(), org=ORG, now=NOW, min_version=7)
    # Then the content is the same
    assert verified == directory
    assert verified.to_body_bytes() == directory.to_body_bytes()


def test_helpers_pick_current_intake_and_responders(
    directory: KeyDirectory, identities: list[ResponderIdentity]
) -> None:
    # The newest valid key wins, and X-Wing is preferred over X25519 at equal age
    assert directory.current_intake(NOW) == directory.intake[2]
    # Before the new keys start, the old one is current
    assert directory.current_intake(NOW - 2 * DAY) == directory.intake[0]
    with pytest.raises(DirectoryError, match="no intake key"):
        directory.current_intake(NOW + 365 * DAY)
    # Responders are found by their auth key id; unknown ids raise KeyError
    entry = directory.responder_by_auth_kid(identities[1].auth.kid)
    assert entry.owner == "responder:1" and entry.kid == identities[1].encryption.kid
    with pytest.raises(KeyError):
        directory.responder_by_auth_kid(identities[1].encryption.kid)
    assert directory.responder_keys() == tuple(i.encryption.public() for i in identities)
    assert directory.intake[1].suite is Suite.X25519


def test_wrong_root_is_refused(directory: KeyDirectory, root: SigningPrivateKey) -> None:
    # Given a directory signed by an attacker's key
    attacker = SigningPrivateKey.generate()
    forged = sign_directory(directory, attacker)
    # Then it is refused, whether it names the attacker's root or the pinned one
    with pytest.raises(DirectoryError, match="another root"):
        verify_directory(forged, root.public(), org=ORG, now=NOW)
    relabelled = json.dumps(json.loads(forged) | {"root": root.kid}).encode()
    with pytest.raises(DirectoryError, match="signature"):
        verify_directory(relabelled, root.public(), org=ORG, now=NOW)


def test_tampered_body_is_refused(directory: KeyDirectory, root: SigningPrivateKey) -> None:
    # Given a signed directory whose body adds an attacker's responder key
    signed = json.loads(sign_directory(directory, root))
    body = json.loads(b64u_decode(signed["body"]))
    body["version"] = 8
    signed["body"] = b64u_encode(json.dumps(body).encode())
    # Then the signature no longer verifies
    with pytest.raises(DirectoryError, match="signature"):
        verify_directory(json.dumps(signed).encode(), root.public(), org=ORG, now=NOW)


def test_rollback_is_refused(directory: KeyDirectory, root: SigningPrivateKey) -> None:
    # Given a client that has already seen version 8
    signed = sign_directory(directory, root)
    # Then version 7 is refused
    with pytest.raises(DirectoryError, match="older"):
        verify_directory(signed, root.public(), org=ORG, now=NOW, min_version=8)


def test_expired_directory_is_refused(directory: KeyDirectory, root: SigningPrivateKey) -> None:
    signed = sign_directory(directory, root)
    with pytest.raises(DirectoryError, match="expired"):
        verify_directory(signed, root.public(), org=ORG, now=directory.not_after)


def test_other_organisation_is_refused(directory: KeyDirectory, root: SigningPrivateKey) -> None:
    signed = sign_directory(directory, root)
    with pytest.raises(DirectoryError, match="another organisation"):
        verify_directory(signed, root.public(), org="other", now=NOW)


@pytest.mark.parametrize(
    "data",
    [b"", b"[]", b"{}", b'{"body":"","sig":"","root":"","x":1}', b"{" * 10, b"x" * (2 << 20)],
)
def test_malformed_wire_data_is_refused(data: bytes, root: SigningPrivateKey) -> None:
    with pytest.raises(DirectoryError):
        verify_directory(data, root.public(), org=ORG, now=NOW)


def test_malformed_base64_is_refused(directory: KeyDirectory, root: SigningPrivateKey) -> None:
    signed = json.loads(sign_directory(directory, root))
    for change in ({"sig": "***"}, {"body": 5}):
        with pytest.raises(DirectoryError, match="malformed"):
            verify_directory(json.dumps(signed | change).encode(), root.public(), org=ORG, now=NOW)


def _intake(directory: KeyDirectory, root: SigningPrivateKey) -> dict[str, Any]:
    body = json.loads(b64u_decode(json.loads(sign_directory(directory, root))["body"]))
    intake: dict[str, Any] = body["intake"][0]
    return intake


@pytest.mark.parametrize(
    "change",
    [
        {"type": "other"},
        {"v": 2},
        {"v": "1"},
        {"org": "Bad Org"},
        {"version": True},
        {"version": 0},
        {"intake": []},
        {"intake": "none"},
        {"responders": [{"owner": "x"}]},
        {"worker": {"kid": "0" * 32, "pub": b64u_encode(bytes(32))}},
        {"extra": 1},
    ],
)
def test_malformed_signed_bodies_are_refused(
    directory: KeyDirectory, root: SigningPrivateKey, change: dict[str, Any]
) -> None:
    # Given a root that signed a malformed body (a buggy admin tool)
    signed = _resign(sign_directory(directory, root), root, change)
    # Then clients still refuse it
    with pytest.raises(DirectoryError):
        verify_directory(signed, root.public(), org=ORG, now=NOW)


@pytest.mark.parametrize(
    "entry_change",
    [
        {"kid": "0" * 32},  # a key filed under another id
        {"suite": [32, 1, 1]},  # suite off the allow-list
        {"pub": "AAAA"},
        {"not_before": "now"},
    ],
)
def test_malformed_intake_entries_are_refused(
    directory: KeyDirectory, root: SigningPrivateKey, entry_change: dict[str, Any]
) -> None:
    entry = _intake(directory, root) | entry_change
    signed = _resign(sign_directory(directory, root), root, {"intake": [entry]})
    with pytest.raises(DirectoryError, match="malformed"):
        verify_directory(signed, root.public(), org=ORG, now=NOW)


def test_malformed_responder_owner_is_refused(
    directory: KeyDirectory, root: SigningPrivateKey
) -> None:
    body = json.loads(b64u_decode(json.loads(sign_directory(directory, root))["body"]))
    responder = body["responders"][0] | {"owner": 5}
    signed = _resign(sign_directory(directory, root), root, {"responders": [responder]})
    with pytest.raises(DirectoryError, match="malformed"):
        verify_directory(signed, root.public(), org=ORG, now=NOW)


def test_inconsistent_directories_cannot_be_built(
    directory: KeyDirectory, worker_key: SigningPrivateKey
) -> None:
    intake = directory.intake
    base: dict[str, Any] = {
        "org": ORG,
        "version": 1,
        "issued": NOW,
        "not_after": NOW + DAY,
        "intake": intake,
        "responders": (),
        "worker": worker_key.public(),
    }
    inverted = IntakeKey(intake[0].public_key, not_before=NOW, not_after=NOW - 1)
    for change in (
        {"org": "Bad Org"},
        {"version": 0},
        {"issued": NOW + 2 * DAY},
        {"intake": ()},
        {"intake": (inverted,)},
        {"intake": (intake[0], intake[0])},
        {"responders": directory.responders + directory.responders[:1]},
    ):
        with pytest.raises(ValueError, match="."):
            KeyDirectory(**(base | change))
