"""Corpus and corrections loading: validation names file:line, newest correction wins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.triage_models.corpus_fixture import write_jsonl
from triage_models.corpus import data_manifest, load_corpus, load_corrections, merge
from triage_models.errors import CorpusError
from triage_models.labels import LabelSet


def record(identifier: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": identifier,
        "text": f"report {identifier} about shouting in meetings",
        "behaviours": ["bullying"],
        "characteristics": [],
        "urgency": [],
        "meta": {"voice": "plain"},
    }
    base.update(overrides)
    return base


def correction(identifier: str, when: str, behaviours: list[str]) -> dict[str, Any]:
    return {
        "id": identifier,
        "redacted": f"[Person A] report {identifier}",
        "behaviours": behaviours,
        "characteristics": [],
        "urgency": [],
        "corrected_at": when,
    }


def test_loads_all_files_in_sorted_order(tmp_path: Path) -> None:
    # Given two corpus files written out of name order, and a blank line
    write_jsonl(tmp_path / "b.jsonl", [record("b-1")])
    write_jsonl(tmp_path / "a.jsonl", [record("a-1"), "", record("a-2")])
    (tmp_path / "notes.txt").write_text("not a corpus file", encoding="utf-8")
    # When the directory is loaded
    examples = load_corpus(tmp_path)
    # Then files are read in sorted order, blank lines skipped, other files ignored
    assert [e.id for e in examples] == ["a-1", "a-2", "b-1"]
    assert examples[0].labels == LabelSet(("bullying",))
    assert not examples[0].redacted
    # and each example names the file (one writer's batch) it came from
    assert [e.source for e in examples] == ["a", "a", "b"]


def test_example_repr_never_shows_text(tmp_path: Path) -> None:
    # Given an example whose text contains a name
    write_jsonl(tmp_path / "a.jsonl", [record("a-1", text="Gareth Pryce shouted")])
    # Then its repr (debuggers, assertion rewrites) does not show the text
    assert "Gareth" not in repr(load_corpus(tmp_path)[0])


def without(field: str) -> dict[str, Any]:
    return {k: v for k, v in record("x").items() if k != field}


BAD_LINES: dict[str, tuple[object, str]] = {
    "bad-json": ("{not json", "invalid JSON"),
    "not-object": ("[1, 2]", "expected a JSON object"),
    "bad-label": (
        record("x", behaviours=["bulying"]),
        "id 'x': behaviours: unknown label 'bulying'",
    ),
    "missing-group": (without("urgency"), "id 'x': missing field 'urgency'"),
    "missing-text": (without("text"), "missing field 'text'"),
    "blank-text": (record("x", text="  "), "field 'text' must be a non-empty string"),
    "no-behaviour": (record("x", behaviours=[]), "id 'x': behaviours is empty"),
    "none-with-char": (
        record("x", behaviours=["none"], characteristics=["race"]),
        ".*'none' stands alone",
    ),
    "unknown-field": (record("x", behaviour=["bullying"]), r"unknown field\(s\) 'behaviour'"),
    "bad-meta": (record("x", meta="plain"), "field 'meta' must be an object"),
    "duplicate-id": (record("a-1"), r"duplicate id 'a-1' \(first at .*a\.jsonl:1\)"),
}


@pytest.mark.parametrize(("line", "message"), list(BAD_LINES.values()), ids=list(BAD_LINES))
def test_bad_lines_are_refused_with_file_and_line(
    tmp_path: Path, line: object, message: str
) -> None:
    # Given a corpus whose second line is bad
    write_jsonl(tmp_path / "a.jsonl", [record("a-1"), line])
    # When it is loaded, Then the error names the file and line
    with pytest.raises(CorpusError, match=rf"a\.jsonl:2: {message}"):
        load_corpus(tmp_path)


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    # Given the same id in two files
    write_jsonl(tmp_path / "a.jsonl", [record("dup")])
    write_jsonl(tmp_path / "b.jsonl", [record("dup")])
    # Then loading fails naming both places
    with pytest.raises(
        CorpusError, match=r"b\.jsonl:1: duplicate id 'dup' \(first at .*a\.jsonl:1\)"
    ):
        load_corpus(tmp_path)


def test_error_messages_never_quote_report_text(tmp_path: Path) -> None:
    # Given a bad label on a line whose text holds a name
    write_jsonl(tmp_path / "a.jsonl", [record("x", text="Gareth Pryce", behaviours=["oops"])])
    # Then the error does not repeat the text
    with pytest.raises(CorpusError) as caught:
        load_corpus(tmp_path)
    assert "Gareth" not in str(caught.value)


def test_missing_and_empty_corpus_are_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "absent")
    with pytest.raises(CorpusError, match="no examples"):
        load_corpus(tmp_path)


def test_newest_correction_wins_and_overlays_the_corpus(tmp_path: Path) -> None:
    # Given a corpus and corrections: two for c-1 (older written last), one for a new id
    write_jsonl(tmp_path / "corpus.jsonl", [record("c-1"), record("c-2")])
    corrections_file = write_jsonl(
        tmp_path / "corrections.jsonl",
        [
            correction("c-1", "2025-03-02T10:00:00+00:00", ["harassment"]),
            correction("z-9", "2025-03-01T10:00:00+00:00", ["none"]),
            correction("c-1", "2025-03-01T10:00:00+00:00", ["stalking"]),
        ],
    )
    # When corrections are loaded and merged
    corrections = load_corrections(corrections_file)
    merged = merge(load_corpus(tmp_path / "corpus.jsonl"), corrections)
    # Then the newest correction of c-1 replaced it in place, and z-9 was appended
    assert [e.id for e in merged] == ["c-1", "c-2", "z-9"]
    assert merged[0].labels.behaviours == ("harassment",)
    assert merged[0].redacted and merged[0].text.startswith("[Person A]")
    assert not merged[1].redacted
    assert [e.source for e in merged] == ["corrections", "corpus", "corrections"]


def test_equal_timestamps_go_to_the_later_line(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "c.jsonl",
        [
            correction("c-1", "2025-03-01T10:00:00+00:00", ["stalking"]),
            correction("c-1", "2025-03-01T10:00:00Z", ["bullying"]),
        ],
    )
    assert load_corrections(path)[0].example.labels.behaviours == ("bullying",)


@pytest.mark.parametrize(
    ("when", "message"),
    [("yesterday", "is not an ISO 8601"), ("2025-03-01T10:00:00", "needs a timezone")],
)
def test_correction_timestamps_are_validated(tmp_path: Path, when: str, message: str) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [correction("c-1", when, ["none"])])
    with pytest.raises(CorpusError, match=rf"c\.jsonl:1: corrected_at {message}"):
        load_corrections(path)


def test_manifest_depends_on_content_not_layout(tmp_path: Path) -> None:
    # Given the same examples in one file or split across two, in another order
    write_jsonl(tmp_path / "one.jsonl", [record("a"), record("b")])
    (tmp_path / "split").mkdir()
    write_jsonl(tmp_path / "split" / "1.jsonl", [record("b", meta={"other": 1})])
    write_jsonl(tmp_path / "split" / "2.jsonl", [record("a")])
    one = load_corpus(tmp_path / "one.jsonl")
    # Then the manifest is the same; any label change alters it
    assert data_manifest(one) == data_manifest(load_corpus(tmp_path / "split"))
    write_jsonl(tmp_path / "changed.jsonl", [record("a"), record("b", behaviours=["stalking"])])
    assert data_manifest(one) != data_manifest(load_corpus(tmp_path / "changed.jsonl"))
    assert len(data_manifest(one)) == 64
