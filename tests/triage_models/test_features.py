"""Normalisation and the fast vectoriser, which must equal the stock scikit-learn union."""

from __future__ import annotations

import numpy as np
import pytest

from tests.triage_models.corpus_fixture import FakeRedactor, fixture_examples
from triage_models.features import (
    PLACEHOLDER_PREFIX,
    FeatureVectoriser,
    build_feature_union,
    display_term,
    normalise,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[Person A] told [Person B]", "zzphperson told zzphperson"),
        ("mail [EMAIL] or call [PHONE]", "mail zzphemail or call zzphphone"),
        ("Staff [STAFF_ID]!", "staff zzphstaff_id !"),
        ("Room 4B at 10:30", "room 0b at 00:00"),
        ("  SHOUTED\n\tat   me ", "shouted at me"),
        ("ﬁne", "fine"),
        ("[not a placeholder]", "[not a placeholder]"),
    ],
    ids=["people", "contacts", "underscore-type", "digits", "whitespace", "nfkc", "lower-brackets"],
)
def test_normalise(text: str, expected: str) -> None:
    # When redacted text is normalised, Then placeholders are single tokens, digits are 0
    assert normalise(text) == expected


def test_display_term_restores_placeholders() -> None:
    assert display_term(f"{PLACEHOLDER_PREFIX}person shouted") == "[PERSON] shouted"
    assert display_term("shouted") == "shouted"


EDGE_TEXTS = [
    "",
    "a",
    "I x y",
    "word word word word",
    "punctuation, everywhere! (really?) don't",
    "éèê unicode café naïve",
    "supercalifragilisticexpialidocious " * 3,
]


def test_vectoriser_equals_stock_union_transform() -> None:
    # Given a union fitted on redacted fixture texts
    texts = [normalise(t) for t in FakeRedactor()([e.text for e in fixture_examples()])]
    union = build_feature_union(word_bits=10, char_bits=11).fit(texts)
    vectoriser = FeatureVectoriser(union)
    # When each text (and edge cases) is vectorised both ways
    for text in texts + EDGE_TEXTS:
        stock = union.transform([text]).tocsr()
        stock.sort_indices()
        features = vectoriser.analyse(text)
        # Then the columns and values are the same
        assert np.array_equal(features.columns, stock.indices)
        assert np.allclose(features.values, stock.data, rtol=1e-12, atol=1e-15)
    assert vectoriser.n_features == 2**10 + 2**11
