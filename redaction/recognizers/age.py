"""AGE: a stated age ("I'm 23", "a 19-year-old", "aged 45")."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers.base import FailClosedPatternRecognizer

# Units that mean the number after "I am" is not an age ("I am 5 minutes away").
_NOT_AGE_UNIT = (
    r"(?!\s?(?:%|percent|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times?|pm|am|"
    r"o'?clock|miles?|km|metres?|meters?|feet|ft|pounds?|kg|st|quid|dollars?|:|\.\d|/))"
)


class AgeRecognizer(FailClosedPatternRecognizer):
    """Find ages; with a role and an organisation an exact age narrows to one person."""

    ENTITY = "AGE"
    PATTERNS: ClassVar[list[Pattern]] = [
        # "I am 23", "I'm 23", "im 23", "aged 23", "age 23", "age: 23", "I turned 23".
        Pattern(
            "stated",
            r"(?<=\b(?:i\s?['’]?\s?m|i\sam|aged|age|age\sis|i\sturned|turned)\s?:?\s)"
            r"\d{1,2}\b" + _NOT_AGE_UNIT,
            0.6,
        ),
        # Someone else's age: "she's 23", "my daughter is 16", "Amal is 18.", "only 18".
        # The number must end the clause (or be followed by "and"/"but"/"so"/"years"),
        # so "is 5 minutes away" or "it's 10 past" do not match.
        Pattern(
            "third_party",
            r"(?:\b(?:he|she|they|daughter|son|child|kid|sister|brother)\s?(?:['’]s|\sis|\sare|"
            r"['’]re|\swas|\swere)|(?<!\b(?:it|that|there|what|here|who|where|which|time))"
            r"['’]s|\b(?:is|was)(?:\s(?:only|just|barely))?|\bonly|\bjust)"
            r"\s(?P<value>\d{1,2})(?=\s?(?:[.,;!?)]|$|\s(?:and|but|so|now|btw|years?|yrs?|or)\b))"
            + _NOT_AGE_UNIT,
            0.5,
        ),
        # "23 years old", "23-year-old", "23 yrs old", "23yo".
        Pattern(
            "years_old",
            r"\b\d{1,2}(?=[\s-]?(?:years?|yrs?|yr)[\s-]?old\b|\s?y\.?o\b)",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["age", "aged", "old"]
