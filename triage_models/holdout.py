"""The deterministic evaluation split: reports a model must never train on.

``reportgw evaluate`` scores a model on reports it never saw. The split is a pure function of
each example's id (salted sha256), so it is stable as the corpus grows: a report, once held
out, stays held out, new reports fall in or out at the same rate, and no file of ids has to be
kept. Train without it with ``TrainingConfig(exclude_evaluation_split=True)`` (or filter the
examples yourself with :func:`split_for_evaluation`), then evaluate on the held-out part::

    training, held_out = split_for_evaluation(examples)
    model = train(training, redact=redact).model
    write_evaluation_report(model, redact_all(held_out), [e.labels for e in held_out], out)

Corrections keep the id of the report they correct, so they fall on the same side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Final

from triage_models.corpus import Example

EVALUATION_FRACTION: Final = 0.15
"""Share of reports held out for evaluation."""

EVALUATION_SALT: Final = "reportgw-triage-evaluation-v1"
"""Changing it reshuffles the split; bump the suffix only on purpose."""


def in_evaluation_split(example_id: str, *, fraction: float = EVALUATION_FRACTION) -> bool:
    """Return whether the report with this id belongs to the evaluation split."""
    if not 0.0 <= fraction <= 1.0:
        raise ValueError("fraction must lie in [0, 1]")
    digest = hashlib.sha256(f"{EVALUATION_SALT}\x00{example_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") < fraction * 2**64


def split_for_evaluation(
    examples: Sequence[Example], *, fraction: float = EVALUATION_FRACTION
) -> tuple[list[Example], list[Example]]:
    """Split examples into (training, held-out evaluation), each in input order."""
    training: list[Example] = []
    held_out: list[Example] = []
    for example in examples:
        (held_out if in_evaluation_split(example.id, fraction=fraction) else training).append(
            example
        )
    return training, held_out
