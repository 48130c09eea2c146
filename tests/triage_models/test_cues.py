"""The risk-cue lexicon marks how people write about suicide, self-harm and threats."""

from __future__ import annotations

import re

import pytest

from triage_models.cues import CUES_DIGEST, RISK_CUES, cue_token, mark_cues
from triage_models.features import NORMALISER_VERSION, display_term, normalise


def tokens(text: str) -> list[str]:
    return re.findall(r"zzph\w+_cue", normalise(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("honestly i want to kill myself", "suicide"),
        ("ngl kms after today", "suicide"),
        ("I've thought about ending it all", "suicide"),
        ("everyone would be better off without me", "death_wish"),
        ("I won’t be around much longer anyway", "death_wish"),
        ("I don't want to wake up tomorrow", "death_wish"),
        ("I've started cutting again", "self_harm"),
        ("ngl been sh-ing again", "self_harm"),
        ("she said she was 'tired of being alive'", "death_wish"),
        ("he's been giving his things away", "method"),
        ("I relapsed last night", "self_harm"),
        ("I've been stockpiling my tablets", "method"),
        ("I wrote a note for my sister and tore it up", "method"),
        ("I've decided. I'm going to do it on Friday", "plan"),
        ("he said he'll kill me", "threat"),
        ("she told [Person A] she would stab [Person A]", "threat"),
        ("he knows where I live", "threat"),
        ("he had a knife in his bag", "weapon"),
        ("he's outside my door banging on it", "present"),
    ],
)
def test_each_kind_of_cue_is_marked(text: str, expected: str) -> None:
    assert cue_token(expected) in tokens(text)


@pytest.mark.parametrize(
    "text",
    [
        "This deadline is killing me",
        "I could murder a coffee",
        "shoot me an email when you're free",
        "I will write a report about the rota",
        "we walked into the office together",
        "the petrol station car park was busy",
    ],
)
def test_harmless_idioms_carry_no_cue(text: str) -> None:
    assert tokens(text) == []


def test_a_negated_cue_gets_the_negated_token() -> None:
    marked = tokens("To be clear, I'm not having thoughts of hurting myself.")
    assert marked == [cue_token("self_harm", negated=True)]
    assert tokens("I keep thinking of hurting myself") == [cue_token("self_harm")]


def test_negation_does_not_cross_a_clause() -> None:
    assert tokens("It's not the job, but I want to kill myself") == [cue_token("suicide")]


def test_text_without_cues_is_returned_unchanged() -> None:
    text = "my manager shouts at everyone"
    assert mark_cues(text) is text


def test_the_cue_is_kept_and_followed_by_its_token() -> None:
    assert mark_cues("been stockpiling my meds") == (
        f"been stockpiling {cue_token('method')} my meds {cue_token('method')}"
    )


def test_cue_tokens_read_as_brackets_in_explanations() -> None:
    assert display_term(cue_token("suicide")) == "[SUICIDE_CUE]"
    assert display_term(cue_token("threat", negated=True)) == "[NOT_THREAT_CUE]"


def test_the_lexicon_digest_is_part_of_the_normaliser_version() -> None:
    assert CUES_DIGEST in NORMALISER_VERSION
    assert set(RISK_CUES) >= {"suicide", "death_wish", "self_harm", "method", "threat"}
