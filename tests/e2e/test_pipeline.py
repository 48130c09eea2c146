"""End to end: a real server process, the real reporter and responder clients, real models."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.e2e.pipeline import open_case, send, wait_triaged
from triage_models.labels import BEHAVIOURS, CHARACTERISTICS, URGENCY

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.nlp]


def test_report_is_redacted_categorised_and_opened_by_the_responder(
    server: ServerProcess,
) -> None:
    # Given a report naming a colleague, with the reporter's email and phone number
    text = (
        "My team leader Gregor Wojcikowski keeps telling me that women like me are too "
        "emotional to run the night shift, and last week he gave the promotion to a man with "
        "half my experience. Please contact me at m.ferreira-lopes@example.com or on "
        "07700 900461."
    )
    # When it is sent with the reporter client
    case, receipt = send(server, text)
    assert len(receipt.replace("-", "")) == 26
    # Then the worker triages it
    listed = wait_triaged(server, case)
    assert listed["status"] == "new"
    assert listed["priority"] in {"normal", "urgent"}
    # And the responder opens it locally: identifiers are gone
    opened = open_case(server, case)
    redacted = opened["redacted"]
    for identifier in ("Gregor", "Wojcikowski", "ferreira", "900461", "07700"):
        assert identifier not in redacted
    # And the meaning survives
    assert "women" in redacted and "promotion" in redacted
    # And every contract label has a probability
    assert set(opened["behaviours"]) == set(BEHAVIOURS)
    assert set(opened["characteristics"]) == set(CHARACTERISTICS)
    assert set(opened["urgency"]) == set(URGENCY)
    for group in ("behaviours", "characteristics", "urgency"):
        assert all(0.0 <= p <= 1.0 for p in opened[group].values())
        assert set(opened["suggested"][group]) <= set(opened[group])
    assert opened["model"]
