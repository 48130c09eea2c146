"""Threshold tuning and the rules that keep suggestions inside the label contract."""

from __future__ import annotations

import numpy as np
import pytest

from triage_models.decision import (
    DEFAULT_THRESHOLD,
    F1_TOLERANCE,
    RECALL_LEANING,
    SECONDARY_CHARACTERISTIC_RATIO,
    f1_threshold,
    recall_threshold,
    suggest_mask,
    tune_thresholds,
)
from triage_models.labels import ALL_LABELS


def col(label: str) -> int:
    return ALL_LABELS.index(label)


def row(**probabilities: float) -> np.ndarray:
    values = np.zeros((1, len(ALL_LABELS)))
    for label, p in probabilities.items():
        values[0, col(label)] = p
    return values


HALF = np.full(len(ALL_LABELS), 0.5)


def test_misconduct_suppresses_none() -> None:
    # Given bullying and none both above threshold
    mask = suggest_mask(row(bullying=0.9, none=0.8, race=0.7), HALF)[0]
    # Then none is dropped, the characteristic stays
    assert mask[col("bullying")] and mask[col("race")] and not mask[col("none")]


def test_none_stands_alone_but_keeps_urgency() -> None:
    # Given only none, a characteristic and an urgency flag above threshold
    mask = suggest_mask(row(none=0.9, race=0.9, self_harm_risk=0.9), HALF)[0]
    # Then none is suggested without the characteristic, urgency is kept
    assert mask[col("none")] and mask[col("self_harm_risk")] and not mask[col("race")]


def test_confident_characteristic_overrides_none_without_adding_a_behaviour() -> None:
    # Given none and a characteristic above threshold, the characteristic more probable
    mask = suggest_mask(row(none=0.6, race=0.8, bullying=0.4), HALF)[0]
    # Then none is dropped and the characteristic kept, but no behaviour is invented
    assert mask[col("race")] and not mask[col("none")]
    assert not mask[[col(b) for b in ("bullying", "microaggression")]].any()


def test_characteristic_below_threshold_never_overrides_none() -> None:
    thresholds = HALF.copy()
    thresholds[col("race")] = 0.9
    mask = suggest_mask(row(none=0.6, race=0.8), thresholds)[0]
    assert mask[col("none")] and not mask[col("race")]


def test_secondary_characteristic_needs_a_share_of_the_top_one() -> None:
    # Given three characteristics above threshold, one far less probable than the top one
    top = 0.9
    weak = top * SECONDARY_CHARACTERISTIC_RATIO - 0.01
    close = top * SECONDARY_CHARACTERISTIC_RATIO + 0.01
    thresholds = np.full(len(ALL_LABELS), 0.1)
    mask = suggest_mask(row(microaggression=0.8, race=top, sex_gender=weak, age=close), thresholds)[
        0
    ]
    # Then the top and the close one are kept and the weak one dropped
    assert mask[col("race")] and mask[col("age")] and not mask[col("sex_gender")]
    assert mask[col("microaggression")]


def test_secondary_rule_never_adds_a_characteristic_below_its_threshold() -> None:
    thresholds = HALF.copy()
    thresholds[col("age")] = 0.95
    mask = suggest_mask(row(hate_incident=0.9, race=0.9, age=0.9), thresholds)[0]
    assert mask[col("race")] and not mask[col("age")]


def test_abstains_when_no_behaviour_passes() -> None:
    mask = suggest_mask(row(bullying=0.4, none=0.3), HALF)[0]
    assert not mask.any()


def test_threshold_is_inclusive() -> None:
    assert suggest_mask(row(stalking=0.5), HALF)[0][col("stalking")]


def test_f1_threshold_separates_perfectly_separable_scores() -> None:
    # Given positives all scoring above negatives
    scores = np.array([0.9, 0.8, 0.7, 0.3, 0.2, 0.1])
    truth = np.array([True, True, True, False, False, False])
    # Then the threshold sits halfway between the classes
    assert f1_threshold(scores, truth) == pytest.approx(0.5)


def test_f1_threshold_only_cuts_between_distinct_scores() -> None:
    # Given a tie across a positive and a negative at the best cut
    scores = np.array([0.9, 0.6, 0.6, 0.1])
    truth = np.array([True, True, False, False])
    t = f1_threshold(scores, truth)
    predicted = scores >= t
    # Then tied scores are on the same side of the threshold
    assert predicted[1] == predicted[2]


def test_f1_threshold_takes_the_lowest_cut_on_a_flat_top() -> None:
    # Given 100 positives, where suggesting 3 more reports finds 1 more positive: out-of-fold
    # F1 moves by less than the tolerance between the two cuts
    positives = np.linspace(0.99, 0.6, 99)
    scores = np.concatenate([positives, [0.55, 0.54], [0.51], np.full(50, 0.1)])
    truth = np.concatenate([np.ones(99, bool), np.zeros(2, bool), [True], np.zeros(50, bool)])
    high = 2 * 99 / (99 + 100)
    low = 2 * 100 / (102 + 100)
    assert abs(high - low) < F1_TOLERANCE
    # When the F1 threshold is tuned
    t = f1_threshold(scores, truth)
    # Then it takes the lower cut, which suggests the last positive too
    assert 0.1 < t <= 0.51


def test_f1_threshold_does_not_trade_more_than_the_tolerance() -> None:
    # Given a lower cut that would cost far more F1 than the tolerance
    scores = np.concatenate([np.linspace(0.99, 0.6, 20), np.linspace(0.5, 0.3, 40), [0.2]])
    truth = np.concatenate([np.ones(20, bool), np.zeros(40, bool), [True]])
    # Then the threshold stays above the negatives
    assert f1_threshold(scores, truth) > 0.5


