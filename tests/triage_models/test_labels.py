"""The label contract: exact strings, validation, and ``none`` standing alone."""

from __future__ import annotations

import pytest

from triage_models.errors import LabelError, TriageModelError
from triage_models.labels import ALL_LABELS, BEHAVIOURS, CHARACTERISTICS, GROUPS, URGENCY, LabelSet


def test_contract_strings_are_exact() -> None:
    # Given the contract of ARCHITECTURE.md
    # Then the label strings are exactly these, in this order
    assert BEHAVIOURS == (
        "bullying", "harassment", "sexual_harassment", "sexual_violence", "physical_violence",
        "stalking", "online_harassment", "microaggression", "discrimination", "hate_incident",
        "victimisation", "none",
    )  # fmt: skip
    assert CHARACTERISTICS == (
        "race", "religion_belief", "sex_gender", "sexual_orientation", "gender_identity",
        "disability", "age", "pregnancy_maternity",
    )  # fmt: skip
    assert URGENCY == ("immediate_danger", "self_harm_risk")
    assert list(GROUPS) == ["behaviours", "characteristics", "urgency"]
    assert len(set(ALL_LABELS)) == len(ALL_LABELS) == 22


def test_label_set_is_sorted_and_canonical() -> None:
    # When labels are given in any order
    labels = LabelSet(("online_harassment", "bullying"), ("race",), ("self_harm_risk",))
    # Then they are stored sorted, and equal sets compare equal
    assert labels.behaviours == ("bullying", "online_harassment")
    assert labels == LabelSet(("bullying", "online_harassment"), ("race",), ("self_harm_risk",))
    assert labels.to_dict() == {
        "behaviours": ["bullying", "online_harassment"],
        "characteristics": ["race"],
        "urgency": ["self_harm_risk"],
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"behaviours": ("bulying",)}, "unknown label 'bulying'"),
        ({"characteristics": ("bullying",)}, "characteristics: unknown label 'bullying'"),
        ({"urgency": ("danger",)}, "urgency: unknown label 'danger'"),
        ({"behaviours": ("bullying", "bullying")}, "repeated"),
        ({"behaviours": ("none", "bullying")}, "'none' stands alone"),
        ({"behaviours": ("none",), "characteristics": ("race",)}, "'none' stands alone"),
    ],
    ids=[
        "typo",
        "wrong-group",
        "unknown-urgency",
        "repeat",
        "none-with-behaviour",
        "none-with-char",
    ],
)
def test_invalid_label_sets_are_rejected(kwargs: dict[str, tuple[str, ...]], message: str) -> None:
    # When an invalid label set is built, Then it is refused with a clear message
    with pytest.raises(LabelError, match=message):
        LabelSet(**kwargs)


def test_none_may_carry_urgency() -> None:
    # Given a report that is not misconduct but expresses suicidal thoughts
    labels = LabelSet(("none",), (), ("self_harm_risk",))
    # Then urgency is allowed next to none
    assert labels.labels() == {"none", "self_harm_risk"}


def test_from_mapping_requires_lists_of_every_group() -> None:
    # Given JSON-like data missing a group, or with a string instead of a list
    # Then both are refused, and the error is in our hierarchy
    with pytest.raises(LabelError, match="missing field 'urgency'"):
        LabelSet.from_mapping({"behaviours": ["none"], "characteristics": []})
    with pytest.raises(TriageModelError, match="expected a list"):
        LabelSet.from_mapping({"behaviours": "none", "characteristics": [], "urgency": []})
    with pytest.raises(LabelError, match="must be strings"):
        LabelSet.from_mapping({"behaviours": [1], "characteristics": [], "urgency": []})
