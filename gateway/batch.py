"""The JSONL batch commands `reportgw redact` and `reportgw triage` (ARCHITECTURE.md contract).

One object per input line, same order, `id` echoed. A bad line gets `{"id", "error"}` on its own
line and never stops or shifts the others. Error strings are fixed: they never quote the text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from gateway.worker import Classifier, Redactor
from redaction.errors import InputTooLongError, RedactionError
from redaction.types import RedactionResult

BATCH = 64


def _parse(line: str) -> tuple[Any, str | None, str | None]:
    """Return (id, text, error) for one input line."""
    try:
        value = json.loads(line)
    except ValueError:
        return None, None, "invalid JSON"
    if not isinstance(value, dict):
        return None, None, "each line must be a JSON object"
    line_id = value.get("id")
    text = value.get("text")
    if not isinstance(text, str):
        return line_id, None, "missing or non-string 'text'"
    return line_id, text, None


def _redaction_fields(result: RedactionResult) -> dict[str, Any]:
    return {
        "redacted": result.redacted,
        "entities": [
            {"start": span.start, "end": span.end, "type": span.type} for span in result.entities
        ],
    }


def _process(
    source: IO[str], redactor: Redactor, shape: Callable[[RedactionResult], dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    for raw in source:
        if not raw.strip():
            continue
        line_id, text, error = _parse(raw)
        if error is not None or text is None:
            yield {"id": line_id, "error": error}
            continue
        try:
            result = redactor.redact(text)
        except InputTooLongError:
            yield {"id": line_id, "error": "text too long"}
            continue
        except RedactionError:
            yield {"id": line_id, "error": "redaction failed"}
            continue
        yield {"id": line_id, **shape(result)}


def redact_jsonl(source: IO[str], sink: IO[str], redactor: Redactor) -> int:
    """Redact every line of `source` into `sink`; returns the number of lines with errors."""
    errors = 0
    for record in _process(source, redactor, _redaction_fields):
        errors += "error" in record
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    return errors


def triage_jsonl(source: IO[str], sink: IO[str], redactor: Redactor, model: Classifier) -> int:
    """Redact (exactly as the worker does) then classify every line."""

    def shape(result: RedactionResult) -> dict[str, Any]:
        prediction = model.predict(result.redacted)
        return {
            "redacted": result.redacted,
            "behaviours": dict(prediction.behaviours),
            "characteristics": dict(prediction.characteristics),
            "urgency": dict(prediction.urgency),
            "suggested": {group: list(labels) for group, labels in prediction.suggested.items()},
            "explanations": {
                label: list(words) for label, words in prediction.explanations.items()
            },
            "model": prediction.model,
        }

    errors = 0
    for record in _process(source, redactor, shape):
        errors += "error" in record
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    return errors
