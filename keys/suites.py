"""HPKE cipher suites we accept, in order of preference.

Every envelope header names its suite as HPKE ids ``[KEM, KDF, AEAD]``. A receiver only
accepts suites on ``ALLOWED_SUITES``: an attacker who rewrites the header to a weaker or
unexpected suite is refused before any key is touched (downgrade protection). The suite
ids are also authenticated, because the header hash is bound into the HPKE ``info``.
"""

from __future__ import annotations

import enum

from cryptography.hazmat.primitives import hpke

from keys.errors import EnvelopeError


class Suite(enum.Enum):
    """An allowed HPKE suite, valued by its RFC 9180 ids ``(KEM, KDF, AEAD)``."""

    # X-Wing (MLKEM768-X25519) / HKDF-SHA256 / AES-256-GCM: post-quantum hybrid, the
    # default, so that harvested ciphertext stays confidential against a future quantum
    # adversary.
    XWING = (0x647A, 0x0001, 0x0002)
    # DHKEM(X25519) / HKDF-SHA256 / AES-256-GCM: the classical fallback for clients that
    # cannot run X-Wing.
    X25519 = (0x0020, 0x0001, 0x0002)

    @property
    def ids(self) -> list[int]:
        """The suite as it is written in a header: ``[KEM, KDF, AEAD]``."""
        return list(self.value)

    @property
    def alg_name(self) -> str:
        """The key algorithm name used in key ids and key files."""
        return _ALG_NAMES[self]

    @property
    def public_key_length(self) -> int:
        """Length of the raw public key on the wire."""
        return 1216 if self is Suite.XWING else 32

    @property
    def enc_length(self) -> int:
        """Length of the HPKE encapsulated key that prefixes every HPKE ciphertext."""
        return 1120 if self is Suite.XWING else 32

    def hpke_suite(self) -> hpke.Suite:
        """Return the ``cryptography`` HPKE suite object for this suite."""
        kem = hpke.KEM.MLKEM768_X25519 if self is Suite.XWING else hpke.KEM.X25519
        return hpke.Suite(kem, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)

    @classmethod
    def from_ids(cls, ids: object) -> Suite:
        """Return the allowed suite with these header ids.

        Raises:
            EnvelopeError: the ids are malformed or name a suite that is not allowed
                (downgrade protection).
        """
        # ``type(...) is int`` refuses booleans, which Python would otherwise compare
        # equal to 1, and floats, so only one spelling of a suite is accepted.
        if not isinstance(ids, list) or not all(type(item) is int for item in ids):
            raise EnvelopeError("suite is malformed")
        for suite in ALLOWED_SUITES:
            if tuple(ids) == suite.value:
                return suite
        raise EnvelopeError("suite is not allowed")

    @classmethod
    def from_alg_name(cls, name: str) -> Suite:
        """Return the suite whose key algorithm is ``name``.

        Raises:
            ValueError: no allowed suite uses that algorithm.
        """
        for suite, alg_name in _ALG_NAMES.items():
            if alg_name == name:
                return suite
        raise ValueError("unknown key algorithm")


_ALG_NAMES = {Suite.XWING: "MLKEM768-X25519", Suite.X25519: "X25519"}

# Preference order: senders use the first suite their recipient's key supports.
ALLOWED_SUITES: tuple[Suite, ...] = (Suite.XWING, Suite.X25519)
DEFAULT_SUITE = Suite.XWING
