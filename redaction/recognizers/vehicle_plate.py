"""VEHICLE_PLATE: UK and US registration plates."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

_LABEL = r"(?:reg(?:istration)?|plate|number\s+plate|licen[cs]e\s+plate|vrm)"


class VehiclePlateRecognizer(FailClosedPatternRecognizer):
    """Find plates: UK 2001 scheme ``LD19 XKT`` and common US shapes after a label."""

    ENTITY = "VEHICLE_PLATE"
    PATTERNS: ClassVar[list[Pattern]] = [
        # DVLA current format (since 2001): two letters, two-digit age identifier, three
        # letters. Distinctive enough to match without context.
        Pattern("uk_2001", r"\b[a-z]{2}\d{2}\s?[a-z]{3}\b", 0.5),
        # DVLA prefix format (1983-2001): "A123 BCD".
        Pattern("uk_prefix", r"\b(?-i:[A-Z]\d{1,3}\s?[A-Z]{3})\b", 0.3),
        # Any short alphanumeric token with a digit right after a plate label
        # ("reg 7KJH213", "plate ABC-1234").
        Pattern(
            "labelled",
            r"\b" + _LABEL + r"\s?(?:number)?\s?(?:is|was|:|-)?\s?"
            r"(?P<value>(?=[a-z0-9 -]{0,8}\d)[a-z0-9]{1,4}[ -]?[a-z0-9]{2,5})\b",
            0.6,
        ),
        # US shapes in capitals: California "7KJH213", "ABC-1234", "ABC 123".
        Pattern("us", r"\b(?-i:\d[A-Z]{3}\d{3}|[A-Z]{3}[- ]\d{3,4})\b", 0.35),
    ]
    CONTEXT: ClassVar[list[str]] = ["car", "registration", "reg", "plate", "vehicle", "van"]
