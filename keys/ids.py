"""Identifiers for cases, messages and keys.

Case and message ids are 128 random bits so they cannot be guessed or enumerated, and they
are written in exactly one spelling (canonical base64url without padding) so that two
spellings of the same id cannot slip past de-duplication or look-ups.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from typing import NewType

CaseId = NewType("CaseId", str)
MessageId = NewType("MessageId", str)
KeyId = NewType("KeyId", str)

ID_BYTES = 16
_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")
# A key id is the first 16 bytes of a SHA-256, in lower-case hex (see keypairs.key_id).
_KEY_ID_PATTERN = re.compile(r"[0-9a-f]{32}")
# Organisation ids are short slugs chosen by admins; they end up in headers and salts.
_ORG_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def b64u_encode(data: bytes) -> str:
    """Encode bytes as base64url without padding (the encoding of every wire field)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text: str) -> bytes:
    """Decode canonical unpadded base64url.

    Raises:
        ValueError: the text is not canonical unpadded base64url. Non-canonical spellings
            (padding, stray bits in the last character, other alphabets) are refused so
            that one value has exactly one encoding.
    """
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("not unpadded base64url") from None
    if b64u_encode(data) != text:
        raise ValueError("not canonical base64url")
    return data


def _new_id() -> str:
    return b64u_encode(secrets.token_bytes(ID_BYTES))


def new_case_id() -> CaseId:
    """Return a fresh random case id (22 base64url characters, 128 bits)."""
    return CaseId(_new_id())


def new_message_id() -> MessageId:
    """Return a fresh random message id (22 base64url characters, 128 bits)."""
    return MessageId(_new_id())


def is_valid_id(value: object) -> bool:
    """Tell whether ``value`` is a case or message id in its one canonical spelling.

    This is a shape check for routing, not a security decision: ids are bound into the
    envelope header, which the AEAD authenticates.
    """
    if not isinstance(value, str) or not _ID_PATTERN.fullmatch(value):
        return False
    try:
        return len(b64u_decode(value)) == ID_BYTES
    except ValueError:
        return False


def is_valid_key_id(value: object) -> bool:
    """Tell whether ``value`` has the shape of a key id (32 lower-case hex characters)."""
    return isinstance(value, str) and _KEY_ID_PATTERN.fullmatch(value) is not None


def is_valid_org(value: object) -> bool:
    """Tell whether ``value`` is an organisation id slug (lower case, at most 64 chars)."""
    return isinstance(value, str) and _ORG_PATTERN.fullmatch(value) is not None