def test_recall_threshold_is_highest_reaching_target() -> None:
    # Given 20 positives with scores 0.05..1.0 and negatives in between
    positives = np.linspace(0.05, 1.0, 20)
    negatives = np.array([0.01, 0.12, 0.5])
    scores = np.concatenate([positives, negatives])
    truth = np.concatenate([np.ones(20, bool), np.zeros(3, bool)])
    # When tuned for recall 0.95
    t = recall_threshold(scores, truth, 0.95)
    recall = (scores[truth] >= t).mean()
    # Then recall reaches the target, and raising the threshold past the next positive fails it
    assert recall >= 0.95
    assert (scores[truth] >= positives[1] + 1e-9).mean() < 0.95
    assert 0.01 < t <= positives[1]


def test_tune_thresholds_uses_recall_for_urgency_and_default_when_rare() -> None:
    # Given random scores where urgency positives score higher, and a label with one positive
    rng = np.random.default_rng(0)
    n = 200
    truth = np.zeros((n, len(ALL_LABELS)), bool)
    truth[:40, col("immediate_danger")] = True
    truth[:50, col("bullying")] = True
    truth[0, col("age")] = True
    probs = rng.uniform(0, 0.6, size=(n, len(ALL_LABELS)))
    probs[:40, col("immediate_danger")] += 0.3
    probs[:50, col("bullying")] += 0.4
    # When thresholds are tuned
    thresholds, untuned = tune_thresholds(probs, truth, urgency_recall=0.95, min_positives=3)
    # Then urgency recall reaches 0.95, rare and absent labels keep the default
    danger = probs[:, col("immediate_danger")] >= thresholds[col("immediate_danger")]
    assert danger[:40].mean() >= 0.95
    assert thresholds[col("age")] == DEFAULT_THRESHOLD
    assert "age" in untuned and "stalking" in untuned and "bullying" not in untuned
    assert np.all((thresholds > 0) & (thresholds <= 1))


def test_only_microaggression_and_characteristics_lean_towards_recall() -> None:
    # Given the same flat-topped scores for bullying, microaggression and race
    positives = np.linspace(0.99, 0.6, 99)
    scores = np.concatenate([positives, [0.55, 0.54], [0.51], np.full(50, 0.1)])
    truth = np.concatenate([np.ones(99, bool), np.zeros(2, bool), [True], np.zeros(50, bool)])
    probs = np.zeros((len(scores), len(ALL_LABELS)))
    labels = np.zeros(probs.shape, bool)
    for label in ("bullying", "microaggression", "race"):
        probs[:, col(label)] = scores
        labels[:, col(label)] = truth
    # When thresholds are tuned
    thresholds, _ = tune_thresholds(probs, labels, urgency_recall=0.95, min_positives=3)
    # Then bullying takes the best F1 cut, above the two negatives near the top
    assert thresholds[col("bullying")] > 0.55
    # And microaggression and race take the lowest cut within the tolerance
    assert RECALL_LEANING >= {"microaggression", "none", "race"}
    assert "bullying" not in RECALL_LEANING
    assert 0.1 < thresholds[col("microaggression")] <= 0.51
    assert 0.1 < thresholds[col("race")] <= 0.51
    assert f1_threshold(scores, truth, 0.0) == thresholds[col("bullying")]


def test_microaggression_threshold_keeps_its_recall_floor_and_is_never_raised() -> None:
    # Given microaggression scores whose best F1 cut leaves a tail of low-scoring positives
    rng = np.random.default_rng(1)
    positives = np.concatenate([rng.uniform(0.6, 1.0, 80), rng.uniform(0.1, 0.4, 20)])
    negatives = rng.uniform(0.0, 0.45, 300)
    scores = np.concatenate([positives, negatives])
    truth = np.concatenate([np.ones(100, bool), np.zeros(300, bool)])
    probs = np.zeros((len(scores), len(ALL_LABELS)))
    labels = np.zeros(probs.shape, bool)
    for label in ("microaggression", "race"):
        probs[:, col(label)] = scores
        labels[:, col(label)] = truth
    # When thresholds are tuned without and with a recall floor of 0.90
    plain, _ = tune_thresholds(probs, labels, urgency_recall=0.95, min_positives=3)
    floored, _ = tune_thresholds(
        probs, labels, urgency_recall=0.95, min_positives=3, microaggression_recall=0.90
    )
    micro = col("microaggression")
    # Then the F1 cut alone misses the tail, and the floor brings recall to 0.90
    assert (scores[truth] >= plain[micro]).mean() < 0.90
    assert (scores[truth] >= floored[micro]).sum() == 90
    assert floored[micro] == recall_threshold(scores, truth, 0.90) < plain[micro]
    # And only microaggression moves: the characteristic with the same scores keeps its cut
    assert floored[col("race")] == plain[col("race")]
    # And a floor the F1 cut already meets leaves the threshold where it was
    met, _ = tune_thresholds(
        probs, labels, urgency_recall=0.95, min_positives=3, microaggression_recall=0.5
    )
    assert met[micro] == plain[micro]


def test_a_rare_microaggression_label_keeps_the_default_even_with_a_recall_floor() -> None:
    # Given only two microaggression positives, fewer than min_positives
    probs = np.linspace(0.0, 1.0, 40)[:, np.newaxis].repeat(len(ALL_LABELS), axis=1)
    truth = np.zeros(probs.shape, bool)
    truth[-2:, col("microaggression")] = True
    # When thresholds are tuned with a recall floor
    thresholds, untuned = tune_thresholds(
        probs, truth, urgency_recall=0.95, min_positives=3, microaggression_recall=0.90
    )
    # Then microaggression is left untuned at the default, not floored
    assert thresholds[col("microaggression")] == DEFAULT_THRESHOLD
    assert "microaggression" in untuned
