"""Training: the model only sees redacted text, and returns a complete, tuned model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from redaction.types import RedactedText
from tests.triage_models.corpus_fixture import CANARY, TINY_CONFIG, FakeRedactor, fixture_examples
from triage_models import decision
from triage_models.corpus import Example, data_manifest
from triage_models.errors import TrainingError
from triage_models.labels import ALL_LABELS, GROUPS, LabelSet
from triage_models.model import UNREGISTERED
from triage_models.training import TrainedModel, TrainingConfig, train


def test_redactor_sees_every_raw_text_and_skips_redacted_ones() -> None:
    # Given the fixture corpus plus one already redacted correction
    examples = [
        *fixture_examples(),
        Example("c-1", "[Person A] shouted again", LabelSet(("bullying",)), redacted=True),
    ]
    redactor = FakeRedactor()
    stages: list[tuple[str, int, int]] = []
    # When a model is trained
    train(examples, redact=redactor, config=TINY_CONFIG, progress=lambda *a: stages.append(a))
    # Then the redactor got each raw text once, in one batch, and never the redacted one
    assert redactor.calls == [[e.text for e in examples[:-1]]]
    # And progress was reported for every stage
    assert {s[0] for s in stages} == {"redact", "cross-validate", "passages", "fit"}
    assert ("cross-validate", TINY_CONFIG.folds, TINY_CONFIG.folds) in stages


def test_trained_model_is_complete(trained: TrainedModel) -> None:
    # Then every label has a threshold in [0, 1], the model is unregistered
    thresholds = trained.model.threshold_map()
    assert list(thresholds) == list(ALL_LABELS)
    assert all(0.0 < t <= 1.0 for t in thresholds.values())
    assert trained.model.version == UNREGISTERED
    # And the metadata records data hash, counts and cross-validated metrics per label
    meta = trained.metadata()
    assert meta["data_manifest_sha256"] == data_manifest(fixture_examples())
    assert meta["label_counts"]["bullying"] == 9
    assert set(meta["metrics"]["cross_validated"]["labels"]) == set(ALL_LABELS)
    assert set(meta["metrics"]["cross_validated"]["groups"]) == set(GROUPS)
    # And labels without positives keep the default threshold and are listed as untuned
    assert "stalking" in trained.untuned and thresholds["stalking"] == 0.5


def test_model_learns_the_fixture(trained: TrainedModel) -> None:
    # Given a new report in the fixture's vocabulary
    text = RedactedText("[Person A] keeps sending me sexual messages on snapchat late at night")
    # When it is classified
    prediction = trained.model.predict(text)
    # Then the expected labels are suggested
    assert "sexual_harassment" in prediction.suggested["behaviours"]
    assert "online_harassment" in prediction.suggested["behaviours"]


def test_training_is_deterministic_given_the_seed() -> None:
    # When the same data is trained twice with the same seed
    first = train(fixture_examples(), redact=FakeRedactor(), seed=3, config=TINY_CONFIG)
    second = train(fixture_examples(), redact=FakeRedactor(), seed=3, config=TINY_CONFIG)
    # Then thresholds and probabilities are identical
    assert np.array_equal(first.model.thresholds, second.model.thresholds)
    text = [RedactedText("he shouts at me")]
    assert np.array_equal(first.model.probabilities(text), second.model.probabilities(text))


def test_too_few_examples_are_refused() -> None:
    with pytest.raises(TrainingError, match="at least"):
        train(fixture_examples()[:5], redact=FakeRedactor(), config=TINY_CONFIG)


def test_a_redactor_returning_the_wrong_count_is_refused() -> None:
    def broken(texts: Sequence[str]) -> list[RedactedText]:
        return [RedactedText(t) for t in texts[1:]]

    with pytest.raises(TrainingError, match="one redacted string per input"):
        train(fixture_examples(), redact=broken, config=TINY_CONFIG)


def test_model_depends_only_on_the_redacted_text() -> None:
    # Given a redactor that replaces the canary, and the same corpus pre-scrubbed by hand
    def scrub(texts: Sequence[str]) -> list[RedactedText]:
        return [RedactedText(t.replace(CANARY, "[PERSON]")) for t in texts]

    raw = fixture_examples()
    scrubbed = [Example(e.id, scrub([e.text])[0], e.labels) for e in raw]
    # When one model trains on raw text through the redactor, the other on scrubbed text
    via_redactor = train(raw, redact=scrub, config=TINY_CONFIG).model
    by_hand = train(
        scrubbed, redact=lambda ts: [RedactedText(t) for t in ts], config=TINY_CONFIG
    ).model
    # Then the two models are identical: the raw text never reached the features
    probe = [RedactedText(f"{CANARY} said I eat spicy food"), RedactedText("he shouts")]
    assert np.array_equal(via_redactor.thresholds, by_hand.thresholds)
    assert np.array_equal(via_redactor.probabilities(probe), by_hand.probabilities(probe))


def test_large_data_uses_one_holdout_split_and_ships_its_model() -> None:
    # Given a configuration whose cross-validation limit is below the corpus size
    config = TrainingConfig(**{**TINY_CONFIG.__dict__, "cv_max_rows": 20, "holdout_fraction": 0.34})
    stages: list[tuple[str, int, int]] = []
    # When a model is trained
    trained = train(
        fixture_examples(),
        redact=FakeRedactor(),
        config=config,
        progress=lambda *a: stages.append(a),
    )
    # Then one hold-out split was scored, and metrics cover only its reports
    assert trained.validation == "holdout-0.34"
    assert ("cross-validate", 1, 1) in stages
    assert 0 < trained.metrics["n_reports"] < len(fixture_examples())
    assert all(0.0 <= t <= 1.0 for t in trained.model.threshold_map().values())


@pytest.mark.parametrize(
    ("n_sources", "validation"),
    [
        (4, "3-fold by source"),  # enough sources: whole writers are held out
        (2, "3-fold"),  # fewer sources than folds: plain stratified folds instead
    ],
)
def test_folds_by_source_hold_out_whole_writers(n_sources: int, validation: str) -> None:
    # Given fixture reports spread over some sources (writers)
    examples = [
        replace(e, source=f"batch_{i % n_sources}") for i, e in enumerate(fixture_examples())
    ]
    config = TrainingConfig(**{**TINY_CONFIG.__dict__, "folds_by_source": True})
    # When a model is trained with folds by source
    trained = train(examples, redact=FakeRedactor(), config=config)
    # Then the validation says how it was done, and every report was scored once
    assert trained.validation == validation
    assert trained.metrics["n_reports"] == len(examples)
    assert trained.metadata()["training_config"]["folds_by_source"] is True


def test_parallel_training_gives_the_same_model() -> None:
    # When the same data is trained in one process and on two worker processes
    one = train(fixture_examples(), redact=FakeRedactor(), seed=1, config=TINY_CONFIG)
    config = TrainingConfig(**{**TINY_CONFIG.__dict__, "n_jobs": 2})
    two = train(fixture_examples(), redact=FakeRedactor(), seed=1, config=config)
    # Then the models are identical
    assert np.array_equal(one.model.thresholds, two.model.thresholds)
    text = [RedactedText("he shouts at me and messages me at night")]
    assert np.array_equal(one.model.probabilities(text), two.model.probabilities(text))


@pytest.mark.parametrize("classifier", ["svm", "logistic"])
def test_both_classifiers_train(classifier: str) -> None:
    config = TrainingConfig(**{**TINY_CONFIG.__dict__, "classifier": classifier})
    trained = train(fixture_examples(), redact=FakeRedactor(), config=config)
    assert trained.metadata()["training_config"]["classifier"] == classifier


def test_unknown_classifier_is_refused() -> None:
    config = TrainingConfig(**{**TINY_CONFIG.__dict__, "classifier": "forest"})
    with pytest.raises(TrainingError, match="unknown classifier"):
        train(fixture_examples(), redact=FakeRedactor(), config=config)


def test_training_tunes_thresholds_with_the_configured_microaggression_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a spy on threshold tuning
    floors: list[float] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        floors.append(kwargs["microaggression_recall"])
        return decision.tune_thresholds(*args, **kwargs)

    monkeypatch.setattr("triage_models.training.tune_thresholds", spy)
    config = TrainingConfig(**{**TINY_CONFIG.__dict__, "microaggression_recall": 0.85})
    # When a model is trained
    train(fixture_examples(), redact=FakeRedactor(), config=config)
    # Then every tuning (each held-out part's and the final one) used the configured floor
    assert len(floors) > 1 and set(floors) == {0.85}
    assert TrainingConfig().microaggression_recall == 0.90


@pytest.mark.parametrize("field", ["urgency_recall", "microaggression_recall"])
@pytest.mark.parametrize("value", [-0.1, 1.1])
def test_a_recall_target_outside_zero_to_one_is_refused(field: str, value: float) -> None:
    config = TrainingConfig(**{**TINY_CONFIG.__dict__, field: value})
    with pytest.raises(TrainingError, match=f"{field} must be a recall between 0 and 1"):
        train(fixture_examples(), redact=FakeRedactor(), config=config)
