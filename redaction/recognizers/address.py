"""ADDRESS: street addresses (house number + street + type, then unit and town parts)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

# Street-type suffixes (Royal Mail PAF thoroughfare descriptors and USPS Publication 28
# C1 suffixes, the common subset).
_STREET_TYPES = (
    r"road|rd|street|st|lane|ln|avenue|ave|av|close|crescent|cres|drive|dr|terrace|way|"
    r"gardens|gdns|place|pl|grove|boulevard|blvd|court|ct|square|sq|row|mews|parade|walk|"
    r"rise|view|hill|park|green|circle|cir|highway|hwy|parkway|pkwy|trail|wynd|vale|"
    r"end|gate|yard|croft|chase|fold|meadow|meadows|heights|bank|quay|wharf"
)
# Words that start ordinary phrases ("3 times on the road"), never a street name.
_NOT_STREET_WORD = r"(?!(?:the|a|an|on|in|at|of|to|and|or|my|his|her|their|our|times|days|weeks)\b)"
_WORD = _NOT_STREET_WORD + r"[a-z][a-z'’.-]{0,24}"
# Optional unit ("Apt 3B", "Flat 2") and up to three locality parts ("Headingley, Leeds",
# "Springfield, IL").
_UNIT = r"(?:,?\s(?:apt|apartment|flat|unit|suite|ste)\.?\s?#?[a-z0-9-]{1,5})?"
_PLACE = (
    r"(?:,\s?(?!(?:and|but|so|then|which|where|when|please|or)\b)"
    r"[a-z][a-z'’.-]{1,24}\b(?:\s[a-z][a-z'’.-]{1,24}\b){0,2}){0,3}"
)


class AddressRecognizer(FailClosedPatternRecognizer):
    """Find street addresses such as ``14 Carlton Road, Headingley, Leeds``.

    The span covers the street line and the localities after it (the combination is what
    identifies a home); a following postcode is the postcode recognizer's job.
    """

    ENTITY = "ADDRESS"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "street",
            r"(?:\b(?:flat|apartment|apt|unit)\s?[a-z0-9]{1,4},?\s)?"
            r"\b\d{1,5}[a-z]?,?\s(?:"
            + _WORD
            + r"\s){1,3}(?:"
            + _STREET_TYPES
            + r")\b\.?"
            + _UNIT
            + _PLACE,
            0.55,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["address", "live", "lives", "home", "write"]
