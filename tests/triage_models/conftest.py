"""Shared fixtures: the written corpus and one model trained on it (session-scoped)."""

from __future__ import annotations

import pytest

from tests.triage_models.corpus_fixture import TINY_CONFIG, FakeRedactor, fixture_examples
from triage_models.corpus import Example
from triage_models.training import TrainedModel, train


@pytest.fixture(scope="session")
def examples() -> list[Example]:
    return fixture_examples()


@pytest.fixture(scope="session")
def trained() -> TrainedModel:
    """One model trained on the fixture corpus, shared by the tests that only read it."""
    return train(fixture_examples(), redact=FakeRedactor(), seed=0, config=TINY_CONFIG)
