"""Known-answer vectors stored as data in tests/keys/vectors/ (made by make_vectors.py).

Stored envelopes must keep opening: a change to the wire format, an info label, the
padding or a key derivation breaks these tests instead of silently stranding every
envelope and key file already in the field.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from keys.case_opening import open_case
from keys.directory import verify_directory
from keys.envelope import envelope_info
from keys.errors import CaseOpenError, EnvelopeError
from keys.ids import CaseId, b64u_decode
from keys.kdf import KdfParams
from keys.keyfile import read_keyfile
from keys.keypairs import (
    RecipientPrivateKey,
    ResponderIdentity,
    SigningPrivateKey,
    SigningPublicKey,
)
from keys.opening import open_message
from keys.padding import pad
from keys.receipts import derive_receipt_keys
from keys.request_auth import verify_request
from keys.suites import Suite
from tests.keys.keys_test_support import flip_bit, outer, with_field
from tests.keys.rfc9180_reference import seal_base

VECTORS = Path(__file__).with_name("vectors")


def load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((VECTORS / name).read_text())
    return loaded


def test_reference_sealer_reproduces_rfc9180_a1_1() -> None:
    # Given the RFC 9180 A.1.1 vector (X25519, HKDF-SHA256, AES-128-GCM, Base mode)
    vector = load("rfc9180_a1_1.json")
    # When the independent reference sealer runs with the vector's ephemeral key
    sealed = seal_base(
        bytes.fromhex(vector["pkRm"]),
        bytes.fromhex(vector["pt"]),
        info=bytes.fromhex(vector["info"]),
        aad=bytes.fromhex(vector["aad"]),
        ephemeral_secret=bytes.fromhex(vector["skEm"]),
        aead_id=vector["aead_id"],
    )
    # Then it produces exactly the RFC's enc and ciphertext
    assert sealed == bytes.fromhex(vector["enc"] + vector["ct"])


def test_reference_x25519_envelope_is_reproduced_and_opens() -> None:
    # Given an envelope sealed by the RFC 9180 reference with our info construction
    vector = load("envelope_x25519_reference.json")
    key = RecipientPrivateKey.from_secret(Suite.X25519, bytes.fromhex(vector["recipient_secret"]))
    envelope = vector["envelope"].encode()
    header_bytes = vector["header"].encode()
    # Then re-sealing with the stored ephemeral key gives the stored bytes exactly
    sealed = seal_base(
        key.public().public_bytes,
        pad(bytes.fromhex(vector["plaintext"])),
        info=envelope_info(header_bytes),
        aad=b"",
        ephemeral_secret=bytes.fromhex(vector["ephemeral_secret"]),
        aead_id=0x0002,
    )
    assert b64u_decode(outer(envelope)["c"]) == sealed
    assert b64u_decode(outer(envelope)["h"]) == header_bytes
    # And the production opener (cryptography's HPKE) opens it
    opened = open_message(
        envelope, {key.kid: key}, typ=vector["typ"], org=vector["org"], case=vector["case"]
    )
    assert opened.plaintext == bytes.fromhex(vector["plaintext"])


def test_stored_xwing_envelope_still_opens_and_tamper_fails() -> None:
    vector = load("envelope_xwing.json")
    key = RecipientPrivateKey.from_secret(Suite.XWING, bytes.fromhex(vector["recipient_seed"]))
    envelope = vector["envelope"].encode()
    keys = {key.kid: key}
    opened = open_message(envelope, keys, typ=vector["typ"], org=vector["org"], case=vector["case"])
    assert opened.plaintext == bytes.fromhex(vector["plaintext"])
    # Paired negatives on the same stored vector
    tampered = with_field(envelope, "c", flip_bit(outer(envelope)["c"], 1500))
    for bad, case in (
        (tampered, vector["case"]),
        (envelope[:-10], vector["case"]),
        (envelope, CaseId("AAAAAAAAAAAAAAAAAAAAAA")),
    ):
        with pytest.raises(EnvelopeError):
            open_message(bad, keys, typ=vector["typ"], org=vector["org"], case=case)
    other = RecipientPrivateKey.generate(Suite.XWING)
    with pytest.raises(EnvelopeError):
        open_message(envelope, {key.kid: other}, typ=vector["typ"], org=vector["org"])


def test_stored_case_still_opens_for_every_responder() -> None:
    vector = load("case_xwing.json")
    worker = SigningPrivateKey.from_secret(bytes.fromhex(vector["worker_secret"])).public()
    envelope = vector["envelope"].encode()
    for master in vector["responder_masters"]:
        identity = ResponderIdentity.from_master(bytes.fromhex(master))
        opened = open_case(
            envelope, identity.encryption, worker_key=worker, org=vector["org"], case=vector["case"]
        )
        assert opened.plaintext == bytes.fromhex(vector["plaintext"])
    tampered = with_field(envelope, "b", flip_bit(outer(envelope)["b"], 0))
    with pytest.raises(CaseOpenError):
        open_case(tampered, identity.encryption, worker_key=worker, org=vector["org"])


def test_key_derivations_are_stable() -> None:
    vector = load("keypairs.json")
    xwing = RecipientPrivateKey.from_secret(Suite.XWING, bytes.fromhex(vector["xwing"]["seed"]))
    assert (
        hashlib.sha256(xwing.public().public_bytes).hexdigest()
        == (vector["xwing"]["public_sha256"])
    )
    assert xwing.kid == vector["xwing"]["kid"]
    x25519 = RecipientPrivateKey.from_secret(
        Suite.X25519, bytes.fromhex(vector["x25519"]["secret"])
    )
    assert x25519.public().public_bytes.hex() == vector["x25519"]["public"]
    assert x25519.kid == vector["x25519"]["kid"]
    signing = SigningPrivateKey.from_secret(bytes.fromhex(vector["ed25519"]["secret"]))
    assert signing.public().public_bytes.hex() == vector["ed25519"]["public"]
    assert signing.kid == vector["ed25519"]["kid"]
    assert signing.sign(b"abc").hex() == vector["ed25519"]["signature_of_abc"]
    responder = ResponderIdentity.from_master(bytes.fromhex(vector["responder"]["master"]))
    assert responder.encryption.kid == vector["responder"]["encryption_kid"]
    assert responder.auth.public().public_bytes.hex() == vector["responder"]["auth_public"]


def test_receipt_derivation_with_production_parameters_is_stable() -> None:
    # Given the stored receipt and the production Argon2id parameters (about 0.25 s)
    vector = load("receipt.json")
    kdf = KdfParams(**vector["kdf"])
    derived = derive_receipt_keys(vector["receipt"].lower(), vector["org"], kdf=kdf)
    # Then the lookup token and both reporter keys are the stored ones
    assert derived.lookup_token.hex() == vector["lookup_token"]
    assert (
        hashlib.sha256(derived.reporter_key.public().public_bytes).hexdigest()
        == vector["reporter_xwing_public_sha256"]
    )
    assert (
        derived.reporter_x25519_key.public().public_bytes.hex()
        == (vector["reporter_x25519_public"])
    )


def test_stored_keyfile_still_opens(tmp_path: Path) -> None:
    vector = load("keyfile_responder.json")
    path = tmp_path / "responder.key"
    path.write_text(vector["keyfile"])
    path.chmod(0o600)
    opened = read_keyfile(path, vector["passphrase"])
    assert opened.kid == vector["kid"] and opened.secret.hex() == vector["master"]
    assert opened.extra == {"org": "acme"}


def test_stored_directory_still_verifies() -> None:
    vector = load("directory.json")
    root = SigningPublicKey(bytes.fromhex(vector["root_public"]))
    directory = verify_directory(
        vector["signed"].encode(), root, org=vector["org"], now=vector["now"], min_version=3
    )
    assert directory.version == vector["version"]
    assert directory.current_intake(vector["now"]).suite is Suite.XWING


def test_stored_request_signature_still_verifies() -> None:
    vector = load("request.json")
    public = SigningPublicKey(bytes.fromhex(vector["auth_public"]))
    verified = verify_request(
        vector["headers"],
        method=vector["method"],
        path=vector["path"],
        body=vector["body"].encode(),
        lookup=lambda kid: public,
        now=vector["now"],
    )
    assert verified.timestamp == vector["now"]
