"""NI_NUMBER: UK National Insurance numbers with the HMRC prefix rules."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

# HMRC NIM39110: first letter not D, F, I, Q, U, V; second not D, F, I, O, Q, U, V;
# prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued.
_BAD_FIRST = set("DFIQUV")
_BAD_SECOND = set("DFIOQUV")
_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


class NiNumberRecognizer(FailClosedPatternRecognizer):
    """Find NI numbers such as ``QQ 12 34 56 C`` or ``AB123456C``.

    Well-formed numbers that break the prefix rules (test prefixes like QQ, typos) keep a
    lower score and are removed when context ("NI", "national insurance") is near.
    """

    ENTITY = "NI_NUMBER"
    PATTERNS: ClassVar[list[Pattern]] = [
        # Two letters, six digits in optional pairs, suffix A-D (HMRC NIM39110 layout).
        Pattern(
            "nino",
            r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b",
            0.5,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["ni", "nino", "national", "insurance"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Apply the HMRC prefix rules.

        Args:
            pattern_text: The candidate.

        Returns:
            True for an issuable prefix; None otherwise (context decides).
        """
        letters = regex.sub(r"[^A-Za-z]", "", pattern_text).upper()
        first, second = letters[0], letters[1]
        if first in _BAD_FIRST or second in _BAD_SECOND or letters[:2] in _BAD_PREFIXES:
            return None
        return True
