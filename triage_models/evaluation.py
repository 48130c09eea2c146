"""Metrics of suggested labels against confirmed labels, as data and as Markdown.

Figures are computed from counts with numpy (no warnings on empty labels: a label without
support or predictions scores 0 and is left out of the group macro-F1). The same functions
produce the cross-validated metrics stored with every model and the held-out figures of
``reportgw evaluate``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from triage_models.labels import ALL_LABELS, GROUPS, URGENCY, LabelSet

if TYPE_CHECKING:
    from redaction.types import RedactedText
    from triage_models.model import TriageModel

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


def indicator(labels: Sequence[LabelSet]) -> BoolArray:
    """Return the ``(n, len(ALL_LABELS))`` boolean matrix of label sets, in contract order."""
    matrix = np.zeros((len(labels), len(ALL_LABELS)), dtype=np.bool_)
    column = {label: i for i, label in enumerate(ALL_LABELS)}
    for row, label_set in enumerate(labels):
        for label in label_set.labels():
            matrix[row, column[label]] = True
    return matrix


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
    }


def summarise(truth: BoolArray, predicted: BoolArray) -> dict[str, Any]:
    """Compute per-label, per-group and urgency metrics.

    Args:
        truth: Confirmed labels, shape ``(n, len(ALL_LABELS))``.
        predicted: Suggested labels, same shape.

    Returns:
        ``{"n_reports", "labels": {label: {precision, recall, f1, support, predicted}},
        "groups": {group: {"macro_f1", "labels_scored"}}, "urgency": {precision, recall, f1,
        support, false_alarm_rate}}``; urgency figures are micro-averaged over the urgency
        flags; ``false_alarm_rate`` is the share of reports without urgency given any flag.
    """
    tp = (truth & predicted).sum(axis=0)
    fp = (~truth & predicted).sum(axis=0)
    fn = (truth & ~predicted).sum(axis=0)
    per_label: dict[str, dict[str, float | int]] = {}
    for col, label in enumerate(ALL_LABELS):
        per_label[label] = {
            **_scores(int(tp[col]), int(fp[col]), int(fn[col])),
            "support": int(truth[:, col].sum()),
            "predicted": int(predicted[:, col].sum()),
        }
    groups: dict[str, dict[str, float | int]] = {}
    for group, labels in GROUPS.items():
        scored = [per_label[label]["f1"] for label in labels if per_label[label]["support"]]
        groups[group] = {
            "macro_f1": float(np.mean(scored)) if scored else 0.0,
            "labels_scored": len(scored),
        }
    cols = [ALL_LABELS.index(u) for u in URGENCY]
    calm = ~truth[:, cols].any(axis=1)
    urgency = {
        **_scores(int(tp[cols].sum()), int(fp[cols].sum()), int(fn[cols].sum())),
        "support": int(truth[:, cols].sum()),
        # Precision depends on how many reports are urgent; this does not: the share of
        # reports with no urgency that a responder would still see flagged (alarm fatigue).
        "false_alarm_rate": _ratio(
            int(predicted[calm][:, cols].any(axis=1).sum()), int(calm.sum())
        ),
    }
    return {
        "n_reports": int(truth.shape[0]),
        "labels": per_label,
        "groups": groups,
        "urgency": urgency,
    }


def metrics_markdown(metrics: Mapping[str, Any], *, title: str = "Triage model metrics") -> str:
    """Render :func:`summarise` output as a Markdown section (tables per group)."""
    lines = [f"## {title}", "", f"Reports evaluated: {metrics['n_reports']}", ""]
    for group, labels in GROUPS.items():
        summary = metrics["groups"][group]
        lines += [
            f"### {group} (macro-F1 {summary['macro_f1']:.3f} "
            f"over {summary['labels_scored']} labels)",
            "",
            "| label | precision | recall | F1 | support | suggested |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for label in labels:
            m = metrics["labels"][label]
            lines.append(
                f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} "
                f"| {m['support']} | {m['predicted']} |"
            )
        lines.append("")
    u = metrics["urgency"]
    lines += [
        f"Urgency (all flags): recall {u['recall']:.3f}, precision {u['precision']:.3f}, "
        f"support {u['support']}"
        # Metrics recorded by models trained before the figure existed do not have it.
        + (
            f"; reports without urgency given a flag: {u['false_alarm_rate']:.1%}."
            if "false_alarm_rate" in u
            else "."
        ),
        "",
    ]
    return "\n".join(lines)


def evaluate(
    model: TriageModel, texts: Sequence[RedactedText], labels: Sequence[LabelSet]
) -> tuple[dict[str, Any], str]:
    """Evaluate a model on held-out, already redacted reports.

    Args:
        model: The model under evaluation.
        texts: Redacted report texts.
        labels: Confirmed labels, aligned with ``texts``.

    Returns:
        The :func:`summarise` metrics (plus ``"model"``) and their Markdown rendering.
    """
    if len(texts) != len(labels):
        raise ValueError("texts and labels must have the same length")
    probabilities = model.probabilities(texts)
    predicted = model.suggestion_matrix(probabilities)
    metrics = {"model": model.version, **summarise(indicator(labels), predicted)}
    return metrics, metrics_markdown(metrics, title=f"Held-out metrics of {model.version}")


def plot_pr_curves(truth: BoolArray, probabilities: FloatArray, out_dir: Path) -> list[Path]:
    """Write one precision-recall curve PNG per label group (matplotlib, Agg backend).

    Args:
        truth: Confirmed labels, shape ``(n, len(ALL_LABELS))``.
        probabilities: Model probabilities, same shape.
        out_dir: Existing directory for ``pr_<group>.png``.

    Returns:
        The written files.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written: list[Path] = []
    for group, labels in GROUPS.items():
        fig, ax = plt.subplots(figsize=(6, 5))
        plotted = False
        for label in labels:
            col = ALL_LABELS.index(label)
            y, p = truth[:, col], probabilities[:, col]
            if not y.any():
                continue
            order = np.argsort(-p, kind="stable")
            tp = np.cumsum(y[order])
            ax.plot(tp / y.sum(), tp / np.arange(1, len(y) + 1), label=label)
            plotted = True
        ax.set(xlabel="recall", ylabel="precision", title=group, xlim=(0, 1), ylim=(0, 1.05))
        if plotted:
            ax.legend(fontsize="small", loc="lower left")
        path = out_dir / f"pr_{group}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
    return written
