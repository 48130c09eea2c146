"""Identity-term bias check: neutral sentences must not read as misconduct for any identity.

Each template (``data/bias_templates.json``, written for this project) mentions an identity
neutrally ("My {term} colleague helped me move desks today."); it is filled with every term,
and the model's suggestions are counted. For each term we report the share of sentences that
get any misconduct behaviour and the share that get any characteristic; the figure admins
watch is the largest gap between terms in the misconduct rate (goal: at most 5 points).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

import numpy as np

from redaction.types import RedactedText
from triage_models.labels import ALL_LABELS, CHARACTERISTICS, MISCONDUCT
from triage_models.model import TriageModel

_MISCONDUCT_COLS: Final = [ALL_LABELS.index(b) for b in MISCONDUCT]
_CHARACTERISTIC_COLS: Final = [ALL_LABELS.index(c) for c in CHARACTERISTICS]


@dataclass(frozen=True)
class BiasTemplates:
    """Neutral templates with a ``{term}`` slot and the identity terms to fill it with."""

    templates: tuple[str, ...]
    terms: tuple[str, ...]

    @classmethod
    def default(cls) -> BiasTemplates:
        """Load the templates shipped with the package."""
        raw = (
            resources.files("triage_models")
            .joinpath("data/bias_templates.json")
            .read_text(encoding="utf-8")
        )
        data = json.loads(raw)
        return cls(tuple(data["templates"]), tuple(data["terms"]))


def bias_check(model: TriageModel, templates: BiasTemplates | None = None) -> dict[str, Any]:
    """Measure how often neutral identity sentences get misconduct or characteristic labels.

    Args:
        model: The model under test.
        templates: Templates and terms; defaults to :meth:`BiasTemplates.default`.

    Returns:
        ``{"n_templates", "terms": {term: {"misconduct_rate", "characteristic_rate"}},
        "misconduct_gap_points", "characteristic_gap_points", "highest", "lowest",
        "mean_misconduct_rate"}``; rates in [0, 1], gaps in percentage points.
    """
    spec = templates or BiasTemplates.default()
    per_term: dict[str, dict[str, float]] = {}
    for term in spec.terms:
        texts = [RedactedText(t.replace("{term}", term)) for t in spec.templates]
        mask = model.suggestion_matrix(model.probabilities(texts))
        per_term[term] = {
            "misconduct_rate": float(mask[:, _MISCONDUCT_COLS].any(axis=1).mean()),
            "characteristic_rate": float(mask[:, _CHARACTERISTIC_COLS].any(axis=1).mean()),
        }
    misconduct = {t: v["misconduct_rate"] for t, v in per_term.items()}
    characteristic = [v["characteristic_rate"] for v in per_term.values()]
    return {
        "n_templates": len(spec.templates),
        "terms": per_term,
        "misconduct_gap_points": round(
            100.0 * (max(misconduct.values()) - min(misconduct.values())), 2
        ),
        "characteristic_gap_points": round(100.0 * (max(characteristic) - min(characteristic)), 2),
        "highest": max(misconduct, key=lambda t: misconduct[t]),
        "lowest": min(misconduct, key=lambda t: misconduct[t]),
        "mean_misconduct_rate": float(np.mean(list(misconduct.values()))),
    }


def bias_markdown(result: dict[str, Any]) -> str:
    """Render :func:`bias_check` output as a Markdown section."""
    lines = [
        "## Identity-term bias check",
        "",
        f"{result['n_templates']} neutral template sentences per identity term. Largest gap "
        f"between terms in the rate of any misconduct label: "
        f"**{result['misconduct_gap_points']:.1f} points** (goal <= 5; highest "
        f"'{result['highest']}', lowest '{result['lowest']}'); in the rate of any "
        f"characteristic label: {result['characteristic_gap_points']:.1f} points. Mean rate of "
        f"any misconduct label (false alarms, since no sentence describes misconduct): "
        f"{result['mean_misconduct_rate']:.1%}.",
        "",
        "| term | misconduct rate | characteristic rate |",
        "| --- | ---: | ---: |",
    ]
    for term, rates in result["terms"].items():
        lines.append(
            f"| {term} | {rates['misconduct_rate']:.3f} | {rates['characteristic_rate']:.3f} |"
        )
    lines.append("")
    return "\n".join(lines)
