"""Training: redact, featurise, cross-validate, calibrate, tune thresholds, fit.

The model only ever sees redacted text: :func:`train` takes the redactor as a callable from
the composition root and applies it to every raw example before any feature is computed.

Procedure (all stock scikit-learn estimators, so skops persists them with a small trusted
list):

1. normalise redacted text (:func:`features.normalise`, plain code outside the pipeline) and
   derive its identity-blind view (:mod:`triage_models.identity`), which behaviours and
   urgency are learnt from;
2. hash word and character n-grams once (stateless, so every fold slices the same rows);
3. up to :attr:`TrainingConfig.cv_max_rows` reports, ``k``-fold cross-validation: for each
   fold fit TF-IDF weights and one linear classifier per label on the other folds and score
   the fold, giving out-of-fold decision scores for every report; the final model is then
   fitted on every report. Above it, one stratified hold-out split: the model fitted on the
   rest is the final model and the held-out reports give its scores (at that size losing a
   tenth of the data costs little, and calibration then describes the very model shipped);
4. fit per-label Platt calibration on the held-out scores;
5. tune per-label thresholds on the calibrated held-out probabilities
   (:mod:`triage_models.decision`);
6. report metrics where each part's thresholds were tuned on the *other* parts only, so the
   stored figures are not flattered by threshold tuning.

The labels of each split are fitted on ``n_jobs`` processes (scikit-learn's own
``OneVsRestClassifier`` parallelism).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from redaction.types import RedactedText
from triage_models.bias import bias_check
from triage_models.corpus import Example, data_manifest
from triage_models.decision import suggest_mask, tune_thresholds
from triage_models.errors import TrainingError
from triage_models.evaluation import indicator, summarise
from triage_models.features import (
    NORMALISER_VERSION,
    build_feature_union,
    hash_many,
    normalise,
)
from triage_models.fitting import (
    Split,
    Views,
    fit_passages,
    fit_splits,
    platt,
    sigmoid,
    stratified_folds,
)
from triage_models.holdout import EVALUATION_FRACTION, EVALUATION_SALT, split_for_evaluation
from triage_models.identity import identity_views
from triage_models.labels import ALL_LABELS, URGENCY
from triage_models.model import UNREGISTERED, TriageModel
from triage_models.passages import MAX_PASSAGE_WINDOW, WINDOW, training_sample, window_rows

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Redact = Callable[[Sequence[str]], Sequence[RedactedText]]
Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; the composition root may wire it to tqdm."""

CLASSIFIERS: Final = ("svm", "logistic")


