"""Fitting helpers of :mod:`training`: splits, parallel per-label fits, Platt calibration.

Hashing is stateless, so the hashed count matrices are computed once and every split slices
its rows; each split then fits its own TF-IDF weights and a stock ``OneVsRestClassifier``.
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
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier

from triage_models.model import linear_parameters

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Rows = npt.NDArray[np.intp]

_ONE_CLASS: Final = "Label not .* is present in all training examples"


@dataclass(frozen=True)
class Split:
    """Rows a classifier is fitted on and the rows it scores (empty for the final fit)."""

    fit_rows: Rows
    score_rows: Rows


def stratified_folds(truth: BoolArray, n_splits: int, seed: int) -> list[Split]:
    """Split rows, stratified on each report's rarest label so rare labels reach every fold."""
    frequency = truth.sum(axis=0)
    rarity = np.where(truth, frequency[np.newaxis, :], np.iinfo(np.int64).max)
    key = np.where(truth.any(axis=1), rarity.argmin(axis=1), -1)
    values, counts = np.unique(key, return_counts=True)
    common = int(values[counts.argmax()])
    key = np.where(np.isin(key, values[counts < n_splits]), common, key)
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [Split(a, b) for a, b in splitter.split(np.zeros(len(key)), key)]


@dataclass
class FittedSplit:
    """Per-block fitted TF-IDF weights and the classifier of one split."""

    tfidfs: list[Any]
    classifier: OneVsRestClassifier

    def features(self, hashed: Sequence[sp.csr_matrix], rows: Rows | None) -> sp.csr_matrix:
        """Return the weighted features of ``rows`` (all rows when ``None``)."""
        blocks = [h if rows is None else h[rows] for h in hashed]
        return sp.hstack([t.transform(b) for t, b in zip(self.tfidfs, blocks, strict=True)]).tocsr()

    def decision(self, x: sp.csr_matrix) -> FloatArray:
        """Return decision scores of every label, shape ``(n, n_labels)``."""
        weights, intercepts = linear_parameters(self.classifier, x.shape[1])
        return np.asarray(x @ weights + intercepts, dtype=np.float64)


def fit_splits(
    hashed: Sequence[sp.csr_matrix],
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
        hashed: Hashed count blocks of every report (stateless, computed once).
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
        tfidfs = [
            clone(t).fit(h[split.fit_rows]) for t, h in zip(tfidf_templates, hashed, strict=True)
        ]
        x = FittedSplit(tfidfs, OneVsRestClassifier(base)).features(hashed, split.fit_rows)
        classifier = OneVsRestClassifier(base, n_jobs=n_jobs if n_jobs > 1 else None)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=_ONE_CLASS, category=UserWarning)
            classifier.fit(x, truth[split.fit_rows].astype(np.int64))
        fitted.append(FittedSplit(tfidfs, classifier))
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
