"""JSONL batch commands: same order, ids echoed, per-line errors that never quote input."""

from __future__ import annotations

import io
import json

from gateway.batch import redact_jsonl, triage_jsonl
from tests.gateway.fakes import FakeClassifier, FakeRedactor

NAME = "Ottoline Brisbeck"


def _run_redact(lines: list[str], max_chars: int = 100) -> list[dict[str, object]]:
    sink = io.StringIO()
    redact_jsonl(
        io.StringIO("\n".join(lines) + "\n"), sink, FakeRedactor([NAME]), max_chars=max_chars
    )
    return [json.loads(line) for line in sink.getvalue().splitlines()]


def test_redact_echoes_ids_in_order_with_offsets_into_the_input() -> None:
    out = _run_redact(
        [json.dumps({"id": 1, "text": f"ask {NAME}"}), json.dumps({"id": "b", "text": "plain"})]
    )
    assert [row["id"] for row in out] == [1, "b"]
    assert out[0]["redacted"] == "ask [Person A]"
    assert out[0]["entities"] == [{"start": 4, "end": 21, "type": "PERSON"}]
    assert out[1] == {"id": "b", "redacted": "plain", "entities": []}


def test_bad_lines_get_their_own_error_and_nothing_shifts() -> None:
    canary = "CANARY-LINE-99"
    out = _run_redact(
        [
            "not json " + canary,
            json.dumps([canary]),
            json.dumps({"id": 3}),
            json.dumps({"id": 4, "text": "x" * 101}),
            json.dumps({"id": 5, "text": f"FAIL-ONE {canary}"}),
            json.dumps({"id": 6, "text": NAME}),
            "",
        ]
    )
    assert [row.get("error") for row in out] == [
        "invalid JSON",
        "each line must be a JSON object",
        "missing or non-string 'text'",
        "text too long",
        "redaction failed",
        None,
    ]
    assert out[5] == {
        "id": 6,
        "redacted": "[Person A]",
        "entities": [{"start": 0, "end": 17, "type": "PERSON"}],
    }
    assert canary not in json.dumps(out)


def test_triage_adds_every_prediction_field() -> None:
    sink = io.StringIO()
    source = io.StringIO(json.dumps({"id": "r1", "text": f"{NAME} said tonight"}) + "\n")
    triage_jsonl(source, sink, FakeRedactor([NAME]), FakeClassifier(), max_chars=100)
    row = json.loads(sink.getvalue())
    assert row["id"] == "r1"
    assert row["redacted"] == "[Person A] said tonight"
    assert row["suggested"]["urgency"] == ["immediate_danger"]
    assert set(row) == {
        "id",
        "redacted",
        "behaviours",
        "characteristics",
        "urgency",
        "suggested",
        "explanations",
        "model",
    }
