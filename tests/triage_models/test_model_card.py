from __future__ import annotations

from typing import Any

import pytest

from triage_models.model_card import render_model_card

FLOOR = "microaggression's cut is lowered where needed to reach out-of-fold recall"


def card(config: dict[str, Any], untuned: list[str] | None = None) -> str:
    metadata = {"training_config": config, "untuned_labels": untuned or []}
    return " ".join(render_model_card(metadata).split())


def test_card_states_the_microaggression_recall_floor_it_was_trained_with() -> None:
    # Given a model trained with a floor of 0.9, When its card is rendered, Then it says so
    assert f"{FLOOR} >= 0.9" in card({"urgency_recall": 0.96, "microaggression_recall": 0.9})


@pytest.mark.parametrize(
    ("config", "untuned"),
    [
        ({"urgency_recall": 0.96}, []),  # trained before the floor existed
        ({"urgency_recall": 0.96, "microaggression_recall": 0.0}, []),  # floor off
        ({"urgency_recall": 0.96, "microaggression_recall": 0.9}, ["microaggression"]),
    ],
)
def test_card_claims_no_floor_that_was_not_applied(
    config: dict[str, Any], untuned: list[str]
) -> None:
    # When the card of a model without an applied floor is rendered
    text = card(config, untuned)
    # Then it states the urgency rule and nothing about a microaggression floor
    assert "recall >= 0.96 for urgency flags. If a misconduct" in text
    assert FLOOR not in text
