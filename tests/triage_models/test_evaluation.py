"""Metrics from counts, their Markdown rendering, and held-out evaluation of a model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from redaction.types import RedactedText
from triage_models.evaluation import (
    evaluate,
    indicator,
    metrics_markdown,
    plot_pr_curves,
    summarise,
)
from triage_models.labels import ALL_LABELS, LabelSet
from triage_models.training import TrainedModel


def test_summarise_counts() -> None:
    # Given truth and predictions for bullying (2 TP, 1 FP, 1 FN) and one urgency miss
    truth = indicator(
        [
            LabelSet(("bullying",)),
            LabelSet(("bullying",)),
            LabelSet(("bullying",), urgency=("self_harm_risk",)),
            LabelSet(("none",)),
        ]
    )
    predicted = indicator(
        [
            LabelSet(("bullying",)),
            LabelSet(("bullying",)),
            LabelSet(("none",)),
            LabelSet(("bullying",)),
        ]
    )
    # When summarised
    metrics = summarise(truth, predicted)
    # Then per-label and group figures follow from the counts
    bullying = metrics["labels"]["bullying"]
    assert bullying["precision"] == pytest.approx(2 / 3) and bullying["recall"] == pytest.approx(
        2 / 3
    )
    assert bullying["support"] == 3 and bullying["predicted"] == 3
    assert metrics["labels"]["stalking"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 0,
        "predicted": 0,
    }
    assert metrics["groups"]["behaviours"]["labels_scored"] == 2
    assert metrics["groups"]["behaviours"]["macro_f1"] == pytest.approx((2 / 3 + 0.0) / 2)
    assert metrics["urgency"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 1,
        "false_alarm_rate": 0.0,
    }
    # And the Markdown has one row per label
    markdown = metrics_markdown(metrics)
    assert all(f"| {label} |" in markdown for label in ALL_LABELS)


def test_evaluate_model_on_held_out_reports(trained: TrainedModel, tmp_path: Path) -> None:
    texts = [
        RedactedText("[Person A] shouts at me in every meeting"),
        RedactedText("fix the printer please"),
    ]
    labels = [LabelSet(("bullying",)), LabelSet(("none",))]
    metrics, markdown = evaluate(trained.model, texts, labels)
    assert metrics["n_reports"] == 2 and metrics["model"] == "unregistered"
    assert "Held-out metrics of unregistered" in markdown
    with pytest.raises(ValueError, match="same length"):
        evaluate(trained.model, texts, labels[:1])


@pytest.mark.slow
def test_pr_curves_are_written(trained: TrainedModel, tmp_path: Path) -> None:
    truth = indicator([LabelSet(("bullying",)), LabelSet(("none",))])
    probs = np.clip(truth.astype(float) * 0.8 + 0.1, 0, 1)
    files = plot_pr_curves(truth, probs, tmp_path)
    assert [f.name for f in files] == [
        "pr_behaviours.png",
        "pr_characteristics.png",
        "pr_urgency.png",
    ]
    assert all(f.stat().st_size > 0 for f in files)


def test_false_alarm_rate_counts_flagged_reports_without_urgency() -> None:
    # Given three reports without urgency, one flagged twice, and one urgent report flagged
    truth = indicator(
        [
            LabelSet(("bullying",)),
            LabelSet(("none",)),
            LabelSet(("harassment",)),
            LabelSet(("none",), urgency=("self_harm_risk",)),
        ]
    )
    predicted = indicator(
        [
            LabelSet(("bullying",), urgency=("self_harm_risk", "immediate_danger")),
            LabelSet(("none",)),
            LabelSet(("harassment",)),
            LabelSet(("none",), urgency=("self_harm_risk",)),
        ]
    )
    # When summarised
    urgency = summarise(truth, predicted)["urgency"]
    # Then one calm report in three was flagged, however many flags it got
    assert urgency["false_alarm_rate"] == pytest.approx(1 / 3)
    assert urgency["precision"] == pytest.approx(1 / 3) and urgency["recall"] == 1.0
    # And the Markdown says so
    assert "reports without urgency given a flag: 33.3%" in metrics_markdown(
        summarise(truth, predicted)
    )


def test_markdown_of_metrics_recorded_before_false_alarms_were_counted() -> None:
    # Given metrics as a model registered before the false-alarm figure stored them
    truth = indicator([LabelSet(("bullying",)), LabelSet(("none",))])
    metrics = summarise(truth, truth)
    del metrics["urgency"]["false_alarm_rate"]
    # When rendered (model list, model card), Then the rest still renders
    markdown = metrics_markdown(metrics)
    assert "Urgency (all flags): recall 0.000, precision 0.000, support 0." in markdown
