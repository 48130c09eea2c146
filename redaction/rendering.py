"""Building the redacted text and the result object from resolved spans."""

from __future__ import annotations

from collections.abc import Sequence

from redaction.pseudonyms import assign
from redaction.spans import Candidate
from redaction.types import EntitySpan, RedactedText, RedactionResult


def render(text: str, spans: Sequence[Candidate]) -> RedactionResult:
    """Replace every span with its placeholder and record what was removed.

    People get per-report pseudonyms (``[Person A]``), everything else its type in brackets
    (``[EMAIL]``). Offsets in the result refer to the original text.

    Args:
        text: The original report.
        spans: Non-overlapping spans sorted by start (see :func:`redaction.spans.resolve`).

    Returns:
        The redaction result; the original text appears only inside the sealed
        pseudonym map, and only for third-party names.
    """
    people = [(s.start, s.end) for s in spans if s.type == "PERSON"]
    assignment = assign(text, people)
    person_labels = iter(assignment.placeholders)
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(text[cursor : span.start])
        if span.type == "PERSON":
            parts.append(next(person_labels))
        else:
            parts.append(f"[{span.type}]")
        cursor = span.end
    parts.append(text[cursor:])
    return RedactionResult(
        redacted=RedactedText("".join(parts)),
        entities=tuple(EntitySpan(s.start, s.end, s.type) for s in spans),
        pseudonyms=assignment.pseudonyms,
    )
