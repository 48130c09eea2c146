"""Key objects: derivation from secrets, key ids, signatures, and no secrets in repr."""

from __future__ import annotations

import pytest

from keys.errors import SignatureError
from keys.keypairs import (
    RecipientPrivateKey,
    RecipientPublicKey,
    ResponderIdentity,
    SigningPrivateKey,
    SigningPublicKey,
    key_id,
)
from keys.suites import Suite


@pytest.mark.parametrize("suite", list(Suite))
def test_recipient_key_rebuilds_from_its_secret(suite: Suite) -> None:
    # Given a generated key
    key = RecipientPrivateKey.generate(suite)
    # When it is rebuilt from its secret and its public bytes
    rebuilt = RecipientPrivateKey.from_secret(suite, key.secret_bytes())
    public = RecipientPublicKey(suite, key.public().public_bytes)
    # Then the public halves and ids agree
    assert rebuilt.public() == key.public() == public
    assert hash(public) == hash(key.public())
    assert key.kid == public.kid == key_id(suite.alg_name, public.public_bytes)
    assert len(public.public_bytes) == suite.public_key_length
    assert public != "not a key"


def test_default_suite_is_xwing() -> None:
    assert RecipientPrivateKey.generate().suite is Suite.XWING


def test_same_bytes_under_two_algorithms_have_different_ids() -> None:
    assert key_id("X25519", bytes(32)) != key_id("Ed25519", bytes(32))


@pytest.mark.parametrize(
    ("suite", "public_bytes"),
    [
        (Suite.X25519, bytes(31)),
        (Suite.XWING, bytes(32)),
        (Suite.XWING, b"\xff" * 1216),  # ML-KEM coefficients out of range
        (Suite.X25519, bytes(32)),  # low-order point: all-zero shared secret
        (Suite.X25519, b"\x01" + bytes(31)),  # low-order point
        (
            Suite.XWING,
            RecipientPrivateKey.generate(Suite.XWING).public().public_bytes[:1184] + bytes(32),
        ),
    ],
)
def test_malformed_public_keys_are_refused(suite: Suite, public_bytes: bytes) -> None:
    with pytest.raises(ValueError, match="public key"):
        RecipientPublicKey(suite, public_bytes)


def test_public_key_needs_a_suite_object() -> None:
    with pytest.raises(TypeError):
        RecipientPublicKey("X25519", bytes(32))  # type: ignore[arg-type]


@pytest.mark.parametrize("secret", [b"", bytes(31), bytes(33)])
def test_secrets_must_be_32_bytes(secret: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        RecipientPrivateKey.from_secret(Suite.X25519, secret)
    with pytest.raises(ValueError, match="32 bytes"):
        SigningPrivateKey.from_secret(secret)
    with pytest.raises(ValueError, match="32 bytes"):
        ResponderIdentity.from_master(secret)


def test_signature_verifies_and_tampering_raises() -> None:
    # Given a signing key and a signature
    key = SigningPrivateKey.generate()
    signature = key.sign(b"data")
    public = SigningPublicKey(key.public().public_bytes)
    # Then it verifies, and raises for other data, another key or a flipped bit
    public.verify(signature, b"data")
    with pytest.raises(SignatureError):
        public.verify(signature, b"other data")
    with pytest.raises(SignatureError):
        SigningPrivateKey.generate().public().verify(signature, b"data")
    with pytest.raises(SignatureError):
        public.verify(bytes([signature[0] ^ 1]) + signature[1:], b"data")
    # And the key rebuilds from its seed
    assert SigningPrivateKey.from_secret(key.secret_bytes()).public() == public
    assert hash(public) == hash(key.public())
    assert public != "not a key"


def test_signing_public_key_length_is_checked() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        SigningPublicKey(bytes(31))


def test_responder_identity_derives_independent_keys_deterministically() -> None:
    # Given a responder master
    identity = ResponderIdentity.generate()
    # When it is derived again from the master
    again = ResponderIdentity.from_master(identity.master_bytes())
    # Then both keys are the same, X-Wing and Ed25519, and not equal to the master
    assert again.encryption.public() == identity.encryption.public()
    assert again.auth.public() == identity.auth.public()
    assert identity.encryption.suite is Suite.XWING
    assert identity.encryption.secret_bytes() != identity.auth.secret_bytes()
    assert identity.master_bytes() not in (
        identity.encryption.secret_bytes(),
        identity.auth.secret_bytes(),
    )
    assert len(identity.public_bytes()) == 1216 + 32


def test_repr_never_shows_secret_bytes() -> None:
    # Given keys of every kind
    identity = ResponderIdentity.generate()
    signing = SigningPrivateKey.generate()
    recipient = RecipientPrivateKey.generate(Suite.X25519)
    # Then no repr contains the secret in hex, and each names its kid
    for obj, secret in (
        (identity, identity.master_bytes()),
        (signing, signing.secret_bytes()),
        (recipient, recipient.secret_bytes()),
    ):
        assert secret.hex() not in repr(obj)
        assert str(secret) not in repr(obj)
    assert recipient.kid in repr(recipient)
    assert recipient.kid in repr(recipient.public())
    assert signing.kid in repr(signing) and signing.kid in repr(signing.public())
