"""Opening single-recipient envelopes with a server-side key (intake, reporter replies).

The receiver checks, in this order (CRYPTO.md 6): structure, then context (type,
organisation, case) against what the caller expects, then the suite allow-list and the key
id, then HPKE decryption with ``info`` bound to the exact header bytes, then padding.
Every failure raises the same ``EnvelopeError`` with one fixed message, so a caller (or
an attacker watching responses) cannot tell a wrong key from a moved or tampered envelope.
"""

from __future__ import annotations

from collections.abc import Mapping

from cryptography.exceptions import InvalidTag

from keys.envelope import (
    EnvelopeHeader,
    MessageType,
    OpenedMessage,
    SingleEnvelope,
    envelope_info,
    parse_envelope,
)
from keys.errors import EnvelopeError
from keys.ids import CaseId, KeyId
from keys.keypairs import RecipientPrivateKey
from keys.padding import unpad

_REJECTED = "envelope rejected"


def check_context(
    header: EnvelopeHeader, *, typ: MessageType, org: str, case: CaseId | None
) -> None:
    """Refuse an envelope made for another message type, organisation or case.

    The AEAD already binds these fields; checking them first refuses a replayed or moved
    envelope without touching a private key.

    Raises:
        EnvelopeError: the header does not match the expected context.
    """
    if header.typ is not typ or header.org != org or (case is not None and header.case != case):
        raise EnvelopeError(_REJECTED)


def open_message(
    envelope: bytes,
    private_keys: Mapping[KeyId, RecipientPrivateKey],
    *,
    typ: MessageType | str,
    org: str,
    case: CaseId | None = None,
) -> OpenedMessage:
    """Open a single-recipient envelope.

    Args:
        envelope: the envelope bytes as received.
        private_keys: the receiver's current keys by key id; an envelope for any other key
            id (unknown or retired) is refused.
        typ: the message type the caller expects (never ``case``).
        org: the organisation the caller serves.
        case: the expected case id, when the caller knows it.

    Returns:
        The header and the unpadded plaintext.

    Raises:
        EnvelopeError: for every failure, with one fixed message.
        ValueError: ``typ`` is not a message type, or is ``case`` (use
            ``keys.case_opening``).
    """
    expected_type = MessageType(typ)
    if expected_type is MessageType.CASE:
        raise ValueError("case envelopes are opened with keys.case_opening")
    try:
        return _open(envelope, private_keys, typ=expected_type, org=org, case=case)
    except (EnvelopeError, InvalidTag):
        # ``from None``: the cause says which check failed, which is exactly what the
        # fixed message is meant to hide.
        raise EnvelopeError(_REJECTED) from None


def _open(
    envelope: bytes,
    private_keys: Mapping[KeyId, RecipientPrivateKey],
    *,
    typ: MessageType,
    org: str,
    case: CaseId | None,
) -> OpenedMessage:
    parsed = parse_envelope(envelope)
    if not isinstance(parsed, SingleEnvelope):
        raise EnvelopeError(_REJECTED)
    header = parsed.header
    check_context(header, typ=typ, org=org, case=case)
    private_key = private_keys.get(parsed.kid)
    # The mapping is the caller's; also refuse a key filed under the wrong id or suite.
    if (
        private_key is None
        or private_key.kid != parsed.kid
        or private_key.suite is not header.suite
    ):
        raise EnvelopeError(_REJECTED)
    padded = header.suite.hpke_suite().decrypt(
        parsed.sealed, private_key.hpke_key(), info=envelope_info(parsed.header_bytes)
    )
    return OpenedMessage(header, unpad(padded))
