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
)
"""Every entity type the redactor emits, upper-case, aligned with the PII benchmark."""


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
        if self.type not in ENTITY_TYPES:
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
    """

    redacted: RedactedText
    entities: tuple[EntitySpan, ...]
    pseudonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def summary(self) -> dict[str, int]:
        """Count removed entities per type.

        Returns:
            Entity type to count. It holds types and counts only, never values or
            offsets, so it is safe to log and to show to every responder.
        """
        return dict(sorted(Counter(span.type for span in self.entities).items()))
