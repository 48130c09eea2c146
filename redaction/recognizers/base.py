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
    ``validate_result``.
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

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Any = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Find this recognizer's entity in ``text``.

        Args:
            text: The (length-bounded) report.
            entities: Entities requested by the analyzer (ignored: we return ours).
            nlp_artifacts: Unused by pattern recognizers.
            regex_flags: Ignored; each recognizer owns its flags.

        Returns:
            Results with scores after ``validate_result``; a timeout raises ``TimeoutError``
            rather than dropping the pattern (fail closed).
        """
        results: list[RecognizerResult] = []
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text, timeout=PATTERN_TIMEOUT_SECONDS):
                start, end = match.span()
                if start == end:
                    continue
                score = pattern.score
                verdict = self.validate_result(text[start:end])
                if verdict is False:
                    continue
                if verdict is True:
                    score = max(score, 0.85)
                results.append(
                    RecognizerResult(
                        entity_type=self.ENTITY,
                        start=start,
                        end=end,
                        score=score,
                        # Needed by Presidio's context enhancer; holds pattern names and
                        # scores, never the matched text.
                        analysis_explanation=self.build_regex_explanation(
                            type(self).__name__,
                            pattern.name,
                            pattern.regex,
                            score,
                            bool(verdict),
                            self.FLAGS,
                        ),
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results

    def validate_result(self, pattern_text: str) -> bool | None:
        """Check a candidate; True promotes, False drops, None keeps the pattern score.

        Args:
            pattern_text: The matched text.

        Returns:
            None by default (no checksum for this entity).
        """
        return None
