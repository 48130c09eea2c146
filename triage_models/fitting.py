"""Fitting helpers of :mod:`training`: splits, parallel per-label fits, Platt calibration.

Hashing is stateless, so the hashed count matrices are computed once and every split slices
its rows; each split then fits its own TF-IDF weights and a stock ``OneVsRestClassifier``.
With an identity-blind view (:mod:`triage_models.identity`) each split fits two: one on the
full text for the characteristics, one on the blind view for behaviours and urgency. Each is
given the other's labels as all-negative, which scikit-learn turns into constant predictors at
no cost, so the two together cost what one fit of every label costs.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier

from triage_models.model import BLIND_MASK, linear_parameters
from triage_models.passages import best_window, fit_passage_classifier

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Rows = npt.NDArray[np.intp]

_ONE_CLASS: Final = "Label not .* is present in all training examples"


@dataclass(frozen=True)
class Split:
    """Rows a classifier is fitted on and the rows it scores (empty for the final fit)."""

    fit_rows: Rows
    score_rows: Rows


def _rarest_label(truth: BoolArray, n_splits: int) -> npt.NDArray[np.int64]:
    """Each report's rarest label (labels too rare to stratify fold into the commonest)."""
    frequency = truth.sum(axis=0)
    rarity = np.where(truth, frequency[np.newaxis, :], np.iinfo(np.int64).max)
    key = np.where(truth.any(axis=1), rarity.argmin(axis=1), -1)
    values, counts = np.unique(key, return_counts=True)
    common = int(values[counts.argmax()])
    return np.where(np.isin(key, values[counts < n_splits]), common, key)


def stratified_folds(
    truth: BoolArray, n_splits: int, seed: int, groups: Sequence[str] | None = None
) -> list[Split]:
    """Split rows, stratified on each report's rarest label so rare labels reach every fold.

    With ``groups`` (one per row, e.g. the batch file each report came from; at least
    ``n_splits`` distinct ones), whole groups are held out together: scores, thresholds and
    figures are then those of a writer the model never saw, which is how it meets real reports.
    """
    key = _rarest_label(truth, n_splits)
    rows = np.zeros(len(key))
    if groups is not None:
        grouped = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        return [Split(a, b) for a, b in grouped.split(rows, key, np.asarray(groups))]
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [Split(a, b) for a, b in splitter.split(rows, key)]


@dataclass(frozen=True)
class Views:
    """Hashed count blocks of every report: full text, and the identity-blind view or None."""

    full: Sequence[sp.csr_matrix]
    blind: Sequence[sp.csr_matrix] | None = None


@dataclass
class FittedSplit:
    """Per-block fitted TF-IDF weights and the classifier(s) of one split."""

    tfidfs: list[Any]
    classifier: OneVsRestClassifier
    blind_classifier: OneVsRestClassifier | None = None

    def features(self, hashed: Sequence[sp.csr_matrix], rows: Rows | None) -> sp.csr_matrix:
        """Return the weighted features of ``rows`` (all rows when ``None``)."""
        blocks = [h if rows is None else h[rows] for h in hashed]
        return sp.hstack([t.transform(b) for t, b in zip(self.tfidfs, blocks, strict=True)]).tocsr()

    def decision(self, views: Views, rows: Rows) -> FloatArray:
        """Return decision scores of every label for ``rows``, shape ``(n, n_labels)``."""
        x = self.features(views.full, rows)
        weights, intercepts = linear_parameters(self.classifier, x.shape[1])
        scores = np.asarray(x @ weights + intercepts, dtype=np.float64)
        if self.blind_classifier is not None and views.blind is not None:
            xb = self.features(views.blind, rows)
            weights, intercepts = linear_parameters(self.blind_classifier, xb.shape[1])
            scores[:, BLIND_MASK] = np.asarray(xb @ weights + intercepts)[:, BLIND_MASK]
        return scores


def _fit_ovr(base: BaseEstimator, x: sp.csr_matrix, y: BoolArray, n_jobs: int) -> Any:
    classifier = OneVsRestClassifier(base, n_jobs=n_jobs if n_jobs > 1 else None)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_ONE_CLASS, category=UserWarning)
        return classifier.fit(x, y.astype(np.int64))


