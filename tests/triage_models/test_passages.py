"""Urgency read passage by passage: cutting, multiple-instance fitting, and the trained model."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp
from sklearn.svm import LinearSVC

from redaction.types import RedactedText
from tests.triage_models.corpus_fixture import TINY_CONFIG, FakeRedactor, fixture_examples
from triage_models.features import normalise
from triage_models.identity import mask_identity
from triage_models.labels import ALL_LABELS
from triage_models.passages import (
    best_window,
    fit_passage_classifier,
    passages,
    training_sample,
    window_rows,
)
from triage_models.training import TrainedModel, train


def test_short_text_is_one_passage_itself() -> None:
    text = "he shouted at me. again today."
    assert passages(text, 2) == [text]


def test_long_text_is_cut_into_overlapping_windows() -> None:
    text = "one. two! three? four."
    assert passages(text, 2) == ["one. two!", "two! three?", "three? four."]
    assert passages(text, 3) == ["one. two! three?", "two! three? four."]


def test_window_rows_name_their_report() -> None:
    flat, owner = window_rows(["a. b. c.", "short"], 2)
    assert flat == ["a. b.", "b. c.", "short"]
    assert owner.tolist() == [0, 0, 1]


def test_best_window_takes_each_reports_maximum() -> None:
    best = best_window(np.array([0.1, 0.9, -2.0, 0.3]), np.array([0, 0, 1, 2]), 3)
    assert best.tolist() == [0.9, -2.0, 0.3]


def test_training_sample_keeps_every_urgent_report_and_thins_the_rest() -> None:
    positive = np.zeros(1000, dtype=bool)
    positive[::50] = True  # 20 urgent reports
    # Under the cap, every report is kept
    assert training_sample(positive, 1000).all()
    # Over it, all urgent reports and an even spread of the others, about cap in all
    chosen = training_sample(positive, 120)
    assert chosen[positive].all()
    assert chosen.sum() == 120
    kept = np.flatnonzero(chosen & ~positive)
    assert kept[0] < 20 and kept[-1] > 980


def test_multiple_instance_learning_finds_the_sentence_that_matters() -> None:
    # Given reports of three windows; in positive reports exactly one window holds feature 0
    # (the "danger" sentence), and every window holds filler features 1 to 3 at random
    rng = np.random.default_rng(0)
    rows, owner, positive = [], [], []
    for report in range(60):
        is_positive = report % 2 == 0
        positive.append(is_positive)
        danger = int(rng.integers(3)) if is_positive else -1
        for w in range(3):
            row = np.zeros(4)
            row[0] = 1.0 if w == danger else 0.0
            row[1 + int(rng.integers(3))] = 1.0
            rows.append(row)
            owner.append(report)
    x = sp.csr_matrix(np.array(rows))
    initial = np.zeros(len(rows))  # an uninformed start: ties pick the first window
    # When the passage classifier is fitted
    classifier = fit_passage_classifier(
        x, np.array(owner), np.array(positive), initial, LinearSVC(random_state=0)
    )
    # Then it has learnt the danger feature, not the filler, and ranks danger windows first
    assert classifier is not None
    coef = classifier.coef_.ravel()
    assert coef[0] > 0 and coef[0] > np.abs(coef[1:]).max()
    scores = classifier.decision_function(x)
    danger_rows = np.asarray(x[:, 0].todense()).ravel() > 0
    assert scores[danger_rows].min() > scores[~danger_rows].max()


def test_no_passage_classifier_without_both_classes() -> None:
    x = sp.csr_matrix(np.eye(3))
    owner, initial = np.arange(3), np.zeros(3)
    assert fit_passage_classifier(x, owner, np.zeros(3, bool), initial, LinearSVC()) is None
    assert fit_passage_classifier(x, owner, np.ones(3, bool), initial, LinearSVC()) is None


def test_trained_model_adds_the_best_passage_to_urgency(trained: TrainedModel) -> None:
    # Given a long report whose last sentence is a threat, after ordinary sentences
    model = trained.model
    assert model.passage_classifiers is not None and model.passage_window == 2
    ordinary = "the rota changed again this month. we were not told in advance. " * 3
    report = RedactedText(ordinary + "he said he will stab me tonight at the gate.")
    # When scored with and without the passage classifiers
    without = train(
        fixture_examples(),
        redact=FakeRedactor(),
        seed=0,
        config=replace(TINY_CONFIG, passage_window=0),
    ).model
    assert without.passage_classifiers is None
    # Then only the urgency scores differ
    with_scores = model.decision_scores([report])[0]
    without_scores = without.decision_scores([report])[0]
    urgency = [ALL_LABELS.index(u) for u in ("immediate_danger", "self_harm_risk")]
    others = [i for i in range(len(ALL_LABELS)) if i not in urgency]
    assert np.allclose(with_scores[others], without_scores[others])
    # And each urgency score gained exactly its best passage's score, cut from the blind view
    union = model.pipeline.named_steps["features"]
    windows = union.transform(passages(mask_identity(normalise(report))))
    assert windows.shape[0] > 1
    for col, classifier in zip(urgency, model.passage_classifiers, strict=True):
        assert classifier is not None
        best = classifier.decision_function(windows).max()
        assert np.isclose(with_scores[col] - without_scores[col], best, atol=1e-10)


def test_sentences_end_before_closing_quotes_and_brackets() -> None:
    text = "he said 'stop.' then left. (it was late.) ok."
    assert passages(text, 1) == ["he said 'stop.'", "then left.", "(it was late.)", "ok."]


def test_thinning_keeps_half_the_cap_of_reports_without_urgency() -> None:
    positive = np.ones(300, dtype=bool)
    positive[::3] = False  # 100 without urgency, 200 with: more urgent reports than the cap
    chosen = training_sample(positive, 100)
    assert chosen[positive].all()
    assert (chosen & ~positive).sum() == 50


_SEEN: list[set[int]] = []


class _SpySVC(LinearSVC):  # type: ignore[misc]
    """Records which reports (one-hot columns) each passage fit learns from."""

    def fit(self, X, y, sample_weight=None):  # type: ignore[no-untyped-def]
        _SEEN.append(set(np.flatnonzero(np.asarray(abs(X).sum(axis=0)).ravel() > 0).tolist()))
        return super().fit(X, y, sample_weight)


def test_passage_scores_are_out_of_fold() -> None:
    # Given 30 one-window reports whose features name the report (one-hot), and a split that
    # fits on reports 0-19 and scores 20-29, then the final fit on all
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.multiclass import OneVsRestClassifier

    from triage_models.fitting import FittedSplit, Split, fit_passages

    n = 30
    x = sp.csr_matrix(np.eye(n))
    truth = np.zeros((n, len(ALL_LABELS)), dtype=bool)
    truth[::2, :] = True  # every label has both classes
    document = OneVsRestClassifier(LinearSVC(random_state=0)).fit(x, truth.astype(int))
    tfidf = TfidfTransformer().fit(x)
    fitted = [FittedSplit([tfidf], document), FittedSplit([tfidf], document)]
    first = Split(np.arange(20), np.arange(20, 30))
    splits = [first, Split(np.arange(n), np.arange(0))]
    oof = np.zeros(truth.shape)
    col = ALL_LABELS.index("self_harm_risk")
    _SEEN.clear()
    # When the passage classifiers are fitted
    final = fit_passages(
        fitted,
        splits,
        [first.fit_rows, np.arange(n)],
        [x],
        np.arange(n),
        truth,
        [col],
        _SpySVC(random_state=0),
        oof,
    )
    # Then the split's fits saw only its fit rows, the final fit saw everything
    assert len(_SEEN) == 4  # two rounds per split
    assert all(seen <= set(range(20)) for seen in _SEEN[:2])
    assert _SEEN[-1] == set(range(n))
    # And only the scored rows of that label got a passage score
    assert np.count_nonzero(oof[:20]) == 0 and np.count_nonzero(oof[20:, col]) > 0
    assert np.count_nonzero(np.delete(oof, col, axis=1)) == 0
    assert final[0] is not None
