"""Boundary fakes for gateway tests: a redactor and a classifier with known, simple behaviour.

They stand in for the NLP components (which have their own tests) so that gateway tests run in
milliseconds; the end-to-end tests in `tests/e2e` use the real ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from redaction.errors import RedactionError
from redaction.types import EntitySpan, RedactedText, RedactionResult
from triage_models.explanations import Evidence
from triage_models.model import TriagePrediction

EMAIL = re.compile(r"\S+@\S+")


class FakeRedactor:
    """Replaces listed names with pseudonyms and emails with [EMAIL]; can be told to fail."""

    def __init__(self, names: Sequence[str] = (), *, fail: bool = False) -> None:
        self.names = list(names)
        self.fail = fail
        self.seen: list[str] = []

    def redact(self, text: str) -> RedactionResult:
        self.seen.append(text)
        if self.fail or "FAIL-ONE" in text:
            raise RedactionError("redaction failed")
        spans: list[EntitySpan] = []
        out = text
        for index, name in enumerate(self.names):
            for match in re.finditer(re.escape(name), text):
                spans.append(EntitySpan(match.start(), match.end(), "PERSON"))
            out = out.replace(name, f"[Person {chr(ord('A') + index)}]")
        for match in EMAIL.finditer(text):
            spans.append(EntitySpan(match.start(), match.end(), "EMAIL"))
        out = EMAIL.sub("[EMAIL]", out)
        return RedactionResult(RedactedText(out), tuple(sorted(spans)), {})

    def redact_many(self, texts: Sequence[str]) -> list[RedactionResult]:
        if any("FAIL-ONE" in text for text in texts):
            raise RedactionError("redaction failed")
        return [self.redact(text) for text in texts]


class FakeClassifier:
    """Suggests `bullying`, and `immediate_danger` when the text says "tonight"."""

    def __init__(self, *, crash: bool = False) -> None:
        self.crash = crash
        self.seen: list[str] = []

    def predict(self, text: RedactedText) -> TriagePrediction:
        self.seen.append(text)
        if self.crash:
            raise RuntimeError("model exploded")
        danger = "tonight" in text
        return TriagePrediction(
            behaviours={"bullying": 0.9, "none": 0.05},
            characteristics={"race": 0.1},
            urgency={"immediate_danger": 0.8 if danger else 0.01, "self_harm_risk": 0.01},
            suggested={
                "behaviours": ["bullying"],
                "characteristics": [],
                "urgency": ["immediate_danger"] if danger else [],
            },
            model="fake-1",
            explanations={"bullying": (Evidence("shouts", 1.0),)},
        )
