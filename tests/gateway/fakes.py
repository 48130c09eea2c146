"""Boundary fakes for gateway tests: a redactor and a classifier with known, simple behaviour.

They stand in for the NLP components (which have their own tests) so that gateway tests run in
milliseconds; the end-to-end tests in `tests/e2e` use the real ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from redaction.errors import RedactionError
from redaction.types import EntitySpan, RedactedText, RedactionResult

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


@dataclass
class FakePrediction:
    behaviours: Mapping[str, float]
    characteristics: Mapping[str, float]
    urgency: Mapping[str, float]
    suggested: Mapping[str, Sequence[str]]
    model: str = "fake-1"
    explanations: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "behaviours": dict(self.behaviours),
            "characteristics": dict(self.characteristics),
            "urgency": dict(self.urgency),
            "suggested": {group: list(labels) for group, labels in self.suggested.items()},
            "model": self.model,
            "explanations": {
                label: [[w, 1.0] for w in words] for label, words in self.explanations.items()
            },
        }


class FakeClassifier:
    """Suggests `bullying`, and `immediate_danger` when the text says "tonight"."""

    def __init__(self, *, crash: bool = False) -> None:
        self.crash = crash
        self.seen: list[str] = []

    def predict(self, text: RedactedText) -> FakePrediction:
        self.seen.append(text)
        if self.crash:
            raise RuntimeError("model exploded")
        danger = "tonight" in text
        return FakePrediction(
            behaviours={"bullying": 0.9, "none": 0.05},
            characteristics={"race": 0.1},
            urgency={"immediate_danger": 0.8 if danger else 0.01, "self_harm_risk": 0.01},
            suggested={
                "behaviours": ["bullying"],
                "characteristics": [],
                "urgency": ["immediate_danger"] if danger else [],
            },
            explanations={"bullying": ["shouts"]},
        )
