"""An independent RFC 9180 Base-mode sealer for DHKEM(X25519)/HKDF-SHA256/AES-GCM.

Written from the RFC text on top of raw X25519, HMAC and AES-GCM, with a caller-chosen
ephemeral key, so that known-answer tests can produce deterministic ciphertexts and check
them against the RFC's own vectors and against what ``cryptography.hazmat.primitives.hpke``
opens. Test code only: production code never seals with a fixed ephemeral key.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_KEM_X25519 = 0x0020
_KDF_HKDF_SHA256 = 0x0001
_AEAD_KEY_LENGTHS = {0x0001: 16, 0x0002: 32}  # AES-128-GCM, AES-256-GCM
_NONCE_LENGTH = 12


def _extract(salt: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def _expand(prk: bytes, info: bytes, length: int) -> bytes:
    output, block, counter = b"", b"", 1
    while len(output) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        output += block
        counter += 1
    return output[:length]


def _labeled_extract(suite_id: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    return _extract(salt, b"HPKE-v1" + suite_id + label + ikm)


def _labeled_expand(suite_id: bytes, prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    labeled_info = length.to_bytes(2, "big") + b"HPKE-v1" + suite_id + label + info
    return _expand(prk, labeled_info, length)


def seal_base(
    recipient_public: bytes,
    plaintext: bytes,
    *,
    info: bytes,
    aad: bytes,
    ephemeral_secret: bytes,
    aead_id: int,
) -> bytes:
    """Return ``enc || ct`` for one Base-mode seal (sequence number 0)."""
    kem_suite_id = b"KEM" + _KEM_X25519.to_bytes(2, "big")
    hpke_suite_id = (
        b"HPKE"
        + _KEM_X25519.to_bytes(2, "big")
        + _KDF_HKDF_SHA256.to_bytes(2, "big")
        + aead_id.to_bytes(2, "big")
    )
    # Encap (RFC 9180 4.1) with the given ephemeral key.
    ephemeral = X25519PrivateKey.from_private_bytes(ephemeral_secret)
    enc = ephemeral.public_key().public_bytes_raw()
    dh = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    eae_prk = _labeled_extract(kem_suite_id, b"", b"eae_prk", dh)
    shared_secret = _labeled_expand(
        kem_suite_id, eae_prk, b"shared_secret", enc + recipient_public, 32
    )
    # KeySchedule (RFC 9180 5.1) in mode_base: empty PSK and PSK id.
    psk_id_hash = _labeled_extract(hpke_suite_id, b"", b"psk_id_hash", b"")
    info_hash = _labeled_extract(hpke_suite_id, b"", b"info_hash", info)
    context = b"\x00" + psk_id_hash + info_hash
    secret = _labeled_extract(hpke_suite_id, shared_secret, b"secret", b"")
    key = _labeled_expand(hpke_suite_id, secret, b"key", context, _AEAD_KEY_LENGTHS[aead_id])
    base_nonce = _labeled_expand(hpke_suite_id, secret, b"base_nonce", context, _NONCE_LENGTH)
    return enc + AESGCM(key).encrypt(base_nonce, plaintext, aad)