@dataclass(frozen=True)
class TrainingConfig:
    """Hyper-parameters; recorded in the model metadata.

    Attributes:
        word_bits: log2 width of the hashed word 1-2-gram block.
        char_bits: log2 width of the hashed ``char_wb`` n-gram block.
        char_ngrams: Smallest and largest character n-gram.
        classifier: ``"svm"`` (``LinearSVC``, squared hinge) or ``"logistic"``
            (``LogisticRegression``, liblinear); both are linear, Platt-calibrated.
        c: Inverse L2 regularisation of each per-label classifier.
        tol: Solver stopping tolerance (1e-3 gives the same figures as 1e-4, faster).
        class_weight: ``"balanced"`` (rare labels weigh more) or ``None``.
        folds: Cross-validation folds (capped by the number of examples).
        cv_max_rows: Above this many examples, one hold-out split replaces the folds.
        holdout_fraction: Share of examples held out above ``cv_max_rows``.
        min_positives: Labels with fewer positives keep the default threshold.
        urgency_recall: Out-of-fold recall target of urgency thresholds; a little above
            0.95 so that recall on unseen reports stays at or above 0.95.
        microaggression_recall: Out-of-fold recall floor of ``microaggression``'s threshold
            (:func:`decision.tune_thresholds`), so that microaggressions are recognised rather
            than dismissed however flat the F1 curve is near its top; 0 turns it off.
        min_examples: Refuse to train on fewer examples.
        n_jobs: Worker processes for the per-label fits (1: in this process). Training only;
            it does not change the model.
        exclude_evaluation_split: Leave out the deterministic evaluation split
            (:mod:`triage_models.holdout`) so ``reportgw evaluate`` can score the model on
            reports it never saw.
        identity_blind: Learn behaviours and urgency from the identity-blind view, so that
            which identity a report names cannot move them (the bias check's invariant).
        passage_window: Sentences per passage of the urgency passage classifiers
            (:mod:`triage_models.passages`); 0 scores urgency on the whole report only.
        passage_max_reports: Above this many reports, passage classifiers learn from every
            urgent report and an evenly spread sample of the rest (training-time budget).
        folds_by_source: Hold out whole sources (corpus batch files, each by one writer, and
            the corrections) in cross-validation, so calibration, thresholds and reported
            figures are those of a writer the model never saw; plain stratified folds when
            there are fewer sources than folds.
    """

    word_bits: int = 17
    char_bits: int = 17
    char_ngrams: tuple[int, int] = (3, 4)
    classifier: str = "svm"
    c: float = 0.5
    tol: float = 1e-3
    class_weight: str | None = "balanced"
    folds: int = 5
    cv_max_rows: int = 20_000
    holdout_fraction: float = 0.1
    min_positives: int = 3
    urgency_recall: float = 0.96
    microaggression_recall: float = 0.90
    min_examples: int = 10
    n_jobs: int = 2
    exclude_evaluation_split: bool = False
    identity_blind: bool = True
    folds_by_source: bool = False
    passage_window: int = WINDOW
    passage_max_reports: int = 20_000

    def base_classifier(self, seed: int) -> BaseEstimator:
        """Return the unfitted per-label classifier this configuration asks for."""
        if self.classifier == "svm":
            return LinearSVC(
                C=self.c, class_weight=self.class_weight, tol=self.tol, random_state=seed
            )
        if self.classifier == "logistic":
            return LogisticRegression(
                C=self.c,
                class_weight=self.class_weight,
                solver="liblinear",
                dual=True,
                tol=self.tol,
                random_state=seed,
            )
        raise TrainingError(f"unknown classifier {self.classifier!r}; use one of {CLASSIFIERS}")


