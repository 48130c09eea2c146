"""Receipts: 128 bits as Crockford base32, forgiving to type, deterministic to derive."""

from __future__ import annotations

import re

import pytest

from keys.errors import ReceiptError
from keys.kdf import KdfParams
from keys.receipts import (
    RECEIPT_KDF,
    derive_receipt_keys,
    format_receipt,
    new_receipt,
    parse_receipt,
    receipt_salt,
)
from keys.suites import Suite

ORG = "acme"
RECEIPT = "21BG-6CM5-NWJX-YAWB-YDAA-2AKT-1W"  # the example in CRYPTO.md 3


def test_new_receipts_are_grouped_crockford_and_round_trip() -> None:
    # When receipts are made
    receipts = {new_receipt() for _ in range(50)}
    # Then they are distinct, grouped 4-4-4-4-4-4-2, and parse back to 16 bytes
    assert len(receipts) == 50
    for receipt in receipts:
        assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{2}", receipt)
        assert format_receipt(parse_receipt(receipt)) == receipt


def test_format_refuses_wrong_length() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        format_receipt(bytes(15))


@pytest.mark.parametrize(
    "typed",
    [
        RECEIPT.lower(),
        RECEIPT.replace("-", " "),
        RECEIPT.replace("-", ""),
        "  21bg 6cm5-nwjx yawb ydaa 2akt 1w \n",
        RECEIPT.replace("1", "I"),
        RECEIPT.replace("1", "l"),
        RECEIPT.replace("0", "O"),
    ],
)
def test_parsing_tolerates_how_people_type(typed: str) -> None:
    # Given a receipt typed in lower case, with spaces, or with look-alike letters
    # Then it reads as the same 16 bytes
    assert parse_receipt(typed) == parse_receipt(RECEIPT)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        RECEIPT[:-1],
        RECEIPT + "0",
        RECEIPT.replace("B", "U"),  # U is not in the Crockford alphabet
        RECEIPT.replace("2", "*"),
        RECEIPT[:-1] + "X",  # non-zero spare bits: a mistyped last character
        "0" * 10_000,
    ],
)
def test_malformed_receipts_are_refused_without_echo(typed: str) -> None:
    with pytest.raises(ReceiptError, match="malformed") as caught:
        parse_receipt(typed)
    assert RECEIPT not in str(caught.value)


def test_non_string_receipt_is_refused() -> None:
    with pytest.raises(ReceiptError):
        parse_receipt(b"21BG")  # type: ignore[arg-type]


def test_derivation_is_deterministic_and_separated(insecure_receipt_kdf: KdfParams) -> None:
    # Given a receipt typed two ways
    first = derive_receipt_keys(RECEIPT, ORG, kdf=insecure_receipt_kdf)
    again = derive_receipt_keys(RECEIPT.lower().replace("-", " "), ORG, kdf=insecure_receipt_kdf)
    # Then it derives the same token and keys
    assert first.lookup_token == again.lookup_token and len(first.lookup_token) == 32
    assert first.reporter_key.public() == again.reporter_key.public()
    assert first.reporter_key.suite is Suite.XWING
    assert first.reporter_x25519_key.suite is Suite.X25519
    # And every output is distinct, and nothing secret appears in repr
    outputs = {
        first.lookup_token,
        first.reporter_key.secret_bytes(),
        first.reporter_x25519_key.secret_bytes(),
    }
    assert len(outputs) == 3
    assert first.lookup_token.hex() not in repr(first)


def test_other_org_or_receipt_derives_other_keys(insecure_receipt_kdf: KdfParams) -> None:
    base = derive_receipt_keys(RECEIPT, ORG, kdf=insecure_receipt_kdf)
    other_org = derive_receipt_keys(RECEIPT, "other", kdf=insecure_receipt_kdf)
    other_receipt = derive_receipt_keys(new_receipt(), ORG, kdf=insecure_receipt_kdf)
    assert len({base.lookup_token, other_org.lookup_token, other_receipt.lookup_token}) == 3


def test_salt_is_per_organisation_and_validated() -> None:
    assert receipt_salt(ORG) != receipt_salt("other")
    assert len(receipt_salt(ORG)) == 16
    with pytest.raises(ValueError, match="organisation"):
        receipt_salt("Not An Org")


def test_production_parameters_match_crypto_md() -> None:
    assert RECEIPT_KDF == KdfParams(t=4, m_kib=65536, p=1)
