"""Per-report evidence: which of this report's own words pushed a label up.

The decision score of a label is ``sum_i x_i * w_i + b`` over hashed feature columns. Each
column's contribution ``x_i * w_i`` is shared among the report's n-gram occurrences that fall
into it (in proportion to their counts), and every occurrence is credited to the word or word
bigram it came from; character n-grams are credited to their word. Terms are recomputed from
the report in hand, so no training vocabulary is needed or stored. Evidence is as sensitive
as the redacted report and travels with it (sealed to responders); it is never logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from triage_models.features import TextFeatures, display_term

FloatArray = npt.NDArray[np.float64]

_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


@dataclass(frozen=True)
class Evidence:
    """One term of the report and how much it raised a label's decision score.

    Attributes:
        term: A word or word bigram of the (normalised) report; placeholders read ``[PERSON]``.
        weight: Its contribution to the decision score (log-odds before calibration).
    """

    term: str
    weight: float


def term_contributions(
    features: TextFeatures, contributions: FloatArray
) -> tuple[list[str], FloatArray]:
    """Spread per-column contributions over the report's own terms.

    Args:
        features: The report's features from :meth:`FeatureVectoriser.analyse`.
        contributions: Shape ``(len(features.columns), k)``: ``x_i * w_i`` for ``k`` labels.

    Returns:
        The distinct terms and their contributions, shape ``(n_terms, k)``. Summed over
        terms, a label's contributions equal its decision score minus the intercept.
    """
    names: list[str] = []
    owners: list[npt.NDArray[np.int64]] = []
    shares: list[FloatArray] = []
    for occ, position, column_count in features.blocks:
        shares.append(contributions[position] * (occ.weight / column_count)[:, np.newaxis])
        owners.append(occ.unit + len(names))
        names.extend(occ.units)
    index: dict[str, int] = {}
    term_of_name = np.fromiter(
        (index.setdefault(_EDGE_PUNCTUATION.sub("", n) or n, len(index)) for n in names),
        dtype=np.int64,
        count=len(names),
    )
    owner = term_of_name[np.concatenate(owners)] if owners else np.empty(0, dtype=np.int64)
    share = np.vstack(shares) if shares else np.empty((0, contributions.shape[1]))
    scores = np.zeros((len(index), share.shape[1]), dtype=np.float64)
    for j in range(share.shape[1]):
        scores[:, j] = np.bincount(owner, weights=share[:, j], minlength=len(index))
    return list(index), scores


def top_evidence(
    terms: list[str], scores: FloatArray, label_col: int, *, limit: int
) -> tuple[Evidence, ...]:
    """Return the ``limit`` terms that raised one label the most (positive weights only)."""
    column = scores[:, label_col]
    order = np.argsort(-column, kind="stable")[:limit]
    return tuple(
        Evidence(term=display_term(terms[i]), weight=round(float(column[i]), 4))
        for i in order
        if column[i] > 0.0
    )
