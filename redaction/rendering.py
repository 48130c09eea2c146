"""Building the redacted text and the result object from resolved spans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from redaction.pseudonyms import assign
from redaction.spans import Candidate
from redaction.types import EntitySpan, RedactedText, RedactionResult

QUASI_IDENTIFIER = "QUASI_IDENTIFIER"


def render(
    text: str,
    spans: Sequence[Candidate],
    placeholders: Mapping[str, str] | None = None,
    flags: Sequence[tuple[int, int]] = (),
) -> RedactionResult:
    """Replace every span with its placeholder and record what was removed.

    People get per-report pseudonyms (``[Person A]``, or ``[Reporter]`` for the reporter's
    own name), everything else the placeholder the registry configures for its type
    (``[EMAIL]`` by default). Offsets in the result refer to the original text.

    Args:
        text: The original report.
        spans: Non-overlapping spans sorted by start (see :func:`redaction.spans.resolve`).
        placeholders: Entity type to replacement text; missing types use ``[TYPE]``.
        flags: Quasi-identifier spans, counted but left in the text.

    Returns:
        The redaction result; the original text appears only inside the sealed
        pseudonym map, and only for third-party names.
    """
    placeholders = placeholders or {}
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
            parts.append(placeholders.get(span.type, f"[{span.type}]"))
        cursor = span.end
    parts.append(text[cursor:])
    return RedactionResult(
        redacted=RedactedText("".join(parts)),
        entities=tuple(EntitySpan(s.start, s.end, s.type) for s in spans),
        pseudonyms=assignment.pseudonyms,
        flags=tuple(EntitySpan(s, e, QUASI_IDENTIFIER) for s, e in flags),
    )
