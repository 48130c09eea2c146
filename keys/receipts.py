"""Reporter receipts (CRYPTO.md 3): the only thing a reporter keeps to come back.

A receipt is 128 random bits shown as 26 Crockford base32 characters. From it, with no
server state, the reporter's client derives::

    K            = Argon2id(receipt bytes, salt = SHA-256("wbgw/receipt/v1" || 0 || org)[:16])
    lookup_token = HKDF-SHA256(K, info="wbgw/v1/lookup")                   -> sent to the server
    reporter key = HKDF-SHA256(K, info="wbgw/v1/reporter/mlkem768-x25519") (X-Wing seed)
    fallback key = HKDF-SHA256(K, info="wbgw/v1/reporter/x25519")           (X25519 scalar)

The server only ever sees ``lookup_token`` (and stores an HMAC of it), so it cannot open
the replies sealed to the reporter. 128 bits make guessing hopeless; Argon2id is defence in
depth for the multi-target case (the salt is per organisation, not per case).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from keys.errors import ReceiptError
from keys.ids import is_valid_org
from keys.kdf import KdfParams
from keys.keypairs import RecipientPrivateKey
from keys.suites import Suite

RECEIPT_BYTES = 16
RECEIPT_CHARS = 26
# Crockford base32: no I, L, O or U, so the receipt survives being read aloud or copied by hand.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {char: value for value, char in enumerate(_ALPHABET)}
_DECODE.update({"I": 1, "L": 1, "O": 0})
_SEPARATORS = re.compile(r"[\s-]+")
_GROUP = 4
# 26 characters carry 130 bits; the 2 bits after the 128 receipt bits are zero.
_SPARE_BITS = RECEIPT_CHARS * 5 - RECEIPT_BYTES * 8

# CRYPTO.md 3: Argon2id, 64 MiB, t=4, p=1 (about 0.25 s natively, 0.5 s in a browser with
# WASM). One lane because browser WASM is single-threaded and must derive the same bytes.
RECEIPT_KDF = KdfParams(t=4, m_kib=65536, p=1)

_LOOKUP_INFO = b"wbgw/v1/lookup"
_REPORTER_XWING_INFO = b"wbgw/v1/reporter/mlkem768-x25519"
_REPORTER_X25519_INFO = b"wbgw/v1/reporter/x25519"


@dataclass(frozen=True)
class ReceiptKeys:
    """What a receipt unlocks. ``repr`` leaves the token and keys out."""

    lookup_token: bytes = field(repr=False)
    reporter_key: RecipientPrivateKey = field(repr=False)
    reporter_x25519_key: RecipientPrivateKey = field(repr=False)


def new_receipt() -> str:
    """Return a fresh receipt: 26 Crockford base32 characters in dash-separated groups."""
    return format_receipt(secrets.token_bytes(RECEIPT_BYTES))


def format_receipt(receipt: bytes) -> str:
    """Write 16 receipt bytes as ``XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XX``."""
    if len(receipt) != RECEIPT_BYTES:
        raise ValueError("a receipt is 16 bytes")
    number = int.from_bytes(receipt, "big") << _SPARE_BITS
    chars = "".join(
        _ALPHABET[(number >> (5 * (RECEIPT_CHARS - 1 - index))) & 31]
        for index in range(RECEIPT_CHARS)
    )
    return "-".join(chars[start : start + _GROUP] for start in range(0, RECEIPT_CHARS, _GROUP))


def parse_receipt(text: str) -> bytes:
    """Read a receipt as a person typed it and return its 16 bytes.

    Case, spaces and dashes are ignored, and the look-alikes I and L read as 1, O as 0.

    Raises:
        ReceiptError: wrong length, a character outside the alphabet, or non-zero spare
            bits (a mistyped last character). The message never repeats the input.
    """
    if not isinstance(text, str) or len(text) > 4 * RECEIPT_CHARS:
        raise ReceiptError("receipt is malformed")
    compact = _SEPARATORS.sub("", text).upper()
    if len(compact) != RECEIPT_CHARS or any(char not in _DECODE for char in compact):
        raise ReceiptError("receipt is malformed")
    number = 0
    for char in compact:
        number = number << 5 | _DECODE[char]
    if number & ((1 << _SPARE_BITS) - 1):
        raise ReceiptError("receipt is malformed")
    return (number >> _SPARE_BITS).to_bytes(RECEIPT_BYTES, "big")


def receipt_salt(org: str) -> bytes:
    """The per-organisation Argon2id salt; fixed, so clients need no server state."""
    if not is_valid_org(org):
        raise ValueError("organisation id is malformed")
    return hashlib.sha256(b"wbgw/receipt/v1\x00" + org.encode("ascii")).digest()[:16]


def derive_receipt_keys(receipt: str, org: str, *, kdf: KdfParams = RECEIPT_KDF) -> ReceiptKeys:
    """Derive the lookup token and the reporter's keys from a receipt.

    Args:
        receipt: the receipt as typed (tolerant parsing, see ``parse_receipt``).
        org: the organisation the report was made to.
        kdf: Argon2id cost; ``RECEIPT_KDF`` outside tests. Browsers use the same values.

    Raises:
        ReceiptError: the receipt is malformed.
        ValueError: the organisation id is malformed.
    """
    receipt_bytes = parse_receipt(receipt)
    receipt_key = kdf.derive(receipt_bytes, salt=receipt_salt(org))
    return ReceiptKeys(
        lookup_token=_expand(receipt_key, _LOOKUP_INFO),
        reporter_key=RecipientPrivateKey.from_secret(
            Suite.XWING, _expand(receipt_key, _REPORTER_XWING_INFO)
        ),
        reporter_x25519_key=RecipientPrivateKey.from_secret(
            Suite.X25519, _expand(receipt_key, _REPORTER_X25519_INFO)
        ),
    )


def _expand(receipt_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(receipt_key)
