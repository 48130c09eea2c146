"""POSTCODE: UK postcodes and US ZIP codes after a state abbreviation."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)


class PostcodeRecognizer(FailClosedPatternRecognizer):
    """Find UK postcodes (``LS6 2AB``) and US ZIP codes (``IL 62704``, span on the digits)."""

    ENTITY = "POSTCODE"
    PATTERNS: ClassVar[list[Pattern]] = [
        # UK format from the Royal Mail PAF guide / BS 7666: outward A9, A9A, A99, AA9,
        # AA9A, AA99; inward 9AA without C, I, K, M, O, V.
        Pattern(
            "uk",
            r"\b[a-z]{1,2}\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}\b",
            0.5,
        ),
        # USPS ZIP / ZIP+4 right after a two-letter state code ("Springfield, IL 62704").
        Pattern("us_zip", r"(?<=\b(?-i:" + _US_STATES + r"),?\s{1,2})\d{5}(?:-\d{4})?\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["postcode", "post", "code", "zip", "address", "live"]
