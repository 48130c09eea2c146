"""DATE_OF_BIRTH: dates of birth (incident dates are kept on purpose)."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Numeric (ISO 8601, dd/mm/yyyy, mm/dd/yyyy with / . -) and spelled-out forms.
_DATE = (
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|"
    + _DAY
    + r"\s(?:of\s)?"
    + _MONTH
    + r",?\s\d{4}|"
    + _MONTH
    + r"\s"
    + _DAY
    + r",?\s\d{4})"
)
_LABEL = (
    r"\b(?:born(?:\son)?|date\sof\sbirth|d\.?o\.?b\.?|birth\s?date|birthday)(?:\sis)?\s?[:-]?\s?"
)
_YEAR = regex.compile(r"(?:19|20)\d{2}")
# Incident dates are recent; a four-digit year this far back in a workplace report is
# almost always a birth date. (Kept as data, not read from a clock, so results are stable.)
_LATEST_BIRTH_YEAR = 2012


class DateOfBirthRecognizer(FailClosedPatternRecognizer):
    """Find dates of birth: any date after a DOB label, or a full date with an old year."""

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("labelled", _LABEL + r"(?P<value>" + _DATE + r")\b", 0.7),
        Pattern("old_year", r"\b" + _DATE + r"\b", 0.2),
    ]
    CONTEXT: ClassVar[list[str]] = ["born", "birth", "dob", "birthday"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Keep unlabelled dates only when their four-digit year is a plausible birth year.

        Args:
            pattern_text: The candidate date.

        Returns:
            True for a year up to the latest plausible birth year, False for recent years
            (incident dates must survive), None when there is no four-digit year.
        """
        year = _YEAR.search(pattern_text)
        if year is None:
            return None
        return int(year.group()) <= _LATEST_BIRTH_YEAR
