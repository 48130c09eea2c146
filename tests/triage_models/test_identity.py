"""The identity-blind view hides which identity a report names, and nothing else."""

from __future__ import annotations

import pytest

from triage_models.features import NORMALISER_VERSION, normalise
from triage_models.identity import (
    IDENTITY_TERMS,
    LEXICON_DIGEST,
    identity_views,
    mark_identity,
    mask_identity,
)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("I am a gay man and I love my team.", ("gay", "man")),
        ("my non-binary colleague", ("non-binary",)),
        ("my nonbinary colleague", ("nonbinary",)),
        ("my non binary colleague", ("non", "binary")),
        ("the Muslims and Jews on the rota", ("muslims", "jews")),
        ("LGBTQ+ staff network", ("lgbtq+",)),
        ("a mixed race family", ("mixed", "race")),
        ("Black women in STEM", ("black", "women")),
        ("older and younger workers", ("older", "younger")),
        ("she is pregnant", ("pregnant",)),
        ("a wheelchair user on floor 0", ("wheelchair",)),
    ],
)
def test_identity_terms_are_hidden(text: str, hidden: tuple[str, ...]) -> None:
    # When the blind view of a normalised text is taken
    blind = mask_identity(normalise(text)).split()
    # Then no identity term survives, in any of its written forms
    for term in hidden:
        assert term not in blind


@pytest.mark.parametrize(
    "text",
    [
        "my manager shouts at everyone",
        "the whiteboard in bold letters",
        "he mentioned a boldly menacing plan",
        "the menu and the women's-only gym",  # hyphenated compounds are left whole
    ],
)
def test_other_words_are_left_alone(text: str) -> None:
    normalised = normalise(text)
    blind = mask_identity(normalised)
    assert {"manager", "whiteboard", "bold", "boldly", "menacing", "menu"} & set(
        normalised.split()
    ) <= set(blind.split())


def test_text_without_identity_is_returned_unchanged() -> None:
    text = normalise("[Person A] took my stapler again")
    # The very same object: callers skip recomputing features
    assert mask_identity(text) is text


def test_every_term_is_matched_by_its_own_list() -> None:
    for terms in IDENTITY_TERMS.values():
        for term in terms:
            assert term == term.lower()
            assert mask_identity(f"x {term} y") == "x y"


def test_the_list_is_part_of_the_normaliser_version() -> None:
    # A model trained with another list is refused at load (persistence checks the version)
    assert LEXICON_DIGEST in NORMALISER_VERSION


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("she is samoan", ["zzphrace_term"]),
        ("two gay men", ["zzphsexual_orientation_term", "zzphsex_gender_term"]),
        ("wears a hijab", ["zzphreligion_belief_term"]),
        ("a non binary student", ["zzphgender_identity_term"]),
        ("older staff", ["zzphage_term"]),
        ("on maternity leave", ["zzphpregnancy_maternity_term"]),
        ("the autistic lad", ["zzphdisability_term"]),
    ],
)
def test_marking_keeps_the_term_and_adds_its_characteristic(text: str, tokens: list[str]) -> None:
    # When the full-text view is taken
    marked = mark_identity(normalise(text)).split()
    # Then every word is still there, followed by the category token of each identity term
    assert [w for w in marked if not w.endswith("_term")] == normalise(text).split()
    assert [w for w in marked if w.endswith("_term")] == tokens


def test_marking_without_identity_returns_the_same_object() -> None:
    text = normalise("the printer is broken again")
    assert mark_identity(text) is text


@pytest.mark.parametrize(
    "text",
    ["", "no identity here", "two gay men and a Muslim woman", "older, older, OLDER staff!"],
)
def test_one_scan_gives_both_views(text: str) -> None:
    normalised = normalise(text)
    assert identity_views(normalised) == (mark_identity(normalised), mask_identity(normalised))
