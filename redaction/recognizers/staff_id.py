"""STAFF_ID: employee, staff, payroll and pass numbers."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

# Labels that introduce an employee identifier; the number after them is removed whatever
# its shape (organisations use many formats), as long as it contains a digit.
_LABEL = (
    r"\b(?:(?:employee|staff|payroll|personnel|pass|badge|works|worker|agency|contractor|hr"
    r"|teacher|teaching|nurse|driver|clock(?:ing)?|login|user)"
    r"(?:\s+(?:id|no\.?|num(?:ber)?|ref(?:erence)?|code|#))?"
    # A generic "ID"/"ID number" label ("my ID is T-882104").
    r"|\bid(?:\s+(?:no\.?|num(?:ber)?|#))?)"
    r"\s?(?:is|was|says|reads|shows|:|#|-)?\s?\(?"
)


class StaffIdRecognizer(FailClosedPatternRecognizer):
    """Find staff identifiers: ``E1234567``, ``EMP-004512``, ``HR48213``, payroll ``44-1203``."""

    ENTITY = "STAFF_ID"
    PATTERNS: ClassVar[list[Pattern]] = [
        # Any digit-bearing token right after an employee label ("staff ID is 571004").
        Pattern(
            "labelled", _LABEL + r"(?P<value>(?=[a-z-]{0,5}\d)[a-z0-9][a-z0-9/-]{2,14})\b", 0.6
        ),
        # Common HR-system prefixes (EMP-, HR, STF, E + 7 digits) even without a label.
        Pattern("prefixed", r"\b(?:emp|hr|stf|staff|pay)[-/]?\d{4,8}\b", 0.5),
        Pattern("e_number", r"\bE\d{7}\b", 0.4),
        # Payroll style "44-1203": too generic alone, kept only with context.
        Pattern("payroll", r"(?<![\w-])\d{2}-\d{4}(?![\w-])", 0.1),
    ]
    CONTEXT: ClassVar[list[str]] = ["payroll", "employee", "staff", "badge", "pass"]
