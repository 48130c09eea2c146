"""Shared fixtures: the spaCy-backed Redactor is expensive, so it is built once per session."""

from __future__ import annotations

import pytest

from redaction.config import RedactionConfig
from redaction.engine import Redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """One Redactor for every nlp-marked test (loading spaCy takes about a second)."""
    return Redactor(RedactionConfig())
