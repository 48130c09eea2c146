"""SSN: US Social Security numbers with the SSA validity rules."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer


class SsnRecognizer(FailClosedPatternRecognizer):
    """Find SSNs written ``AAA-GG-SSSS`` or ``AAA GG SSSS``.

    SSA rules (https://www.ssa.gov/employer/randomization.html): area is never 000, 666 or
    900-999; group is never 00; serial is never 0000. A well-formed but invalid number is
    still removed when SSN context is near (fail safe), via the low-score pattern.
    """

    ENTITY = "SSN"
    PATTERNS: ClassVar[list[Pattern]] = [
        # SSA display format with consistent separators.
        Pattern("ssn_sep", r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])", 0.5),
        # Unseparated 9 digits only right after an SSN label.
        Pattern(
            "ssn_labelled",
            r"(?<=\b(?:ssn|social\s+security(?:\s+number|\s+no\.?)?)\s?(?:is|:|#)?\s?\(?)\d{9}\b",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["ssn", "social", "security"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Apply the SSA area/group/serial rules.

        Args:
            pattern_text: The candidate.

        Returns:
            True when valid; None (keep the base score) when not, so context decides.
        """
        digits = regex.sub(r"\D", "", pattern_text)
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        if area in {"000", "666"} or area.startswith("9") or group == "00" or serial == "0000":
            return None
        return True
