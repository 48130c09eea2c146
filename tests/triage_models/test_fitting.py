"""Cross-validation folds: stratified on rare labels, optionally holding out whole sources."""

from __future__ import annotations

import numpy as np

from triage_models.fitting import stratified_folds


def labels(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.random((n, 4)) < np.array([0.5, 0.3, 0.1, 0.05])
    truth[:, 0] |= ~truth.any(axis=1)
    return truth


def test_folds_by_source_never_split_a_source() -> None:
    # Given 600 reports from 12 writers
    truth = labels(600, 0)
    sources = [f"batch_{i % 12}" for i in range(600)]
    # When folds are drawn by source
    folds = stratified_folds(truth, 5, 0, sources)
    # Then every report is scored exactly once, and no writer is on both sides of a fold
    scored = np.sort(np.concatenate([f.score_rows for f in folds]))
    assert np.array_equal(scored, np.arange(600))
    for fold in folds:
        held = {sources[i] for i in fold.score_rows}
        seen = {sources[i] for i in fold.fit_rows}
        assert held and not held & seen


def test_without_groups_every_fold_mixes_all_sources() -> None:
    truth = labels(300, 1)
    sources = ["a" if i % 2 else "b" for i in range(300)]
    folds = stratified_folds(truth, 5, 0)
    assert len(folds) == 5
    assert all({sources[i] for i in f.score_rows} == {"a", "b"} for f in folds)


def test_rare_labels_reach_every_fold() -> None:
    truth = labels(500, 2)
    for fold in stratified_folds(truth, 5, 0):
        assert truth[fold.score_rows, 3].any()
