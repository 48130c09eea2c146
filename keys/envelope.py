"""The v1 envelope format (CRYPTO.md 6), parsed in exactly this one module.

Two shapes travel as JSON objects of base64url strings::

    single recipient   {"h": header, "c": enc || ct}
    case (N responders) {"h": header, "k": {kid: enc || wrapped data key}, "b": body, "sig": sig}

The header bytes travel verbatim and are never re-canonicalised: HPKE ``info`` is a label
followed by SHA-256 of those exact bytes, so every header field (type, organisation, case,
message, key id, suite, recipients, signer) is authenticated by the AEAD. A ciphertext moved
to another case, organisation or message type therefore does not open.

Parsing is strict and bounded (size limits, exact field sets, canonical base64url, no
duplicate JSON keys, no floats or booleans where integers belong) so that every component
that reads an envelope (gateway routing, worker, responder client) sees the same fields.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from keys.errors import EnvelopeError
from keys.ids import (
    CaseId,
    KeyId,
    MessageId,
    b64u_decode,
    b64u_encode,
    is_valid_id,
    is_valid_key_id,
    is_valid_org,
)
from keys.padding import MAX_PADDED_BYTES, padded_size
from keys.strict_json import load_object
from keys.suites import Suite

ENVELOPE_VERSION = 1
# Bounds on untrusted input, checked before any JSON or base64 work is done at scale:
# 1 MiB of padded plaintext plus base64 and per-recipient overhead fits well inside these.
MAX_ENVELOPE_BYTES = 1536 * 1024
MAX_HEADER_BYTES = 8 * 1024
MAX_RECIPIENTS = 64

DATA_KEY_BYTES = 32
_TAG_BYTES = 16
_SIGNATURE_BYTES = 64

# Domain-separation labels: a value made for one purpose is never accepted for another.
_ENVELOPE_INFO_LABEL = b"wbgw/v1/envelope\x00"
_CASE_KEY_INFO_LABEL = b"wbgw/v1/case-key\x00"
_CASE_SIGNATURE_LABEL = b"wbgw/v1/case-signature\x00"

_SINGLE_FIELDS = frozenset({"v", "typ", "org", "case", "msg", "kid", "suite"})
_CASE_FIELDS = frozenset({"v", "typ", "org", "case", "msg", "suite", "rcpt", "signer"})


class MessageType(enum.StrEnum):
    """What an envelope carries; bound in the header so one cannot replay as another."""

    REPORT = "report"
    FOLLOWUP = "followup"
    CASE = "case"
    REPLY = "reply"
    ACK = "ack"


@dataclass(frozen=True)
class EnvelopeHeader:
    """The authenticated header of an envelope.

    ``kid`` is set on single-recipient envelopes; ``rcpt`` (responder key ids) and
    ``signer`` (the triage worker's key id) are set on case envelopes.
    """

    v: int
    typ: MessageType
    org: str
    case: CaseId
    msg: MessageId
    suite: Suite
    kid: KeyId | None = None
    rcpt: tuple[KeyId, ...] = ()
    signer: KeyId | None = None

    def to_bytes(self) -> bytes:
        """Serialise the header once, for a sender. Receivers keep the bytes they got."""
        fields: dict[str, object] = {
            "v": self.v,
            "typ": str(self.typ),
            "org": self.org,
            "case": self.case,
            "msg": self.msg,
        }
        if self.typ is MessageType.CASE:
            fields.update(suite=self.suite.ids, rcpt=list(self.rcpt), signer=self.signer)
        else:
            fields.update(kid=self.kid, suite=self.suite.ids)
        return json.dumps(fields, separators=(",", ":"), ensure_ascii=True).encode("ascii")


@dataclass(frozen=True)
class SingleEnvelope:
    """A parsed single-recipient envelope; ``sealed`` is HPKE ``enc || ct``."""

    header: EnvelopeHeader
    header_bytes: bytes
    kid: KeyId
    sealed: bytes


@dataclass(frozen=True)
class CaseEnvelope:
    """A parsed case envelope: one wrapped data key per responder, one signed body."""

    header: EnvelopeHeader
    header_bytes: bytes
    wrapped_keys: Mapping[KeyId, bytes]
    body: bytes
    signature: bytes


@dataclass(frozen=True)
class OpenedMessage:
    """An opened envelope. ``repr`` leaves the plaintext out, so it never reaches a log."""

    header: EnvelopeHeader
    plaintext: bytes = field(repr=False)


def envelope_info(header_bytes: bytes) -> bytes:
    """HPKE ``info`` of a single-recipient envelope: label || SHA-256(header bytes)."""
    return _ENVELOPE_INFO_LABEL + hashlib.sha256(header_bytes).digest()


def case_key_info(header_bytes: bytes, kid: KeyId) -> bytes:
    """HPKE ``info`` that wraps a case data key for one responder.

    It binds the header and the responder's key id, so a wrap cannot be moved to another
    case or presented as another responder's wrap.
    """
    return _CASE_KEY_INFO_LABEL + hashlib.sha256(header_bytes).digest() + kid.encode("ascii")


def case_signature_message(header_bytes: bytes, body: bytes) -> bytes:
    """What the triage worker signs: label || SHA-256(header) || SHA-256(body).

    HPKE Base mode has no sender authentication: anyone with the responders' public keys
    could otherwise forge a case. Hashing each part separately keeps the boundary between
    header and body unambiguous.
    """
    return (
        _CASE_SIGNATURE_LABEL
        + hashlib.sha256(header_bytes).digest()
        + hashlib.sha256(body).digest()
    )


def encode_single(header_bytes: bytes, sealed: bytes) -> bytes:
    """Serialise a single-recipient envelope."""
    return _dump({"h": b64u_encode(header_bytes), "c": b64u_encode(sealed)})


def encode_case(
    header_bytes: bytes, wrapped_keys: Mapping[KeyId, bytes], body: bytes, signature: bytes
) -> bytes:
    """Serialise a case envelope."""
    return _dump(
        {
            "h": b64u_encode(header_bytes),
            "k": {kid: b64u_encode(wrap) for kid, wrap in wrapped_keys.items()},
            "b": b64u_encode(body),
            "sig": b64u_encode(signature),
        }
    )


def read_header(envelope: bytes) -> EnvelopeHeader:
    """Validate an envelope's structure, sizes, ids and suite without decrypting it.

    The gateway uses this to route and to reject bad input early; it proves nothing about
    authenticity, which only opening (or the worker signature) establishes.

    Raises:
        EnvelopeError: the envelope is malformed, too large, of an unknown version, or
            names a suite that is not allowed.
    """
    return parse_envelope(envelope).header


def parse_envelope(envelope: bytes) -> SingleEnvelope | CaseEnvelope:
    """Parse and validate an envelope of either shape (see ``read_header``).

    Raises:
        EnvelopeError: as ``read_header``.
    """
    if not isinstance(envelope, bytes):
        raise EnvelopeError("envelope must be bytes")
    if len(envelope) > MAX_ENVELOPE_BYTES:
        raise EnvelopeError("envelope is too large")
    outer = _load_object(envelope)
    header_bytes = _b64_field(outer, "h")
    if len(header_bytes) > MAX_HEADER_BYTES:
        raise EnvelopeError("envelope header is too large")
    if set(outer) == {"h", "c"}:
        header = _parse_header(header_bytes, _SINGLE_FIELDS)
        sealed = _b64_field(outer, "c")
        _check_sealed_length(len(sealed) - header.suite.enc_length)
        return SingleEnvelope(header, header_bytes, _key_id(header.kid), sealed)
    if set(outer) == {"h", "k", "b", "sig"}:
        header = _parse_header(header_bytes, _CASE_FIELDS)
        return _parse_case(outer, header, header_bytes)
    raise EnvelopeError("envelope fields are malformed")


def _parse_case(outer: dict[str, Any], header: EnvelopeHeader, header_bytes: bytes) -> CaseEnvelope:
    wraps = outer["k"]
    if not isinstance(wraps, dict) or set(wraps) != set(header.rcpt):
        raise EnvelopeError("wrapped keys do not match the recipients")
    wrap_length = header.suite.enc_length + DATA_KEY_BYTES + _TAG_BYTES
    wrapped_keys: dict[KeyId, bytes] = {}
    for kid in header.rcpt:
        wrap = _b64_value(wraps[kid])
        if len(wrap) != wrap_length:
            raise EnvelopeError("wrapped key has the wrong length")
        wrapped_keys[kid] = wrap
    body = _b64_field(outer, "b")
    _check_sealed_length(len(body))
    signature = _b64_field(outer, "sig")
    if len(signature) != _SIGNATURE_BYTES:
        raise EnvelopeError("signature has the wrong length")
    return CaseEnvelope(header, header_bytes, wrapped_keys, body, signature)


def _parse_header(header_bytes: bytes, expected_fields: frozenset[str]) -> EnvelopeHeader:
    fields = _load_object(header_bytes)
    # The version is checked first, so a future format is reported as such.
    if type(fields.get("v")) is not int or fields["v"] != ENVELOPE_VERSION:
        raise EnvelopeError("envelope version is not supported")
    if set(fields) != expected_fields:
        raise EnvelopeError("envelope header fields are malformed")
    try:
        typ = MessageType(fields["typ"])
    except ValueError:
        raise EnvelopeError("envelope type is unknown") from None
    # Only case envelopes carry typ "case", so neither shape can pass for the other.
    if (typ is MessageType.CASE) != ("rcpt" in expected_fields):
        raise EnvelopeError("envelope type does not match its shape")
    if not is_valid_org(fields["org"]):
        raise EnvelopeError("organisation id is malformed")
    if not is_valid_id(fields["case"]) or not is_valid_id(fields["msg"]):
        raise EnvelopeError("case or message id is malformed")
    suite = Suite.from_ids(fields["suite"])
    if typ is not MessageType.CASE:
        return EnvelopeHeader(
            v=ENVELOPE_VERSION,
            typ=typ,
            org=fields["org"],
            case=CaseId(fields["case"]),
            msg=MessageId(fields["msg"]),
            suite=suite,
            kid=_key_id(fields["kid"]),
        )
    recipients = fields["rcpt"]
    if not isinstance(recipients, list) or not 1 <= len(recipients) <= MAX_RECIPIENTS:
        raise EnvelopeError("recipient list is malformed")
    rcpt = tuple(_key_id(kid) for kid in recipients)
    if len(set(rcpt)) != len(rcpt):
        raise EnvelopeError("recipient list is malformed")
    return EnvelopeHeader(
        v=ENVELOPE_VERSION,
        typ=typ,
        org=fields["org"],
        case=CaseId(fields["case"]),
        msg=MessageId(fields["msg"]),
        suite=suite,
        rcpt=rcpt,
        signer=_key_id(fields["signer"]),
    )


def _key_id(value: object) -> KeyId:
    if not is_valid_key_id(value):
        raise EnvelopeError("key id is malformed")
    return KeyId(str(value))


def _check_sealed_length(length: int) -> None:
    # An AEAD ciphertext of a padded plaintext: a bucket size plus the 16-byte tag.
    padded = length - _TAG_BYTES
    if not 0 < padded <= MAX_PADDED_BYTES or padded_size(padded - 4) != padded:
        raise EnvelopeError("ciphertext has the wrong length")


def _load_object(data: bytes) -> dict[str, Any]:
    return load_object(data, EnvelopeError, "envelope is not a valid JSON object")


def _b64_field(obj: dict[str, Any], name: str) -> bytes:
    if name not in obj:
        raise EnvelopeError("envelope fields are malformed")
    return _b64_value(obj[name])


def _b64_value(value: object) -> bytes:
    if not isinstance(value, str):
        raise EnvelopeError("envelope field is not base64url")
    try:
        return b64u_decode(value)
    except ValueError:
        raise EnvelopeError("envelope field is not base64url") from None


def _dump(obj: dict[str, object]) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True).encode("ascii")
