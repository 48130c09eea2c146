"""PHONE: UK, US and international telephone numbers, validated with ``phonenumbers``."""

from __future__ import annotations

from typing import ClassVar

import phonenumbers
from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

# Regions tried for numbers written without a country code (the gateway serves UK and US
# organisations); numbers with "+" carry their own region.
_REGIONS = ("GB", "US")


class IntlPhoneRecognizer(FailClosedPatternRecognizer):
    """Find telephone numbers; candidates must be possible numbers for a region.

    The pattern is deliberately loose (digit groups with space, dot or dash separators,
    optional ``+CC`` and ``(0)`` trunk prefix, parenthesised area code); precision comes
    from ``phonenumbers.is_possible_number`` (Google libphonenumber metadata).
    """

    ENTITY = "PHONE"
    PATTERNS: ClassVar[list[Pattern]] = [
        # E.164 / ITU-T E.123 written forms: "+44 (0)7712 345 678", "(0161) 496 0123",
        # "(415) 555-0134", "07712-345678", "305.977.8456". Every group is bounded and
        # the whole number is at most 1 + 5 groups, so backtracking is bounded.
        Pattern(
            "phone",
            r"(?<![\w+/.-])(?:\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?)?"
            r"(?:\(\d{2,5}\)[\s.-]?|\d{2,5}[\s.-]?)"
            r"(?:\d{2,6}[\s.-]?){0,4}\d{2,6}(?![\w/]|[.-]\d)",
            0.4,
        )
    ]
    CONTEXT: ClassVar[list[str]] = [
        "phone",
        "mobile",
        "cell",
        "tel",
        "telephone",
        "number",
        "call",
        "ring",
        "text",
        "whatsapp",
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Keep only candidates that libphonenumber considers possible numbers.

        Args:
            pattern_text: The candidate number.

        Returns:
            True for a possible number in an international or UK/US form, else False.
        """
        digits = sum(ch.isdigit() for ch in pattern_text)
        candidate = pattern_text.replace("(0)", "")
        # National UK/US numbers have 10-11 digits; shorter runs are IDs (student numbers,
        # SSNs) that their own recognizers handle.
        if not (9 if candidate.startswith("+") else 10) <= digits <= 15:
            return False
        regions = (None,) if candidate.startswith("+") else _REGIONS
        for region in regions:
            try:
                number = phonenumbers.parse(candidate, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_possible_number(number):
                return True
        return False
