"""The label contract (ARCHITECTURE.md, "Labels") and its validation.

The strings below are a contract relied on by outside checks: they must not change shape. The
model predicts :data:`ALL_LABELS` as one multi-label problem, in exactly this order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from triage_models.errors import LabelError

NONE: Final = "none"
"""Behaviour meaning "not misconduct"; stands alone (no other behaviour, no characteristic)."""

BEHAVIOURS: Final[tuple[str, ...]] = (
    "bullying",
    "harassment",
    "sexual_harassment",
    "sexual_violence",
    "physical_violence",
    "stalking",
    "online_harassment",
    "microaggression",
    "discrimination",
    "hate_incident",
    "victimisation",
    NONE,
)

CHARACTERISTICS: Final[tuple[str, ...]] = (
    "race",
    "religion_belief",
    "sex_gender",
    "sexual_orientation",
    "gender_identity",
    "disability",
    "age",
    "pregnancy_maternity",
)

URGENCY: Final[tuple[str, ...]] = ("immediate_danger", "self_harm_risk")

GROUPS: Final[Mapping[str, tuple[str, ...]]] = {
    "behaviours": BEHAVIOURS,
    "characteristics": CHARACTERISTICS,
    "urgency": URGENCY,
}
"""Group name (the JSON key of the CLI contract) to its labels, in contract order."""

ALL_LABELS: Final[tuple[str, ...]] = BEHAVIOURS + CHARACTERISTICS + URGENCY
"""Every label, behaviours then characteristics then urgency: the model's output columns."""

MISCONDUCT: Final[tuple[str, ...]] = tuple(b for b in BEHAVIOURS if b != NONE)
"""Behaviours that are misconduct, i.e. every behaviour except ``none``."""

GROUP_OF: Final[Mapping[str, str]] = {
    label: group for group, labels in GROUPS.items() for label in labels
}


def _validated(group: str, values: Iterable[str]) -> tuple[str, ...]:
    allowed = GROUPS[group]
    seen: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise LabelError(f"{group}: labels must be strings, got {type(value).__name__}")
        if value not in allowed:
            raise LabelError(
                f"{group}: unknown label {value!r}; expected one of {', '.join(allowed)}"
            )
        if value in seen:
            raise LabelError(f"{group}: label {value!r} is repeated")
        seen.append(value)
    return tuple(sorted(seen))


@dataclass(frozen=True)
class LabelSet:
    """A validated, canonical set of labels for one report.

    Invariants (checked at construction, so an invalid set cannot exist): every label belongs
    to its group, none is repeated, each tuple is sorted, and ``none`` stands alone: with
    ``none`` there is no other behaviour and no characteristic (urgency may still apply).
    An empty ``behaviours`` tuple is allowed here (a model may abstain); the corpus loader
    additionally requires at least one behaviour per training example.

    Attributes:
        behaviours: Behaviour labels, sorted.
        characteristics: Targeted protected characteristics, sorted.
        urgency: Urgency flags, sorted.
    """

    behaviours: tuple[str, ...] = ()
    characteristics: tuple[str, ...] = ()
    urgency: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for group in GROUPS:
            object.__setattr__(self, group, _validated(group, getattr(self, group)))
        if NONE in self.behaviours and len(self.behaviours) > 1:
            raise LabelError("behaviours: 'none' stands alone; it cannot join other behaviours")
        if NONE in self.behaviours and self.characteristics:
            raise LabelError("'none' stands alone; it cannot carry a characteristic")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> LabelSet:
        """Build a label set from JSON-like data with the three group keys.

        Args:
            data: Mapping holding ``behaviours``, ``characteristics`` and ``urgency``, each a
                list of label strings. Other keys are ignored.

        Returns:
            The validated label set.

        Raises:
            LabelError: A group is missing, is not a list, or holds an invalid label.
        """
        groups: dict[str, tuple[str, ...]] = {}
        for group in GROUPS:
            if group not in data:
                raise LabelError(f"missing field {group!r}")
            values = data[group]
            if not isinstance(values, list):
                raise LabelError(f"{group}: expected a list of labels")
            groups[group] = tuple(values)
        return cls(**groups)

    def labels(self) -> frozenset[str]:
        """Return every label of the set, all groups together (names are unique)."""
        return frozenset(self.behaviours + self.characteristics + self.urgency)

    def to_dict(self) -> dict[str, list[str]]:
        """Return the JSON shape: each group name to its list of labels."""
        return {group: list(getattr(self, group)) for group in GROUPS}
