"""Result data shapes: validated spans and a value-free summary."""

from __future__ import annotations

import pytest

from redaction.types import EntitySpan, RedactedText, RedactionResult


@pytest.mark.parametrize(
    ("start", "end", "kind"), [(3, 3, "PERSON"), (-1, 2, "EMAIL"), (0, 2, "NAME")]
)
def test_invalid_entity_span_refused(start: int, end: int, kind: str) -> None:
    with pytest.raises(ValueError):
        EntitySpan(start, end, kind)


def test_summary_counts_removed_and_flagged_types_only() -> None:
    result = RedactionResult(
        redacted=RedactedText("[Person A] and [Person B]"),
        entities=(EntitySpan(0, 4, "PERSON"), EntitySpan(9, 12, "PERSON")),
        pseudonyms={"[Person A]": ("Ann",), "[Person B]": ("Bo",)},
        flags=(EntitySpan(0, 12, "QUASI_IDENTIFIER"),),
    )
    assert result.summary() == {"PERSON": 2, "QUASI_IDENTIFIER": 1}
    assert "Ann" not in repr(result)
