"""Names: word-names, lower-case names, titles, reporter vs third parties (issue 3)."""

from __future__ import annotations

import pytest

from redaction.engine import Redactor

pytestmark = pytest.mark.nlp


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        # Word-names with evidence: a finite verb, a role, a propagated mention.
        ("in the kitchen will moved my desk and will said sorry", ["will moved"], []),
        (
            "my manager will barton keeps calling me names. he will not stop",
            ["barton"],
            ["will not"],
        ),
        (
            "My shift lead Chase Morrow laughs; later chase parked behind me.",
            ["Chase", "chase"],
            [],
        ),
        ("Rose added us to the chat. The price rose again.", ["Rose added"], ["price rose"]),
        # Pronouns that are also names are pronouns unless a name is next to them.
        ("On 11 March he searched my locker and He Wei saw it.", ["Wei"], ["he searched"]),
        # A keep word that is a given name before a surname is part of the name.
        ("a security guard called Dean Ashworth follows her", ["Dean", "Ashworth"], ["guard"]),
        # Appositive roles and relative clauses mark a name.
        ("Amrit the site manager heard it", ["Amrit"], ["site manager"]),
        ("this guy in the kitchen, grant, who keeps saying it", ["grant"], ["kitchen"]),
    ],
)
def test_names_that_are_words(
    redactor: Redactor, text: str, gone: list[str], kept: list[str]
) -> None:
    # Given names written as ordinary words, When redacted
    result = redactor.redact(text)
    # Then every name mention is gone and the ordinary uses of the word stay
    for fragment in gone:
        assert fragment not in result.redacted, result.redacted
    for fragment in kept:
        assert fragment in result.redacted, result.redacted


@pytest.mark.parametrize(
    "text",
    [
        "My name is Oluwaseun Akinola. My lead Brian Cho mocks Nigerians.",
        "Hello, this is Ionut Balan. The supervisor Kieran Lowry shouts at us.",
        "The supervisor Kieran Lowry shouts at us. Kind regards,\nAnjali Deshpande",
        "From: Zainab Hussain\nThe analyst Guadalupe Rios moved me off the rota.",
        "Tariq keeps asking me out. Best wishes,\nAfua Darko",
    ],
)
def test_reporter_names_never_enter_the_pseudonym_map(redactor: Redactor, text: str) -> None:
    # Given a report where the reporter names themself (intro, greeting, sign-off, header)
    result = redactor.redact(text)
    # Then the reporter becomes [Reporter], only third parties are in the sealed map
    assert "[Reporter]" in result.redacted
    forms = {form for surfaces in result.pseudonyms.values() for form in surfaces}
    for reporter in ("Oluwaseun", "Ionut", "Anjali", "Zainab", "Afua"):
        assert all(reporter not in form for form in forms)
    assert forms


def test_reporter_contact_details_and_age_are_not_in_the_map(redactor: Redactor) -> None:
    text = "My number is 07841 226 903 and I'm 23. My manager Rania Haddad ignores me."
    result = redactor.redact(text)
    assert result.pseudonyms == {"[Person A]": ("Rania Haddad",)}
    assert result.summary() == {"AGE": 1, "PERSON": 1, "PHONE": 1}


@pytest.mark.parametrize(
    ("text", "removed", "kept"),
    [
        ("I was born on 3 March 1986 and it happened on 3 March 2024.", ["1986"], ["3 March 2024"]),
        (
            "My date of birth is 17/09/1971; the meeting was 12/05/2023 at 10:15.",
            ["17/09/1971"],
            ["12/05/2023", "10:15"],
        ),
        ("my daughter is 16 and she's 23. Amal is 18.", ["16", "23", "18"], ["my daughter"]),
        ("It's 10 past, I am 5 minutes late", [], ["10 past", "5 minutes"]),
    ],
)
def test_dates_and_ages(redactor: Redactor, text: str, removed: list[str], kept: list[str]) -> None:
    # Given incident dates, times, a date of birth and ages, When redacted
    result = redactor.redact(text)
    # Then the timeline stays and the birth date and ages go
    for value in removed:
        assert value not in result.redacted, result.redacted
    for value in kept:
        assert value in result.redacted, result.redacted
