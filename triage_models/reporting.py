"""The admin evaluation report behind ``reportgw evaluate``.

:func:`write_evaluation_report` scores a model on held-out, redacted reports (see
:mod:`triage_models.holdout` for the split a model never trains on) and writes, into one
directory:

* ``report.md``: per-label precision, recall, F1 and support, macro-F1 per group, urgency
  precision and recall, the label co-occurrence confusion tables and the bias check;
* ``pr_<group>.png``: precision-recall curves (matplotlib, Agg backend);
* ``metrics.json``: the same figures as data.

Everything written is figures and label names, never report text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from redaction.types import RedactedText
from triage_models.bias import bias_check, bias_markdown
from triage_models.evaluation import indicator, metrics_markdown, plot_pr_curves, summarise
from triage_models.labels import ALL_LABELS, GROUPS, LabelSet
from triage_models.model import TriageModel

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

NOTHING: Final = "(nothing)"
"""Column of reports for which no label of the group was suggested."""


def confusion_table(
    truth: BoolArray, predicted: BoolArray, group: str
) -> dict[str, dict[str, int]]:
    """Count, for each true label of a group, the reports suggested each label of the group.

    A multi-label report adds one to every (true label, suggested label) pair it has, so the
    table shows which labels a label is confused with, not only whether it was found. The
    :data:`NOTHING` column counts reports with the true label and no suggestion in the group.
    """
    cols = [ALL_LABELS.index(lb) for lb in GROUPS[group]]
    t, p = truth[:, cols].astype(np.int64), predicted[:, cols].astype(np.int64)
    counts = t.T @ p
    empty = t[~predicted[:, cols].any(axis=1)].sum(axis=0)
    return {
        true: {
            **{pred: int(counts[i, j]) for j, pred in enumerate(GROUPS[group])},
            NOTHING: int(empty[i]),
        }
        for i, true in enumerate(GROUPS[group])
    }


def _confusion_markdown(tables: dict[str, dict[str, dict[str, int]]]) -> str:
    lines = [
        "## Label co-occurrence confusion (rows: true label, columns: suggested label)",
        "",
    ]
    for group, table in tables.items():
        columns = [*GROUPS[group], NOTHING]
        lines += [f"### {group}", "", "| true \\ suggested | " + " | ".join(columns) + " |"]
        lines.append("| --- |" + " ---: |" * len(columns))
        for true, row in table.items():
            lines.append(f"| {true} | " + " | ".join(str(row[c]) for c in columns) + " |")
        lines.append("")
    return "\n".join(lines)


def average_precision(truth: BoolArray, probabilities: FloatArray) -> dict[str, float | None]:
    """Return each label's average precision (area under its PR curve); ``None`` if unseen."""
    result: dict[str, float | None] = {}
    for col, label in enumerate(ALL_LABELS):
        y = truth[:, col]
        if not y.any():
            result[label] = None
            continue
        order = np.argsort(-probabilities[:, col], kind="stable")
        hits = y[order]
        precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
        result[label] = float(precision[hits].sum() / y.sum())
    return result


def write_evaluation_report(
    model: TriageModel,
    texts: Sequence[RedactedText],
    labels: Sequence[LabelSet],
    out_dir: Path,
) -> dict[str, Any]:
    """Evaluate a model on held-out reports and write the admin report.

    Args:
        model: The model under evaluation.
        texts: Redacted texts of reports the model never trained on.
        labels: Their confirmed labels, aligned with ``texts``.
        out_dir: Output directory (created if missing).

    Returns:
        The content of ``metrics.json``: ``{"model", "metrics", "confusion",
        "average_precision", "bias", "files"}``.

    Raises:
        ValueError: ``texts`` and ``labels`` differ in length or are empty.
    """
    if len(texts) != len(labels):
        raise ValueError("texts and labels must have the same length")
    if not texts:
        raise ValueError("nothing to evaluate")
    out_dir.mkdir(parents=True, exist_ok=True)
    truth = indicator(labels)
    probabilities = model.probabilities(texts)
    predicted = model.suggestion_matrix(probabilities)
    metrics = summarise(truth, predicted)
    confusion = {group: confusion_table(truth, predicted, group) for group in GROUPS}
    bias = bias_check(model)
    plots = plot_pr_curves(truth, probabilities, out_dir)
    result: dict[str, Any] = {
        "model": model.version,
        "metrics": metrics,
        "confusion": confusion,
        "average_precision": average_precision(truth, probabilities),
        "bias": bias,
        "files": ["report.md", "metrics.json", *(p.name for p in plots)],
    }
    u = metrics["urgency"]
    header = [
        f"# Evaluation of triage model {model.version}",
        "",
        f"Held-out reports: {len(texts)}. Suggestions use the model's own thresholds.",
        "",
        "| group | macro-F1 |",
        "| --- | ---: |",
        *(f"| {g} | {v['macro_f1']:.3f} |" for g, v in metrics["groups"].items()),
        f"| urgency recall / precision | {u['recall']:.3f} / {u['precision']:.3f} |",
        f"| reports without urgency given a flag | {u['false_alarm_rate']:.1%} |",
        "",
        "Precision-recall curves: " + ", ".join(f"![{p.stem}]({p.name})" for p in plots),
        "",
    ]
    markdown = "\n".join(
        [
            *header,
            metrics_markdown(metrics, title="Per-label figures"),
            _confusion_markdown(confusion),
            bias_markdown(bias),
        ]
    )
    (out_dir / "report.md").write_text(markdown, encoding="utf-8")
    (out_dir / "metrics.json").write_text(
        json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return result
