"""The spaCy NLP engine behind Presidio, loaded once per Redactor."""

from __future__ import annotations

from typing import Any

from presidio_analyzer.nlp_engine import NlpEngineProvider

# spaCy labels we never use: NORP would delete protected-characteristic words ("Muslim",
# "Nigerian"), DATE/TIME would delete incident dates, GPE/LOC/ORG towns and employers,
# which are not identifiers here. Only PERSON is taken from the statistical model.
_IGNORED_LABELS = (
    "NORP",
    "DATE",
    "TIME",
    "GPE",
    "LOC",
    "FAC",
    "ORG",
    "EVENT",
    "LANGUAGE",
    "LAW",
    "MONEY",
    "ORDINAL",
    "CARDINAL",
    "PERCENT",
    "PRODUCT",
    "QUANTITY",
    "WORK_OF_ART",
)


def build_nlp_engine(model_name: str) -> Any:
    """Load the pinned spaCy model into a Presidio ``SpacyNlpEngine``.

    The model is an installed package pinned by hash; ``spacy.load`` of an installed
    package never downloads. Only PERSON entities are mapped through.

    Args:
        model_name: Installed spaCy package name.

    Returns:
        A loaded Presidio NLP engine.
    """
    configuration = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": model_name}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": {"PERSON": "PERSON", "PER": "PERSON"},
            "labels_to_ignore": list(_IGNORED_LABELS),
            "low_score_entity_names": [],
        },
    }
    return NlpEngineProvider(nlp_configuration=configuration).create_engine()
