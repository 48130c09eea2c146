"""From probabilities to suggestions: per-label thresholds and the ``none`` rule.

Suggestions are decision support only; a human confirms every label. The rules, applied the
same way in training (cross-validated metrics) and at prediction time:

1. A label is a candidate when its probability is at or above its tuned threshold.
2. If any misconduct behaviour is a candidate, ``none`` is dropped: a missed misconduct costs
   more than a responder deleting a wrong label. A candidate characteristic more probable than
   ``none`` drops it too: a characteristic is only ever labelled when it is targeted, so a
   confident one is evidence against "not misconduct". No behaviour is added in its place
   (rule 4), so which identity a report names still cannot create a misconduct suggestion.
3. If ``none`` survives, every characteristic is dropped (``none`` stands alone); urgency
   flags are kept, because urgency is never suppressed.
4. If no behaviour is a candidate, the behaviours list is empty: the model abstains and the
   responder chooses. It never forces a guess.
5. A second (third...) characteristic is kept only if it is at least
   :data:`SECONDARY_CHARACTERISTIC_RATIO` times as probable as the most probable one. Most
   reports target one characteristic; a secondary one drawn by a word in passing ("my wife",
   "sweetheart", a turban read as race) would send the case to the wrong specialists, and
   the responder still sees every probability.

Threshold tuning, on out-of-fold probabilities:

* behaviours: the threshold that maximises F1;
* ``microaggression``, ``none`` and the characteristics: the lowest threshold whose F1 is
  within :data:`F1_TOLERANCE` of the best (:data:`RECALL_LEANING`), so that a microaggression
  is recognised rather than dismissed and who was targeted is not missed, and so that their
  thresholds do not wander with small changes of the data;
* ``microaggression`` also keeps out-of-fold recall at or above a floor
  (``microaggression_recall``; training sets 0.90): its threshold is the lower of its F1 cut
  and the highest cut whose out-of-fold recall reaches the floor.
  The F1 curve of a label this common is flat near its top, so its near-best cut moved
  with each corpus (0.285 to 0.318 when six writers were added, and real public accounts
  given ``microaggression`` fell from 76 % to 72 %); the floor holds the cut where
  microaggressions are recognised whatever the curve does;
* urgency: the highest threshold whose recall reaches the target (0.95 by default), because
  missing a person in danger is the costliest error the system can make;
* either way the threshold is placed halfway to the next lower score, which keeps the same
  out-of-fold decisions while leaving a margin, and labels with too few positives keep a
  fixed default (recorded as untuned in the metadata).
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

from triage_models.labels import ALL_LABELS, CHARACTERISTICS, MISCONDUCT, NONE, URGENCY

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_THRESHOLD: Final = 0.5
F1_TOLERANCE: Final = 0.01
"""Out-of-fold F1 a :data:`RECALL_LEANING` label's threshold may give up to suggest more."""
RECALL_LEANING: Final = frozenset({"microaggression", NONE, *CHARACTERISTICS})
"""Labels tuned to the lowest near-best F1 cut rather than the best one.

Measured on the 43-batch corpus: with the tolerance for every behaviour, behaviour macro-F1
out of fold was 0.796; with it only for these labels, 0.804, with the same figures on real
public posts (74.6 % given ``microaggression``, characteristic F1 0.71); with no tolerance at
all, 0.804 but ``microaggression`` on 64 % of real public microaggression posts. ``none``
leans too: it never hides a misconduct candidate (rule 2), and telling a responder that a
report reads as not misconduct is useful (docs/TRIAGE.md)."""
SECONDARY_CHARACTERISTIC_RATIO: Final = 0.5
"""A characteristic other than the most probable one must reach this share of its probability.

0.5 gave the best out-of-fold characteristic F1 of 0.3, 0.5 and 0.7 (0.854 against 0.844
without the rule) and raised it on every unseen and real set measured (docs/TRIAGE.md)."""
_MISCONDUCT_COLS: Final = np.array([ALL_LABELS.index(b) for b in MISCONDUCT])
_CHARACTERISTIC_COLS: Final = np.array([ALL_LABELS.index(c) for c in CHARACTERISTICS])
_NONE_COL: Final = ALL_LABELS.index(NONE)
_MICROAGGRESSION_COL: Final = ALL_LABELS.index("microaggression")
_URGENCY_COLS: Final = frozenset(ALL_LABELS.index(u) for u in URGENCY)


