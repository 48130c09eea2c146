"""Redactor behaviour: placeholders, offsets, fail-closed errors, offline, bounded input."""

from __future__ import annotations

import socket
import time
from typing import Any, NoReturn

import pytest

from redaction.config import RedactionConfig
from redaction.engine import Redactor
from redaction.errors import InputTooLongError, RedactionError

pytestmark = pytest.mark.nlp


def test_other_identifiers_become_typed_placeholders(redactor: Redactor) -> None:
    # Given a report with contact details
    text = "Email me at j.doe@example.co.uk or call 07712 345678."
    # When it is redacted
    result = redactor.redact(text)
    # Then each identifier is a typed placeholder and offsets point into the original
    assert result.redacted == "Email me at [EMAIL] or call [PHONE]."
    assert [(e.type, text[e.start : e.end]) for e in result.entities] == [
        ("EMAIL", "j.doe@example.co.uk"),
        ("PHONE", "07712 345678"),
    ]
    assert result.summary() == {"EMAIL": 1, "PHONE": 1}


def test_same_person_same_pseudonym_across_mentions(redactor: Redactor) -> None:
    # Given three mentions of one person and one of another
    text = (
        "My manager Priya Sharma shouted at me. Later Ms Sharma told John Smith "
        "that Priya's decision was final."
    )
    # When redacted
    result = redactor.redact(text)
    # Then all of Priya's mentions share one label, John gets another
    assert result.redacted == (
        "My manager [Person A] shouted at me. Later Ms [Person A] told [Person B] "
        "that [Person A]'s decision was final."
    )
    assert set(result.pseudonyms["[Person A]"]) == {"Priya Sharma", "Sharma", "Priya"}
    assert result.pseudonyms["[Person B]"] == ("John Smith",)


def test_reporter_name_never_enters_pseudonym_map(redactor: Redactor) -> None:
    # Given a report where the reporter names themself
    text = "My name is Daniel Okafor. My supervisor Emma Clarke keeps mocking my accent."
    # When redacted
    result = redactor.redact(text)
    # Then the reporter is removed but only the third party is in the sealed map
    assert "Daniel" not in result.redacted and "Okafor" not in result.redacted
    assert "[Reporter]" in result.redacted
    assert list(result.pseudonyms) == ["[Person A]"]
    assert all("Daniel" not in form for forms in result.pseudonyms.values() for form in forms)


@pytest.mark.parametrize(
    "word",
    [
        "Black",
        "Asian",
        "Muslim",
        "Jewish",
        "gay",
        "trans",
        "disabled",
        "pregnant",
        "women",
        "manager",
        "lecturer",
        "Polish",
        "Nigerian",
        "Sikh",
        "Hindu",
    ],
)
def test_protected_and_role_words_survive(redactor: Redactor, word: str) -> None:
    # Given a sentence built around a protected-characteristic or role word
    text = f"On 3 March she said that {word} people like me do not belong here."
    # When redacted
    result = redactor.redact(text)
    # Then the word and the incident date survive
    assert word in result.redacted
    assert "3 March" in result.redacted


def test_input_too_long_rejected_before_analysis() -> None:
    # Given a redactor whose analysis would fail if it ran
    redactor = Redactor.__new__(Redactor)
    redactor._config = RedactionConfig(max_chars=10)
    # When a text above the bound is submitted, Then the length error comes first
    with pytest.raises(InputTooLongError):
        redactor.redact("x" * 11)
    with pytest.raises(InputTooLongError):
        redactor.redact_many(["ok", "x" * 11])


def test_internal_failure_fails_closed_without_text(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an analyzer that blows up and quotes its input
    secret = "Canary McCanaryface 07700 900123"

    def explode(*args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError(f"bad input: {secret}")

    monkeypatch.setattr(redactor._analyzer, "find", explode)
    # When redacting, Then RedactionError is raised with no chained cause or text
    with pytest.raises(RedactionError) as caught:
        redactor.redact(secret)
    assert secret not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
    with pytest.raises(RedactionError):
        redactor.redact_many([secret])


def test_non_string_rejected(redactor: Redactor) -> None:
    with pytest.raises(RedactionError):
        redactor.redact(b"bytes are not text")  # type: ignore[arg-type]


def test_no_network_access_during_redaction(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given sockets that refuse to connect or resolve
    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    text = (
        "Contact a.person@newdomain.example.org or x@uni.ac.uk; see "
        "https://www.instagram.com/some.one/ and linkedin.com/in/someone and www.site.io."
    )
    # When redacting (single and batched), Then no socket is touched and URLs are removed
    result = redactor.redact(text)
    redactor.redact_many([text, text])
    assert "instagram" not in result.redacted
    assert "@uni.ac.uk" not in result.redacted


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    ["a", "a.", "1 ", "1-", "@a", "a@", "aa@b.", "+1 ", "0", "Room 1", "x" * 63 + ".", "Ms A "],
)
def test_adversarial_input_at_max_size_completes(redactor: Redactor, unit: str) -> None:
    # Given a worst-case repetitive input at the maximum size
    limit = redactor.config.max_chars
    text = (unit * (limit // len(unit) + 1))[:limit]
    # When redacted, Then it finishes well inside a generous bound (not a strict timing)
    started = time.monotonic()
    redactor.redact(text)
    assert time.monotonic() - started < 30
