"""open_case: a responder opens a signed case; everything else is one CaseOpenError."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from keys.case_opening import open_case
from keys.envelope import MessageType, case_signature_message
from keys.errors import CaseOpenError
from keys.ids import CaseId, b64u_decode, b64u_encode, new_case_id
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from keys.padding import pad
from keys.sealing import seal_case, seal_message
from keys.suites import Suite
from tests.keys.keys_test_support import flip_bit, header, outer, with_field, with_header

ORG = "acme"
REJECTED = "case could not be opened"
CASE_TEXT = b"[Person A] sent repeated messages to [Person B] after hours."


@pytest.fixture
def sealed_case(
    responders: list[ResponderIdentity], worker_key: SigningPrivateKey, case_id: CaseId
) -> bytes:
    return seal_case(
        CASE_TEXT,
        [identity.encryption.public() for identity in responders],
        org=ORG,
        case=case_id,
        signer=worker_key,
    )


def test_every_responder_opens_the_case(
    sealed_case: bytes,
    responders: list[ResponderIdentity],
    worker_key: SigningPrivateKey,
    case_id: CaseId,
) -> None:
    # Given a case sealed to three responders
    for identity in responders:
        # When each opens it with their own key and the pinned worker key
        opened = open_case(
            sealed_case, identity.encryption, worker_key=worker_key.public(), org=ORG, case=case_id
        )
        # Then each reads the same case
        assert opened.plaintext == CASE_TEXT
        assert opened.header.typ is MessageType.CASE and opened.header.case == case_id


def test_x25519_responders_round_trip(worker_key: SigningPrivateKey, case_id: CaseId) -> None:
    # Given responders on the classical fallback suite
    keys = [RecipientPrivateKey.generate(Suite.X25519) for _ in range(2)]
    sealed = seal_case(
        b"classical", [key.public() for key in keys], org=ORG, case=case_id, signer=worker_key
    )
    # Then each opens the case
    for key in keys:
        assert open_case(sealed, key, worker_key=worker_key.public(), org=ORG).plaintext == (
            b"classical"
        )


def test_non_recipient_cannot_open(sealed_case: bytes, worker_key: SigningPrivateKey) -> None:
    outsider = ResponderIdentity.generate()
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(sealed_case, outsider.encryption, worker_key=worker_key.public(), org=ORG)


def test_suite_mismatch_is_refused(
    responders: list[ResponderIdentity], worker_key: SigningPrivateKey, case_id: CaseId
) -> None:
    # Given an X25519 case, and a responder key of another suite claiming one of its kids
    x25519 = RecipientPrivateKey.generate(Suite.X25519)
    sealed = seal_case(b"x", [x25519.public()], org=ORG, case=case_id, signer=worker_key)
    fields = header(sealed)
    fields["suite"] = Suite.XWING.ids
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(with_header(sealed, fields), x25519, worker_key=worker_key.public(), org=ORG)


@pytest.mark.parametrize(
    ("org", "case"), [("other-org", None), (ORG, new_case_id())], ids=["org", "case"]
)
def test_context_mismatch_is_refused(
    sealed_case: bytes,
    responders: list[ResponderIdentity],
    worker_key: SigningPrivateKey,
    org: str,
    case: CaseId | None,
) -> None:
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(
            sealed_case,
            responders[0].encryption,
            worker_key=worker_key.public(),
            org=org,
            case=case,
        )


def test_case_signed_by_another_worker_is_refused(
    sealed_case: bytes, responders: list[ResponderIdentity]
) -> None:
    # Given a responder who pins a different worker key than the one that signed
    impostor = SigningPrivateKey.generate()
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(sealed_case, responders[0].encryption, worker_key=impostor.public(), org=ORG)


def test_forged_case_with_rewritten_signer_is_refused(
    responders: list[ResponderIdentity], worker_key: SigningPrivateKey, case_id: CaseId
) -> None:
    # Given an attacker with the responders' public keys (anyone) who seals a case with a
    # signing key of their own
    forger = SigningPrivateKey.generate()
    forged = seal_case(
        b"forged",
        [identity.encryption.public() for identity in responders],
        org=ORG,
        case=case_id,
        signer=forger,
    )
    # When they rewrite the signer to the real worker's kid
    relabelled = with_header(forged, header(forged) | {"signer": worker_key.kid})
    # Then neither version opens under the pinned worker key
    for candidate in (forged, relabelled):
        with pytest.raises(CaseOpenError, match=REJECTED):
            open_case(candidate, responders[0].encryption, worker_key=worker_key.public(), org=ORG)


@pytest.mark.parametrize("field", ["b", "sig"])
def test_tampered_body_or_signature_is_refused(
    sealed_case: bytes,
    responders: list[ResponderIdentity],
    worker_key: SigningPrivateKey,
    field: str,
) -> None:
    tampered = with_field(sealed_case, field, flip_bit(outer(sealed_case)[field], 5))
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(tampered, responders[0].encryption, worker_key=worker_key.public(), org=ORG)


def test_signature_missing_is_refused(
    sealed_case: bytes, responders: list[ResponderIdentity], worker_key: SigningPrivateKey
) -> None:
    stripped = outer(sealed_case)
    del stripped["sig"]
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(
            json.dumps(stripped).encode(),
            responders[0].encryption,
            worker_key=worker_key.public(),
            org=ORG,
        )


@pytest.mark.parametrize("index", [0, 1130, -1], ids=["enc", "wrapped-key", "tag"])
def test_tampered_wrap_is_refused(
    sealed_case: bytes,
    responders: list[ResponderIdentity],
    worker_key: SigningPrivateKey,
    index: int,
) -> None:
    # Given the responder's wrapped data key with one bit flipped
    kid = responders[0].encryption.kid
    wraps = outer(sealed_case)["k"]
    wraps[kid] = flip_bit(wraps[kid], index)
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(
            with_field(sealed_case, "k", wraps),
            responders[0].encryption,
            worker_key=worker_key.public(),
            org=ORG,
        )


def test_wrap_moved_to_another_responder_is_refused(
    sealed_case: bytes, responders: list[ResponderIdentity], worker_key: SigningPrivateKey
) -> None:
    # Given responder 0's wrap placed under responder 1's kid
    wraps = outer(sealed_case)["k"]
    first, second = responders[0].encryption.kid, responders[1].encryption.kid
    wraps[first], wraps[second] = wraps[second], wraps[first]
    # Then neither responder opens the case (the wrap info binds the kid)
    for identity in responders[:2]:
        with pytest.raises(CaseOpenError, match=REJECTED):
            open_case(
                with_field(sealed_case, "k", wraps),
                identity.encryption,
                worker_key=worker_key.public(),
                org=ORG,
            )


def test_body_and_signature_moved_to_another_case_are_refused(
    responders: list[ResponderIdentity], worker_key: SigningPrivateKey
) -> None:
    # Given two signed cases sealed with the same data key (worst case for the attacker's
    # benefit) to the same responder
    keys = [responders[0].encryption.public()]
    data_key = bytes(range(32))
    first = seal_case(
        b"one", keys, org=ORG, case=new_case_id(), signer=worker_key, _data_key=data_key
    )
    second = seal_case(
        b"two", keys, org=ORG, case=new_case_id(), signer=worker_key, _data_key=data_key
    )
    # When the body and signature of the second are spliced into the first
    spliced = with_field(with_field(first, "b", outer(second)["b"]), "sig", outer(second)["sig"])
    # Then the signature (over header and body) does not verify
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(spliced, responders[0].encryption, worker_key=worker_key.public(), org=ORG)


def test_validly_signed_body_with_bad_padding_is_refused(
    responders: list[ResponderIdentity], worker_key: SigningPrivateKey, case_id: CaseId
) -> None:
    # Given a compromised worker that signs a body whose padding is non-zero
    data_key = bytes(32)
    sealed = seal_case(
        b"x",
        [responders[0].encryption.public()],
        org=ORG,
        case=case_id,
        signer=worker_key,
        _data_key=data_key,
    )
    header_bytes = b64u_decode(outer(sealed)["h"])
    body = AESGCM(data_key).encrypt(bytes(12), pad(b"x")[:-1] + b"\x01", header_bytes)
    signature = worker_key.sign(case_signature_message(header_bytes, body))
    rebuilt = with_field(with_field(sealed, "b", b64u_encode(body)), "sig", b64u_encode(signature))
    # Then the responder still refuses it
    with pytest.raises(CaseOpenError, match=REJECTED):
        open_case(rebuilt, responders[0].encryption, worker_key=worker_key.public(), org=ORG)


def test_single_envelopes_and_garbage_are_refused(
    responders: list[ResponderIdentity], worker_key: SigningPrivateKey, case_id: CaseId
) -> None:
    single = seal_message(
        b"x", responders[0].encryption.public(), typ="reply", org=ORG, case=case_id
    )
    for candidate in (single, b"", b"{}", b"\x00" * 10):
        with pytest.raises(CaseOpenError, match=REJECTED) as caught:
            open_case(candidate, responders[0].encryption, worker_key=worker_key.public(), org=ORG)
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
