"""The evaluation split is a stable function of the id, and training can leave it out."""

from __future__ import annotations

import pytest

from tests.triage_models.corpus_fixture import TINY_CONFIG, FakeRedactor, fixture_examples
from triage_models.corpus import Example, data_manifest
from triage_models.holdout import EVALUATION_FRACTION, in_evaluation_split, split_for_evaluation
from triage_models.labels import LabelSet
from triage_models.training import TrainingConfig, train


def _examples(n: int) -> list[Example]:
    return [Example(f"r-{i:05d}", "text", LabelSet(("none",))) for i in range(n)]


def test_split_is_deterministic_and_close_to_the_fraction() -> None:
    # Given many ids
    examples = _examples(4000)
    # When they are split twice, once in reverse order
    train_a, held_a = split_for_evaluation(examples)
    train_b, held_b = split_for_evaluation(examples[::-1])
    # Then the held-out ids are the same and about 15 % of the whole
    assert {e.id for e in held_a} == {e.id for e in held_b}
    assert abs(len(held_a) / len(examples) - EVALUATION_FRACTION) < 0.02
    assert len(train_a) + len(held_a) == len(examples)
    # And a report once held out stays held out as the corpus grows
    grown_held = {e.id for e in split_for_evaluation(_examples(8000))[1]}
    assert {e.id for e in held_a} <= grown_held


def test_fraction_bounds() -> None:
    assert not in_evaluation_split("x", fraction=0.0)
    assert in_evaluation_split("x", fraction=1.0)
    with pytest.raises(ValueError, match="fraction"):
        in_evaluation_split("x", fraction=1.5)


def test_training_can_exclude_the_evaluation_split() -> None:
    # Given the fixture corpus with some ids in the evaluation split
    examples = fixture_examples()
    kept, held = split_for_evaluation(examples)
    assert held
    config = TrainingConfig(**{**TINY_CONFIG.__dict__, "exclude_evaluation_split": True})
    # When a model is trained with the split excluded
    trained = train(examples, redact=FakeRedactor(), config=config)
    # Then it saw exactly the other examples, and the metadata says so
    assert trained.n_examples == len(kept)
    assert trained.data_manifest == data_manifest(kept)
    assert trained.metadata()["evaluation_split"]["excluded"] is True
