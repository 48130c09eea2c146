"""Key objects: HPKE recipient keys, Ed25519 signing keys and responder identities.

Private keys are held as their 32-byte secret (an X-Wing seed, an X25519 scalar, an
Ed25519 seed) because the hybrid X-Wing key objects of ``cryptography`` cannot be
serialised (CRYPTO.md 1.1), and the seed is what browsers import. Their ``repr`` never
shows secret bytes, so a key that ends up in a log or traceback leaks nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TypeAlias

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, mlkem, x25519
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from keys.errors import SignatureError
from keys.ids import KeyId
from keys.suites import DEFAULT_SUITE, Suite

SECRET_BYTES = 32
ED25519_ALG = "Ed25519"
RESPONDER_ALG = "reportgw-responder-v1"
_MLKEM768_PUBLIC_BYTES = 1184

# Distinct HKDF labels, so the responder's encryption and authentication keys are
# independent even though both come from one master secret.
_RESPONDER_ENCRYPTION_INFO = b"wbgw/v1/responder/encryption/mlkem768-x25519"
_RESPONDER_AUTH_INFO = b"wbgw/v1/responder/auth/ed25519"

HpkePublicKey: TypeAlias = x25519.X25519PublicKey | hpke.MLKEM768X25519PublicKey
HpkePrivateKey: TypeAlias = x25519.X25519PrivateKey | hpke.MLKEM768X25519PrivateKey


def key_id(alg: str, public_bytes: bytes) -> KeyId:
    """Return the key id ``SHA-256(alg || 0x00 || pub)[:16]`` in hex (CRYPTO.md 5).

    The algorithm name is hashed in, so the same bytes used under two algorithms never
    share an id.
    """
    digest = hashlib.sha256(alg.encode("ascii") + b"\x00" + public_bytes).digest()
    return KeyId(digest[:16].hex())


def _check_secret(secret: bytes) -> bytes:
    if not isinstance(secret, bytes) or len(secret) != SECRET_BYTES:
        raise ValueError("a key secret is exactly 32 bytes")
    return secret


# A fixed, public private key used only to probe public keys; its secrecy does not matter.
_LOW_ORDER_PROBE = x25519.X25519PrivateKey.from_private_bytes(
    hashlib.sha256(b"wbgw/v1/low-order-probe").digest()
)


def _x25519_public(public_bytes: bytes) -> x25519.X25519PublicKey:
    key = x25519.X25519PublicKey.from_public_bytes(public_bytes)
    try:
        # A low-order point makes every shared secret all-zero: a reporter or directory
        # supplying one would get messages sealed to a key anyone can compute.
        _LOW_ORDER_PROBE.exchange(key)
    except ValueError:
        raise ValueError("public key is a low-order point") from None
    return key


def _xwing_components(seed: bytes) -> tuple[mlkem.MLKEM768PrivateKey, x25519.X25519PrivateKey]:
    # draft-connolly-cfrg-xwing-kem expandDecapsulationKey: SHAKE256(seed, 96 bytes).
    expanded = hashlib.shake_256(seed).digest(96)
    return (
        mlkem.MLKEM768PrivateKey.from_seed_bytes(expanded[:64]),
        x25519.X25519PrivateKey.from_private_bytes(expanded[64:]),
    )


class RecipientPublicKey:
    """A public key that envelopes are sealed to, for one allowed suite.

    Raises:
        ValueError: the bytes are not a valid public key of that suite. Keys from the
            network (a reporter's registration, a directory) must go through here.
    """

    __slots__ = ("_hpke_key", "kid", "public_bytes", "suite")

    def __init__(self, suite: Suite, public_bytes: bytes) -> None:
        if not isinstance(suite, Suite):
            raise TypeError("suite must be a keys.suites.Suite")
        if not isinstance(public_bytes, bytes) or len(public_bytes) != suite.public_key_length:
            raise ValueError("public key has the wrong length for its suite")
        self._hpke_key: HpkePublicKey
        if suite is Suite.XWING:
            try:
                # ML-KEM refuses an encapsulation key whose coefficients are out of range.
                mlkem_key = mlkem.MLKEM768PublicKey.from_public_bytes(
                    public_bytes[:_MLKEM768_PUBLIC_BYTES]
                )
            except ValueError:
                raise ValueError("not a valid X-Wing public key") from None
            self._hpke_key = hpke.MLKEM768X25519PublicKey(
                mlkem_key,
                _x25519_public(public_bytes[_MLKEM768_PUBLIC_BYTES:]),
            )
        else:
            self._hpke_key = _x25519_public(public_bytes)
        self.suite = suite
        self.public_bytes = public_bytes
        self.kid = key_id(suite.alg_name, public_bytes)

    def hpke_key(self) -> HpkePublicKey:
        """The ``cryptography`` key object, for the sealing code only."""
        return self._hpke_key

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecipientPublicKey):
            return NotImplemented
        return self.suite is other.suite and self.public_bytes == other.public_bytes

    def __hash__(self) -> int:
        return hash((self.suite, self.public_bytes))

    def __repr__(self) -> str:
        return f"RecipientPublicKey(suite={self.suite.name}, kid={self.kid})"


class RecipientPrivateKey:
    """The private half of a recipient key; it opens envelopes sealed to ``public()``."""

    __slots__ = ("_hpke_key", "_public", "_secret", "suite")

    def __init__(self, suite: Suite, secret: bytes) -> None:
        self.suite = suite
        self._secret = _check_secret(secret)
        if suite is Suite.XWING:
            mlkem_key, x25519_key = _xwing_components(secret)
            self._hpke_key: HpkePrivateKey = hpke.MLKEM768X25519PrivateKey(mlkem_key, x25519_key)
            public_bytes = (
                mlkem_key.public_key().public_bytes_raw()
                + x25519_key.public_key().public_bytes_raw()
            )
        else:
            x25519_only = x25519.X25519PrivateKey.from_private_bytes(secret)
            self._hpke_key = x25519_only
            public_bytes = x25519_only.public_key().public_bytes_raw()
        self._public = RecipientPublicKey(suite, public_bytes)

    @classmethod
    def generate(cls, suite: Suite = DEFAULT_SUITE) -> RecipientPrivateKey:
        """Return a fresh random key for ``suite`` (X-Wing by default)."""
        return cls(suite, secrets.token_bytes(SECRET_BYTES))

    @classmethod
    def from_secret(cls, suite: Suite, secret: bytes) -> RecipientPrivateKey:
        """Rebuild a key from its 32-byte secret (an X-Wing seed or an X25519 scalar)."""
        return cls(suite, secret)

    def secret_bytes(self) -> bytes:
        """The 32-byte secret. Store it only inside a key file (``keys.keyfile``)."""
        return self._secret

    def public(self) -> RecipientPublicKey:
        """The matching public key."""
        return self._public

    @property
    def kid(self) -> KeyId:
        """The key id of the public half."""
        return self._public.kid

    def hpke_key(self) -> HpkePrivateKey:
        """The ``cryptography`` key object, for the opening code only."""
        return self._hpke_key

    def __repr__(self) -> str:
        return f"RecipientPrivateKey(suite={self.suite.name}, kid={self.kid})"


class SigningPublicKey:
    """An Ed25519 public key (worker, organisation root, responder request auth)."""

    __slots__ = ("_key", "kid", "public_bytes")

    def __init__(self, public_bytes: bytes) -> None:
        if not isinstance(public_bytes, bytes) or len(public_bytes) != 32:
            raise ValueError("an Ed25519 public key is exactly 32 bytes")
        self._key = ed25519.Ed25519PublicKey.from_public_bytes(public_bytes)
        self.public_bytes = public_bytes
        self.kid = key_id(ED25519_ALG, public_bytes)

    def verify(self, signature: bytes, data: bytes) -> None:
        """Check that ``signature`` signs ``data`` under this key.

        Raises:
            SignatureError: it does not. Callers never compare signatures themselves.
        """
        try:
            self._key.verify(signature, data)
        except InvalidSignature:
            raise SignatureError("signature does not verify") from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SigningPublicKey):
            return NotImplemented
        return hmac.compare_digest(self.public_bytes, other.public_bytes)

    def __hash__(self) -> int:
        return hash(self.public_bytes)

    def __repr__(self) -> str:
        return f"SigningPublicKey(kid={self.kid})"


class SigningPrivateKey:
    """An Ed25519 signing key, held as its 32-byte seed."""

    __slots__ = ("_key", "_public", "_secret")

    def __init__(self, secret: bytes) -> None:
        self._secret = _check_secret(secret)
        self._key = ed25519.Ed25519PrivateKey.from_private_bytes(secret)
        self._public = SigningPublicKey(self._key.public_key().public_bytes_raw())

    @classmethod
    def generate(cls) -> SigningPrivateKey:
        """Return a fresh random signing key."""
        return cls(secrets.token_bytes(SECRET_BYTES))

    @classmethod
    def from_secret(cls, secret: bytes) -> SigningPrivateKey:
        """Rebuild a signing key from its 32-byte seed."""
        return cls(secret)

    def secret_bytes(self) -> bytes:
        """The 32-byte seed. Store it only inside a key file (``keys.keyfile``)."""
        return self._secret

    def sign(self, data: bytes) -> bytes:
        """Return the 64-byte Ed25519 signature of ``data``."""
        return self._key.sign(data)

    def public(self) -> SigningPublicKey:
        """The matching public key."""
        return self._public

    @property
    def kid(self) -> KeyId:
        """The key id of the public half."""
        return self._public.kid

    def __repr__(self) -> str:
        return f"SigningPrivateKey(kid={self.kid})"


def _hkdf(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=SECRET_BYTES, salt=None, info=info).derive(master)


class ResponderIdentity:
    """A responder's keys, all derived from one 32-byte master secret.

    ``encryption`` (X-Wing) opens the cases sealed to the responder; ``auth`` (Ed25519)
    signs the responder's requests to the gateway. One key file holds the master.
    """

    __slots__ = ("_master", "auth", "encryption")

    def __init__(self, master: bytes) -> None:
        self._master = _check_secret(master)
        self.encryption = RecipientPrivateKey(
            Suite.XWING, _hkdf(master, _RESPONDER_ENCRYPTION_INFO)
        )
        self.auth = SigningPrivateKey(_hkdf(master, _RESPONDER_AUTH_INFO))

    @classmethod
    def generate(cls) -> ResponderIdentity:
        """Return a fresh random identity."""
        return cls(secrets.token_bytes(SECRET_BYTES))

    @classmethod
    def from_master(cls, master: bytes) -> ResponderIdentity:
        """Derive the identity from its 32-byte master secret."""
        return cls(master)

    def master_bytes(self) -> bytes:
        """The 32-byte master. Store it only inside a key file (``keys.keyfile``)."""
        return self._master

    def public_bytes(self) -> bytes:
        """Encryption public key (1216 bytes) followed by auth public key (32 bytes)."""
        return self.encryption.public().public_bytes + self.auth.public().public_bytes

    def __repr__(self) -> str:
        return f"ResponderIdentity(encryption={self.encryption.kid}, auth={self.auth.kid})"
