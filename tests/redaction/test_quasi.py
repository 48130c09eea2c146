"""Quasi-identifiers are flagged in the summary, never removed (issue 3)."""

from __future__ import annotations

import pytest

from redaction.engine import Redactor
from redaction.quasi import find_quasi_identifiers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm the only Black woman in the team.", ["I'm the only Black woman in the team"]),
        ("as the only Sikh engineer here, I", ["as the only Sikh engineer here"]),
        ("I am the only one who uses a wheelchair", ["I am the only one who uses"]),
        ("the only thing I want is an apology", []),
    ],
)
def test_quasi_identifier_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in find_quasi_identifiers(text)] == expected


@pytest.mark.nlp
def test_quasi_identifier_counted_but_words_survive(redactor: Redactor) -> None:
    # Given a report whose reporter singles themself out
    text = "I'm the only Black woman in the team and my manager ignores me."
    # When redacted
    result = redactor.redact(text)
    # Then the statement stays word for word and the summary flags it, without values
    assert result.redacted == text
    assert result.summary() == {"QUASI_IDENTIFIER": 1}
    assert [(f.start, f.type) for f in result.flags] == [(0, "QUASI_IDENTIFIER")]
