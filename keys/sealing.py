"""Sealing: the two recipes that turn plaintext into a v1 envelope.

There is no nonce, mode or algorithm parameter: the suite follows from the recipient's key,
every HPKE seal uses a fresh ephemeral key, and every case uses a fresh data key.
Plaintext is padded to a size bucket before encryption, so the envelope size leaks only
the bucket.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import TypeVar

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from keys.envelope import (
    DATA_KEY_BYTES,
    ENVELOPE_VERSION,
    MAX_RECIPIENTS,
    EnvelopeHeader,
    MessageType,
    case_key_info,
    case_signature_message,
    encode_case,
    encode_single,
    envelope_info,
)
from keys.ids import CaseId, KeyId, MessageId, is_valid_id, is_valid_org, new_message_id
from keys.keypairs import RecipientPublicKey, SigningPrivateKey
from keys.padding import pad

# The case data key encrypts exactly one body and is then discarded, so a fixed nonce can
# never repeat under the same key.
_CASE_BODY_NONCE = bytes(12)

_IdT = TypeVar("_IdT", bound=str)


def seal_message(
    plaintext: bytes,
    recipient: RecipientPublicKey,
    *,
    typ: MessageType | str,
    org: str,
    case: CaseId,
    msg: MessageId | None = None,
) -> bytes:
    """Seal ``plaintext`` to one recipient (reporter to intake, responder to reporter).

    Args:
        plaintext: the message; at most ``keys.padding.MAX_PLAINTEXT_BYTES``.
        recipient: the only key that can open the envelope.
        typ: any message type except ``case`` (cases go through ``seal_case``).
        org: organisation id, bound into the header.
        case: case id, bound into the header.
        msg: message id for de-duplication; a fresh one by default.

    Returns:
        The envelope JSON bytes ``{"h", "c"}``.

    Raises:
        ValueError: an argument is malformed, or ``typ`` is ``case``.
    """
    message_type = MessageType(typ)
    if message_type is MessageType.CASE:
        raise ValueError("case envelopes are sealed with seal_case")
    header = EnvelopeHeader(
        v=ENVELOPE_VERSION,
        typ=message_type,
        org=_check_org(org),
        case=_check_id(case),
        msg=_check_id(msg if msg is not None else new_message_id()),
        suite=recipient.suite,
        kid=recipient.kid,
    )
    header_bytes = header.to_bytes()
    sealed = recipient.suite.hpke_suite().encrypt(
        pad(plaintext), recipient.hpke_key(), info=envelope_info(header_bytes)
    )
    return encode_single(header_bytes, sealed)


def seal_case(
    plaintext: bytes,
    responders: Sequence[RecipientPublicKey],
    *,
    org: str,
    case: CaseId,
    signer: SigningPrivateKey,
    msg: MessageId | None = None,
    _data_key: bytes | None = None,
) -> bytes:
    """Seal a triaged case to every responder and sign it as the triage worker.

    A fresh 256-bit data key encrypts the padded body once (AES-256-GCM, header as
    associated data); the data key is wrapped for each responder with HPKE. The worker
    signature stops anyone holding the responders' public keys from forging a case.

    Args:
        plaintext: the redacted case; at most ``keys.padding.MAX_PLAINTEXT_BYTES``.
        responders: the encryption keys of the responders who may open the case; all of
            the same suite, no duplicates, at most ``MAX_RECIPIENTS``.
        org: organisation id, bound into the header.
        case: case id, bound into the header.
        signer: the triage worker's signing key.
        msg: message id for de-duplication; a fresh one by default.
        _data_key: test seam only; never pass it in production code.

    Returns:
        The envelope JSON bytes ``{"h", "k", "b", "sig"}``.

    Raises:
        ValueError: no responders, too many, duplicates, mixed suites, or a malformed id.
    """
    if not 1 <= len(responders) <= MAX_RECIPIENTS:
        raise ValueError("a case needs between 1 and MAX_RECIPIENTS responders")
    suite = responders[0].suite
    if any(responder.suite is not suite for responder in responders):
        raise ValueError("all responders of a case must use the same suite")
    recipient_kids: tuple[KeyId, ...] = tuple(responder.kid for responder in responders)
    if len(set(recipient_kids)) != len(recipient_kids):
        raise ValueError("a responder is listed twice")
    header = EnvelopeHeader(
        v=ENVELOPE_VERSION,
        typ=MessageType.CASE,
        org=_check_org(org),
        case=_check_id(case),
        msg=_check_id(msg if msg is not None else new_message_id()),
        suite=suite,
        rcpt=recipient_kids,
        signer=signer.kid,
    )
    header_bytes = header.to_bytes()
    case_data_key = _data_key if _data_key is not None else secrets.token_bytes(DATA_KEY_BYTES)
    if len(case_data_key) != DATA_KEY_BYTES:
        raise ValueError("the case data key is 32 bytes")
    body = AESGCM(case_data_key).encrypt(_CASE_BODY_NONCE, pad(plaintext), header_bytes)
    hpke_suite = suite.hpke_suite()
    # One wrap per responder: each responder listed in the header, and only they, can
    # recover the case data key.
    wrapped_keys = {
        responder.kid: hpke_suite.encrypt(
            case_data_key, responder.hpke_key(), info=case_key_info(header_bytes, responder.kid)
        )
        for responder in responders
    }
    signature = signer.sign(case_signature_message(header_bytes, body))
    return encode_case(header_bytes, wrapped_keys, body, signature)


def _check_org(org: str) -> str:
    if not is_valid_org(org):
        raise ValueError("organisation id is malformed")
    return org


def _check_id(value: _IdT) -> _IdT:
    if not is_valid_id(value):
        raise ValueError("case or message id is malformed")
    return value
