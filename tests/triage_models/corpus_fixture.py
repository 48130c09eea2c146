"""Test data: a small written corpus and a fake redactor.

The corpus is written here, not read from ``training_data/``, so these tests do not move when
the real corpus grows. The fake redactor replaces a fixed list of names and e-mail addresses
the way the real one does (``[Person A]``, ``[EMAIL]``); it never needs Presidio.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from redaction.types import RedactedText
from triage_models.corpus import Example
from triage_models.labels import LabelSet
from triage_models.training import TrainingConfig

CANARY = "qzxcanaryvorpal"
"""A token no language uses; it must never be recoverable from a model artifact."""

NAMES = ("Gareth Pryce", "Dariusz", "Ayesha Khatun", "Marco", "Priya", "Simon")
_EMAIL = re.compile(r"\S+@\S+")

TINY_CONFIG = TrainingConfig(
    word_bits=12, char_bits=12, folds=3, min_positives=2, min_examples=10, n_jobs=1
)
"""Small hash widths and three folds keep the trained fixture fast; same code paths."""

_ROWS: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        "Gareth Pryce shouts at me in every team meeting and calls my work rubbish "
        "in front of everyone",
        ["bullying"],
        [],
        [],
    ),
    (
        "my supervisor Marco humiliates me daily, mocks my work and leaves me out "
        "of every team meeting",
        ["bullying"],
        [],
        [],
    ),
    (
        "he keeps shouting at me, belittles me in meetings and says I am useless every single day",
        ["bullying"],
        [],
        [],
    ),
    (
        "the manager screams at me and humiliates me in front of the team, week after week",
        ["bullying"],
        [],
        [],
    ),
    (
        "Simon excludes me from meetings on purpose and shouts that my work is worthless",
        ["bullying"],
        [],
        [],
    ),
    (
        "I would like the weekend rota published earlier, it is fair but hard with childcare",
        ["none"],
        [],
        [],
    ),
    (
        "the car park barrier is broken again and nobody has fixed it, please repair the barrier",
        ["none"],
        [],
        [],
    ),
    (
        "can the canteen offer more vegetarian options, the menu has not changed for a year",
        ["none"],
        [],
        [],
    ),
    (
        "the printer on floor two is always jammed, could facilities replace the printer",
        ["none"],
        [],
        [],
    ),
    (
        "I want to ask how the rota is decided, it seems fair overall, just curious",
        ["none"],
        [],
        [],
    ),
    (
        "he sends me messages at night on snapchat asking what I am wearing and sends kisses",
        ["sexual_harassment", "online_harassment"],
        [],
        [],
    ),
    (
        "my team lead keeps messaging me on instagram asking me out and sending winking pictures",
        ["sexual_harassment", "online_harassment"],
        [],
        [],
    ),
    (
        "Dariusz dm'd me sexual comments about my body on whatsapp, write to dariusz@example.org",
        ["sexual_harassment", "online_harassment"],
        [],
        [],
    ),
    (
        "he messages me late at night with sexual jokes and asks if I am in bed",
        ["sexual_harassment", "online_harassment"],
        [],
        [],
    ),
    (
        "a colleague keeps sending me explicit messages on teams asking for pictures",
        ["sexual_harassment", "online_harassment"],
        [],
        [],
    ),
    (
        "at lunch Priya asked where I am really from, I said Leicester, "
        "she laughed and asked again",
        ["microaggression"],
        ["race"],
        [],
    ),
    (
        "they touch my hair and say I speak very good English for someone like me",
        ["microaggression"],
        ["race"],
        [],
    ),
    (
        "people keep asking where I am really from and comment on my accent at every lunch",
        ["microaggression"],
        ["race"],
        [],
    ),
    (
        "my manager said my English is surprisingly good for an immigrant "
        "and asked where I am really from",
        ["microaggression"],
        ["race"],
        [],
    ),
    (
        f"colleague said I must eat spicy food because of my background {CANARY}",
        ["microaggression"],
        ["race"],
        [],
    ),
    (
        "Marco said he is waiting for me outside after my shift tonight and that I am dead",
        ["harassment"],
        [],
        ["immediate_danger"],
    ),
    (
        "he told me he will be waiting at the back door tonight with a knife, I am scared to leave",
        ["physical_violence"],
        [],
        ["immediate_danger"],
    ),
    (
        "my ex colleague said he will hurt me tonight when I leave the building, he is outside now",
        ["harassment"],
        [],
        ["immediate_danger"],
    ),
    (
        "he threatened to stab me when I walk home tonight, he is waiting by the gate",
        ["physical_violence"],
        [],
        ["immediate_danger"],
    ),
    (
        "they mock me every day in the group chat and I have been thinking about ending my life",
        ["bullying", "online_harassment"],
        [],
        ["self_harm_risk"],
    ),
    (
        "after months of being humiliated I looked up how many pills it would take, "
        "I feel hopeless",
        ["bullying"],
        [],
        ["self_harm_risk"],
    ),
    (
        "I cannot take the daily mocking any more and I have started cutting myself again",
        ["bullying"],
        [],
        ["self_harm_risk"],
    ),
    (
        "the bullying is constant and some nights I do not want to be alive anymore",
        ["bullying"],
        [],
        ["self_harm_risk"],
    ),
    (
        "I was refused the promotion after telling my manager I was pregnant, "
        "a less experienced colleague got it",
        ["discrimination"],
        ["pregnancy_maternity"],
        [],
    ),
    (
        "after my maternity leave they moved me to a worse role and cut my hours "
        "because I am a mother",
        ["discrimination"],
        ["pregnancy_maternity"],
        [],
    ),
    (
        "since I announced my pregnancy I was taken off the account and my bonus was cut",
        ["discrimination"],
        ["pregnancy_maternity"],
        [],
    ),
]


def fixture_examples() -> list[Example]:
    """Return the written fixture corpus as examples (raw text, not redacted)."""
    return [
        Example(id=f"t-{i:03d}", text=text, labels=LabelSet(tuple(b), tuple(c), tuple(u)))
        for i, (text, b, c, u) in enumerate(_ROWS)
    ]


class FakeRedactor:
    """Replace fixture names with ``[Person X]`` and e-mails with ``[EMAIL]``; record calls."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> list[RedactedText]:
        self.calls.append(list(texts))
        out: list[RedactedText] = []
        for text in texts:
            text = _EMAIL.sub("[EMAIL]", text)
            for letter, name in zip("ABCDEF", NAMES, strict=True):
                text = re.sub(re.escape(name), f"[Person {letter}]", text, flags=re.IGNORECASE)
            out.append(RedactedText(text))
        return out


def write_jsonl(path: Path, records: Sequence[object]) -> Path:
    """Write records as JSON lines (strings are written verbatim, to make bad lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
