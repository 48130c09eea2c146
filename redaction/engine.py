"""The redactor: text in, redacted text and an entity summary out.

Threats and invariants:
- Bounded input: ``InputTooLongError`` is raised before any model or regex runs, so the
  time of every pattern is bounded and a regex timeout (which fails closed) is never relied on.
- Fail closed: any exception during analysis or anonymisation becomes ``RedactionError``
  raised ``from None``; the caller rejects the report and nothing is passed through. The
  chain carries no plaintext because spaCy, regex or worker exceptions may quote their input.
- Offline: the spaCy model is an installed package and the only domain lookup uses the
  bundled suffix snapshot (see :mod:`redaction.offline`).
- spaCy loads once per Redactor (and once per worker process); ``redact_many`` batches
  through ``nlp.pipe`` and, for large batches, spreads chunks over worker processes
  (:mod:`redaction.workers`) connected by pipes only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from redaction.analysis import Analyzer
from redaction.config import RedactionConfig
from redaction.errors import InputTooLongError, RedactionError
from redaction.nlp import load_pipeline
from redaction.registry import load_registry
from redaction.rendering import render
from redaction.types import RedactionResult
from redaction.workers import WorkerPool


class Redactor:
    """Removes identifiers from reports; usable as a context manager to stop its workers."""

    def __init__(self, config: RedactionConfig) -> None:
        """Load the NLP model, the recognizer registry and the organisation rules once.

        Args:
            config: Redaction settings (model name, input bound, batch size, processes).
        """
        self._config = config
        self._nlp = load_pipeline(config.model_name)
        registry = load_registry()
        self._placeholders = registry.placeholders()
        self._analyzer = Analyzer(self._nlp, registry, config.organisation, config.score_threshold)
        self._pool: WorkerPool | None = None

    @property
    def config(self) -> RedactionConfig:
        """The settings this redactor was built with."""
        return self._config

    def redact(self, text: str) -> RedactionResult:
        """Redact one report (always in the calling process).

        Args:
            text: The plaintext report.

        Returns:
            Redacted text, removed spans, flagged quasi-identifiers and the sealed
            third-party pseudonym map.

        Raises:
            InputTooLongError: The text exceeds ``config.max_chars`` (checked first).
            RedactionError: Anything failed; no partial or original text is returned.
        """
        self._check(text)
        try:
            return self._redact_doc(text, self._nlp(text))
        except Exception:  # noqa: BLE001 - every failure must fail closed, see module doc.
            raise RedactionError("redaction failed") from None

    def redact_many(self, texts: Sequence[str]) -> list[RedactionResult]:
        """Redact many reports, batching spaCy and using worker processes for big batches.

        Every text is length-checked before any processing starts, so one oversized text
        rejects the batch (the caller may retry the rest one by one).

        Args:
            texts: Plaintext reports.

        Returns:
            One result per text, in the same order.

        Raises:
            InputTooLongError: A text exceeds ``config.max_chars``.
            RedactionError: Anything failed; no result is returned for the batch.
        """
        for text in texts:
            self._check(text)
        processes = self._processes_for(len(texts))
        try:
            if processes > 1:
                return self._pool_of(processes).redact(texts)
            docs = self._nlp.pipe(list(texts), batch_size=self._config.batch_size)
            return [self._redact_doc(text, doc) for text, doc in zip(texts, docs, strict=True)]
        except Exception:  # noqa: BLE001 - every failure must fail closed, see module doc.
            self._drop_pool()
            raise RedactionError("redaction failed") from None

    def close(self) -> None:
        """Stop the worker processes, if any were started (idempotent)."""
        self._drop_pool()

    def __enter__(self) -> Redactor:
        """Use the redactor in a ``with`` block that stops its workers on exit."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the worker processes."""
        self.close()

    def _processes_for(self, batch: int) -> int:
        if batch < self._config.min_parallel_batch:
            return 1
        wanted = self._config.processes
        if wanted is None:
            wanted = min(2, os.cpu_count() or 1)
        return wanted

    def _pool_of(self, processes: int) -> WorkerPool:
        if self._pool is None:
            self._pool = WorkerPool(self._config, processes)
        return self._pool

    def _drop_pool(self) -> None:
        pool, self._pool = getattr(self, "_pool", None), None
        if pool is not None:
            pool.close()

    def _check(self, text: str) -> None:
        if not isinstance(text, str):
            raise RedactionError("text must be a string")
        if len(text) > self._config.max_chars:
            raise InputTooLongError("text is longer than the configured maximum")

    def _redact_doc(self, text: str, doc: Any) -> RedactionResult:
        findings = self._analyzer.find(text, doc)
        return render(text, findings.spans, self._placeholders, findings.flags)
