"""Opening a sealed case with a responder's private key: the responder side only.

The gateway, the worker and every other server-side module must never import this
module (an import-linter contract enforces it): the server holds no responder key and has
no reason to hold code that uses one.

Order of checks: structure and context, suite and recipient key id, then the triage
worker's signature over the header and body, and only then any decryption. Every failure
becomes one ``CaseOpenError`` with one fixed message.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from keys.envelope import (
    CaseEnvelope,
    MessageType,
    OpenedMessage,
    case_key_info,
    case_signature_message,
    parse_envelope,
)
from keys.errors import CaseOpenError, KeysError
from keys.ids import CaseId
from keys.keypairs import RecipientPrivateKey, SigningPublicKey
from keys.opening import check_context
from keys.padding import unpad

_CASE_BODY_NONCE = bytes(12)
_REJECTED = "case could not be opened"


def open_case(
    envelope: bytes,
    responder_key: RecipientPrivateKey,
    *,
    worker_key: SigningPublicKey,
    org: str,
    case: CaseId | None = None,
) -> OpenedMessage:
    """Verify and open a case envelope sealed to this responder.

    Args:
        envelope: the case envelope bytes as received from the gateway.
        responder_key: this responder's encryption key.
        worker_key: the triage worker's signing key, taken from the verified key
            directory; a case signed by any other key is refused.
        org: the organisation the responder belongs to.
        case: the expected case id, when the caller knows it.

    Returns:
        The header and the unpadded case plaintext.

    Raises:
        CaseOpenError: for every failure, with one fixed message.
    """
    try:
        return _open_case(envelope, responder_key, worker_key=worker_key, org=org, case=case)
    except (KeysError, InvalidTag):
        # ``from None``: whether the signature, the wrap or the body failed stays hidden.
        raise CaseOpenError(_REJECTED) from None


def _open_case(
    envelope: bytes,
    responder_key: RecipientPrivateKey,
    *,
    worker_key: SigningPublicKey,
    org: str,
    case: CaseId | None,
) -> OpenedMessage:
    parsed = parse_envelope(envelope)
    if not isinstance(parsed, CaseEnvelope):
        raise CaseOpenError(_REJECTED)
    header = parsed.header
    check_context(header, typ=MessageType.CASE, org=org, case=case)
    wrapped_key = parsed.wrapped_keys.get(responder_key.kid)
    if wrapped_key is None or responder_key.suite is not header.suite:
        raise CaseOpenError(_REJECTED)
    # Only the worker key pinned by the caller may have signed the case.
    if header.signer != worker_key.kid:
        raise CaseOpenError(_REJECTED)
    # The signature is checked before any decryption: a forged case is refused without
    # spending the responder's private key on it.
    worker_key.verify(parsed.signature, case_signature_message(parsed.header_bytes, parsed.body))
    case_data_key = header.suite.hpke_suite().decrypt(
        wrapped_key,
        responder_key.hpke_key(),
        info=case_key_info(parsed.header_bytes, responder_key.kid),
    )
    padded = AESGCM(case_data_key).decrypt(_CASE_BODY_NONCE, parsed.body, parsed.header_bytes)
    return OpenedMessage(header, unpad(padded))
