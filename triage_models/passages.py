"""Urgency read passage by passage: the sentence that says someone is in danger, not the report.

Threat served: a person at risk missed, or buried under false alarms. One sentence ("I've
written letters to my kids", "he said next time he won't miss") decides urgency, and in a long
report its words are a small share of a document vector, so a document classifier ranks it
low. To reach the recall target the urgency thresholds then fall so far that about one ordinary
report in eight was flagged.

So each urgency label also gets a passage classifier: reports are cut into overlapping windows
of a few sentences (:data:`WINDOW` by default), and a report's passage score is its best
window's. It is learnt by multiple-instance learning, because only reports are labelled, not
sentences: every window of a report without the label is a negative; of each report with it,
only the window the current model scores highest is taken as the positive (the others are
left out, since they may be ordinary sentences). The document classifier picks the first
positives and the passage classifier, once fitted, re-picks them for a second fit
(:data:`MIL_ROUNDS`). The urgency decision score is the document score plus the passage
score, calibrated and thresholded like any other label.

Measured on the 34-batch corpus (docs/TRIAGE.md): at 95 % recall, precision of
``self_harm_risk`` rose from 0.455 to 0.557 and of ``immediate_danger`` from 0.660 to 0.755
with folds held out by writer.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import ConvergenceWarning

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

WINDOW: Final = 2
"""Sentences per passage; 1 and 3 were measured too (docs/TRIAGE.md)."""
MAX_PASSAGE_WINDOW: Final = 10
"""Largest window a model may declare (a saved artifact outside it is refused)."""
MIL_ROUNDS: Final = 2
"""Fits: the document classifier picks each positive report's window for the first, the
first fit re-picks them for the second."""
# A sentence ends at . ! or ? (normalisation turns an ellipsis into "..."), possibly followed by
# a closing quote or bracket, then space. Normalisation collapses newlines, so unpunctuated
# chat-style reports stay one passage (scored as before, without the benefit).
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'\u201d\u2019)\]])\s+")


def passages(text: str, window: int = WINDOW) -> list[str]:
    """Cut a normalised text into overlapping windows of ``window`` sentences.

    A text of at most ``window`` sentences is one passage, the text itself (so short reports
    are scored exactly as a whole).
    """
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) <= window:
        return [text]
    return [" ".join(sentences[i : i + window]) for i in range(len(sentences) - window + 1)]


def best_window(scores: FloatArray, owner: IntArray, n_reports: int) -> FloatArray:
    """Return each report's highest window score (``-inf`` for a report with no window)."""
    best = np.full(n_reports, -np.inf)
    np.maximum.at(best, owner, scores)
    return best


def fit_passage_classifier(
    windows: sp.csr_matrix,
    owner: IntArray,
    positive: BoolArray,
    initial: FloatArray,
    base: BaseEstimator,
) -> BaseEstimator | None:
    """Fit one label's passage classifier by multiple-instance learning.

    Args:
        windows: Features of every window of the training reports.
        owner: For each window, the index of its report (into ``positive``).
        positive: Whether each training report carries the label.
        initial: Scores of the windows by the document classifier, to pick the first positives.
        base: Unfitted linear classifier (cloned).

    Returns:
        The fitted classifier (``decision_function`` scores a window), or ``None`` when the
        training reports do not hold both a report with the label and one without.
    """
    if positive.all() or not positive.any():
        return None
    scores = initial
    classifier = clone(base)
    n_reports = len(positive)
    in_positive = positive[owner]
    for _ in range(MIL_ROUNDS):
        best = best_window(scores, owner, n_reports)
        # The first window reaching its report's best score (ties: one positive per report).
        candidates = np.flatnonzero(in_positive & (scores == best[owner]))
        _, first = np.unique(owner[candidates], return_index=True)
        chosen = np.zeros(len(owner), dtype=np.bool_)
        chosen[candidates[first]] = True
        keep = ~in_positive | chosen
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            classifier = clone(base).fit(windows[keep], chosen[keep].astype(np.int64))
        scores = np.asarray(classifier.decision_function(windows), dtype=np.float64)
    return classifier


def training_sample(positive: BoolArray, cap: int) -> BoolArray:
    """Choose the reports passage classifiers learn from: all, or about ``cap`` of them.

    Every report with an urgency label is kept (they are rare and each one counts); reports
    without one are thinned to an evenly spread, deterministic subset when there are more
    than ``cap`` reports in all, so fitting on 100,000 reports stays within its budget. At
    least half of ``cap`` are reports without urgency, however many are urgent.
    """
    chosen = np.ones(len(positive), dtype=np.bool_)
    negatives = np.flatnonzero(~positive)
    room = max(cap - int(positive.sum()), cap // 2)
    if len(positive) > cap and len(negatives) > room:
        chosen[negatives] = False
        if room:
            chosen[negatives[np.linspace(0, len(negatives) - 1, room).astype(np.intp)]] = True
    return chosen


def window_rows(texts: Sequence[str], window: int = WINDOW) -> tuple[list[str], IntArray]:
    """Return every report's passages, flattened, and the report index of each."""
    flat: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        cut = passages(text, window)
        flat.extend(cut)
        owner.extend([i] * len(cut))
    return flat, np.asarray(owner, dtype=np.intp)
