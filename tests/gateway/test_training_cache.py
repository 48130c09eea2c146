"""Training cache: redacts each corpus text once; a redactor change invalidates everything."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gateway.training_cache import CachedRedaction, redactor_fingerprint
from redaction.types import RedactedText


class CountingRedact:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> list[RedactedText]:
        self.calls.append(list(texts))
        return [RedactedText(text.upper()) for text in texts]


def test_each_text_is_redacted_once_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "cache.jsonl"
    redact = CountingRedact()
    first = CachedRedaction(redact, path, fingerprint="f1")(["a", "b", "a"])
    assert first == ["A", "B", "A"]
    # A new process with the same redactor finds the cache
    again = CachedRedaction(redact, path, fingerprint="f1")(["b", "c"])
    assert again == ["B", "C"]
    assert redact.calls == [["a", "b"], ["c"]]


def test_changed_redactor_invalidates_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache.jsonl"
    redact = CountingRedact()
    CachedRedaction(redact, path, fingerprint="f1")(["a"])
    CachedRedaction(redact, path, fingerprint="f2")(["a"])
    assert redact.calls == [["a"], ["a"]]


def test_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache.jsonl"
    path.write_text("{not json\n")
    redact = CountingRedact()
    assert CachedRedaction(redact, path, fingerprint="f1")(["a"]) == ["A"]


def test_fingerprint_is_stable_hex() -> None:
    assert redactor_fingerprint() == redactor_fingerprint()
    assert len(redactor_fingerprint()) == 64
