"""read_header: structure, sizes, ids, type and suite are validated before any decryption."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keys.envelope import (
    MAX_ENVELOPE_BYTES,
    MAX_HEADER_BYTES,
    EnvelopeHeader,
    MessageType,
    OpenedMessage,
    case_key_info,
    envelope_info,
    read_header,
)
from keys.errors import EnvelopeError
from keys.ids import KeyId, MessageId, b64u_encode, new_case_id
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from keys.sealing import seal_case, seal_message
from keys.suites import Suite
from tests.keys.keys_test_support import (
    dump,
    header,
    outer,
    with_field,
    with_header,
    with_header_bytes,
)

ORG = "acme"


@pytest.fixture
def single() -> bytes:
    key = RecipientPrivateKey.generate(Suite.X25519)
    return seal_message(b"report", key.public(), typ="report", org=ORG, case=new_case_id())


@pytest.fixture
def case_envelope() -> bytes:
    responders = [ResponderIdentity.generate().encryption.public() for _ in range(2)]
    return seal_case(
        b"case", responders, org=ORG, case=new_case_id(), signer=SigningPrivateKey.generate()
    )


def test_read_header_returns_the_sealed_fields(single: bytes, case_envelope: bytes) -> None:
    # Given a single and a case envelope
    # When their headers are read
    single_header = read_header(single)
    case_header = read_header(case_envelope)
    # Then the fields are the ones sealed
    assert single_header.typ is MessageType.REPORT and single_header.org == ORG
    assert single_header.suite is Suite.X25519 and single_header.kid is not None
    assert single_header.rcpt == () and single_header.signer is None
    assert case_header.typ is MessageType.CASE and len(case_header.rcpt) == 2
    assert case_header.kid is None and case_header.signer is not None
    # And the header bytes travel verbatim: re-serialising gives the same bytes
    assert single_header.to_bytes() == json.dumps(header(single), separators=(",", ":")).encode()


def test_unknown_version_is_refused(single: bytes) -> None:
    # Given a header of a future version (with fields this version does not know)
    fields = header(single) | {"v": 2, "new": "field"}
    # Then it is refused as such
    with pytest.raises(EnvelopeError, match="version"):
        read_header(with_header(single, fields))
    for version in (True, 1.0, "1", None):
        with pytest.raises(EnvelopeError, match="version"):
            read_header(with_header(single, header(single) | {"v": version}))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"typ": "invoice"}, "type is unknown"),
        ({"typ": "case"}, "does not match its shape"),
        ({"org": "ACME"}, "organisation"),
        ({"case": "not-an-id"}, "case or message id"),
        ({"msg": "A" * 22 + "="}, "case or message id"),
        ({"kid": "intake-2026q4"}, "key id"),
        ({"suite": [32, 1, 1]}, "not allowed"),
        ({"extra": "field"}, "fields are malformed"),
    ],
)
def test_malformed_single_headers_are_refused(
    single: bytes, change: dict[str, Any], message: str
) -> None:
    # Given a single-recipient header with one field changed
    # Then read_header refuses it with a fixed message
    with pytest.raises(EnvelopeError, match=message):
        read_header(with_header(single, header(single) | change))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"typ": "report"}, "does not match its shape"),
        ({"rcpt": []}, "recipient list"),
        ({"rcpt": "0" * 32}, "recipient list"),
        ({"rcpt": ["0" * 32] * 65}, "recipient list"),
        ({"signer": "nope"}, "key id"),
    ],
)
def test_malformed_case_headers_are_refused(
    case_envelope: bytes, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(EnvelopeError, match=message):
        read_header(with_header(case_envelope, header(case_envelope) | change))


def test_duplicate_recipients_are_refused(case_envelope: bytes) -> None:
    # Given a case header that lists one recipient twice
    fields = header(case_envelope)
    fields["rcpt"] = [fields["rcpt"][0]] * 2
    # Then it is refused
    with pytest.raises(EnvelopeError, match="recipient list"):
        read_header(with_header(case_envelope, fields))


def test_wraps_must_match_recipients(case_envelope: bytes) -> None:
    wraps = outer(case_envelope)["k"]
    first_kid = next(iter(wraps))
    # A wrap missing, an extra wrap, or not an object at all
    bad_wraps: list[object] = [
        {first_kid: wraps[first_kid]},
        wraps | {"0" * 32: wraps[first_kid]},
        [],
    ]
    for bad in bad_wraps:
        with pytest.raises(EnvelopeError, match="do not match"):
            read_header(with_field(case_envelope, "k", bad))
    # A wrap of the wrong length
    with pytest.raises(EnvelopeError, match="wrong length"):
        read_header(with_field(case_envelope, "k", wraps | {first_kid: "AAAA"}))


def test_case_body_and_signature_lengths_are_checked(case_envelope: bytes) -> None:
    with pytest.raises(EnvelopeError, match="ciphertext has the wrong length"):
        read_header(with_field(case_envelope, "b", b64u_encode(bytes(100))))
    with pytest.raises(EnvelopeError, match="signature has the wrong length"):
        read_header(with_field(case_envelope, "sig", b64u_encode(bytes(63))))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b"[]",
        b'"string"',
        b"\xff\xfe",
        b'{"h": "AA", "h": "AA", "c": "AA"}',
        b'{"h": NaN, "c": "AA"}',
        b"[" * 100_000,
        b'{"h": "AAAA"}',
        b'{"c": "AAAA"}',
        b'{"h": 3, "c": "AAAA"}',
        b'{"h": "A", "c": "AAAA"}',
        b'{"h": "AAAA", "c": "AAAA", "x": 1}',
    ],
)
def test_malformed_outer_json_is_refused(data: bytes) -> None:
    with pytest.raises(EnvelopeError):
        read_header(data)


def test_header_must_be_a_json_object(single: bytes) -> None:
    for header_bytes in (b"[1]", b"not json", b'{"v":1,"v":1}'):
        with pytest.raises(EnvelopeError, match="JSON"):
            read_header(with_header_bytes(single, header_bytes))


def test_oversize_envelope_and_header_are_refused(single: bytes) -> None:
    # Given an envelope over the size limit
    with pytest.raises(EnvelopeError, match="too large"):
        read_header(b" " * (MAX_ENVELOPE_BYTES + 1))
    # And a header over its limit
    with pytest.raises(EnvelopeError, match="header is too large"):
        read_header(with_header_bytes(single, b" " * (MAX_HEADER_BYTES + 1)))
    # And input that is not bytes
    with pytest.raises(EnvelopeError, match="bytes"):
        read_header("{}")  # type: ignore[arg-type]


def test_ciphertext_length_is_checked(single: bytes) -> None:
    sealed = outer(single)["c"]
    # Truncated below the smallest possible ciphertext, or cut off mid-bucket
    for bad in (b64u_encode(bytes(10)), sealed[:-8]):
        with pytest.raises(EnvelopeError):
            read_header(with_field(single, "c", bad))
    with pytest.raises(EnvelopeError, match="base64url"):
        read_header(with_field(single, "c", sealed + "="))
    with pytest.raises(EnvelopeError, match="base64url"):
        read_header(with_field(single, "c", 12))


def test_info_binds_the_header_hash_and_kid() -> None:
    assert envelope_info(b"a") != envelope_info(b"b")
    assert case_key_info(b"a", KeyId("0" * 32)) != case_key_info(b"a", KeyId("1" * 32))
    assert envelope_info(b"a")[:17] != case_key_info(b"a", KeyId("0" * 32))[:17]


def test_opened_message_repr_hides_plaintext() -> None:
    # Given an opened message holding a secret
    fields = EnvelopeHeader(
        v=1,
        typ=MessageType.REPORT,
        org=ORG,
        case=new_case_id(),
        msg=MessageId("A" * 22),
        suite=Suite.X25519,
    )
    opened = OpenedMessage(fields, b"my manager is Jane Doe")
    # Then its repr does not show it
    assert "Jane" not in repr(opened)
    assert dump({}) == b"{}"
