"""Training: redact, featurise, cross-validate, calibrate, tune thresholds, fit.

The model only ever sees redacted text: :func:`train` takes the redactor as a callable from
the composition root and applies it to every raw example before any feature is computed.

Procedure (all stock scikit-learn estimators, so skops persists them with a small trusted
list):

1. normalise redacted text (:func:`features.normalise`, plain code outside the pipeline);
2. hash word and character n-grams once (stateless), then for each of ``k`` folds fit the
   TF-IDF weights and a ``OneVsRestClassifier(LogisticRegression)`` on the training part and
   score the held-out part, giving out-of-fold decision scores for every report;
3. fit per-label Platt calibration on the out-of-fold scores;
4. tune per-label thresholds on the calibrated out-of-fold probabilities
   (:mod:`triage_models.decision`);
5. report cross-validated metrics where each fold's thresholds were tuned on the *other*
   folds only, so the stored figures are not flattered by threshold tuning;
6. fit the final pipeline on every report.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline

from redaction.types import RedactedText
from triage_models.corpus import Example, data_manifest
from triage_models.decision import suggest_mask, tune_thresholds
from triage_models.errors import TrainingError
from triage_models.evaluation import indicator, summarise
from triage_models.features import NORMALISER_VERSION, build_feature_union, normalise
from triage_models.labels import ALL_LABELS
from triage_models.model import UNREGISTERED, TriageModel, linear_parameters

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Redact = Callable[[Sequence[str]], Sequence[RedactedText]]
Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; the composition root may wire it to tqdm."""

_ONE_CLASS: Final = "Label not .* is present in all training examples"


@dataclass(frozen=True)
class TrainingConfig:
    """Hyper-parameters; recorded in the model metadata.

    Attributes:
        word_bits: log2 width of the hashed word 1-2-gram block.
        char_bits: log2 width of the hashed ``char_wb`` 2-5-gram block.
        c: Inverse L2 regularisation of each logistic regression.
        class_weight: ``"balanced"`` (rare labels weigh more) or ``None``.
        folds: Cross-validation folds (capped by the number of examples).
        min_positives: Labels with fewer positives keep the default threshold.
        urgency_recall: Out-of-fold recall target of urgency thresholds.
        min_examples: Refuse to train on fewer examples.
        n_jobs: Labels fitted in parallel (``None``: one process). Training only; it does
            not change the model.
    """

    word_bits: int = 17
    char_bits: int = 17
    c: float = 8.0
    class_weight: str | None = "balanced"
    folds: int = 5
    min_positives: int = 3
    urgency_recall: float = 0.95
    min_examples: int = 10
    n_jobs: int | None = None


@dataclass(frozen=True)
class TrainedModel:
    """A freshly trained model with everything the registry records about it.

    Attributes:
        model: The model, version :data:`model.UNREGISTERED` until registered.
        metrics: Cross-validated metrics (:func:`evaluation.summarise` shape).
        data_manifest: sha256 of the training data (:func:`corpus.data_manifest`).
        label_counts: Positives per label in the training data.
        untuned: Labels with too few positives to tune (default threshold).
        config: The hyper-parameters.
        seed: Random seed of fold assignment and solvers.
        n_examples: Number of training examples.
        seconds: Wall-clock training time.
    """

    model: TriageModel
    metrics: dict[str, Any]
    data_manifest: str
    label_counts: dict[str, int]
    untuned: tuple[str, ...]
    config: TrainingConfig
    seed: int
    n_examples: int
    seconds: float = field(default=0.0)

    def metadata(self) -> dict[str, Any]:
        """Return the JSON-ready description stored beside the artifact."""
        return {
            "data_manifest_sha256": self.data_manifest,
            "n_examples": self.n_examples,
            "label_counts": self.label_counts,
            "untuned_labels": list(self.untuned),
            "training_config": asdict(self.config),
            "seed": self.seed,
            "training_seconds": round(self.seconds, 3),
            "normaliser": NORMALISER_VERSION,
            "metrics": {"cross_validated": self.metrics},
        }


def _redacted_texts(examples: Sequence[Example], redact: Redact) -> list[str]:
    raw_positions = [i for i, e in enumerate(examples) if not e.redacted]
    texts = [e.text for e in examples]
    if raw_positions:
        redacted = list(redact([texts[i] for i in raw_positions]))
        if len(redacted) != len(raw_positions) or not all(isinstance(t, str) for t in redacted):
            raise TrainingError("redact must return one redacted string per input text")
        for i, text in zip(raw_positions, redacted, strict=True):
            texts[i] = text
    return [normalise(t) for t in texts]


def _folds(
    truth: BoolArray, n_splits: int, seed: int
) -> list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]:
    """Split rows, stratified on each report's rarest label so rare labels reach every fold."""
    frequency = truth.sum(axis=0)
    rarity = np.where(truth, frequency[np.newaxis, :], np.iinfo(np.int64).max)
    key = np.where(truth.any(axis=1), rarity.argmin(axis=1), -1)
    values, counts = np.unique(key, return_counts=True)
    common = int(values[counts.argmax()])
    key = np.where(np.isin(key, values[counts < n_splits]), common, key)
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(key)), key))