def suggest_mask(probabilities: FloatArray, thresholds: FloatArray) -> BoolArray:
    """Apply thresholds and the ``none`` rules to a probability matrix.

    Args:
        probabilities: Shape ``(n_reports, len(ALL_LABELS))``.
        thresholds: Shape ``(len(ALL_LABELS),)``.

    Returns:
        Boolean matrix of suggested labels; every row obeys the label contract.
    """
    mask = np.asarray(probabilities >= thresholds[np.newaxis, :], dtype=np.bool_)
    characteristic = np.where(
        mask[:, _CHARACTERISTIC_COLS], probabilities[:, _CHARACTERISTIC_COLS], -1.0
    ).max(axis=1)
    secondary = probabilities[:, _CHARACTERISTIC_COLS] < (
        SECONDARY_CHARACTERISTIC_RATIO * characteristic[:, np.newaxis]
    )
    mask[:, _CHARACTERISTIC_COLS] &= ~secondary
    targeted = characteristic > probabilities[:, _NONE_COL]
    misconduct = mask[:, _MISCONDUCT_COLS].any(axis=1)
    mask[misconduct | targeted, _NONE_COL] = False
    none_rows = np.flatnonzero(mask[:, _NONE_COL])
    mask[np.ix_(none_rows, _CHARACTERISTIC_COLS)] = False
    return mask


def _with_margin(threshold: float, scores: FloatArray) -> float:
    lower = scores[scores < threshold]
    return (threshold + float(lower.max())) / 2.0 if lower.size else threshold


def f1_threshold(scores: FloatArray, truth: BoolArray, tolerance: float = F1_TOLERANCE) -> float:
    """Return the lowest threshold whose F1 of ``scores >= t`` is within tolerance of the best.

    Args:
        scores: Out-of-fold probabilities of one label.
        truth: Whether each report carries the label; must hold a positive.
        tolerance: F1 that may be given up for a lower cut (0: the best cut).

    Returns:
        A threshold in (0, 1]: the lowest cut whose F1 is within ``tolerance`` of the best
        cut's.
    """
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], truth[order]
    tp = np.cumsum(hits)
    predicted = np.arange(1, len(ranked) + 1)
    f1 = 2.0 * tp / (predicted + int(truth.sum()))
    # Only the last position of a run of equal scores is a reachable cut.
    reachable = np.append(ranked[1:] != ranked[:-1], True)
    f1 = np.where(reachable, f1, -1.0)
    # The F1 curve is flat near its top, so its argmax wanders with small changes of the data.
    # With a tolerance, take the lowest threshold within it of the best: stable, and it leans
    # towards recall, which suits labels whose miss costs most (see RECALL_LEANING).
    near_best = np.flatnonzero(f1 >= f1.max() - tolerance)
    best = int(near_best[-1])
    return _with_margin(float(ranked[best]), scores)


def recall_threshold(scores: FloatArray, truth: BoolArray, target: float) -> float:
    """Return the highest threshold whose recall on ``scores`` reaches ``target``.

    Args:
        scores: Out-of-fold probabilities of one label.
        truth: Whether each report carries the label; must hold a positive.
        target: Required recall in (0, 1].

    Returns:
        The threshold, lowered halfway to the next lower score for margin.
    """
    positives = np.sort(scores[truth])[::-1]
    needed = max(1, math.ceil(target * len(positives) - 1e-9))
    return _with_margin(float(positives[needed - 1]), scores)


def tune_thresholds(
    probabilities: FloatArray,
    truth: BoolArray,
    *,
    urgency_recall: float,
    min_positives: int,
    microaggression_recall: float = 0.0,
) -> tuple[FloatArray, tuple[str, ...]]:
    """Tune one threshold per label on out-of-fold probabilities.

    Args:
        probabilities: Shape ``(n_reports, len(ALL_LABELS))``, out-of-fold.
        truth: Same shape, the true labels.
        urgency_recall: Recall target for urgency labels.
        min_positives: Labels with fewer positives keep :data:`DEFAULT_THRESHOLD`.
        microaggression_recall: Recall floor of ``microaggression`` (0: none); its
            threshold is the lower of its F1 cut and the highest cut whose recall on these
            probabilities reaches the floor.

    Returns:
        The thresholds and the names of labels left untuned for lack of positives.
    """
    thresholds = np.full(len(ALL_LABELS), DEFAULT_THRESHOLD)
    untuned: list[str] = []
    for col, label in enumerate(ALL_LABELS):
        y = truth[:, col]
        if int(y.sum()) < min_positives or bool(y.all()):
            untuned.append(label)
        elif col in _URGENCY_COLS:
            thresholds[col] = recall_threshold(probabilities[:, col], y, urgency_recall)
        else:
            tolerance = F1_TOLERANCE if label in RECALL_LEANING else 0.0
            thresholds[col] = f1_threshold(probabilities[:, col], y, tolerance)
            if col == _MICROAGGRESSION_COL and microaggression_recall > 0.0:
                floor = recall_threshold(probabilities[:, col], y, microaggression_recall)
                thresholds[col] = min(thresholds[col], floor)
    return thresholds, tuple(untuned)