def fit_splits(
    views: Views,
    tfidf_templates: Sequence[Any],
    base: BaseEstimator,
    truth: BoolArray,
    splits: Sequence[Split],
    *,
    n_jobs: int,
    on_split_done: Callable[[int], None] | None = None,
) -> list[FittedSplit]:
    """Fit TF-IDF and one classifier per label for every split.

    Args:
        views: Hashed count blocks of every report (stateless, computed once); TF-IDF
            weights are fitted on the full text and shared by the blind view.
        tfidf_templates: Unfitted TF-IDF transformer per block.
        base: Unfitted per-label linear classifier.
        truth: Label matrix, shape ``(n, n_labels)``.
        splits: What to fit; results come back in the same order.
        n_jobs: Worker processes for the labels of one split (scikit-learn's own
            ``OneVsRestClassifier`` parallelism; processes, because liblinear's random
            generator is process-global, so threads would make fits non-deterministic).
        on_split_done: Called with the split index when it is fitted.

    Returns:
        One fitted split per input split.
    """
    fitted: list[FittedSplit] = []
    for index, split in enumerate(splits):
        rows = split.fit_rows
        tfidfs = [clone(t).fit(h[rows]) for t, h in zip(tfidf_templates, views.full, strict=True)]
        unfitted = FittedSplit(tfidfs, OneVsRestClassifier(base))
        y = truth[rows]
        if views.blind is None:
            fitted.append(
                FittedSplit(tfidfs, _fit_ovr(base, unfitted.features(views.full, rows), y, n_jobs))
            )
        else:
            full_y, blind_y = y & ~BLIND_MASK, y & BLIND_MASK
            full = _fit_ovr(base, unfitted.features(views.full, rows), full_y, n_jobs)
            blind = _fit_ovr(base, unfitted.features(views.blind, rows), blind_y, n_jobs)
            fitted.append(FittedSplit(tfidfs, full, blind))
        if on_split_done is not None:
            on_split_done(index)
    return fitted


def platt(scores: FloatArray, truth: BoolArray) -> tuple[float, float]:
    """Fit Platt's sigmoid with his smoothed targets; identity when a label has one class."""
    positives = int(truth.sum())
    if positives in (0, len(truth)):
        return 1.0, 0.0
    negatives = len(truth) - positives
    targets = np.where(truth, (positives + 1.0) / (positives + 2.0), 1.0 / (negatives + 2.0))
    x = np.concatenate([scores, scores]).reshape(-1, 1)
    y = np.concatenate([np.ones(len(scores)), np.zeros(len(scores))])
    weights = np.concatenate([targets, 1.0 - targets])
    fit = LogisticRegression(C=1e4).fit(x, y, sample_weight=weights)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def sigmoid(z: FloatArray) -> FloatArray:
    """Return the logistic function of ``z``, clipped against overflow."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0))), dtype=np.float64)


def fit_passages(
    fitted: Sequence[FittedSplit],
    splits: Sequence[Split],
    learn_rows: Sequence[Rows],
    windows: Sequence[sp.csr_matrix],
    owner: Rows,
    truth: BoolArray,
    columns: Sequence[int],
    base: BaseEstimator,
    oof: FloatArray,
) -> list[Any | None]:
    """Fit each split's passage classifiers (:mod:`passages`) and add their scores to ``oof``.

    Args:
        fitted: The document models of every split (their TF-IDF weights and urgency
            classifiers are reused: TF-IDF weighs the windows, and the document classifier
            picks the first positive windows).
        splits: The splits, the final fit last.
        learn_rows: Per split, the fit rows its passage classifiers learn from (all of them,
            or a sample: :func:`passages.training_sample`); never a scored row.
        windows: Hashed count blocks of the windows of every report in ``learn_rows`` or
            scored by a split (urgency view).
        owner: Report index of each window.
        truth: Label matrix.
        columns: Label columns that get a passage classifier; each must have both classes
            in every ``learn_rows``, so every split scores the same way.
        base: Unfitted per-label linear classifier.
        oof: Out-of-fold document scores; the scored rows of ``columns`` get the best window's
            passage score added, in place.

    Returns:
        The final fit's passage classifiers, in ``columns`` order.
    """
    n_reports = truth.shape[0]
    final: list[Any | None] = []
    for split, fit, rows in zip(splits, fitted, learn_rows, strict=True):
        position = np.full(n_reports, -1, dtype=np.intp)
        position[rows] = np.arange(len(rows))
        fit_windows = np.flatnonzero(position[owner] >= 0)
        x = fit.features(windows, fit_windows)
        document = fit.blind_classifier if fit.blind_classifier is not None else fit.classifier
        weights, intercepts = linear_parameters(document, x.shape[1])
        scored = np.zeros(n_reports, dtype=np.bool_)
        scored[split.score_rows] = True
        score_windows = np.flatnonzero(scored[owner])
        xs = fit.features(windows, score_windows) if len(score_windows) else None
        classifiers: list[Any | None] = []
        for col in columns:
            initial = np.asarray(x @ weights[:, col] + intercepts[col], dtype=np.float64)
            classifier = fit_passage_classifier(
                x, position[owner[fit_windows]], truth[rows, col], initial, base
            )
            classifiers.append(classifier)
            if xs is not None and classifier is not None:
                scores = np.asarray(classifier.decision_function(xs), dtype=np.float64)
                best = best_window(scores, owner[score_windows], n_reports)
                oof[split.score_rows, col] += best[split.score_rows]
        final = classifiers
    return final
