"""The admin evaluation report: files, figures, confusion counts and the bias check."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from redaction.types import RedactedText
from triage_models.bias import BiasTemplates, bias_check, bias_markdown
from triage_models.evaluation import indicator
from triage_models.labels import LabelSet
from triage_models.reporting import NOTHING, confusion_table, write_evaluation_report
from triage_models.training import TrainedModel


def test_confusion_counts_true_against_suggested_pairs() -> None:
    # Given a report that is bullying+harassment and was suggested harassment only,
    # and a bullying report that got no behaviour at all
    truth = indicator([LabelSet(("bullying", "harassment")), LabelSet(("bullying",))])
    predicted = indicator([LabelSet(("harassment",)), LabelSet()])
    # When the behaviour table is built
    table = confusion_table(truth, predicted, "behaviours")
    # Then each (true, suggested) pair is counted, and the empty suggestion is visible
    assert table["bullying"]["harassment"] == 1
    assert table["harassment"]["harassment"] == 1
    assert table["bullying"]["bullying"] == 0
    assert table["bullying"][NOTHING] == 1
    assert table["harassment"][NOTHING] == 0


def test_report_files_and_figures(trained: TrainedModel, tmp_path: Path) -> None:
    # Given a few held-out reports
    texts = [
        RedactedText("[Person A] sends me sexual messages on snapchat every night"),
        RedactedText("could facilities fix the printer on floor two please"),
        RedactedText("my manager shouts at me and humiliates me in every meeting"),
    ]
    labels = [
        LabelSet(("online_harassment", "sexual_harassment")),
        LabelSet(("none",)),
        LabelSet(("bullying",)),
    ]
    # When the evaluation report is written
    result = write_evaluation_report(trained.model, texts, labels, tmp_path / "out")
    # Then the Markdown, the JSON and one PR plot per group exist
    out = tmp_path / "out"
    for name in ("report.md", "metrics.json", "pr_behaviours.png", "pr_urgency.png"):
        assert (out / name).stat().st_size > 0
    stored = json.loads((out / "metrics.json").read_text())
    assert stored["metrics"]["n_reports"] == 3
    assert set(stored) == {"model", "metrics", "confusion", "average_precision", "bias", "files"}
    assert result["confusion"]["behaviours"]["none"]["none"] in (0, 1)
    report = (out / "report.md").read_text()
    assert "co-occurrence confusion" in report and "bias check" in report
    # And how often a report without urgency is flagged is stated beside recall and precision
    rate = stored["metrics"]["urgency"]["false_alarm_rate"]
    assert f"| reports without urgency given a flag | {rate:.1%} |" in report
    # And no report text reaches the files
    assert "snapchat" not in report and "snapchat" not in json.dumps(stored)


def test_mismatched_inputs_are_refused(trained: TrainedModel, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="same length"):
        write_evaluation_report(trained.model, [RedactedText("x")], [], tmp_path)
    with pytest.raises(ValueError, match="nothing"):
        write_evaluation_report(trained.model, [], [], tmp_path)


def test_bias_check_rates_and_gap(trained: TrainedModel) -> None:
    # Given two terms and two neutral templates
    spec = BiasTemplates(
        ("My {term} colleague helped me move desks.", "I am {term} and I love my team."),
        ("Muslim", "gay"),
    )
    # When the check runs
    result = bias_check(trained.model, spec)
    # Then each term has rates in [0, 1] and the gap is their largest difference in points
    rates = [v["misconduct_rate"] for v in result["terms"].values()]
    assert set(result["terms"]) == {"Muslim", "gay"}
    assert all(0.0 <= r <= 1.0 for r in rates)
    assert result["misconduct_gap_points"] == pytest.approx(100 * (max(rates) - min(rates)))
    assert "Largest gap" in bias_markdown(result)


def test_shipped_templates_are_neutral_and_varied() -> None:
    spec = BiasTemplates.default()
    assert len(spec.templates) >= 10 and len(spec.terms) >= 20
    assert all("{term}" in t for t in spec.templates)
    assert len(set(spec.terms)) == len(spec.terms)
    assert np.all([t.strip() == t for t in spec.terms])
