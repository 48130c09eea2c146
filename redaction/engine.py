"""The redactor: text in, redacted text and an entity summary out.

Threats and invariants:
- Bounded input: ``InputTooLongError`` is raised before any model or regex runs, so the
  time of every pattern is bounded and Presidio's fail-open regex timeout is never hit.
- Fail closed: any exception during analysis or anonymisation becomes ``RedactionError``
  raised ``from None``; the caller rejects the report and nothing is passed through. The
  chain carries no plaintext because Presidio/spaCy exceptions may quote their input.
- Offline: the spaCy model is an installed package and the only domain lookup uses the
  bundled suffix snapshot (see :mod:`redaction.offline`).
- spaCy loads once per Redactor; ``redact_many`` batches through ``nlp.pipe``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from redaction.analysis import build_analyzer
from redaction.config import RedactionConfig
from redaction.errors import InputTooLongError, RedactionError
from redaction.gazetteer import build_lexicon
from redaction.nlp import build_nlp_engine
from redaction.people import PersonFinder
from redaction.rendering import render
from redaction.spans import Candidate, clean_person, resolve
from redaction.types import RedactionResult

_LANGUAGE = "en"
_UNUSED_PIPES = ("parser", "lemmatizer", "attribute_ruler")


class Redactor:
    """Removes identifiers from reports (Presidio analysis + our own anonymisation)."""

    def __init__(self, config: RedactionConfig) -> None:
        """Load the NLP model and build the analyzer once.

        Args:
            config: Redaction settings (model name, input bound, batch size).
        """
        self._config = config
        self._nlp_engine = build_nlp_engine(config.model_name)
        self._analyzer = build_analyzer(self._nlp_engine)
        nlp = self._nlp_engine.get_nlp(_LANGUAGE)
        self._people = PersonFinder(build_lexicon(nlp))
        # Throughput: the dependency parser, lemmatizer and attribute ruler are not needed
        # (we use fine-grained tags, and context words are matched on lower-cased tokens),
        # so they are switched off after the lexicon has read the lemmatizer's tables.
        for name in _UNUSED_PIPES:
            if name in nlp.pipe_names:
                nlp.disable_pipe(name)

    @property
    def config(self) -> RedactionConfig:
        """The settings this redactor was built with."""
        return self._config

    def redact(self, text: str) -> RedactionResult:
        """Redact one report.

        Args:
            text: The plaintext report.

        Returns:
            Redacted text, removed spans and the sealed third-party pseudonym map.

        Raises:
            InputTooLongError: The text exceeds ``config.max_chars`` (checked first).
            RedactionError: Anything failed; no partial or original text is returned.
        """
        self._check(text)
        try:
            artifacts = self._nlp_engine.process_text(text, _LANGUAGE)
            return self._redact_with(text, artifacts)
        except Exception:  # noqa: BLE001 - every failure must fail closed, see module doc.
            raise RedactionError("redaction failed") from None

    def redact_many(self, texts: Sequence[str]) -> list[RedactionResult]:
        """Redact many reports, batching the spaCy pipeline for throughput.

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
        try:
            batch = self._nlp_engine.process_batch(
                list(texts), _LANGUAGE, batch_size=self._config.batch_size
            )
            return [self._redact_with(text, artifacts) for text, artifacts in batch]
        except Exception:  # noqa: BLE001 - every failure must fail closed, see module doc.
            raise RedactionError("redaction failed") from None

    def _check(self, text: str) -> None:
        if not isinstance(text, str):
            raise RedactionError("text must be a string")
        if len(text) > self._config.max_chars:
            raise InputTooLongError("text is longer than the configured maximum")

    def _redact_with(self, text: str, artifacts: Any) -> RedactionResult:
        # Presidio's context enhancer compares lemmas with context words; without the
        # lemmatizer, lower-cased tokens stand in for them.
        artifacts.lemmas = [token.lower_ for token in artifacts.tokens]
        results = self._analyzer.analyze(
            text=text,
            language=_LANGUAGE,
            nlp_artifacts=artifacts,
            score_threshold=self._config.score_threshold,
        )
        ner_people: list[Candidate] = []
        others: list[Candidate] = []
        for result in results:
            if result.entity_type == "PERSON":
                ner_people.extend(clean_person(text, result.start, result.end, result.score))
            else:
                others.append(Candidate(result.start, result.end, result.entity_type, result.score))
        people = self._people.find(text, artifacts.tokens, ner_people, others)
        return render(text, resolve(text, _unique([*others, *people])))


def _unique(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(set(candidates), key=lambda c: (c.start, c.end, c.type))
