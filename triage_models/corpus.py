"""Training examples: the labelled corpus, responder corrections, and the data manifest.

Corpus files (``training_data/reports/*.jsonl``) hold raw text, one object per line::

    {"id": "...", "text": "...", "behaviours": [...], "characteristics": [...],
     "urgency": [...], "meta": {...}}

Corrections files hold text that was already redacted, with the labels a responder confirmed::

    {"id": "...", "redacted": "...", "behaviours": [...], "characteristics": [...],
     "urgency": [...], "corrected_at": "2025-03-01T12:00:00+00:00"}

Every line is validated; the first bad line raises :class:`CorpusError` naming ``file:line``
and the field, never the text. Files are read in sorted order so a corpus always loads the
same way, and the manifest hash pins exactly which data a model was trained on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from triage_models.errors import CorpusError, LabelError
from triage_models.labels import GROUPS, LabelSet

_CORPUS_FIELDS: Final = frozenset({"id", "text", *GROUPS, "meta"})
_CORRECTION_FIELDS: Final = frozenset({"id", "redacted", *GROUPS, "corrected_at"})
CORRECTIONS_SOURCE: Final = "corrections"
"""The :attr:`Example.source` of every responder correction."""


@dataclass(frozen=True)
class Example:
    """One labelled report.

    Attributes:
        id: Unique identifier within the merged data.
        text: Report text; raw unless ``redacted`` is true.
        labels: Confirmed labels (at least one behaviour).
        redacted: True when ``text`` has already been through the redactor (corrections).
        source: Where it came from: the corpus file's stem (one writer's batch), or
            ``"corrections"``. Training can hold out whole sources, so tuned thresholds and
            reported figures are those of a writer the model never saw.
    """

    id: str
    text: str
    labels: LabelSet
    redacted: bool = False
    source: str = ""

    def __repr__(self) -> str:
        # Never print report text, even in a debugger or a failing assertion.
        return f"Example(id={self.id!r}, labels={self.labels!r}, redacted={self.redacted})"


@dataclass(frozen=True)
class Correction:
    """A responder-confirmed label set for an already redacted report."""

    example: Example
    corrected_at: datetime


def _jsonl_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise CorpusError(f"{path}: no such file or directory")
    return sorted(path.glob("*.jsonl"))


def _records(path: Path) -> Iterator[tuple[Path, str, Mapping[str, Any]]]:
    """Yield ``(file, "file:line", object)`` for every non-blank line of every file."""
    for file in _jsonl_files(path):
        with file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                where = f"{file}:{number}"
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    # exc.msg and the column never quote the line itself.
                    raise CorpusError(
                        f"{where}: invalid JSON ({exc.msg}, column {exc.colno})"
                    ) from None
                if not isinstance(record, dict):
                    raise CorpusError(f"{where}: expected a JSON object")
                yield file, where, record


def _text_field(where: str, record: Mapping[str, Any], name: str) -> str:
    value = record.get(name)
    if name not in record:
        raise CorpusError(f"{where}: missing field {name!r}")
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(f"{where}: field {name!r} must be a non-empty string")
    return value


def _parse(
    where: str,
    record: Mapping[str, Any],
    *,
    text_field: str,
    fields: frozenset[str],
    source: str,
) -> Example:
    unknown = sorted(set(record) - fields)
    if unknown:
        raise CorpusError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")
    identifier = _text_field(where, record, "id")
    text = _text_field(where, record, text_field)
    try:
        labels = LabelSet.from_mapping(record)
    except LabelError as exc:
        raise CorpusError(f"{where}: id {identifier!r}: {exc}") from None
    if not labels.behaviours:
        raise CorpusError(f"{where}: id {identifier!r}: behaviours is empty; use 'none'")
    if "meta" in record and not isinstance(record["meta"], dict):
        raise CorpusError(f"{where}: field 'meta' must be an object")
    return Example(
        id=identifier, text=text, labels=labels, redacted=text_field == "redacted", source=source
    )


def load_corpus(path: Path) -> list[Example]:
    """Load and validate every ``*.jsonl`` file of a corpus directory (or one file).

    Args:
        path: A directory (files read in sorted name order) or a single JSONL file.

    Returns:
        The examples in file then line order.

    Raises:
        CorpusError: A line is not valid JSON, misses a field, has an unknown field or
            label, or repeats an id; the message names ``file:line``.
    """
    examples: list[Example] = []
    first_seen: dict[str, str] = {}
    for file, where, record in _records(path):
        example = _parse(where, record, text_field="text", fields=_CORPUS_FIELDS, source=file.stem)
        if example.id in first_seen:
            raise CorpusError(
                f"{where}: duplicate id {example.id!r} (first at {first_seen[example.id]})"
            )
        first_seen[example.id] = where
        examples.append(example)
    if not examples:
        raise CorpusError(f"{path}: no examples found")
    return examples


def load_corrections(path: Path) -> list[Correction]:
    """Load responder corrections; for each id only the newest correction is kept.

    Args:
        path: A JSONL file or a directory of them.

    Returns:
        One correction per id, ordered by id. Ties on ``corrected_at`` go to the later line.

    Raises:
        CorpusError: A line is malformed or ``corrected_at`` is not an ISO 8601 timestamp
            with a timezone.
    """
    newest: dict[str, Correction] = {}
    for _, where, record in _records(path):
        example = _parse(
            where,
            record,
            text_field="redacted",
            fields=_CORRECTION_FIELDS,
            source=CORRECTIONS_SOURCE,
        )
        stamp = _text_field(where, record, "corrected_at")
        try:
            when = datetime.fromisoformat(stamp)
        except ValueError:
            raise CorpusError(f"{where}: corrected_at is not an ISO 8601 timestamp") from None
        if when.tzinfo is None:
            raise CorpusError(f"{where}: corrected_at needs a timezone")
        current = newest.get(example.id)
        if current is None or when >= current.corrected_at:
            newest[example.id] = Correction(example=example, corrected_at=when)
    return [newest[key] for key in sorted(newest)]


def merge(corpus: Sequence[Example], corrections: Iterable[Correction]) -> list[Example]:
    """Overlay corrections on the corpus: a correction replaces the example with its id.

    Args:
        corpus: Examples from :func:`load_corpus`.
        corrections: Output of :func:`load_corrections` (already newest-per-id).

    Returns:
        Corpus order preserved; replaced examples keep their position, new ids are appended
        in id order.
    """
    by_id = {c.example.id: c.example for c in corrections}
    merged = [by_id.pop(e.id, e) for e in corpus]
    merged.extend(by_id[key] for key in sorted(by_id))
    return merged


def data_manifest(examples: Iterable[Example]) -> str:
    """Return the sha256 hex digest of the canonical content of the examples.

    The digest covers id, text, the redacted flag and the labels of every example, sorted by
    id, serialised as canonical JSON; file layout, line order and ``meta`` do not change it.
    """
    digest = hashlib.sha256()
    for example in sorted(examples, key=lambda e: e.id):
        canonical = {
            "id": example.id,
            "text": example.text,
            "redacted": example.redacted,
            **example.labels.to_dict(),
        }
        digest.update(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()