@dataclass(frozen=True)
class TrainedModel:
    """A freshly trained model with everything the registry records about it.

    Attributes:
        model: The model, version :data:`model.UNREGISTERED` until registered.
        metrics: Cross-validated (or hold-out) metrics (:func:`evaluation.summarise` shape).
        data_manifest: sha256 of the training data (:func:`corpus.data_manifest`).
        label_counts: Positives per label in the training data.
        untuned: Labels with too few positives to tune (default threshold).
        config: The hyper-parameters.
        seed: Random seed of fold assignment and solvers.
        n_examples: Number of training examples (after any evaluation split was excluded).
        seconds: Wall-clock training time.
        validation: How held-out scores were obtained (``"5-fold"``, ``"holdout-0.1"``).
        bias: The identity-term bias check of the model (:func:`bias.bias_check`).
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
    validation: str = field(default="")
    bias: dict[str, Any] = field(default_factory=dict)

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
            "validation": self.validation,
            "evaluation_split": {
                "excluded": self.config.exclude_evaluation_split,
                "fraction": EVALUATION_FRACTION,
                "salt": EVALUATION_SALT,
            },
            "metrics": {"cross_validated": self.metrics},
            "bias": self.bias,
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


def _hashed_views(
    texts: Sequence[str], pairs: Sequence[tuple[str, str]] | None, blocks: Sequence[Any]
) -> Views:
    """Hash every report once per view (stateless, so every split slices the same rows).

    With the identity views (``pairs``: each report's marked and blind text), the full view is
    the marked text; the blind view hashes only the reports that name an identity and shares
    the rows of the rest.
    """
    hashers = [block.named_steps["hash"] for block in blocks]
    if pairs is None:
        return Views([hash_many(h, texts) for h in hashers])
    changed = [i for i, (_, blind) in enumerate(pairs) if blind is not texts[i]]
    hashed = [hash_many(h, [full for full, _ in pairs]) for h in hashers]
    if not changed:
        return Views(hashed, hashed)
    masked = [pairs[i][1] for i in changed]
    order = np.arange(len(texts))
    order[changed] = len(texts) + np.arange(len(changed))
    blind_view = [
        sp.vstack([full, hash_many(h, masked)], format="csr")[order]
        for h, full in zip(hashers, hashed, strict=True)
    ]
    return Views(hashed, blind_view)


def _plan(
    truth: BoolArray, config: TrainingConfig, seed: int, sources: Sequence[str]
) -> tuple[list[Split], str]:
    """Return the scoring splits and, last, the final fit (all rows, or the hold-out model)."""
    n = truth.shape[0]
    everything = np.arange(n)

    def groups(n_splits: int) -> Sequence[str] | None:
        # Sources are held out only when there are enough of them to fill every split.
        enough = config.folds_by_source and len(set(sources)) >= n_splits
        return sources if enough else None

    if n <= config.cv_max_rows:
        by_source = groups(config.folds)
        folds = stratified_folds(truth, config.folds, seed, by_source)
        by = " by source" if by_source is not None else ""
        return [*folds, Split(everything, everything[:0])], f"{config.folds}-fold{by}"
    n_splits = max(2, round(1.0 / config.holdout_fraction))
    held = stratified_folds(truth, n_splits, seed, groups(n_splits))[0]
    return [held], f"holdout-{config.holdout_fraction:g}"


def _honest_metrics(
    probabilities: FloatArray, truth: BoolArray, parts: Sequence[npt.NDArray[np.intp]], tune: Any
) -> dict[str, Any]:
    """Score each part with thresholds tuned on the other parts only."""
    scored = np.concatenate(parts)
    predicted = np.zeros(truth.shape, dtype=np.bool_)
    for part in parts:
        others = np.setdiff1d(scored, part, assume_unique=True)
        thresholds, _ = tune(others)
        predicted[part] = suggest_mask(probabilities[part], thresholds)
    return summarise(truth[scored], predicted[scored])


def _fit_passages(
    texts: Sequence[str],
    blocks: Sequence[Any],
    truth: BoolArray,
    splits: Sequence[Split],
    fitted: Sequence[Any],
    oof: FloatArray,
    config: TrainingConfig,
    base: BaseEstimator,
) -> list[Any | None]:
    """Fit the urgency passage classifiers of every split; add their scores to ``oof``.

    ``texts`` are the reports as urgency reads them (the identity-blind view when there is
    one), so passages are cut from the same text the document score comes from. Returns one
    classifier or ``None`` per urgency label. A label gets none in any split unless every
    split's reports hold both classes, so that calibration never mixes scores with and
    without the passage term.
    """
    urgency_cols = [ALL_LABELS.index(u) for u in URGENCY]
    urgent: BoolArray = np.asarray(truth[:, urgency_cols].any(axis=1), dtype=np.bool_)
    # Each split samples from its own fit rows, so what it learns never depends on the
    # labels of the reports it scores.
    learn_rows = [
        s.fit_rows[training_sample(urgent[s.fit_rows], config.passage_max_reports)] for s in splits
    ]
    usable = [
        col for col in urgency_cols if all(0 < truth[r, col].sum() < len(r) for r in learn_rows)
    ]
    if not usable:
        return [None] * len(urgency_cols)
    windowed = np.zeros(len(texts), dtype=np.bool_)
    for split, rows in zip(splits, learn_rows, strict=True):
        windowed[rows] = True
        windowed[split.score_rows] = True
    rows = np.flatnonzero(windowed)
    flat, local_owner = window_rows([texts[int(i)] for i in rows], config.passage_window)
    windows = [hash_many(block.named_steps["hash"], flat) for block in blocks]
    fitted_usable = fit_passages(
        fitted, splits, learn_rows, windows, rows[local_owner], truth, usable, base, oof
    )
    by_column = dict(zip(usable, fitted_usable, strict=True))
    return [by_column.get(col) for col in urgency_cols]


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
        The trained model (unregistered) with held-out metrics and data manifest.

    Raises:
        TrainingError: Too few examples, an unknown classifier, a recall target outside
            [0, 1], or ``redact`` returned the wrong shape.
    """
    config = config or TrainingConfig()
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    if config.exclude_evaluation_split:
        examples, _ = split_for_evaluation(examples)
    if not 0 <= config.passage_window <= MAX_PASSAGE_WINDOW:
        raise TrainingError(f"passage_window must be 0 (off) to {MAX_PASSAGE_WINDOW} sentences")
    for name in ("urgency_recall", "microaggression_recall"):
        if not 0.0 <= getattr(config, name) <= 1.0:
            raise TrainingError(f"{name} must be a recall between 0 and 1")
    needed = max(config.min_examples, 2 * config.folds)
    if len(examples) < needed:
        raise TrainingError(f"need at least {needed} examples")
    base = config.base_classifier(seed)
    report("redact", 0, 1)
    texts = _redacted_texts(examples, redact)
    report("redact", 1, 1)
    truth = indicator([e.labels for e in examples])

    union = build_feature_union(
        word_bits=config.word_bits, char_bits=config.char_bits, char_ngrams=config.char_ngrams
    )
    blocks = [block for _, block in union.transformer_list]
    pairs = [identity_views(t) for t in texts] if config.identity_blind else None
    views = _hashed_views(texts, pairs, blocks)
    splits, validation = _plan(truth, config, seed, [e.source for e in examples])
    scoring = [s for s in splits if len(s.score_rows)]
    done: list[int] = []

    def split_done(index: int) -> None:
        if len(splits[index].score_rows):
            done.append(index)
            report("cross-validate", len(done), len(scoring))

    fitted = fit_splits(
        views,
        [block.named_steps["tfidf"] for block in blocks],
        base,
        truth,
        splits,
        n_jobs=config.n_jobs,
        on_split_done=split_done,
    )
    oof = np.zeros(truth.shape, dtype=np.float64)
    for split, fit in zip(splits, fitted, strict=True):
        if len(split.score_rows):
            oof[split.score_rows] = fit.decision(views, split.score_rows)
    passage_classifiers = None
    if config.passage_window > 0:
        report("passages", 0, 1)
        urgency_texts = texts if pairs is None else [blind for _, blind in pairs]
        passage_classifiers = _fit_passages(
            urgency_texts, blocks, truth, splits, fitted, oof, config, base
        )
        report("passages", 1, 1)
    parts = [s.score_rows for s in scoring]
    if len(parts) == 1:  # one hold-out set: tune on one half, score the other, and back
        parts = [parts[0][0::2], parts[0][1::2]]
    scored = np.concatenate(parts)

    calibration = {lb: platt(oof[scored, i], truth[scored, i]) for i, lb in enumerate(ALL_LABELS)}
    scale = np.array([calibration[lb] for lb in ALL_LABELS])
    probabilities = sigmoid(scale[:, 0] * oof + scale[:, 1])

    def tune(rows: npt.NDArray[np.intp]) -> tuple[FloatArray, tuple[str, ...]]:
        return tune_thresholds(
            probabilities[rows],
            truth[rows],
            urgency_recall=config.urgency_recall,
            min_positives=config.min_positives,
            microaggression_recall=config.microaggression_recall,
        )

    thresholds, untuned = tune(scored)
    metrics = _honest_metrics(probabilities, truth, parts, tune)

    final = fitted[-1]
    for (_, block), tfidf in zip(union.transformer_list, final.tfidfs, strict=True):
        block.steps[-1] = ("tfidf", tfidf)
    pipeline = Pipeline([("features", union), ("classifier", final.classifier)])
    report("fit", 1, 1)
    model = TriageModel(
        pipeline,
        dict(zip(ALL_LABELS, map(float, thresholds), strict=True)),
        UNREGISTERED,
        calibration=calibration,
        blind_classifier=final.blind_classifier,
        passage_classifiers=passage_classifiers,
        passage_window=config.passage_window or WINDOW,
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
        validation=validation,
        bias=bias_check(model),
    )
