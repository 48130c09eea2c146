"""open_message: round trips, and every tamper, context move or wrong key is refused."""

from __future__ import annotations

import json

import pytest

from keys.envelope import (
    ENVELOPE_VERSION,
    EnvelopeHeader,
    MessageType,
    encode_single,
    envelope_info,
)
from keys.errors import EnvelopeError
from keys.ids import CaseId, KeyId, b64u_decode, b64u_encode, new_case_id, new_message_id
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from keys.opening import open_message
from keys.padding import pad
from keys.sealing import seal_case, seal_message
from keys.suites import Suite
from tests.keys.keys_test_support import flip_bit, header, outer, with_field, with_header

ORG = "acme"
REJECTED = "envelope rejected"


def _keys(key: RecipientPrivateKey) -> dict[KeyId, RecipientPrivateKey]:
    return {key.kid: key}


@pytest.fixture
def envelope(recipient_key: RecipientPrivateKey, case_id: CaseId) -> bytes:
    return seal_message(
        b"my manager shouts at me", recipient_key.public(), typ="report", org=ORG, case=case_id
    )


@pytest.mark.parametrize("plaintext", [b"", b"x", "Zoë – 😊".encode(), bytes(20_000)])
def test_round_trip_in_both_suites(
    recipient_key: RecipientPrivateKey, case_id: CaseId, plaintext: bytes
) -> None:
    # Given a report sealed to an intake key
    envelope = seal_message(plaintext, recipient_key.public(), typ="report", org=ORG, case=case_id)
    # When the intake opens it in the expected context
    opened = open_message(envelope, _keys(recipient_key), typ="report", org=ORG, case=case_id)
    # Then the plaintext and header come back
    assert opened.plaintext == plaintext
    assert opened.header.case == case_id and opened.header.typ is MessageType.REPORT


def test_case_may_be_left_unchecked(recipient_key: RecipientPrivateKey, envelope: bytes) -> None:
    # Given a first report (the server does not know the case yet)
    # When opened without an expected case
    opened = open_message(envelope, _keys(recipient_key), typ=MessageType.REPORT, org=ORG)
    # Then it opens
    assert opened.plaintext == b"my manager shouts at me"


def test_wrong_key_is_refused(recipient_key: RecipientPrivateKey, envelope: bytes) -> None:
    # Given another key of the same suite filed under the envelope's key id
    other = RecipientPrivateKey.generate(recipient_key.suite)
    # Then the envelope does not open
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(envelope, {recipient_key.kid: other}, typ="report", org=ORG)
    # And an unknown or retired key id is refused
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(envelope, _keys(other), typ="report", org=ORG)


def test_key_of_another_suite_under_the_kid_is_refused(envelope: bytes) -> None:
    # Given a caller mapping that files a key of the other suite under the header kid
    kid = KeyId(header(envelope)["kid"])
    for suite in Suite:
        key = RecipientPrivateKey.generate(suite)
        with pytest.raises(EnvelopeError, match=REJECTED):
            open_message(envelope, {kid: key}, typ="report", org=ORG)


@pytest.mark.parametrize(
    ("typ", "org", "case"),
    [("followup", ORG, None), ("report", "other-org", None), ("report", ORG, new_case_id())],
    ids=["other-type", "other-org", "other-case"],
)
def test_context_mismatch_is_refused(
    recipient_key: RecipientPrivateKey,
    envelope: bytes,
    typ: str,
    org: str,
    case: CaseId | None,
) -> None:
    # Given a report, when the receiver expects another type, organisation or case
    # Then it is refused before decryption
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(envelope, _keys(recipient_key), typ=typ, org=org, case=case)


@pytest.mark.parametrize(
    "field", ["typ", "org", "case", "msg"], ids=lambda name: f"rewritten-{name}"
)
def test_context_moved_in_the_header_is_refused(
    recipient_key: RecipientPrivateKey, envelope: bytes, field: str
) -> None:
    # Given an attacker who rewrites one header field to move the ciphertext elsewhere
    replacement = {
        "typ": "followup",
        "org": "other-org",
        "case": new_case_id(),
        "msg": new_case_id(),
    }
    moved = with_header(envelope, header(envelope) | {field: replacement[field]})
    fields = header(moved)
    # When the receiver expects the new context
    # Then HPKE refuses it, because info binds the original header hash
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(moved, _keys(recipient_key), typ=fields["typ"], org=fields["org"])


def test_header_reserialised_differently_is_refused(
    recipient_key: RecipientPrivateKey, envelope: bytes
) -> None:
    # Given the same header fields in another byte spelling (spaces)
    respelled = outer(envelope)
    respelled["h"] = b64u_encode(json.dumps(header(envelope)).encode())
    # Then it does not open: header bytes travel verbatim and are never re-canonicalised
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(json.dumps(respelled).encode(), _keys(recipient_key), typ="report", org=ORG)


