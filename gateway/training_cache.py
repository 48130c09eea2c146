"""A cache of the redacted training corpus, so retraining does not re-run the redactor.

Only our own written corpus (fiction, see training_data/README.md) passes through here: report
plaintext from reporters never does. Entries are keyed by the SHA-256 of the raw text and by a
fingerprint of the redaction package's code and data, so any change to the redactor invalidates
the whole cache and training always sees exactly what the worker would produce today.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import redaction
from redaction.types import RedactedText

Redact = Callable[[Sequence[str]], list[RedactedText]]


def redactor_fingerprint() -> str:
    """SHA-256 over every source and data file of the `redaction` package."""
    root = Path(redaction.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".yaml", ".yml", ".json"}:
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


class CachedRedaction:
    """Wraps a batch redaction function with a JSON-lines cache file."""

    def __init__(self, redact: Redact, cache_path: Path, *, fingerprint: str) -> None:
        self._redact = redact
        self._path = cache_path
        self._fingerprint = fingerprint
        self._entries = self._load()

    def _load(self) -> dict[str, str]:
        if not self._path.exists():
            return {}
        try:
            with self._path.open(encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                if header.get("fingerprint") != self._fingerprint:
                    return {}
                return {row["sha256"]: row["redacted"] for row in map(json.loads, handle) if row}
        except (ValueError, KeyError, TypeError):
            return {}  # a damaged cache is rebuilt, never trusted

    def _save(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps({"fingerprint": self._fingerprint}) + "\n")
            for key, value in sorted(self._entries.items()):
                handle.write(json.dumps({"sha256": key, "redacted": value}) + "\n")
        os.replace(tmp, self._path)

    def __call__(self, texts: Sequence[str]) -> list[RedactedText]:
        keys = [hashlib.sha256(text.encode()).hexdigest() for text in texts]
        missing: dict[str, str] = {}  # first-seen order, one entry per distinct text
        for key, text in zip(keys, texts, strict=True):
            if key not in self._entries:
                missing.setdefault(key, text)
        if missing:
            redacted = self._redact(list(missing.values()))
            for key, value in zip(missing, redacted, strict=True):
                self._entries[key] = value
            self._save()
        return [RedactedText(self._entries[key]) for key in keys]
