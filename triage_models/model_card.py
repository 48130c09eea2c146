"""The Markdown model card written beside every registered model.

It documents intended use (decision support, a human confirms every label), limits, the data
hash and the cross-validated figures, so admins compare versions from published metrics
(ISO 37002 triage; GDPR Art. 22; EU AI Act documentation duties whatever the risk class).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage_models.bias import bias_markdown
from triage_models.decision import F1_TOLERANCE, SECONDARY_CHARACTERISTIC_RATIO
from triage_models.evaluation import metrics_markdown
from triage_models.labels import ALL_LABELS

_CLASSIFIER = {"svm": "linear SVM", "logistic": "logistic regression"}


def render_model_card(metadata: Mapping[str, Any]) -> str:
    """Render the model card of a registered model from its metadata.

    Args:
        metadata: The content of the model's ``metadata.json``.

    Returns:
        Markdown text; it holds figures and hashes only, never report text.
    """
    version = metadata.get("version", "unknown")
    config = metadata.get("training_config", {})
    thresholds = metadata.get("thresholds", {})
    counts = metadata.get("label_counts", {})
    untuned = metadata.get("untuned_labels", [])
    libraries = metadata.get("libraries", {})
    lines = [
        f"# Model card: triage model {version}",
        "",
        f"- Registered: {metadata.get('registered_at', 'unknown')}",
        f"- Artifact sha256: `{metadata.get('artifact_sha256', 'unknown')}`",
        f"- Training data manifest sha256: `{metadata.get('data_manifest_sha256', 'unknown')}`",
        f"- Training examples: {metadata.get('n_examples', 'unknown')}",
        "- Libraries: " + ", ".join(f"{k} {v}" for k, v in sorted(libraries.items())),
        "",
        "## Intended use",
        "",
        "Decision support for trained responders triaging reports of workplace and campus",
        "misconduct. The model *suggests* behaviour types, targeted characteristics and urgency",
        "flags for a redacted report; a human reads the report and confirms or corrects every",
        "label. It never decides anything on its own, never closes, deprioritises or routes a",
        "case away from people by itself, and is never used to assess a reporter's credibility",
        "or any person's conduct.",
        "",
        "## Out of scope",
        "",
        "- Automated decisions with legal or similarly significant effects (GDPR Art. 22).",
        "- Raw, unredacted text: the model is trained and run on redacted text only.",
        "- Languages other than English, and settings far from the training data.",
        "",
        "## How it works",
        "",
        "Hashed word 1-2-grams and character n-grams "
        f"{'-'.join(map(str, config.get('char_ngrams', (2, 5))))} (no stored vocabulary),",
        "sublinear TF-IDF, and one linear classifier per label "
        f"({_CLASSIFIER.get(config.get('classifier', 'logistic'))}, C={config.get('c')},",
        f"class_weight={config.get('class_weight')}). Each label's scores are Platt-calibrated "
        "on held-out",
        f"scores ({metadata.get('validation') or 'cross-validation'}) and thresholded: "
        "the best F1 cut for behaviours, the lowest cut within "
        f"{F1_TOLERANCE:g} of the best F1 for microaggression, none and",
        f"characteristics, recall >= {config.get('urgency_recall')} for urgency flags"
        + (
            f", and microaggression's cut is lowered where needed to reach out-of-fold "
            f"recall >= {config['microaggression_recall']}"
            if config.get("microaggression_recall") and "microaggression" not in untuned
            else ""
        )
        + ". If a "
        "misconduct",
        "behaviour is suggested, `none` is not; `none` never carries a characteristic;",
        "when no behaviour reaches its threshold the model abstains. A second characteristic "
        f"is suggested only when at least {SECONDARY_CHARACTERISTIC_RATIO:g} times as "
        "probable as the most probable one.",
        "",
        (
            "Urgency passages: each urgency label adds the score of the report's most "
            f"alarming window of {config.get('passage_window')} sentences (a passage "
            "classifier learnt by multiple-instance learning) to the whole report's score."
            if config.get("passage_window")
            else "Urgency passages: off (urgency is scored on the whole report only)."
        ),
        "",
        "Identity views (" + ("on" if config.get("identity_blind") else "off") + "): behaviours "
        "and urgency read the report with every listed identity term removed, so "
        "they cannot tell one identity from another; characteristics read the full text with "
        "each listed term marked by its characteristic (`docs/TRIAGE.md`).",
        "",
        "## Limits",
        "",
        "- Synthetic and small training data: figures below are estimates with wide error bars.",
        "- A characteristic word in a report is not proof it was targeted; check every",
        "  characteristic suggestion.",
        "- Urgency thresholds favour recall: expect false alarms; never rely on the absence of",
        "  an urgency flag.",
        "- Hashed features collide; explanations are indicative, not proof.",
        "- The identity list is finite: a group name missing from it is visible to behaviour",
        "  labels, and the bias check only tests listed terms.",
        "- Someone holding the artifact can test whether a guessed word was frequent in",
        "  training; training text must be redacted.",
    ]
    if untuned:
        lines.append(
            "- Too few examples to tune (default threshold 0.5): " + ", ".join(untuned) + "."
        )
    lines += [
        "",
        "## Thresholds and training support",
        "",
        "| label | threshold | positives in training |",
        "| --- | ---: | ---: |",
    ]
    for label in ALL_LABELS:
        threshold = thresholds.get(label)
        shown = f"{threshold:.4f}" if isinstance(threshold, float) else "?"
        lines.append(f"| {label} | {shown} | {counts.get(label, '?')} |")
    lines.append("")
    bias = metadata.get("bias")
    if bias:
        lines.append(bias_markdown(bias))
    cv = metadata.get("metrics", {}).get("cross_validated")
    if cv:
        lines.append(
            metrics_markdown(
                cv,
                title="Cross-validated metrics (thresholds tuned on the other folds)",
            )
        )
    return "\n".join(lines) + "\n"
