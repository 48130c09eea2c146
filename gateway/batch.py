"""The JSONL batch commands `reportgw redact` and `reportgw triage` (ARCHITECTURE.md contract).

One object per input line, same order, `id` echoed. A bad line gets `{"id", "error"}` on its own
line and never stops or shifts the others. Error strings are fixed: they never quote the text.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, Protocol

from gateway.worker import Classifier, Redactor
from redaction.errors import InputTooLongError
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


class BatchRedactor(Redactor, Protocol):
    def redact_many(self, texts: Sequence[str]) -> list[RedactionResult]: ...


def _redact_chunk(redactor: BatchRedactor, texts: list[str]) -> list[RedactionResult | str]:
    """Redact a chunk in one batch; if the batch fails, redo it line by line so one bad line
    gets its own error and the others still get results."""
    try:
        return list(redactor.redact_many(texts))
    except Exception:  # noqa: BLE001, S110 - redo line by line, where errors are per line
        pass
    results: list[RedactionResult | str] = []
    for text in texts:
        try:
            results.append(redactor.redact(text))
        except InputTooLongError:
            results.append("text too long")
        except Exception:  # noqa: BLE001 - any failure is this line's error, never the file's
            results.append("redaction failed")
    return results


def _process(
    source: IO[str],
    redactor: BatchRedactor,
    shape: Callable[[RedactionResult], dict[str, Any]],
    *,
    max_chars: int,
) -> Iterator[dict[str, Any]]:
    lines = (raw for raw in source if raw.strip())
    while chunk := list(itertools.islice(lines, BATCH)):
        parsed = [_parse(raw) for raw in chunk]
        texts = [
            text
            for _id, text, error in parsed
            if error is None and text is not None and len(text) <= max_chars
        ]
        redacted = iter(_redact_chunk(redactor, texts) if texts else [])
        for line_id, text, error in parsed:
            if error is not None or text is None:
                yield {"id": line_id, "error": error}
            elif len(text) > max_chars:
                yield {"id": line_id, "error": "text too long"}
            else:
                result = next(redacted)
                if isinstance(result, str):
                    yield {"id": line_id, "error": result}
                else:
                    yield {"id": line_id, **shape(result)}


def redact_jsonl(source: IO[str], sink: IO[str], redactor: BatchRedactor, *, max_chars: int) -> int:
    """Redact every line of `source` into `sink`; returns the number of lines with errors."""
    errors = 0
    for record in _process(source, redactor, _redaction_fields, max_chars=max_chars):
        errors += "error" in record
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    return errors


def triage_jsonl(
    source: IO[str], sink: IO[str], redactor: BatchRedactor, model: Classifier, *, max_chars: int
) -> int:
    """Redact (exactly as the worker does) then classify every line."""

    def shape(result: RedactionResult) -> dict[str, Any]:
        return {"redacted": result.redacted, **model.predict(result.redacted).to_json()}

    errors = 0
    for record in _process(source, redactor, shape, max_chars=max_chars):
        errors += "error" in record
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    return errors
