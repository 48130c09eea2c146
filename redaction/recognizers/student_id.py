"""STUDENT_ID: student, matriculation and candidate numbers."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer


class StudentIdRecognizer(FailClosedPatternRecognizer):
    """Find student numbers (typically 7-10 digits, often with a letter prefix)."""

    ENTITY = "STUDENT_ID"
    PATTERNS: ClassVar[list[Pattern]] = [
        # A digit-bearing token right after a student label ("student no. 201845672").
        Pattern(
            "labelled",
            r"\b(?:student|matric(?:ulation)?|candidate|registration|enrol(?:l?ment)?|"
            r"ucas|library\s+card)(?:\s+(?:id|no\.?|num(?:ber)?|card))?\s?(?:is|:|#|-)?\s?\(?"
            r"(?P<value>(?=[a-z-]{0,3}\d)[a-z0-9][a-z0-9-]{4,14})\b",
            0.6,
        ),
        # A bare run of 8-9 digits is an identifier far more often than anything else in a
        # report (phones have 10+ digits, dates have separators), so remove it anyway.
        Pattern("digits", r"(?<![\w.,-])\d{8,9}(?![\w-]|[.,]\d)", 0.35),
    ]
    CONTEXT: ClassVar[list[str]] = ["student", "matriculation", "id", "number", "candidate"]
