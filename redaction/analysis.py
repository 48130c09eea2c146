"""From a report and its spaCy ``Doc`` to the spans to remove and the spans to flag.

Our pattern recognizers and spaCy's PERSON entities are called directly rather than through
Presidio's ``AnalyzerEngine``: the engine rebuilds NLP artifacts, deep-copies results and runs
its context enhancer token by token, which together cost more per report than every
recognizer we run. The recognizers keep Presidio's ``PatternRecognizer`` contract (and its
context rule, :mod:`redaction.context`), so they still work inside an ``AnalyzerEngine``.

No Presidio default recognizer is loaded: its defaults include NRP (deletes protected
characteristics), DATE_TIME (deletes incident dates) and an e-mail recognizer that downloads
the public suffix list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from redaction.context import enhance, words_before
from redaction.gazetteer import build_lexicon
from redaction.organisation import OrganisationRules
from redaction.people import PersonFinder
from redaction.quasi import find_quasi_identifiers
from redaction.recognizers.base import FailClosedPatternRecognizer
from redaction.registry import Registry
from redaction.spans import Candidate, clean_person, resolve

NER_PERSON_SCORE = 0.85


@dataclass(frozen=True)
class Findings:
    """What one report contains: spans to remove and spans only to flag."""

    spans: list[Candidate]
    flags: list[tuple[int, int]]


class Analyzer:
    """Runs every recognizer, the person finder and the span resolver on one document."""

    def __init__(
        self,
        nlp: Any,
        registry: Registry,
        organisation: OrganisationRules | None,
        score_threshold: float,
    ) -> None:
        """Build the lexicon and recognizers once.

        Args:
            nlp: The loaded spaCy pipeline (its tables feed the lexicon).
            registry: Recognizers configured in ``conf/recognizers.yaml``.
            organisation: Extra identifier formats, names and terms, if any.
            score_threshold: Minimum score for a pattern match to be removed.
        """
        rules = organisation or OrganisationRules()
        self._recognizers: list[FailClosedPatternRecognizer] = [
            entry.recognizer for entry in registry.recognizers
        ]
        self._recognizers.extend(rules.recognizers())
        self._use_ner = registry.spacy_person
        self._threshold = score_threshold
        self._people = PersonFinder(build_lexicon(nlp, rules.names))

    def find(self, text: str, doc: Any) -> Findings:
        """Find what to remove and what to flag in one report.

        Args:
            text: The original report.
            doc: Its spaCy ``Doc``.

        Returns:
            Non-overlapping spans to remove (sorted) and quasi-identifiers to flag.
        """
        others: list[Candidate] = []
        for recognizer in self._recognizers:
            for start, end, score in recognizer.matches(text):
                if recognizer.CONTEXT:
                    score = enhance(score, recognizer.CONTEXT, words_before(text, start))
                if score >= self._threshold:
                    others.append(Candidate(start, end, recognizer.ENTITY, score))
        ner_people: list[Candidate] = []
        if self._use_ner:
            for ent in doc.ents:
                if ent.label_ == "PERSON":
                    ner_people.extend(
                        clean_person(text, ent.start_char, ent.end_char, NER_PERSON_SCORE)
                    )
        people = self._people.find(text, doc, ner_people, others)
        spans = resolve(text, _unique([*others, *people]))
        return Findings(spans=spans, flags=find_quasi_identifiers(text))


def _unique(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(set(candidates), key=lambda c: (c.start, c.end, c.type))
