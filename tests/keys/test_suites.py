"""Only allowed suites are accepted, in exactly one spelling (downgrade protection)."""

from __future__ import annotations

import pytest

from keys.errors import EnvelopeError
from keys.suites import ALLOWED_SUITES, DEFAULT_SUITE, Suite


def test_allowed_suites_are_xwing_then_x25519() -> None:
    assert ALLOWED_SUITES == (Suite.XWING, Suite.X25519)
    assert DEFAULT_SUITE is Suite.XWING
    assert Suite.XWING.ids == [25722, 1, 2]
    assert Suite.X25519.ids == [32, 1, 2]


@pytest.mark.parametrize("suite", list(Suite))
def test_suite_round_trips_through_ids_and_alg_name(suite: Suite) -> None:
    assert Suite.from_ids(suite.ids) is suite
    assert Suite.from_alg_name(suite.alg_name) is suite


@pytest.mark.parametrize(
    "ids",
    [
        [32, 1, 1],  # X25519 with AES-128-GCM: weaker AEAD
        [32, 1, 3],  # ChaCha20Poly1305: not on our list
        [16, 1, 2],  # P-256
        [25722, 3, 2],
        [0x0041, 1, 2],  # ML-KEM-768 alone
    ],
)
def test_suites_off_the_allow_list_are_refused(ids: list[int]) -> None:
    # Given header suite ids for a real but unlisted suite
    # Then the suite is refused
    with pytest.raises(EnvelopeError, match="not allowed"):
        Suite.from_ids(ids)


@pytest.mark.parametrize(
    "ids", [[32, True, 2], [32.0, 1, 2], "32,1,2", None, [[32, 1, 2]], ["32", "1", "2"]]
)
def test_malformed_suite_spellings_are_refused(ids: object) -> None:
    # Given an alternative spelling that Python would compare equal (True == 1, 32.0 == 32)
    # Then it is refused as malformed
    with pytest.raises(EnvelopeError, match="malformed"):
        Suite.from_ids(ids)


def test_unknown_alg_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        Suite.from_alg_name("X448")


def test_suite_metadata_matches_the_hpke_library() -> None:
    for suite in Suite:
        assert suite.hpke_suite() is not None
    assert (Suite.XWING.public_key_length, Suite.XWING.enc_length) == (1216, 1120)
    assert (Suite.X25519.public_key_length, Suite.X25519.enc_length) == (32, 32)
