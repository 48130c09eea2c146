"""Base class for our pattern recognizers: Presidio's contract, failing closed.

Presidio's ``PatternRecognizer`` catches a regex ``TimeoutError``, logs it and skips the
pattern, so a slow match silently fails OPEN. This subclass runs the same class-level
``PATTERNS`` itself and lets any timeout propagate; the redactor turns it into
``RedactionError`` and the report is rejected. Patterns are compiled once per class with the
flags each recognizer declares (not Presidio's blanket IGNORECASE).
"""

from __future__ import annotations

from typing import Any, ClassVar

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

# A generous ceiling: input is bounded (RedactionConfig.max_chars) and every pattern uses
# bounded quantifiers, so this only fires on a bug. It fails closed (see module docstring).
PATTERN_TIMEOUT_SECONDS = 5.0


class FailClosedPatternRecognizer(PatternRecognizer):
    """A ``PatternRecognizer`` whose regex timeouts raise instead of skipping the pattern.

    Subclasses set ``ENTITY``, ``PATTERNS``, ``CONTEXT`` and optionally ``FLAGS`` and
    ``validate_result``. A pattern with a named group ``value`` reports only that group's
    span (a label before it is context, not identifier).
    """

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []
    FLAGS: ClassVar[int] = regex.IGNORECASE | regex.MULTILINE

    def __init__(self) -> None:
        if not self.ENTITY or not self.PATTERNS:
            raise ValueError("a recognizer needs ENTITY and PATTERNS")
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            name=type(self).__name__,
            global_regex_flags=self.FLAGS,
        )
        self._compiled = [
            (pattern, regex.compile(pattern.regex, flags=self.FLAGS)) for pattern in self.PATTERNS
        ]

    def matches(self, text: str) -> list[tuple[int, int, float]]:
        """Find this recognizer's entity in ``text`` (the redactor's fast path).

        Args:
            text: The (length-bounded) report.

        Returns:
            ``(start, end, score)`` per match after ``validate_result``; a regex timeout
            raises ``TimeoutError`` rather than dropping the pattern (fail closed).
        """
        found: list[tuple[int, int, float]] = []
        for pattern, compiled in self._compiled:
            value_group = "value" in compiled.groupindex
            for match in compiled.finditer(text, timeout=PATTERN_TIMEOUT_SECONDS):
                # A label is matched outside the named group "value" (faster than the
                # equivalent variable-length lookbehind); only the value is the span.
                start, end = match.span("value") if value_group else match.span()
                if start == end:
                    continue
                verdict = self.validate_result(text[start:end])
                if verdict is False:
                    continue
                score = max(pattern.score, 0.85) if verdict is True else pattern.score
                found.append((start, end, score))
        return found

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Any = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's recognizer contract, for use inside an ``AnalyzerEngine``.

        Args:
            text: The (length-bounded) report.
            entities: Entities requested by the analyzer (ignored: we return ours).
            nlp_artifacts: Unused by pattern recognizers.
            regex_flags: Ignored; each recognizer owns its flags.

        Returns:
            The same matches as :meth:`matches`, as ``RecognizerResult`` objects.
        """
        return [
            RecognizerResult(
                entity_type=self.ENTITY,
                start=start,
                end=end,
                score=score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for start, end, score in self.matches(text)
        ]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Check a candidate; True promotes, False drops, None keeps the pattern score.

        Args:
            pattern_text: The matched text.

        Returns:
            None by default (no checksum for this entity).
        """
        return None