def _decision(classifier: OneVsRestClassifier, x: sp.csr_matrix) -> FloatArray:
    weights, intercepts = linear_parameters(classifier, x.shape[1])
    return np.asarray(x @ weights + intercepts, dtype=np.float64)


def _fit_fold(
    hashed: Sequence[sp.csr_matrix],
    tfidfs: Sequence[Any],
    classifier: OneVsRestClassifier,
    rows: npt.NDArray[np.intp],
    truth: BoolArray,
) -> tuple[list[Any], OneVsRestClassifier]:
    fitted = [clone(t).fit(h[rows]) for t, h in zip(tfidfs, hashed, strict=True)]
    x = sp.hstack([t.transform(h[rows]) for t, h in zip(fitted, hashed, strict=True)]).tocsr()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_ONE_CLASS, category=UserWarning)
        model = clone(classifier).fit(x, truth[rows].astype(np.int64))
    return fitted, model


def _platt(scores: FloatArray, truth: BoolArray) -> tuple[float, float]:
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


def _sigmoid(z: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0))), dtype=np.float64)


def train(
    examples: Sequence[Example],
    *,
    redact: Redact,
    seed: int = 0,
    progress: Progress | None = None,
    config: TrainingConfig | None = None,
) -> TrainedModel:
    """Train a triage model on labelled examples, seeing only redacted text.

    Args:
        examples: Corpus merged with corrections; raw examples are redacted first.
        redact: Maps a batch of raw texts to redacted texts (same length, same order).
        seed: Seed of the fold assignment and solvers; training is deterministic given it.
        progress: Optional ``progress(stage, done, total)`` callback.
        config: Hyper-parameters; defaults to :class:`TrainingConfig()`.

    Returns:
        The trained model (unregistered) with cross-validated metrics and data manifest.

    Raises:
        TrainingError: Too few examples, or ``redact`` returned the wrong shape.
    """
    config = config or TrainingConfig()
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    if len(examples) < max(config.min_examples, 2 * config.folds):
        raise TrainingError(f"need at least {max(config.min_examples, 2 * config.folds)} examples")
    report("redact", 0, 1)
    texts = _redacted_texts(examples, redact)
    report("redact", 1, 1)
    truth = indicator([e.labels for e in examples])

    union = build_feature_union(word_bits=config.word_bits, char_bits=config.char_bits)
    blocks = [block for _, block in union.transformer_list]
    hashed = [block.named_steps["hash"].transform(texts).tocsr() for block in blocks]
    tfidfs = [block.named_steps["tfidf"] for block in blocks]
    base = LogisticRegression(
        C=config.c, class_weight=config.class_weight, solver="liblinear", random_state=seed
    )
    classifier = OneVsRestClassifier(base, n_jobs=config.n_jobs)

    folds = _folds(truth, config.folds, seed)
    oof = np.zeros(truth.shape, dtype=np.float64)
    for done, (train_rows, test_rows) in enumerate(folds, start=1):
        fitted, model = _fit_fold(hashed, tfidfs, classifier, train_rows, truth)
        x = sp.hstack([t.transform(h[test_rows]) for t, h in zip(fitted, hashed, strict=True)])
        oof[test_rows] = _decision(model, x.tocsr())
        report("cross-validate", done, len(folds))

    calibration = {lb: _platt(oof[:, i], truth[:, i]) for i, lb in enumerate(ALL_LABELS)}
    scale = np.array([calibration[lb] for lb in ALL_LABELS])
    probabilities = _sigmoid(scale[:, 0] * oof + scale[:, 1])

    def tune(rows: npt.NDArray[np.intp]) -> tuple[FloatArray, tuple[str, ...]]:
        return tune_thresholds(
            probabilities[rows],
            truth[rows],
            urgency_recall=config.urgency_recall,
            min_positives=config.min_positives,
        )

    thresholds, untuned = tune(np.arange(len(texts)))

    predicted = np.zeros(truth.shape, dtype=np.bool_)
    for train_rows, test_rows in folds:
        fold_thresholds, _ = tune(train_rows)
        predicted[test_rows] = suggest_mask(probabilities[test_rows], fold_thresholds)
    metrics = summarise(truth, predicted)

    all_rows = np.arange(len(texts))
    fitted, final = _fit_fold(hashed, tfidfs, classifier, all_rows, truth)
    for (_, block), tfidf in zip(union.transformer_list, fitted, strict=True):
        block.steps[-1] = ("tfidf", tfidf)
    pipeline = Pipeline([("features", union), ("classifier", final)])
    report("fit", 1, 1)
    model = TriageModel(
        pipeline,
        dict(zip(ALL_LABELS, map(float, thresholds), strict=True)),
        UNREGISTERED,
        calibration=calibration,
    )
    counts = truth.sum(axis=0)
    return TrainedModel(
        model=model,
        metrics=metrics,
        data_manifest=data_manifest(examples),
        label_counts={lb: int(n) for lb, n in zip(ALL_LABELS, counts, strict=True)},
        untuned=untuned,
        config=config,
        seed=seed,
        n_examples=len(examples),
        seconds=time.perf_counter() - started,
    )
