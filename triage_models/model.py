"""The trained triage model: redacted text in, label probabilities and suggestions out.

:class:`TriageModel` wraps a fitted, stock scikit-learn ``Pipeline`` (hashed features, then a
``OneVsRestClassifier`` of ``LinearSVC`` or ``LogisticRegression``) together with per-label
Platt calibration and thresholds. For speed it scores one report with plain numpy from the
pipeline's own fitted parameters (tests check it equals the stock pipeline), so classifying a
report of typical length costs about 1.5 ms on one core (``benchmarks/triage_bench.py``).
Urgency passages (:mod:`triage_models.passages`) make the cost grow with the number of
sentences: a report of a few hundred sentences takes tens of milliseconds.

It accepts only :data:`redaction.types.RedactedText`: the type says the text has been through
the redactor, the only text a model may ever see. The suggestions are decision support; a
human confirms every label (GDPR Art. 22).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from redaction.types import RedactedText
from triage_models.decision import suggest_mask
from triage_models.errors import TriageModelError
from triage_models.explanations import Evidence, term_contributions, top_evidence
from triage_models.features import FeatureVectoriser, TextFeatures, normalise
from triage_models.identity import identity_views
from triage_models.labels import ALL_LABELS, CHARACTERISTICS, GROUPS, URGENCY
from triage_models.passages import MAX_PASSAGE_WINDOW, WINDOW, passages

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

UNREGISTERED: Final = "unregistered"
"""Version of a model that has not been registered yet."""

_CONSTANT_LOGIT: Final = 30.0
"""Decision score of a label that had a single class in training (sigmoid ~ 0 or 1)."""

BLIND_LABELS: Final[tuple[str, ...]] = tuple(lb for lb in ALL_LABELS if lb not in CHARACTERISTICS)
"""Labels scored on the identity-blind view (:mod:`triage_models.identity`): behaviours and
urgency. Characteristics are scored on the full text."""
BLIND_MASK: Final = np.array([lb in BLIND_LABELS for lb in ALL_LABELS])


@dataclass(frozen=True)
class TriagePrediction:
    """Suggested labels for one redacted report (the ``reportgw triage`` contract).

    Attributes:
        behaviours: Every behaviour label to its probability in [0, 1].
        characteristics: Every characteristic to its probability in [0, 1].
        urgency: Every urgency flag to its probability in [0, 1].
        suggested: Group to labels at or above threshold, most probable first; obeys the
            label contract (``none`` stands alone).
        model: Version of the model that produced it.
        explanations: Suggested label to the report's own terms that raised it most.
    """

    behaviours: dict[str, float]
    characteristics: dict[str, float]
    urgency: dict[str, float]
    suggested: dict[str, list[str]]
    model: str
    explanations: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the contract fields, JSON-ready, plus ``explanations`` as [term, weight]."""
        return {
            "behaviours": dict(self.behaviours),
            "characteristics": dict(self.characteristics),
            "urgency": dict(self.urgency),
            "suggested": {group: list(labels) for group, labels in self.suggested.items()},
            "model": self.model,
            "explanations": {
                label: [[e.term, e.weight] for e in evidence]
                for label, evidence in self.explanations.items()
            },
        }


def linear_parameters(
    classifier: OneVsRestClassifier, n_features: int
) -> tuple[FloatArray, FloatArray]:
    """Stack the per-label coefficients into ``(n_features, n_labels)`` and intercepts."""
    estimators = classifier.estimators_
    if len(estimators) != len(ALL_LABELS):
        raise TriageModelError("classifier does not predict the contract's labels")
    weights = np.zeros((n_features, len(estimators)), dtype=np.float64)
    intercepts = np.zeros(len(estimators), dtype=np.float64)
    for col, estimator in enumerate(estimators):
        if isinstance(estimator, LogisticRegression | LinearSVC):
            weights[:, col] = estimator.coef_.ravel()
            intercepts[col] = float(estimator.intercept_[0])
        elif hasattr(estimator, "y_"):  # sklearn's _ConstantPredictor: one class in training
            intercepts[col] = _CONSTANT_LOGIT if int(estimator.y_[0]) else -_CONSTANT_LOGIT
        else:
            raise TriageModelError(f"unsupported per-label estimator {type(estimator).__name__}")
    return weights, intercepts


