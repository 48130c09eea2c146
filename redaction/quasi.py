"""Quasi-identifiers: statements that single the reporter out without naming them.

"I'm the only Black woman in the team" identifies the reporter to anyone who knows the team,
yet its words ("Black", "woman") are the substance of a discrimination report and must stay.
So these statements are never removed: they are flagged as ``QUASI_IDENTIFIER`` in the entity
summary, and a responder deciding what to share knows the text still narrows to one person.
"""

from __future__ import annotations

import regex

# "I'm/I am/as the only <up to 6 words> in/on/at <the/our/my> <unit>", "the only one
# who/with ...", "the only <X> here". Bounded repetitions keep matching linear.
_ONLY = regex.compile(
    r"\b(?:i\s?['’]?\s?m|i\sam|i\swas|as|being|me,?)\s(?:literally\s|probably\s)?"
    r"the\sonly\s(?:[\w'’-]+\s){0,6}?"
    r"(?:(?:in|on|at|across|within)\s(?:the|our|my|this|that)\s[\w'’-]+|here|there|"
    r"who\s[\w'’-]+|with\s(?:a|an)\s[\w'’-]+)",
    flags=regex.IGNORECASE,
)


def find_quasi_identifiers(text: str) -> list[tuple[int, int]]:
    """Find self-descriptions that single the reporter out.

    Args:
        text: The report (length-bounded by the redactor).

    Returns:
        ``(start, end)`` of each statement, in text order.
    """
    return [m.span() for m in _ONLY.finditer(text, timeout=5.0)]
