"""Sealing recipes: bound headers, padding, fresh randomness, and argument checks."""

from __future__ import annotations

import pytest

from keys.envelope import MessageType, read_header
from keys.ids import CaseId, MessageId, new_message_id
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from keys.padding import MAX_PLAINTEXT_BYTES
from keys.sealing import seal_case, seal_message
from keys.suites import Suite
from tests.keys.keys_test_support import outer

ORG = "acme"


def test_seal_message_binds_type_org_case_msg_and_key(
    recipient_key: RecipientPrivateKey, case_id: CaseId
) -> None:
    # Given a message id chosen by the caller
    msg = new_message_id()
    # When a reply is sealed
    envelope = seal_message(
        b"hi", recipient_key.public(), typ="reply", org=ORG, case=case_id, msg=msg
    )
    # Then the header carries exactly that context
    header = read_header(envelope)
    assert (header.typ, header.org, header.case, header.msg) == (
        MessageType.REPLY,
        ORG,
        case_id,
        msg,
    )
    assert header.kid == recipient_key.kid and header.suite is recipient_key.suite


def test_each_seal_is_fresh(case_id: CaseId) -> None:
    # Given the same plaintext sealed twice to the same key
    key = RecipientPrivateKey.generate(Suite.X25519)
    first = seal_message(b"same", key.public(), typ="report", org=ORG, case=case_id)
    second = seal_message(b"same", key.public(), typ="report", org=ORG, case=case_id)
    # Then message ids and ciphertexts differ (fresh ephemeral key and message id)
    assert read_header(first).msg != read_header(second).msg
    assert outer(first)["c"] != outer(second)["c"]


def test_ciphertext_size_depends_only_on_the_bucket(case_id: CaseId) -> None:
    key = RecipientPrivateKey.generate(Suite.X25519)
    short = seal_message(b"a", key.public(), typ="report", org=ORG, case=case_id)
    longer = seal_message(b"a" * 1000, key.public(), typ="report", org=ORG, case=case_id)
    assert len(outer(short)["c"]) == len(outer(longer)["c"])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"typ": "case"}, ValueError),
        ({"typ": "invoice"}, ValueError),
        ({"org": "Not An Org"}, ValueError),
        ({"case": CaseId("short")}, ValueError),
        ({"msg": MessageId("short")}, ValueError),
    ],
)
def test_seal_message_refuses_bad_arguments(
    kwargs: dict[str, object], error: type[Exception], case_id: CaseId
) -> None:
    key = RecipientPrivateKey.generate(Suite.X25519)
    arguments: dict[str, object] = {"typ": "report", "org": ORG, "case": case_id} | kwargs
    with pytest.raises(error):
        seal_message(b"x", key.public(), **arguments)  # type: ignore[arg-type]


def test_seal_message_refuses_oversize_plaintext(case_id: CaseId) -> None:
    key = RecipientPrivateKey.generate(Suite.X25519)
    with pytest.raises(ValueError, match="too long"):
        seal_message(
            bytes(MAX_PLAINTEXT_BYTES + 1), key.public(), typ="report", org=ORG, case=case_id
        )


def test_seal_case_lists_every_responder_and_the_signer(
    responders: list[ResponderIdentity], worker_key: SigningPrivateKey, case_id: CaseId
) -> None:
    # Given three responders
    public_keys = [identity.encryption.public() for identity in responders]
    # When a case is sealed
    envelope = seal_case(b"case", public_keys, org=ORG, case=case_id, signer=worker_key)
    # Then each responder has a wrap, and the header names them and the worker
    header = read_header(envelope)
    assert header.rcpt == tuple(key.kid for key in public_keys)
    assert set(outer(envelope)["k"]) == set(header.rcpt)
    assert header.signer == worker_key.kid


def test_seal_case_refuses_bad_recipient_lists(
    worker_key: SigningPrivateKey, case_id: CaseId
) -> None:
    xwing = ResponderIdentity.generate().encryption.public()
    x25519 = RecipientPrivateKey.generate(Suite.X25519).public()
    for responders, message in (
        ([], "between 1"),
        ([xwing] * 65, "between 1"),
        ([xwing, x25519], "same suite"),
        ([xwing, xwing], "twice"),
    ):
        with pytest.raises(ValueError, match=message):
            seal_case(b"x", responders, org=ORG, case=case_id, signer=worker_key)
    with pytest.raises(ValueError, match="32 bytes"):
        seal_case(b"x", [xwing], org=ORG, case=case_id, signer=worker_key, _data_key=bytes(16))
