"""Context enhancement: a weak pattern match counts when its context words are near.

This is Presidio's ``LemmaContextAwareEnhancer`` rule, done directly on the text: up to five
content words before a match are compared with the recognizer's ``CONTEXT`` list (substring
match, as Presidio does), and a hit raises the score by 0.35 to at least 0.4. Doing it here
instead of through ``AnalyzerEngine`` avoids building Presidio's NLP artifacts and deep-copying
every result, which cost more per report than all our recognizers together.

A payroll number shape such as ``44-1203`` is too generic to remove on its own, but right
after "payroll number" it is an identifier: this module is what makes that distinction.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex
from spacy.lang.en.stop_words import STOP_WORDS

CONTEXT_BOOST = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
PREFIX_WORDS = 5
# Look at most this far back: five content words fit easily, and the window stays bounded.
_WINDOW_CHARS = 120
_WORD = regex.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words_before(text: str, start: int) -> list[str]:
    """Return up to :data:`PREFIX_WORDS` lower-cased content words before ``start``.

    Args:
        text: The report.
        start: Offset of the match.

    Returns:
        The closest content words (stop words removed), nearest last.
    """
    window = text[max(0, start - _WINDOW_CHARS) : start].casefold()
    words = [w for w in _WORD.findall(window) if w not in STOP_WORDS]
    return words[-PREFIX_WORDS:]


def enhance(score: float, context: Sequence[str], before: Sequence[str]) -> float:
    """Raise ``score`` when a context word occurs in the words before the match.

    Args:
        score: The pattern score after validation.
        context: The recognizer's context words.
        before: Output of :func:`words_before` for this match.

    Returns:
        The enhanced score, capped at 1.0.
    """
    if any(keyword in word for keyword in context for word in before):
        return min(1.0, max(score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT))
    return score
