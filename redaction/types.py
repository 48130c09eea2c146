"""Data shapes that leave the redaction package.

This is the only module ``triage_models`` may import (import-linter contract). It holds no
Presidio or spaCy types, so consumers are coupled to redaction by data shape only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NewType

RedactedText = NewType("RedactedText", str)
"""Text that has been through :class:`redaction.engine.Redactor`; only this may be classified."""

ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "EMAIL",
    "PHONE",
    "STAFF_ID",
    "STUDENT_ID",
    "NI_NUMBER",
    "SSN",
    "ADDRESS",
    "POSTCODE",
    "SOCIAL_HANDLE",
    "URL",
    "IP_ADDRESS",
    "VEHICLE_PLATE",
    "ROOM",
    "DATE_OF_BIRTH",
    "AGE",
    "CUSTOM_ID",
    "ORG_TERM",
)
"""Every entity type the redactor removes, upper-case, aligned with the PII benchmark.

``CUSTOM_ID`` and ``ORG_TERM`` come only from per-organisation rules
(:mod:`redaction.organisation`)."""

FLAG_TYPES: tuple[str, ...] = ("QUASI_IDENTIFIER",)
"""Types that are counted in the summary but NOT removed from the text.

A quasi-identifier ("I'm the only Black woman in the team") can single the reporter out, but
its words are exactly what makes the report a report of discrimination, so it stays and a
responder is warned by the count instead."""


@dataclass(frozen=True, order=True)
class EntitySpan:
    """One removed identifier.

    Attributes:
        start: Offset of the first character in the ORIGINAL text.
        end: Offset one past the last character in the ORIGINAL text.
        type: Upper-case entity type, one of :data:`ENTITY_TYPES`.
    """

    start: int
    end: int
    type: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError("EntitySpan needs 0 <= start < end")
        if self.type not in ENTITY_TYPES and self.type not in FLAG_TYPES:
            raise ValueError("EntitySpan type is not a known entity type")


@dataclass(frozen=True)
class RedactionResult:
    """The outcome of redacting one report.

    Attributes:
        redacted: The text with every identifier replaced by a placeholder.
        entities: Spans removed, as offsets into the original text, sorted by start.
        pseudonyms: Third-party pseudonym (``"[Person A]"``) to the surface forms it
            replaced. It is sealed to assigned investigators only and must never be
            logged; the reporter's own identifiers never enter it.
        flags: Spans flagged but left in the text (:data:`FLAG_TYPES`), offsets into the
            original text.
    """

    redacted: RedactedText
    entities: tuple[EntitySpan, ...]
    pseudonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    flags: tuple[EntitySpan, ...] = ()

    def summary(self) -> dict[str, int]:
        """Count removed entities and flagged quasi-identifiers per type.

        Returns:
            Type to count. It holds types and counts only, never values or offsets, so it
            is safe to log and to show to every responder.
        """
        counts = Counter(span.type for span in (*self.entities, *self.flags))
        return dict(sorted(counts.items()))
