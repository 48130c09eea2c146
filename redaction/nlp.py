"""The spaCy pipeline, loaded once per Redactor (and once per worker process).

Only three components run: ``tok2vec``, ``tagger`` (Penn Treebank tags, used as name
evidence) and ``ner`` (PERSON only is taken from it). The parser, attribute ruler and
lemmatizer are loaded but disabled: nothing downstream needs them, and skipping them is most
of the difference between our per-report cost and stock Presidio's. The lemmatizer stays
loaded because :func:`redaction.gazetteer.build_lexicon` reads its WordNet tables.

spaCy labels other than PERSON are never turned into redactions: NORP would delete
protected-characteristic words ("Muslim", "Nigerian"), DATE/TIME incident dates, and
GPE/LOC/ORG towns and employers, which are not identifiers here. They are still read as
negative evidence by :mod:`redaction.people` ("Leeds" is a place, not a surname).
"""

from __future__ import annotations

from typing import Any

import spacy

_DISABLED_PIPES = ("parser", "attribute_ruler", "lemmatizer", "senter")


def load_pipeline(model_name: str) -> Any:
    """Load the pinned spaCy model with the components we do not use disabled.

    ``spacy.load`` of an installed package reads only local files: it never downloads.

    Args:
        model_name: Installed spaCy package name (pinned by hash in the lock file).

    Returns:
        The loaded ``Language`` object.
    """
    nlp = spacy.load(model_name)
    for name in _DISABLED_PIPES:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    return nlp
