"""Length padding, so ciphertext size reveals only a coarse bucket of the plaintext size.

``pad`` writes a 4-byte big-endian length, the plaintext, then zeros up to the bucket size
(CRYPTO.md 6): 1 KiB steps up to 16 KiB, then powers of two. A short report and a slightly
longer one are indistinguishable on the wire; so are most reports of similar length.
"""

from __future__ import annotations

from keys.errors import EnvelopeError

_LENGTH_PREFIX = 4
_STEP = 1024
_STEP_LIMIT = 16 * 1024
# The largest padded size, so one envelope body never exceeds 1 MiB of ciphertext.
MAX_PADDED_BYTES = 1024 * 1024
MAX_PLAINTEXT_BYTES = MAX_PADDED_BYTES - _LENGTH_PREFIX


def padded_size(plaintext_length: int) -> int:
    """Return the bucket size for a plaintext of this length."""
    needed = plaintext_length + _LENGTH_PREFIX
    if needed <= _STEP_LIMIT:
        return max(_STEP, -(-needed // _STEP) * _STEP)
    return 1 << (needed - 1).bit_length()


def pad(plaintext: bytes) -> bytes:
    """Return ``plaintext`` framed and zero-padded to its bucket.

    Raises:
        ValueError: the plaintext is longer than ``MAX_PLAINTEXT_BYTES``.
    """
    if len(plaintext) > MAX_PLAINTEXT_BYTES:
        raise ValueError("plaintext is too long to seal")
    size = padded_size(len(plaintext))
    framed = len(plaintext).to_bytes(_LENGTH_PREFIX, "big") + plaintext
    return framed + bytes(size - len(framed))


def unpad(padded: bytes) -> bytes:
    """Return the plaintext inside a padded buffer.

    Only authenticated buffers reach this function; the checks still refuse anything a
    correct sender cannot produce, so a malformed buffer never yields a partial plaintext.

    Raises:
        EnvelopeError: the buffer is not a bucket size, the length runs past the buffer,
            or a padding byte is not zero.
    """
    if len(padded) < _LENGTH_PREFIX:
        raise EnvelopeError("padding is malformed")
    length = int.from_bytes(padded[:_LENGTH_PREFIX], "big")
    if length > MAX_PLAINTEXT_BYTES or padded_size(length) != len(padded):
        raise EnvelopeError("padding is malformed")
    end = _LENGTH_PREFIX + length
    if padded[end:] != bytes(len(padded) - end):
        raise EnvelopeError("padding is malformed")
    return padded[_LENGTH_PREFIX:end]
