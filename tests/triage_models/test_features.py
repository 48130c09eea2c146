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
    hash_many,
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


@pytest.mark.parametrize("ngrams", [(2, 5), (3, 5), (1, 1)])
def test_hash_many_equals_the_stock_hasher(ngrams: tuple[int, int]) -> None:
    # Given the char block of a union and texts with repeated and edge-case words
    texts = [normalise(t) for t in FakeRedactor()([e.text for e in fixture_examples()])]
    texts += EDGE_TEXTS
    union = build_feature_union(word_bits=10, char_bits=11, char_ngrams=ngrams)
    for _, block in union.transformer_list:
        hasher = block.named_steps["hash"]
        # When the texts are hashed the fast way and the stock way
        fast = hash_many(hasher, texts)
        stock = hasher.transform(texts).tocsr()
        stock.sort_indices()
        # Then the matrices are identical
        assert fast.shape == stock.shape
        assert np.array_equal(fast.indptr, stock.indptr)
        assert np.array_equal(fast.indices, stock.indices)
        assert np.array_equal(fast.data, stock.data)
