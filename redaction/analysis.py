"""Builds the Presidio ``AnalyzerEngine`` with our recognizers only.

No default registry is loaded: Presidio's defaults include NRP (deletes protected
characteristics), DATE_TIME (deletes incident dates) and an ``OfflineEmailRecognizer`` that
downloads the public suffix list. ``log_decision_process`` is never set, because it logs
token text.
"""

from __future__ import annotations

from typing import Any

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from redaction.recognizers import all_recognizers


def build_analyzer(nlp_engine: Any) -> AnalyzerEngine:
    """Create an analyzer with our recognizer plugins and spaCy PERSON only.

    Args:
        nlp_engine: A loaded Presidio NLP engine (see :func:`redaction.nlp.build_nlp_engine`).

    Returns:
        An ``AnalyzerEngine`` with ``log_decision_process=False``.
    """
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON"], ner_strength=0.85))
    for recognizer in all_recognizers():
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=["en"],
        log_decision_process=False,
    )
