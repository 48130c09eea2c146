"""Generate the known-answer vectors in tests/keys/vectors/ (run once, commit the JSON).

    .venv/bin/python -m tests.keys.make_vectors [--force]    (from the repository root)

Secrets are fixed (SHA-256 of a label), so keys, key ids, derivations and signatures are
reproducible. HPKE seals are randomised, so envelopes are generated once and stored: the
tests require that they keep opening, which catches any change to the wire format, the
info labels or the padding. The X25519 reference envelope is deterministic (fixed
ephemeral key through rfc9180_reference.py) and is re-derived byte for byte by the tests.
Not collected by pytest (the name does not start with ``test_``).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from keys.directory import IntakeKey, KeyDirectory, ResponderEntry, sign_directory
from keys.envelope import (
    ENVELOPE_VERSION,
    EnvelopeHeader,
    MessageType,
    encode_single,
    envelope_info,
)
from keys.ids import CaseId, MessageId
from keys.kdf import KdfParams
from keys.keyfile import KeyAlg, write_keyfile
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from keys.padding import pad
from keys.receipts import RECEIPT_KDF, derive_receipt_keys, format_receipt
from keys.request_auth import sign_request
from keys.sealing import seal_case, seal_message
from keys.suites import Suite
from tests.keys.rfc9180_reference import seal_base

VECTORS = Path(__file__).with_name("vectors")
ORG = "acme"
CASE = CaseId("kkxxRfV_o5RRUXqskuv2rA")
MESSAGE = MessageId("f4oala2nT7hzmFtYqyxkXw")
PLAINTEXT = b"My manager mocks my accent in every team meeting."
CASE_TEXT = b"[Person A] mocks [Person B]'s accent in team meetings. Suggested: microaggression."
PASSPHRASE = "correct horse battery staple"
# Cheap KDF for the stored key file, so the test stays fast. Never use it for real keys.
INSECURE_KDF = KdfParams(t=1, m_kib=8, p=1)
NOW = 1_800_000_000


def fixed_secret(label: str) -> bytes:
    """A reproducible 32-byte test secret."""
    return hashlib.sha256(b"wbgw test vector: " + label.encode()).digest()


def keypair_vectors() -> dict[str, object]:
    xwing = RecipientPrivateKey.from_secret(Suite.XWING, fixed_secret("xwing"))
    x25519 = RecipientPrivateKey.from_secret(Suite.X25519, fixed_secret("x25519"))
    signing = SigningPrivateKey.from_secret(fixed_secret("ed25519"))
    responder = ResponderIdentity.from_master(fixed_secret("responder"))
    return {
        "xwing": {
            "seed": xwing.secret_bytes().hex(),
            "public_sha256": hashlib.sha256(xwing.public().public_bytes).hexdigest(),
            "kid": xwing.kid,
        },
        "x25519": {
            "secret": x25519.secret_bytes().hex(),
            "public": x25519.public().public_bytes.hex(),
            "kid": x25519.kid,
        },
        "ed25519": {
            "secret": signing.secret_bytes().hex(),
            "public": signing.public().public_bytes.hex(),
            "kid": signing.kid,
            "signature_of_abc": signing.sign(b"abc").hex(),
        },
        "responder": {
            "master": responder.master_bytes().hex(),
            "encryption_kid": responder.encryption.kid,
            "auth_public": responder.auth.public().public_bytes.hex(),
        },
    }


def xwing_envelope_vector() -> dict[str, object]:
    key = RecipientPrivateKey.from_secret(Suite.XWING, fixed_secret("xwing"))
    envelope = seal_message(PLAINTEXT, key.public(), typ="report", org=ORG, case=CASE, msg=MESSAGE)
    return {
        "recipient_seed": key.secret_bytes().hex(),
        "typ": "report",
        "org": ORG,
        "case": CASE,
        "plaintext": PLAINTEXT.hex(),
        "envelope": envelope.decode(),
    }


def x25519_reference_vector() -> dict[str, object]:
    key = RecipientPrivateKey.from_secret(Suite.X25519, fixed_secret("x25519"))
    ephemeral = fixed_secret("x25519 ephemeral")
    header = EnvelopeHeader(
        v=ENVELOPE_VERSION,
        typ=MessageType.REPLY,
        org=ORG,
        case=CASE,
        msg=MESSAGE,
        suite=Suite.X25519,
        kid=key.kid,
    )
    header_bytes = header.to_bytes()
    sealed = seal_base(
        key.public().public_bytes,
        pad(PLAINTEXT),
        info=envelope_info(header_bytes),
        aad=b"",
        ephemeral_secret=ephemeral,
        aead_id=0x0002,
    )
    return {
        "note": "Sealed by rfc9180_reference.seal_base with a fixed ephemeral key; opened by "
        "cryptography's HPKE through keys.opening.open_message.",
        "recipient_secret": key.secret_bytes().hex(),
        "ephemeral_secret": ephemeral.hex(),
        "header": header_bytes.decode(),
        "typ": "reply",
        "org": ORG,
        "case": CASE,
        "plaintext": PLAINTEXT.hex(),
        "envelope": encode_single(header_bytes, sealed).decode(),
    }


def case_vector() -> dict[str, object]:
    worker = SigningPrivateKey.from_secret(fixed_secret("worker"))
    masters = [fixed_secret(f"responder {index}") for index in range(3)]
    identities = [ResponderIdentity.from_master(master) for master in masters]
    envelope = seal_case(
        CASE_TEXT,
        [identity.encryption.public() for identity in identities],
        org=ORG,
        case=CASE,
        signer=worker,
        msg=MESSAGE,
    )
    return {
        "worker_secret": worker.secret_bytes().hex(),
        "responder_masters": [master.hex() for master in masters],
        "org": ORG,
        "case": CASE,
        "plaintext": CASE_TEXT.hex(),
        "envelope": envelope.decode(),
    }


def receipt_vector() -> dict[str, object]:
    receipt = format_receipt(fixed_secret("receipt")[:16])
    derived = derive_receipt_keys(receipt, ORG, kdf=RECEIPT_KDF)
    return {
        "receipt": receipt,
        "org": ORG,
        "kdf": {"t": RECEIPT_KDF.t, "m_kib": RECEIPT_KDF.m_kib, "p": RECEIPT_KDF.p},
        "lookup_token": derived.lookup_token.hex(),
        "reporter_xwing_public_sha256": hashlib.sha256(
            derived.reporter_key.public().public_bytes
        ).hexdigest(),
        "reporter_x25519_public": derived.reporter_x25519_key.public().public_bytes.hex(),
    }


def keyfile_vector() -> dict[str, object]:
    identity = ResponderIdentity.from_master(fixed_secret("responder"))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "responder.key"
        kid = write_keyfile(
            path,
            secret=identity.master_bytes(),
            alg=KeyAlg.RESPONDER,
            owner="responder:ana",
            passphrase=PASSPHRASE,
            kdf=INSECURE_KDF,
            extra={"org": ORG},
        )
        content = path.read_text()
    return {
        "passphrase": PASSPHRASE,
        "kid": kid,
        "master": identity.master_bytes().hex(),
        "keyfile": content,
    }


def directory_vector() -> dict[str, object]:
    root = SigningPrivateKey.from_secret(fixed_secret("root"))
    identity = ResponderIdentity.from_master(fixed_secret("responder"))
    directory = KeyDirectory(
        org=ORG,
        version=3,
        issued=NOW,
        not_after=NOW + 90 * 86_400,
        intake=(
            IntakeKey(
                RecipientPrivateKey.from_secret(Suite.XWING, fixed_secret("xwing")).public(),
                not_before=NOW,
                not_after=NOW + 60 * 86_400,
            ),
        ),
        responders=(
            ResponderEntry("responder:ana", identity.encryption.public(), identity.auth.public()),
        ),
        worker=SigningPrivateKey.from_secret(fixed_secret("worker")).public(),
    )
    return {
        "root_public": root.public().public_bytes.hex(),
        "org": ORG,
        "now": NOW + 86_400,
        "version": 3,
        "signed": sign_directory(directory, root).decode(),
    }


def request_vector() -> dict[str, object]:
    key = ResponderIdentity.from_master(fixed_secret("responder")).auth
    nonce = "AAECAwQFBgcICQoLDA0ODw"
    headers = sign_request(
        key, method="POST", path="/api/v1/cases?page=2", body=b"{}", now=NOW, _nonce=nonce
    )
    return {
        "auth_public": key.public().public_bytes.hex(),
        "method": "POST",
        "path": "/api/v1/cases?page=2",
        "body": "{}",
        "now": NOW,
        "headers": headers,
    }


def main() -> None:
    force = "--force" in sys.argv[1:]
    outputs = {
        "keypairs.json": keypair_vectors,
        "envelope_xwing.json": xwing_envelope_vector,
        "envelope_x25519_reference.json": x25519_reference_vector,
        "case_xwing.json": case_vector,
        "receipt.json": receipt_vector,
        "keyfile_responder.json": keyfile_vector,
        "directory.json": directory_vector,
        "request.json": request_vector,
    }
    for name, make in outputs.items():
        path = VECTORS / name
        if path.exists() and not force:
            print(f"kept {path} (use --force to regenerate)")
            continue
        path.write_text(json.dumps(make(), indent=2) + "\n")
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
