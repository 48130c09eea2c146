"""Argon2id parameters for passphrases (key files) and receipts.

The parameters are an object passed in, never a global, so tests can use a deliberately
cheap instance (fixtures named ``insecure_*``) while production keeps the defaults. Every
instance is bounded at construction: parameters read from an untrusted file cannot make
the reader spend unbounded memory or time (denial of service).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

# Upper bounds for parameters found in files: at most 1 GiB of memory, 16 passes, 16 lanes.
MAX_ITERATIONS = 16
MAX_MEMORY_KIB = 1024 * 1024
MAX_LANES = 16
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters: ``t`` passes over ``m_kib`` KiB of memory in ``p`` lanes.

    Raises:
        ValueError: a parameter is not an integer or is outside the accepted bounds.
    """

    t: int
    m_kib: int
    p: int

    # CRYPTO.md 5: 256 MiB, t=3, p=4, about 0.5-0.75 s on the project's 2-vCPU machines.
    DEFAULT: ClassVar[KdfParams]

    def __post_init__(self) -> None:
        if not all(type(value) is int for value in (self.t, self.m_kib, self.p)):
            raise ValueError("KDF parameters must be integers")
        if not 1 <= self.t <= MAX_ITERATIONS or not 1 <= self.p <= MAX_LANES:
            raise ValueError("KDF iterations or lanes out of bounds")
        # Argon2 itself requires at least 8 KiB per lane.
        if not 8 * self.p <= self.m_kib <= MAX_MEMORY_KIB:
            raise ValueError("KDF memory out of bounds")

    def derive(self, secret_input: bytes, *, salt: bytes) -> bytes:
        """Return 32 bytes of Argon2id output for ``secret_input`` under ``salt``.

        No Argon2 associated data is used, so browsers (hash-wasm, noble) derive the same
        bytes; callers separate purposes through the salt.
        """
        return Argon2id(
            salt=salt,
            length=32,
            iterations=self.t,
            lanes=self.p,
            memory_cost=self.m_kib,
        ).derive(secret_input)


KdfParams.DEFAULT = KdfParams(t=3, m_kib=262144, p=4)
