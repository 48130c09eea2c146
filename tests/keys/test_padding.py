"""Padding hides the plaintext length inside a bucket and refuses malformed buffers."""

from __future__ import annotations

import pytest

from keys.errors import EnvelopeError
from keys.padding import MAX_PADDED_BYTES, MAX_PLAINTEXT_BYTES, pad, padded_size, unpad


@pytest.mark.parametrize(
    ("length", "bucket"),
    [
        (0, 1024),
        (1020, 1024),
        (1021, 2048),
        (5000, 5120),
        (16380, 16384),
        (16381, 32768),
        (100_000, 131072),
        (MAX_PLAINTEXT_BYTES, MAX_PADDED_BYTES),
    ],
)
def test_buckets_follow_crypto_md(length: int, bucket: int) -> None:
    # Given a plaintext length
    # Then it pads to 1 KiB steps up to 16 KiB and powers of two after
    assert padded_size(length) == bucket
    assert len(pad(bytes(length))) == bucket


@pytest.mark.parametrize("plaintext", [b"", b"x", b"\x00\x00", bytes(range(256)) * 40])
def test_pad_then_unpad_round_trips(plaintext: bytes) -> None:
    assert unpad(pad(plaintext)) == plaintext


def test_pad_refuses_oversize_plaintext() -> None:
    with pytest.raises(ValueError, match="too long"):
        pad(bytes(MAX_PLAINTEXT_BYTES + 1))


def test_unpad_refuses_malformed_buffers() -> None:
    padded = pad(b"hello")
    # A length that runs past the buffer
    too_long = (5000).to_bytes(4, "big") + padded[4:]
    # A length that belongs to another bucket
    wrong_bucket = (2000).to_bytes(4, "big") + padded[4:]
    # A non-zero padding byte
    dirty = padded[:-1] + b"\x01"
    # A buffer that is not a bucket size
    truncated = padded[:-1]
    for buffer in (b"", b"\x00\x00", too_long, wrong_bucket, dirty, truncated, b"\xff" * 1024):
        with pytest.raises(EnvelopeError, match="padding"):
            unpad(buffer)