class TriageModel:
    """A fitted triage model with tuned thresholds; immutable after construction.

    Args:
        pipeline: Fitted ``Pipeline([("features", FeatureUnion), ("classifier",
            OneVsRestClassifier(LinearSVC | LogisticRegression))])`` over :data:`ALL_LABELS`.
        thresholds: Label to threshold, for every label of the contract.
        version: Version string reported in every prediction.
        metadata: Descriptive metadata (metrics, data hash...); copied, read-only.
        calibration: Label to Platt parameters ``(a, b)``: ``p = sigmoid(a * score + b)``.
            Missing labels are uncalibrated (``a=1, b=0``).
        explain_top: Number of evidence terms per suggested label.
        blind_classifier: ``OneVsRestClassifier`` over :data:`ALL_LABELS` fitted on the
            identity-blind view, whose :data:`BLIND_LABELS` replace those of ``pipeline``'s
            classifier; ``None`` scores every label on the full text.
        passage_classifiers: One linear classifier (or ``None``) per urgency label, in
            :data:`URGENCY` order, scoring windows of ``passage_window`` sentences of the view
            that scores urgency (:mod:`triage_models.passages`); the best window's score is
            added to the label's document score. ``None``: urgency from the document only.
        passage_window: Sentences per passage of ``passage_classifiers``.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        thresholds: Mapping[str, float],
        version: str,
        metadata: Mapping[str, Any] | None = None,
        *,
        calibration: Mapping[str, tuple[float, float]] | None = None,
        explain_top: int = 5,
        blind_classifier: OneVsRestClassifier | None = None,
        passage_classifiers: Sequence[LinearSVC | LogisticRegression | None] | None = None,
        passage_window: int = WINDOW,
    ) -> None:
        if set(thresholds) != set(ALL_LABELS):
            raise TriageModelError("thresholds must cover exactly the contract's labels")
        if not all(0.0 <= float(t) <= 1.0 for t in thresholds.values()):
            raise TriageModelError("thresholds must lie in [0, 1]")
        features, classifier = pipeline.named_steps.get("features"), pipeline.steps[-1][1]
        if not isinstance(features, FeatureUnion) or not isinstance(
            classifier, OneVsRestClassifier
        ):
            raise TriageModelError("pipeline must be a FeatureUnion then a OneVsRestClassifier")
        if blind_classifier is not None and not isinstance(blind_classifier, OneVsRestClassifier):
            raise TriageModelError("the identity-blind classifier must be a OneVsRestClassifier")
        calibration = calibration or {}
        self.pipeline = pipeline
        self.version = version
        self.metadata: Mapping[str, Any] = MappingProxyType(dict(metadata or {}))
        self.explain_top = explain_top
        self.thresholds: FloatArray = np.array([float(thresholds[lb]) for lb in ALL_LABELS])
        self.calibration: FloatArray = np.array(
            [calibration.get(lb, (1.0, 0.0)) for lb in ALL_LABELS], dtype=np.float64
        )
        self._vectoriser = FeatureVectoriser(features)
        self.blind_classifier = blind_classifier
        self._weights, self._intercepts = linear_parameters(classifier, self._vectoriser.n_features)
        self._blind: tuple[FloatArray, FloatArray] | None = None
        if blind_classifier is not None:
            weights, intercepts = linear_parameters(blind_classifier, self._vectoriser.n_features)
            self._blind = (weights[:, BLIND_MASK], intercepts[BLIND_MASK])
        if passage_classifiers is not None and (
            not isinstance(passage_classifiers, list | tuple)
            or len(passage_classifiers) != len(URGENCY)
        ):
            raise TriageModelError("passage classifiers must be a list, one per urgency label")
        if isinstance(passage_window, bool) or not isinstance(passage_window, int):
            raise TriageModelError("passage window must be an integer")
        if not 1 <= passage_window <= MAX_PASSAGE_WINDOW:
            raise TriageModelError(f"passage window must be 1 to {MAX_PASSAGE_WINDOW} sentences")
        self.passage_classifiers = (
            None if passage_classifiers is None else list(passage_classifiers)
        )
        self.passage_window = passage_window
        self._passages = self._passage_parameters()

    def _passage_parameters(self) -> tuple[FloatArray, FloatArray, IntArray] | None:
        """Stack the passage classifiers into weights, intercepts and their label columns."""
        if self.passage_classifiers is None:
            return None
        n = self._vectoriser.n_features
        present: list[tuple[Any, int]] = []
        for classifier, label in zip(self.passage_classifiers, URGENCY, strict=True):
            if classifier is None:
                continue
            if not isinstance(classifier, LogisticRegression | LinearSVC) or not (
                np.shape(classifier.coef_) == (1, n) and np.shape(classifier.intercept_) == (1,)
            ):
                raise TriageModelError("passage classifiers must be fitted linear classifiers")
            present.append((classifier, ALL_LABELS.index(label)))
        weights = np.zeros((n, len(present)), dtype=np.float64)
        for i, (classifier, _) in enumerate(present):
            weights[:, i] = np.ravel(classifier.coef_)
        intercepts = np.array([float(c.intercept_[0]) for c, _ in present], dtype=np.float64)
        return weights, intercepts, np.array([col for _, col in present], dtype=np.intp)

    def with_version(self, version: str, metadata: Mapping[str, Any] | None = None) -> TriageModel:
        """Return the same fitted model under another version string (and metadata)."""
        return TriageModel(
            self.pipeline,
            self.threshold_map(),
            version,
            self.metadata if metadata is None else metadata,
            calibration=self.calibration_map(),
            explain_top=self.explain_top,
            blind_classifier=self.blind_classifier,
            passage_classifiers=self.passage_classifiers,
            passage_window=self.passage_window,
        )

    def threshold_map(self) -> dict[str, float]:
        """Return label to threshold, in contract order."""
        return {lb: float(t) for lb, t in zip(ALL_LABELS, self.thresholds, strict=True)}

    def calibration_map(self) -> dict[str, tuple[float, float]]:
        """Return label to Platt parameters ``(a, b)``, in contract order."""
        return {
            lb: (float(a), float(b))
            for lb, (a, b) in zip(ALL_LABELS, self.calibration, strict=True)
        }

    def _score(
        self, text: str
    ) -> tuple[TextFeatures, TextFeatures, FloatArray, dict[str, TextFeatures]]:
        """Return the full-text and identity-blind features, decision scores, best passages.

        The last item maps each urgency label with a passage classifier to the features of
        the report's passage that raised it most (for its explanation).
        """
        normalised = normalise(text)
        if self._blind is None:
            marked = blind_text = normalised
        else:
            marked, blind_text = identity_views(normalised)
        cut = [blind_text] if self._passages is None else passages(blind_text, self.passage_window)
        # A report analysed more than once (two views, several passages) hashes each n-gram
        # once; the shared hashes live only while this report is scored.
        several = blind_text is not marked or len(cut) > 1
        memos: list[dict[str, int]] | None = (
            [{} for _ in self._vectoriser.blocks] if several else None
        )
        features = self._vectoriser.analyse(marked, memos)
        blind = features if blind_text is marked else self._vectoriser.analyse(blind_text, memos)
        decision = features.values @ self._weights[features.columns] + self._intercepts
        if self._blind is not None:
            weights, intercepts = self._blind
            decision[BLIND_MASK] = blind.values @ weights[blind.columns] + intercepts
        best = self._add_passages(decision, cut, blind, memos)
        return features, blind, decision, best

    def _add_passages(
        self,
        decision: FloatArray,
        cut: Sequence[str],
        whole: TextFeatures,
        memos: Sequence[dict[str, int]] | None,
    ) -> dict[str, TextFeatures]:
        """Add each urgency label's best passage score to its document score, in place.

        ``cut`` are the passages of the text ``whole`` was computed from. Returns each such
        label's best passage.
        """
        if self._passages is None:
            return {}
        weights, intercepts, columns = self._passages
        views = [whole] if len(cut) == 1 else [self._vectoriser.analyse(p, memos) for p in cut]
        scores = np.array([v.values @ weights[v.columns] + intercepts for v in views])
        best = scores.argmax(axis=0)
        decision[columns] += scores[best, np.arange(len(columns))]
        return {ALL_LABELS[c]: views[int(b)] for c, b in zip(columns, best, strict=True)}

    def _calibrate(self, decision: FloatArray) -> FloatArray:
        z = self.calibration[..., 0] * decision + self.calibration[..., 1]
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0))), dtype=np.float64)

    def decision_scores(self, texts: Sequence[RedactedText]) -> FloatArray:
        """Return uncalibrated decision scores, shape ``(n, len(ALL_LABELS))``."""
        return np.array([self._score(t)[2] for t in texts]).reshape(len(texts), len(ALL_LABELS))

    def probabilities(self, texts: Sequence[RedactedText]) -> FloatArray:
        """Return calibrated probabilities, shape ``(n, len(ALL_LABELS))``, each in [0, 1]."""
        return self._calibrate(self.decision_scores(texts))

    def suggestion_matrix(self, probabilities: FloatArray) -> BoolArray:
        """Apply this model's thresholds and the ``none`` rules (see :mod:`decision`)."""
        return suggest_mask(probabilities, self.thresholds)

    def predict(self, text: RedactedText, *, explain: bool = True) -> TriagePrediction:
        """Classify one redacted report.

        Args:
            text: Redacted report text (never raw text).
            explain: Whether to compute evidence terms for the suggested labels.

        Returns:
            Probabilities for every contract label, suggestions obeying the label contract,
            the model version and, if asked, per-label evidence from this report's own terms.
        """
        if not isinstance(text, str):
            raise TypeError("predict expects redacted text (str)")
        features, blind, decision, best_passages = self._score(text)
        probs = self._calibrate(decision)
        mask = suggest_mask(probs[np.newaxis, :], self.thresholds)[0]
        by_label = {lb: float(p) for lb, p in zip(ALL_LABELS, probs, strict=True)}
        suggested = {
            group: sorted(
                (lb for lb in labels if mask[ALL_LABELS.index(lb)]),
                key=lambda lb: (-by_label[lb], ALL_LABELS.index(lb)),
            )
            for group, labels in GROUPS.items()
        }
        explanations: dict[str, tuple[Evidence, ...]] = {}
        chosen = [lb for labels in suggested.values() for lb in labels]
        if explain and chosen:
            explanations = self._explain(chosen, features, blind, best_passages)
        return TriagePrediction(
            behaviours={lb: by_label[lb] for lb in GROUPS["behaviours"]},
            characteristics={lb: by_label[lb] for lb in GROUPS["characteristics"]},
            urgency={lb: by_label[lb] for lb in GROUPS["urgency"]},
            suggested=suggested,
            model=self.version,
            explanations=explanations,
        )

    def _explain(
        self,
        chosen: Sequence[str],
        features: TextFeatures,
        blind: TextFeatures,
        best_passages: Mapping[str, TextFeatures],
    ) -> dict[str, tuple[Evidence, ...]]:
        """Evidence per label, from the view (full or identity-blind) that scored the label.

        An urgency label scored with a passage also credits the terms of its best passage by
        the passage classifier's weights, so the sentence that raised it is what is shown.
        """
        explanations: dict[str, tuple[Evidence, ...]] = {}
        if self._blind is None:
            views = [(features, self._weights, ALL_LABELS, list(chosen))]
        else:
            views = [
                (features, self._weights, ALL_LABELS, [b for b in chosen if b in CHARACTERISTICS]),
                (blind, self._blind[0], BLIND_LABELS, [b for b in chosen if b in BLIND_LABELS]),
            ]
        for view, weights, order, labels in views:
            if not labels:
                continue
            selected = weights[view.columns][:, [order.index(lb) for lb in labels]]
            terms, scores = term_contributions(view, view.values[:, np.newaxis] * selected)
            for i, lb in enumerate(labels):
                if lb in best_passages:
                    merged, total = self._with_passage(lb, terms, scores[:, i], best_passages[lb])
                    explanations[lb] = top_evidence(merged, total, 0, limit=self.explain_top)
                else:
                    explanations[lb] = top_evidence(terms, scores, i, limit=self.explain_top)
        return {lb: explanations[lb] for lb in chosen}

    def _with_passage(
        self, label: str, terms: list[str], scores: FloatArray, passage: TextFeatures
    ) -> tuple[list[str], FloatArray]:
        """Add the terms of a label's best passage, by the passage weights, to its document's."""
        if self._passages is None:
            return terms, scores[:, np.newaxis]
        weights, _, columns = self._passages
        column = int(np.flatnonzero(columns == ALL_LABELS.index(label))[0])
        contributions = passage.values[:, np.newaxis] * weights[passage.columns][:, [column]]
        passage_terms, passage_scores = term_contributions(passage, contributions)
        merged = dict(zip(terms, scores.tolist(), strict=True))
        for term, score in zip(passage_terms, passage_scores[:, 0].tolist(), strict=True):
            merged[term] = merged.get(term, 0.0) + score
        return list(merged), np.array(list(merged.values()), dtype=np.float64)[:, np.newaxis]

    def predict_many(
        self, texts: Sequence[RedactedText], *, explain: bool = True
    ) -> list[TriagePrediction]:
        """Classify a batch; the result is aligned with ``texts`` (same order, same length)."""
        return [self.predict(t, explain=explain) for t in texts]