def test_swapped_header_is_refused(recipient_key: RecipientPrivateKey, case_id: CaseId) -> None:
    # Given two envelopes to the same key in the same case
    first = seal_message(b"first", recipient_key.public(), typ="report", org=ORG, case=case_id)
    second = seal_message(b"second", recipient_key.public(), typ="report", org=ORG, case=case_id)
    # When the header of one is put on the ciphertext of the other
    swapped = with_field(first, "h", outer(second)["h"])
    # Then it does not open
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(swapped, _keys(recipient_key), typ="report", org=ORG, case=case_id)


@pytest.mark.parametrize("index", [0, 40, -1], ids=["enc", "body", "tag"])
def test_tampered_ciphertext_is_refused(
    recipient_key: RecipientPrivateKey, envelope: bytes, index: int
) -> None:
    tampered = with_field(envelope, "c", flip_bit(outer(envelope)["c"], index))
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(tampered, _keys(recipient_key), typ="report", org=ORG)


def test_truncated_envelopes_are_refused(
    recipient_key: RecipientPrivateKey, envelope: bytes
) -> None:
    for cut in (1, 16, len(envelope) // 2, len(envelope) - 1):
        with pytest.raises(EnvelopeError, match=REJECTED):
            open_message(envelope[:cut], _keys(recipient_key), typ="report", org=ORG)


def test_suite_downgrade_is_refused(recipient_key: RecipientPrivateKey, envelope: bytes) -> None:
    # Given a header rewritten to a suite that is not on the allow-list
    weaker = with_header(envelope, header(envelope) | {"suite": [32, 1, 1]})
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(weaker, _keys(recipient_key), typ="report", org=ORG)


def test_xwing_header_rewritten_to_x25519_is_refused(case_id: CaseId) -> None:
    # Given an X-Wing envelope and a receiver that also holds an X25519 key
    xwing = RecipientPrivateKey.generate(Suite.XWING)
    x25519 = RecipientPrivateKey.generate(Suite.X25519)
    envelope = seal_message(b"pq", xwing.public(), typ="report", org=ORG, case=case_id)
    # When the header is rewritten to the classical suite and the X25519 kid
    downgraded = with_header(
        envelope, header(envelope) | {"suite": Suite.X25519.ids, "kid": x25519.kid}
    )
    # And the X-Wing ciphertext is cut to an X25519-shaped one
    sealed = outer(envelope)["c"]
    classical_shape = b64u_encode(b64u_decode(sealed)[1088:])
    downgraded = with_field(downgraded, "c", classical_shape)
    keys = {xwing.kid: xwing, x25519.kid: x25519}
    # Then neither spelling opens
    for candidate in (downgraded, with_header(envelope, header(envelope) | {"suite": [32, 1, 2]})):
        with pytest.raises(EnvelopeError, match=REJECTED):
            open_message(candidate, keys, typ="report", org=ORG)


def test_unknown_version_is_refused(recipient_key: RecipientPrivateKey, envelope: bytes) -> None:
    future = with_header(envelope, header(envelope) | {"v": 2})
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(future, _keys(recipient_key), typ="report", org=ORG)


def test_case_envelopes_are_not_opened_here(case_id: CaseId) -> None:
    # Given a case envelope
    identity = ResponderIdentity.generate()
    case_envelope = seal_case(
        b"case",
        [identity.encryption.public()],
        org=ORG,
        case=case_id,
        signer=SigningPrivateKey.generate(),
    )
    # Then open_message refuses it, and refuses to be asked for the case type
    keys = _keys(identity.encryption)
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(case_envelope, keys, typ="report", org=ORG)
    with pytest.raises(ValueError, match="case_opening"):
        open_message(case_envelope, keys, typ="case", org=ORG)


def test_padding_tamper_under_valid_aead_is_refused(
    recipient_key: RecipientPrivateKey, case_id: CaseId
) -> None:
    # Given a sender that seals a buffer with non-zero padding (not via pad())
    fields = EnvelopeHeader(
        v=ENVELOPE_VERSION,
        typ=MessageType.REPORT,
        org=ORG,
        case=case_id,
        msg=new_message_id(),
        suite=recipient_key.suite,
        kid=recipient_key.kid,
    )
    header_bytes = fields.to_bytes()
    dirty = pad(b"hello")[:-1] + b"\x01"
    sealed = recipient_key.suite.hpke_suite().encrypt(
        dirty, recipient_key.public().hpke_key(), info=envelope_info(header_bytes)
    )
    # Then the authenticated but malformed padding is refused
    with pytest.raises(EnvelopeError, match=REJECTED):
        open_message(
            encode_single(header_bytes, sealed), _keys(recipient_key), typ="report", org=ORG
        )


def test_error_hides_its_cause(recipient_key: RecipientPrivateKey, envelope: bytes) -> None:
    # Given any failure
    with pytest.raises(EnvelopeError) as caught:
        open_message(envelope, {}, typ="report", org=ORG)
    # Then no cause or context is chained to it
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
