"""Case, message and key ids have one canonical spelling."""

from __future__ import annotations

import pytest

from keys.ids import (
    b64u_decode,
    b64u_encode,
    is_valid_id,
    is_valid_key_id,
    is_valid_org,
    new_case_id,
    new_message_id,
)


def test_new_ids_are_22_char_random_and_valid() -> None:
    # When ids are made
    ids = {new_case_id() for _ in range(50)} | {new_message_id() for _ in range(50)}
    # Then they are distinct, 22 characters, and valid
    assert len(ids) == 100
    assert all(len(value) == 22 and is_valid_id(value) for value in ids)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "short",
        "A" * 21,
        "A" * 23,
        "AAAAAAAAAAAAAAAAAAAAA+",  # standard base64 alphabet
        "AAAAAAAAAAAAAAAAAAAAAB",  # stray bits in the last character: non-canonical
        "AAAAAAAAAAAAAAAAAAAA==",
        22,
        None,
    ],
)
def test_malformed_ids_are_invalid(value: object) -> None:
    # Given a value that is not a canonical 16-byte base64url id
    # Then it is not a valid id
    assert not is_valid_id(value)


def test_b64u_round_trips_and_refuses_non_canonical_input() -> None:
    # Given some bytes
    data = bytes(range(7))
    # Then they round trip without padding
    assert "=" not in b64u_encode(data)
    assert b64u_decode(b64u_encode(data)) == data
    # And padded, foreign-alphabet, impossible-length and stray-bit spellings are refused
    for text in ("AAECAwQFBg==", "AA/+", "A", "AB"):
        with pytest.raises(ValueError, match="base64url"):
            b64u_decode(text)


def test_key_id_and_org_shapes() -> None:
    assert is_valid_key_id("0" * 32)
    assert not is_valid_key_id("0" * 31)
    assert not is_valid_key_id("A" * 32)
    assert not is_valid_key_id(None)
    assert is_valid_org("acme")
    assert is_valid_org("acme-uni.eu_1")
    for org in ("", "Acme", "-acme", "a" * 65, "ac me", 3):
        assert not is_valid_org(org)
