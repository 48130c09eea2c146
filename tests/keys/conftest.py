"""Fixtures for the keys tests.

Memory-hard KDF parameters are made cheap only through fixtures named ``insecure_*``, so
it is obvious at every use that a test does not exercise production costs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from keys.ids import CaseId, new_case_id
from keys.kdf import KdfParams
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from keys.suites import Suite

# The tests import their helpers as ``tests.keys.<module>`` (the module names mypy uses).
# ``python -m pytest`` from the repository root already has the root on sys.path; a bare
# ``pytest`` or a run from another directory does not, so add it here. The cleaner fix is
# ``pythonpath = ["."]`` in the pytest settings of pyproject.toml.
_REPOSITORY_ROOT = str(Path(__file__).resolve().parents[2])
if _REPOSITORY_ROOT not in sys.path:
    sys.path.insert(0, _REPOSITORY_ROOT)

ORG = "acme"


@pytest.fixture
def insecure_kdf() -> KdfParams:
    """Argon2id at its minimum cost: for tests only, never for real keys."""
    return KdfParams(t=1, m_kib=8, p=1)


@pytest.fixture
def insecure_receipt_kdf() -> KdfParams:
    """Argon2id at its minimum cost for receipt derivation: for tests only."""
    return KdfParams(t=1, m_kib=8, p=1)


@pytest.fixture
def case_id() -> CaseId:
    return new_case_id()


@pytest.fixture(params=[Suite.XWING, Suite.X25519], ids=["xwing", "x25519"])
def recipient_key(request: pytest.FixtureRequest) -> RecipientPrivateKey:
    suite: Suite = request.param
    return RecipientPrivateKey.generate(suite)


@pytest.fixture
def worker_key() -> SigningPrivateKey:
    return SigningPrivateKey.generate()


@pytest.fixture
def responders() -> list[ResponderIdentity]:
    return [ResponderIdentity.generate() for _ in range(3)]
